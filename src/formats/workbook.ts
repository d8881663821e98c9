/**
 * Opening an input as sheets of streamed rows, whatever it is: XLSX, ODS or CSV, told apart by
 * the content, never by the name (a CSV named `.xlsx` is still read as CSV; old XLS, encrypted
 * workbooks and Apple Numbers are named and refused). Rows flow to a callback one at a time; the
 * cells array is reused, so a consumer copies what it keeps. Everything that makes a file
 * unreadable is a FormatError.
 */
import type { ByteSource, Codec } from '../platform/index.js';
import type { Cell, RowCallback } from './cell.js';
import { CsvTokenizer, readCsv, StreamDecoder, type Encoding } from './csv.js';
import { broken, FormatError, isFormatError, odsBroken } from './errors.js';
import { OdsReader, type Merge } from './ods/index.js';
import { classifyOle2, type Ole2Kind } from './ole2.js';
import { XlsxReader, type PieceOffer, type PieceScanner } from './xlsx.js';
import { ZipFile } from './zip.js';

/** What a reader may take: the inflated size of a workbook, the length of a cell. */
export interface ReadLimits {
  /** Largest total uncompressed size of a zip's entries (declared and actual). */
  maxInputBytes: number;
  /** Longest cell text (Excel's own limit is 32,767 characters). */
  maxCellChars: number;
}

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
  /**
   * XLSX: whether the sheet is wanted, known only later (a reading thread asks the taker, who
   * may skip it); false: the sheet is skipped unread, as a visit returning undefined skips it.
   */
  ready?: Promise<boolean>;
  /** XLSX: whole rows offered to be scanned elsewhere instead of here (a reading thread's taker). */
  offer?: PieceOffer;
}

