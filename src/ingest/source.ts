/**
 * Opening an input file as sheets of streamed rows, whatever it is: XLSX, ODS or CSV, told
 * apart by the content, never by the name (a CSV named `.xlsx` is still read as CSV; old XLS,
 * encrypted workbooks and Apple Numbers are named and refused). Rows flow to a callback one at
 * a time; the cells array is reused, so a consumer copies what it keeps.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { InputFileError, type FileReason } from '../errors.js';
import { ZipFile, ZipFormatError, ZipLimitError } from '../io/zip.js';
import { CsvCellError, CsvQuoteError, CsvTokenizer, StreamDecoder, type Encoding } from './csv-stream.js';
import { cellTooLong, DEFAULT_LIMITS, inflatedTooLarge, unzippedTooLarge, type Limits } from './limits.js';
import type { Cell, RowCallback } from './values.js';
import { OdsEncryptedError, OdsFormatError, OdsReader, type Merge } from './ods-stream.js';
import { classifyOle2, type Ole2Kind } from './ole2.js';
import { CellTooLongError, XlsxReader } from './xlsx-stream.js';

/** A row kept beyond its callback (the first rows, while the header is searched). */
export interface SheetRow {
  /** Row number as Excel shows it (1-based). */
  n: number;
  /** cells[0] is column A. */
  cells: Cell[];
  /** Columns whose cell is a formula saved without its result (see RowCallback). */
  noValue?: readonly number[] | undefined;
}
export type ProgressCallback = (bytes: number) => void;

export interface SheetSource {
  /** Position among the workbook's sheets (0-based). */
  index: number;
  name: string;
  hidden: boolean;
  /** ODS: the merged areas of the sheet, complete once it has been read (for annotated copies). */
  merges?: readonly Merge[];
}

/** Receives the rows of one sheet; `end` after its last row. */
export interface SheetVisitor {
  row: RowCallback;
  end?(): void;
}

export interface WorkbookSource {
  kind: 'xlsx' | 'ods' | 'csv';
  date1904: boolean;
  /** Size on disk, for progress. */
  bytes: number;
  /** Rough number of rows (CSV: from the first megabyte's line length), to size storage. */
  estimatedRows?: number;
  /** CSV: known once read. */
  encoding?: Encoding;
  encodingGuessed?: boolean;
  delimiter?: string;
  /**
   * Streams the sheets in order: `visit` is asked at the start of each sheet and returns who
   * takes its rows, or undefined to skip it (cheaply). Resolves with every sheet of the
   * workbook, read or skipped. An ODS holds all sheets in one part, so this is one pass for
   * every format.
   */
  read(visit: (sheet: SheetSource) => SheetVisitor | undefined, onProgress?: ProgressCallback): Promise<SheetSource[]>;
  close(): Promise<void>;
}

export type FileKind = 'zip' | 'ole2' | 'pdf' | 'text' | 'empty';

export function sniff(bytes: Uint8Array): FileKind {
  if (bytes.length === 0) return 'empty';
  const b = (i: number) => bytes[i] ?? -1;
  if (b(0) === 0x50 && b(1) === 0x4b && (b(2) === 0x03 || b(2) === 0x05)) return 'zip';
  if (b(0) === 0xd0 && b(1) === 0xcf && b(2) === 0x11 && b(3) === 0xe0) return 'ole2';
  if (b(0) === 0x25 && b(1) === 0x50 && b(2) === 0x44 && b(3) === 0x46) return 'pdf';
  return 'text';
}

/** True when decoded "text" is really binary: NUL characters or many control characters. */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 65536);
  if (sample.length === 0) return false;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) control++;
  }
  return control / sample.length > 0.02;
}

const DELIMITERS = [';', ',', '\t', '|'] as const;

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === d && !quoted) n++;
  }
  return n;
}

/**
 * The delimiter whose count is the same on most of the first non-empty lines (title rows
 * above the header have none, so the most frequent non-zero count decides). Ties go to `;`,
 * which is what Polish Excel writes.
 */
export function sniffDelimiter(text: string): string {
  const lines = text.split(/\r\n|\n|\r/, 60).filter((l) => l.trim() !== '').slice(0, 20);
  let best: string = ';';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => countOutsideQuotes(l, d)).filter((c) => c > 0);
    if (counts.length === 0) continue;
    const freq = new Map<number, number>();
    for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
    const [mode, times] = [...freq.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0] ?? [0, 0];
    const score = times * 1000 + mode;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

