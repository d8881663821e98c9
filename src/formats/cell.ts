/** What every reader gives: cells as spreadsheets hold them, one row at a time. */

/** A cell as read from XLSX, ODS or CSV (CSV: always text). */
export type Cell = string | number | boolean | Date | null;

/**
 * A streamed row: its number as Excel shows it, and its cells (reused between calls: copy what
 * you keep); `noValue`, when given, lists the columns whose cell is a formula saved without its
 * result (such a cell reads as null, but it is not empty: its value is unknown).
 */
export type RowCallback = (n: number, cells: readonly Cell[], noValue?: readonly number[]) => void;

/** `A` → 0, `AB` → 27; a cell reference (`AB12`) reads up to its row number. */
export function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}
