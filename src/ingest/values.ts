/**
 * Cell values as spreadsheets really hold them, turned into what the domain needs.
 * Every parser returns `undefined` for an empty cell and `null` for a value it cannot read,
 * so callers tell "missing" from "wrong" without allocating result objects per cell.
 */
import { excelSerialToIso, jsDateToIso, parseDateText, type IsoDate } from '../dates.js';
import type { Cell } from '../formats/index.js';

export { columnIndex, type Cell, type RowCallback } from '../formats/index.js';

const SPACES_RE = /[\s\u00a0\u202f]+/g;

/** Trimmed text of a cell, '' for empty. Numbers print without exponent or grouping. */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell.replace(SPACES_RE, ' ').trim();
  if (typeof cell === 'number') return Number.isInteger(cell) ? cell.toFixed(0) : String(cell);
  if (typeof cell === 'boolean') return cell ? 'Tak' : 'Nie';
  const iso = jsDateToIso(cell);
  return iso ?? '';
}

export function isEmptyCell(cell: Cell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

const SERIAL_RE = /^\d{5}(\.\d+)?$/;

/** Date cells, Excel serial numbers (as numbers or digit text) and date texts. */
export function parseDateCell(cell: Cell | undefined, date1904 = false): IsoDate | null | undefined {
  if (isEmptyCell(cell)) return undefined;
  if (cell instanceof Date) return jsDateToIso(cell);
  if (typeof cell === 'number') return excelSerialToIso(cell, date1904);
  if (typeof cell === 'boolean') return null;
  const text = cellText(cell);
  const parsed = parseDateText(text);
  if (parsed) return parsed;
  if (SERIAL_RE.test(text)) return excelSerialToIso(Number(text), date1904);
  return null;
}

const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Numbers with a decimal comma or point, space/NBSP thousands separators. */
export function parseNumberCell(cell: Cell | undefined): number | null | undefined {
  if (isEmptyCell(cell)) return undefined;
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (typeof cell !== 'string') return null;
  let t = cell.replace(SPACES_RE, '');
  const comma = t.lastIndexOf(',');
  const dot = t.lastIndexOf('.');
  if (comma >= 0 && dot >= 0) {
    // both present: the later one is the decimal separator, the other groups thousands
    t = comma > dot ? t.replace(/\./g, '').replace(',', '.') : t.replace(/,/g, '');
  } else if (comma >= 0) {
    if (t.indexOf(',') !== comma) return null;
    t = t.replace(',', '.');
  }
  if (!NUMBER_RE.test(t)) return null;
  return Number(t);
}

const TRUE_WORDS = new Set(['tak', 't', '1', 'x', 'true', 'prawda']);
const FALSE_WORDS = new Set(['nie', 'n', '0', 'false', 'fałsz', 'falsz']);

/** Tak/Nie/T/N/1/0/x, case-insensitive. */
export function parseBoolCell(cell: Cell | undefined): boolean | null | undefined {
  if (isEmptyCell(cell)) return undefined;
  if (typeof cell === 'boolean') return cell;
  const t = cellText(cell).toLocaleLowerCase('pl');
  if (TRUE_WORDS.has(t)) return true;
  if (FALSE_WORDS.has(t)) return false;
  return null;
}

/**
 * Clock time of day in hours: `10:30`, `10.30`, `10:30:00`, an Excel time fraction (0.4375)
 * or a date-time cell.
 */
export function parseTimeCell(cell: Cell | undefined): number | null | undefined {
  if (isEmptyCell(cell)) return undefined;
  if (cell instanceof Date) return cell.getUTCHours() + cell.getUTCMinutes() / 60;
  if (typeof cell === 'number') {
    if (cell >= 0 && cell < 1) return Math.round(cell * 24 * 60) / 60;
    return cell >= 0 && cell <= 24 ? cell : null;
  }
  if (typeof cell !== 'string') return null;
  const m = /^(\d{1,2})[:.](\d{2})(:\d{2})?$/.exec(cell.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59) return null;
  return h + min / 60;
}

/** Column index (0-based) to the letters Excel shows: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