/** A CSV has no sheet; Excel names its one sheet after the file, and so do we. */
export function sheetNameOfCsv(label: string): string {
  const base = label.split(/[\\/]/).pop() ?? label;
  return base.replace(/\.[^.]*$/, '').slice(0, 31);
}

const CHUNK = 1 << 20;

/** What an OLE2 (old Office) file is, as the reason it cannot be read. */
const OLE2_REASONS: Record<Ole2Kind, FileReason> = { encrypted: 'encrypted', xls: 'xls', other: 'unknown-format' };

async function head(path: string, bytes: number): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function csvSource(path: string, label: string, size: number, first: Uint8Array, limits: Limits): WorkbookSource {
  // the delimiter and "is it text at all" are decided on the first chunk
  const probe = new StreamDecoder().decode(first);
  if (probe.trim() === '' && size <= first.length) throw new InputFileError(label, 'empty');
  if (looksBinary(probe)) throw new InputFileError(label, 'binary');
  // an XML document (a flat ODS, Excel's XML Spreadsheet 2003, a web page) is no CSV
  if (/^\ufeff?\s*<(\?xml|!DOCTYPE|html)\b/i.test(probe.slice(0, 1024))) throw new InputFileError(label, 'unknown-format');
  const source: WorkbookSource = {
    kind: 'csv',
    date1904: false,
    bytes: size,
    estimatedRows: Math.ceil((size * Math.max(1, probe.split('\n').length - 1)) / Math.max(1, first.length) * 1.02),
    delimiter: sniffDelimiter(probe.slice(0, 65536)),
    async read(visit, onProgress) {
      const sheet: SheetSource = { index: 0, name: sheetNameOfCsv(label), hidden: false };
      const visitor = visit(sheet);
      if (!visitor) return [sheet];
      const decoder = new StreamDecoder();
      const tokenizer = new CsvTokenizer(source.delimiter ?? ';', visitor.row, limits.maxCellChars);
      try {
        for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
          tokenizer.push(decoder.decode(chunk as Buffer));
          onProgress?.((chunk as Buffer).length);
        }
        tokenizer.push(decoder.flush());
        tokenizer.end();
      } catch (e) {
        if (e instanceof CsvQuoteError) throw new InputFileError(label, 'csv-quote', { line: e.line });
        if (e instanceof CsvCellError) throw cellTooLong(label, e.record, limits);
        throw e;
      }
      source.encoding = decoder.encoding;
      source.encodingGuessed = decoder.guessed;
      visitor.end?.();
      return [sheet];
    },
    async close() {},
  };
  return source;
}

/** zlib's errors (a corrupt deflate stream) carry codes `Z_…`. */
function isZlibError(e: unknown): boolean {
  return typeof (e as NodeJS.ErrnoException | undefined)?.code === 'string' && ((e as NodeJS.ErrnoException).code ?? '').startsWith('Z_');
}

/** Reader and zip errors as the user's reasons: a limit, or a broken file. */
function readError(e: unknown, label: string, limits: Limits, broken: 'zip-broken' | 'xlsx-broken' | 'ods-broken'): unknown {
  if (e instanceof InputFileError) return e;
  if (e instanceof OdsEncryptedError) return new InputFileError(label, 'encrypted');
  if (e instanceof ZipLimitError) return inflatedTooLarge(label, limits);
  if (e instanceof CellTooLongError) return cellTooLong(label, e.row, limits);
  if (e instanceof ZipFormatError || e instanceof OdsFormatError || isZlibError(e)) return new InputFileError(label, broken);
  return e;
}

function xlsxSource(zip: ZipFile, reader: XlsxReader, label: string, size: number, limits: Limits): WorkbookSource {
  const sheets: SheetSource[] = reader.sheets.map((s, index) => ({ index, name: s.name, hidden: s.hidden }));
  return {
    kind: 'xlsx',
    date1904: reader.date1904,
    bytes: size,
    async read(visit, onProgress) {
      for (const sheet of sheets) {
        const visitor = visit(sheet);
        if (!visitor) continue;
        try {
          await reader.readSheet(sheet.index, visitor.row, onProgress);
        } catch (e) {
          throw readError(e, label, limits, 'xlsx-broken');
        }
        visitor.end?.();
      }
      return sheets;
    },
    close: () => zip.close(),
  };
}

