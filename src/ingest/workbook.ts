/**
 * Opening an input file as rows of cells, whatever it is: the content is sniffed (a CSV named
 * `.xlsx` is still read as CSV), so the rest of the pipeline sees sheets and rows only.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { InputFileError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Cell } from './values.js';

export interface SheetRow {
  /** Row number as Excel shows it (1-based). */
  n: number;
  /** cells[0] is column A. */
  cells: Cell[];
}

export interface SheetData {
  name: string;
  hidden: boolean;
  rows: SheetRow[];
}

export interface WorkbookData {
  kind: 'xlsx' | 'csv';
  date1904: boolean;
  /** CSV only: the encoding used and whether it was a guess. */
  encoding?: string;
  encodingGuessed?: boolean;
  delimiter?: string;
  sheets: SheetData[];
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

// ---------------------------------------------------------------------------------------
// CSV

export interface DecodedText {
  text: string;
  encoding: string;
  guessed: boolean;
}

/** BOM → UTF-8/UTF-16; valid UTF-8 → UTF-8; otherwise Windows-1250 (Polish Excel's ANSI). */
export function decodeText(bytes: Uint8Array): DecodedText {
  const b = (i: number) => bytes[i] ?? -1;
  if (b(0) === 0xef && b(1) === 0xbb && b(2) === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'UTF-8', guessed: false };
  }
  if (b(0) === 0xff && b(1) === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE', guessed: false };
  }
  if (b(0) === 0xfe && b(1) === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16BE', guessed: false };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8', guessed: false };
  } catch {
    return { text: new TextDecoder('windows-1250').decode(bytes), encoding: 'Windows-1250', guessed: true };
  }
}

/** True when decoded "text" is really binary: NUL bytes or many control characters. */
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

/** Counts a delimiter outside quotes in one line. */
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

interface CsvErrorLike {
  code?: string;
  lines?: number;
  message?: string;
}

export function readCsvText(decoded: DecodedText, label: string): WorkbookData {
  const { text } = decoded;
  if (text.trim() === '') throw new InputFileError(label, t('file.empty'), true);
  if (looksBinary(text)) throw new InputFileError(label, t('file.binary'));
  const delimiter = sniffDelimiter(text);
  let records: string[][];
  try {
    records = parseCsv(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (e) {
    const err = e as CsvErrorLike;
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') throw new InputFileError(label, t('file.csvQuote', { line: err.lines ?? '?' }));
    throw new InputFileError(label, t('file.csvBroken', { line: err.lines ?? '?', reason: err.code ?? err.message ?? '' }));
  }
  const rows: SheetRow[] = records.map((cells, i) => ({ n: i + 1, cells: cells.map((c) => (c === '' ? null : c)) }));
  return {
    kind: 'csv',
    date1904: false,
    encoding: decoded.encoding,
    encodingGuessed: decoded.guessed,
    delimiter,
    sheets: [{ name: sheetNameOfCsv(label), hidden: false, rows }],
  };
}

/** A CSV has no sheet; Excel names its one sheet after the file, and so do we. */
export function sheetNameOfCsv(label: string): string {
  const base = label.split(/[\\/]/).pop() ?? label;
  return base.replace(/\.[^.]*$/, '').slice(0, 31);
}

// ---------------------------------------------------------------------------------------
// XLSX

type ExcelValue = ExcelJS.CellValue | undefined;

/** exceljs's many value shapes → a plain cell: formulas by cached result, rich text joined. */
export function plainCell(v: ExcelValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('formula' in v || 'sharedFormula' in v) {
      const r = (v as { result?: unknown }).result;
      if (r !== null && typeof r === 'object' && 'error' in r) return String((r as { error: unknown }).error);
      return plainCell(r as ExcelValue);
    }
    if ('hyperlink' in v && 'text' in v) return plainCell((v as { text: ExcelValue }).text);
    if ('error' in v) return String((v as { error: unknown }).error);
  }
  return null;
}

export async function readXlsxBuffer(bytes: Uint8Array, label: string): Promise<WorkbookData> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (e) {
    throw new InputFileError(label, t('file.xlsxBroken', { reason: (e as Error).message?.split('\n')[0] ?? '' }));
  }
  const date1904 = Boolean((wb.properties as { date1904?: boolean } | undefined)?.date1904);
  const sheets: SheetData[] = wb.worksheets.map((ws) => {
    const rows: SheetRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      const values = row.values as ExcelValue[];
      const cells: Cell[] = [];
      for (let c = 1; c < values.length; c++) cells.push(plainCell(values[c]));
      rows.push({ n, cells });
    });
    return { name: ws.name, hidden: ws.state !== 'visible' && ws.state !== undefined, rows };
  });
  if (sheets.length === 0) throw new InputFileError(label, t('file.noSheets'), true);
  if (sheets.every((s) => s.rows.length === 0)) throw new InputFileError(label, t('file.emptySheets'), true);
  return { kind: 'xlsx', date1904, sheets };
}

/** Reads any input file; throws InputFileError with a reason the user can act on. */
export async function readWorkbook(absPath: string, label: string): Promise<WorkbookData> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(absPath);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? t('file.missing') : code === 'EISDIR' ? t('file.isDirectory')
      : code === 'EACCES' ? t('file.noAccess') : t('file.ioError', { reason: code ?? String(e) });
    throw new InputFileError(label, reason);
  }
  switch (sniff(bytes)) {
    case 'empty':
      throw new InputFileError(label, t('file.empty'), true);
    case 'xlsx':
      return readXlsxBuffer(bytes, label);
    case 'ole2':
      throw new InputFileError(label, t('file.ole2'));
    case 'pdf':
      throw new InputFileError(label, t('file.pdf'));
    default:
      return readCsvText(decodeText(bytes), label);
  }
}
