/**
 * What reading the files found wrong with a file, a sheet or a table as a whole (not with a
 * row's values): recorded here as data with provenance; validation turns them into issues.
 */
import type { InputFileError } from '../errors.js';
import type { HeaderBinding } from './headers.js';
import type { TableRef } from './table.js';

export type TableKind = 'participants' | 'attendance';

export interface RequiredColumn {
  field: string;
  header: string;
}

export type Finding =
  | { kind: 'unreadable'; error: InputFileError }
  | { kind: 'encoding-guessed'; file: string; encoding: string }
  | { kind: 'sheet-missing'; file: string; sheet: string; available: string[] }
  | { kind: 'header-not-found'; file: string; sheet: string; table: TableKind }
  /** Unknown, approximate and repeated headers of a bound header row. */
  | { kind: 'header-notes'; ref: TableRef; binding: HeaderBinding }
  | { kind: 'missing-columns'; ref: TableRef; binding: HeaderBinding; required: RequiredColumn[] }
  /** A grid sheet without its `Kod działania:` label above the list. */
  | { kind: 'grid-label-missing'; ref: TableRef; label: string }
  /** A table with a header and no data rows. */
  | { kind: 'no-data'; file: string; sheet: string }
  /** A data row with values beyond the header's last column (`delimiter`: the CSV's). */
  | { kind: 'extra-cells'; ref: TableRef; row: number; firstExtra: number; lastHeader: number; delimiter: string | undefined };