export interface WorkbookSource {
  kind: 'xlsx' | 'ods' | 'csv';
  date1904: boolean;
  /** Size of the input, for progress. */
  bytes: number;
  /** Rough number of rows (CSV: from the first megabyte's line length; XLSX: the first sheet's first chunk), to size storage. */
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
  /** XLSX: scans, on this thread, the rows another thread's read handed over (SheetVisitor.offer). */
  pieceScanner?(from: { prefix: string; sst: readonly string[] }, onRow: RowCallback): PieceScanner;
  /** Closes the input under it. */
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
const OLE2_CODES: Record<Ole2Kind, 'encrypted' | 'xls' | 'unknown-format'> = { encrypted: 'encrypted', xls: 'xls', other: 'unknown-format' };

const refuse = (code: 'empty' | 'binary' | 'pdf' | 'xls' | 'encrypted' | 'numbers' | 'unknown-format' | 'no-sheets'): FormatError => new FormatError({ code });

function csvSource(input: ByteSource, name: string, first: Uint8Array, limits: ReadLimits): WorkbookSource {
  // the delimiter and "is it text at all" are decided on the first chunk
  const probe = new StreamDecoder().decode(first);
  if (probe.trim() === '' && input.size <= first.length) throw refuse('empty');
  if (looksBinary(probe)) throw refuse('binary');
  // an XML document (a flat ODS, Excel's XML Spreadsheet 2003, a web page) is no CSV
  if (/^\ufeff?\s*<(\?xml|!DOCTYPE|html)\b/i.test(probe.slice(0, 1024))) throw refuse('unknown-format');
  const source: WorkbookSource = {
    kind: 'csv',
    date1904: false,
    bytes: input.size,
    estimatedRows: Math.ceil((input.size * Math.max(1, probe.split('\n').length - 1)) / Math.max(1, first.length) * 1.02),
    delimiter: sniffDelimiter(probe.slice(0, 65536)),
    async read(visit, onProgress) {
      const sheet: SheetSource = { index: 0, name: sheetNameOfCsv(name), hidden: false };
      const visitor = visit(sheet);
      if (!visitor || (visitor.ready && !(await visitor.ready))) return [sheet];
      const decoder = new StreamDecoder();
      const tokenizer = new CsvTokenizer(source.delimiter ?? ';', visitor.row, limits.maxCellChars, decoder.field);
      await readCsv(input, first, CHUNK, decoder, tokenizer, onProgress);
      source.encoding = decoder.encoding;
      source.encodingGuessed = decoder.guessed;
      visitor.end?.();
      return [sheet];
    },
    close: () => input.close(),
  };
  return source;
}

/** A broken zip inside a known workbook is a broken workbook of that kind. */
function asBroken(e: unknown, kind: 'xlsx' | 'ods'): unknown {
  if (!isFormatError(e, 'zip-broken') || e.problem.code !== 'zip-broken') return e;
  return kind === 'xlsx' ? broken('xlsx-broken', e.problem.detail) : odsBroken(e.problem.detail);
}

function xlsxSource(input: ByteSource, reader: XlsxReader, estimatedRows: number | undefined): WorkbookSource {
  const sheets: SheetSource[] = reader.sheets.map((s, index) => ({ index, name: s.name, hidden: s.hidden }));
  return {
    kind: 'xlsx',
    date1904: reader.date1904,
    bytes: input.size,
    ...(estimatedRows === undefined ? {} : { estimatedRows }),
    async read(visit, onProgress) {
      for (const sheet of sheets) {
        const visitor = visit(sheet);
        if (!visitor || (visitor.ready && !(await visitor.ready))) continue;
        try {
          await reader.readSheet(sheet.index, visitor.row, onProgress, visitor.offer);
        } catch (e) {
          throw asBroken(e, 'xlsx');
        }
        visitor.end?.();
      }
      return sheets;
    },
    pieceScanner: (from, onRow) => reader.pieceScanner(from, onRow),
    close: () => input.close(),
  };
}

function odsSource(input: ByteSource, reader: OdsReader): WorkbookSource {
  return {
    kind: 'ods',
    date1904: false,
    bytes: input.size,
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
        if (sheets.length === 0) throw refuse('no-sheets');
        return sheets.map((s) => ({ index: s.index, name: s.name, hidden: s.hidden, merges: s.merges }));
      } catch (e) {
        throw asBroken(e, 'ods');
      }
    },
    close: () => input.close(),
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

async function zipSource(input: ByteSource, codec: Codec, limits: ReadLimits): Promise<WorkbookSource> {
  const zip = await ZipFile.open(input, codec);
  let kind: Awaited<ReturnType<typeof zipKind>> = 'unknown';
  try {
    kind = await zipKind(zip);
    if (kind === 'numbers') throw refuse('numbers');
    if (kind === 'unknown') throw refuse('unknown-format');
    // a decompression bomb is refused on what it declares, before anything is inflated
    const declared = zip.declaredSize();
    if (declared > limits.maxInputBytes) throw new FormatError({ code: 'unzipped-too-large', bytes: declared, limit: limits.maxInputBytes });
    if (kind === 'ods') return odsSource(input, await OdsReader.open(zip, limits.maxInputBytes, limits.maxCellChars));
    const reader = await XlsxReader.open(zip, limits.maxInputBytes, limits.maxCellChars);
    if (reader.sheets.length === 0) throw refuse('no-sheets');
    return xlsxSource(input, reader, await reader.estimatedRows());
  } catch (e) {
    throw kind === 'ods' || kind === 'xlsx' ? asBroken(e, kind) : e;
  }
}

/**
 * Opens an input, which it takes over: the WorkbookSource closes it, and so does a failure here.
 * Throws FormatError when the input is no readable spreadsheet; `name` names a CSV's one sheet.
 */
export async function openWorkbook(input: ByteSource, name: string, codec: Codec, limits: ReadLimits): Promise<WorkbookSource> {
  try {
    const first = await input.read(0, CHUNK);
    switch (sniff(first)) {
      case 'empty':
        throw refuse('empty');
      case 'zip':
        return await zipSource(input, codec, limits);
      case 'ole2':
        throw refuse(OLE2_CODES[await classifyOle2(input, limits.maxInputBytes)]);
      case 'pdf':
        throw refuse('pdf');
      default:
        return csvSource(input, name, first, limits);
    }
  } catch (e) {
    await input.close();
    throw e;
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
