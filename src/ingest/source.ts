/**
 * Opening an input file as sheets of streamed rows, whatever it is: the content is sniffed (a
 * CSV named `.xlsx` is still read as CSV). Rows flow to a callback one at a time; the cells
 * array is reused, so a consumer copies what it keeps.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { InputFileError } from '../errors.js';
import { ZipFile, ZipFormatError, ZipLimitError } from '../io/zip.js';
import { CsvCellError, CsvQuoteError, CsvTokenizer, StreamDecoder, type Encoding } from './csv-stream.js';
import { cellTooLong, DEFAULT_LIMITS, inflatedTooLarge, unzippedTooLarge, type Limits } from './limits.js';
import type { Cell, RowCallback } from './values.js';
import { CellTooLongError, XlsxReader } from './xlsx-stream.js';

/** A row kept beyond its callback (the first rows, while the header is searched). */
export interface SheetRow {
  /** Row number as Excel shows it (1-based). */
  n: number;
  /** cells[0] is column A. */
  cells: Cell[];
}
export type ProgressCallback = (bytes: number) => void;

export interface SheetSource {
  name: string;
  hidden: boolean;
}

export interface WorkbookSource {
  kind: 'xlsx' | 'csv';
  date1904: boolean;
  sheets: SheetSource[];
  /** Size on disk, for progress. */
  bytes: number;
  /** Rough number of rows (CSV: from the first megabyte's line length), to size storage. */
  estimatedRows?: number;
  /** CSV: known once read. */
  encoding?: Encoding;
  encodingGuessed?: boolean;
  delimiter?: string;
  readSheet(index: number, onRow: RowCallback, onProgress?: ProgressCallback): Promise<void>;
  close(): Promise<void>;
}

export type FileKind = 'xlsx' | 'ole2' | 'pdf' | 'text' | 'empty';

export function sniff(bytes: Uint8Array): FileKind {
  if (bytes.length === 0) return 'empty';
  const b = (i: number) => bytes[i] ?? -1;
  if (b(0) === 0x50 && b(1) === 0x4b && (b(2) === 0x03 || b(2) === 0x05)) return 'xlsx';
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
  const source: WorkbookSource = {
    kind: 'csv',
    date1904: false,
    sheets: [{ name: sheetNameOfCsv(label), hidden: false }],
    bytes: size,
    estimatedRows: Math.ceil((size * Math.max(1, probe.split('\n').length - 1)) / Math.max(1, first.length) * 1.02),
    delimiter: sniffDelimiter(probe.slice(0, 65536)),
    async readSheet(_index, onRow, onProgress) {
      const decoder = new StreamDecoder();
      const tokenizer = new CsvTokenizer(source.delimiter ?? ';', onRow, limits.maxCellChars);
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
function xlsxError(e: unknown, label: string, limits: Limits): unknown {
  if (e instanceof InputFileError) return e;
  if (e instanceof ZipLimitError) return inflatedTooLarge(label, limits);
  if (e instanceof CellTooLongError) return cellTooLong(label, e.row, limits);
  if (e instanceof ZipFormatError || isZlibError(e)) return new InputFileError(label, 'xlsx-broken');
  return e;
}

async function xlsxSource(path: string, label: string, size: number, limits: Limits): Promise<WorkbookSource> {
  let zip: ZipFile;
  let reader: XlsxReader;
  try {
    zip = await ZipFile.open(path);
  } catch {
    throw new InputFileError(label, 'xlsx-broken');
  }
  try {
    // a decompression bomb is refused on what it declares, before anything is inflated
    if (zip.declaredSize() > limits.maxInputBytes) throw unzippedTooLarge(label, zip.declaredSize(), limits);
    reader = await XlsxReader.open(zip, limits.maxInputBytes, limits.maxCellChars);
  } catch (e) {
    await zip.close();
    throw xlsxError(e, label, limits);
  }
  if (reader.sheets.length === 0) {
    await zip.close();
    throw new InputFileError(label, 'no-sheets');
  }
  return {
    kind: 'xlsx',
    date1904: reader.date1904,
    sheets: reader.sheets.map((s) => ({ name: s.name, hidden: s.hidden })),
    bytes: size,
    async readSheet(index, onRow, onProgress) {
      try {
        await reader.readSheet(index, onRow, onProgress);
      } catch (e) {
        throw xlsxError(e, label, limits);
      }
    },
    close: () => zip.close(),
  };
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
    case 'xlsx':
      return xlsxSource(path, label, size, limits);
    case 'ole2':
      throw new InputFileError(label, 'xls');
    case 'pdf':
      throw new InputFileError(label, 'pdf');
    default:
      return csvSource(path, label, size, first, limits);
  }
}