function odsSource(zip: ZipFile, reader: OdsReader, label: string, size: number, limits: Limits): WorkbookSource {
  return {
    kind: 'ods',
    date1904: false,
    bytes: size,
    async read(visit, onProgress) {
      // a sheet ends where the next one starts, or with the part
      let current: SheetVisitor | undefined;
      try {
        const sheets = await reader.read((sheet) => {
          current?.end?.();
          current = visit({ index: sheet.index, name: sheet.name, hidden: sheet.hidden, merges: sheet.merges });
          return current?.row;
        }, onProgress);
        current?.end?.();
        if (sheets.length === 0) throw new InputFileError(label, 'no-sheets');
        return sheets.map((s) => ({ index: s.index, name: s.name, hidden: s.hidden, merges: s.merges }));
      } catch (e) {
        throw readError(e, label, limits, 'ods-broken');
      }
    },
    close: () => zip.close(),
  };
}

const ODS_TYPES = new Set(['application/vnd.oasis.opendocument.spreadsheet', 'application/vnd.oasis.opendocument.spreadsheet-template']);

/**
 * What a zip holds, from its entries: ODS by its `mimetype` (or, without one, a bare
 * `content.xml`), XLSX by its `xl/` part, Apple Numbers by its `Index/` directory.
 */
async function zipKind(zip: ZipFile): Promise<'ods' | 'xlsx' | 'numbers' | 'unknown'> {
  const mimetype = zip.entries.has('mimetype') ? (await zip.text('mimetype', 1024))?.trim() : undefined;
  if (mimetype !== undefined) return ODS_TYPES.has(mimetype) ? 'ods' : 'unknown';
  const names = [...zip.entries.keys()];
  if (names.some((n) => n.startsWith('xl/'))) return 'xlsx';
  if (names.some((n) => n.startsWith('Index/') || n === 'Index.zip')) return 'numbers';
  if (zip.entries.has('content.xml')) return 'ods';
  return 'unknown';
}

async function zipSource(path: string, label: string, size: number, limits: Limits): Promise<WorkbookSource> {
  let zip: ZipFile;
  try {
    zip = await ZipFile.open(path);
  } catch {
    throw new InputFileError(label, 'zip-broken');
  }
  let kind: Awaited<ReturnType<typeof zipKind>> = 'unknown';
  try {
    kind = await zipKind(zip);
    if (kind === 'numbers') throw new InputFileError(label, 'numbers');
    if (kind === 'unknown') throw new InputFileError(label, 'unknown-format');
    // a decompression bomb is refused on what it declares, before anything is inflated
    if (zip.declaredSize() > limits.maxInputBytes) throw unzippedTooLarge(label, zip.declaredSize(), limits);
    if (kind === 'ods') return odsSource(zip, await OdsReader.open(zip, limits.maxInputBytes, limits.maxCellChars), label, size, limits);
    const reader = await XlsxReader.open(zip, limits.maxInputBytes, limits.maxCellChars);
    if (reader.sheets.length === 0) throw new InputFileError(label, 'no-sheets');
    return xlsxSource(zip, reader, label, size, limits);
  } catch (e) {
    await zip.close();
    throw readError(e, label, limits, kind === 'ods' ? 'ods-broken' : kind === 'xlsx' ? 'xlsx-broken' : 'zip-broken');
  }
}

/** Opens any input file; throws InputFileError with a reason the user can act on. */
export async function openWorkbook(path: string, label: string, limits: Limits = DEFAULT_LIMITS): Promise<WorkbookSource> {
  let size: number;
  let first: Uint8Array;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    size = st.size;
    first = await head(path, CHUNK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') throw new InputFileError(label, ({ ENOENT: 'missing', EISDIR: 'is-directory', EACCES: 'no-access' } as const)[code]);
    throw new InputFileError(label, 'io-error', { code: code ?? 'unknown' });
  }
  switch (sniff(first)) {
    case 'empty':
      throw new InputFileError(label, 'empty');
    case 'zip':
      return zipSource(path, label, size, limits);
    case 'ole2':
      throw new InputFileError(label, OLE2_REASONS[await classifyOle2(path, limits.maxInputBytes)]);
    case 'pdf':
      throw new InputFileError(label, 'pdf');
    default:
      return csvSource(path, label, size, first, limits);
  }
}

/** A sheet with its rows kept (numbered as the program shows them; gaps stay gaps). */
export interface ReadSheet extends SheetSource {
  rows: SheetRow[];
}

/** Every sheet that `want` accepts, with its rows kept: for small files (annotated copies). */
export async function readSheets(source: WorkbookSource, want: (sheet: SheetSource) => boolean = () => true): Promise<ReadSheet[]> {
  const out: ReadSheet[] = [];
  await source.read((sheet) => {
    if (!want(sheet)) return undefined;
    const kept: ReadSheet = { ...sheet, rows: [] };
    out.push(kept);
    return { row: (n, cells) => kept.rows.push({ n, cells: cells.slice() }) };
  });
  return out;
}
