/**
 * What every table read from a sheet shares: where it came from and which column holds which
 * field, so that any value can be pointed at as `file › sheet › C12`.
 */
import type { BoundColumn, HeaderBinding } from './headers.js';
import type { SheetRow } from './source.js';
import { cellText, isEmptyCell, type Cell } from './values.js';

/** Where a value is, as the user finds it: file, sheet, row as Excel shows it, column letter, header. */
export interface Location {
  file: string;
  sheet?: string | null;
  row?: number | null;
  column?: string | null;
  header?: string | null;
}

export interface TableRef {
  /** File path as the user knows it (relative to the project directory). */
  file: string;
  sheet: string;
  columns: Map<string, BoundColumn>;
  /** Row number of the header row. */
  headerRow: number;
}

export function locate(ref: TableRef, row: number | null, field?: string): Location {
  const col = field ? ref.columns.get(field) : undefined;
  return { file: ref.file, sheet: ref.sheet, row, column: col?.letter ?? null, header: col?.header ?? null };
}

/** The first row (within the first `limit`) whose known-header count reaches `min`. */
export function findHeaderRow(rows: readonly SheetRow[], count: (cells: readonly Cell[]) => number, min: number, limit = 40): number {
  for (let i = 0; i < rows.length && i < limit; i++) {
    const row = rows[i];
    if (row && count(row.cells) >= min) return i;
  }
  return -1;
}

/** A row is blank when it has no value, or only a `Lp.` number (SPEC §3.1). */
export function isBlankRow(cells: readonly Cell[], binding: HeaderBinding | undefined, lpField = 'lp'): boolean {
  const lp = binding?.columns.get(lpField)?.index;
  for (let i = 0; i < cells.length; i++) {
    if (i === lp) continue;
    if (!isEmptyCell(cells[i])) return false;
  }
  return true;
}

/** The cell of a field in a row (undefined when the column is absent). */
export function cellOf(ref: TableRef, cells: readonly Cell[], field: string): Cell | undefined {
  const col = ref.columns.get(field);
  return col === undefined ? undefined : (cells[col.index] ?? null);
}

export function textOf(ref: TableRef, cells: readonly Cell[], field: string): string {
  return cellText(cellOf(ref, cells, field) ?? null);
}
