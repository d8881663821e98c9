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

/** Why a file a pattern matched is not read: a lock file of an open workbook, or pal-report's own output. */
export type SkipReason = 'excel-lock' | 'libreoffice-lock' | 'own-output';

export type Finding =
  | { kind: 'unreadable'; error: InputFileError }
  /** A path or pattern of the definition from which no file is read. */
  | { kind: 'no-file-matches'; pattern: string; role: TableKind }
  /** A spreadsheet in a folder a pattern reads from that no path or pattern matches (not read). */
  | { kind: 'file-not-matched'; file: string; role: TableKind }
  /** A lock file (`workbook`: the workbook it locks) or an output of pal-report, not read. */
  | { kind: 'file-skipped'; file: string; reason: SkipReason; workbook: string | undefined }
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
  /** A read cell (or a header cell) holding a formula saved without its result. */
  | { kind: 'formula-without-value'; ref: TableRef; row: number; column: number; header: string | undefined }
  /** The first row of column numbers under the header, or of a repeated header, in a table (skipped). */
  | { kind: 'numbers-row'; ref: TableRef; row: number; repeat: 'numbers' | 'header' }
  /** A hidden sheet (or a participants sheet after the first visible one) holding a table of the file's kind, with its number of data rows (not read). */
  | { kind: 'hidden-sheet' | 'sheet-not-read'; file: string; sheet: string; rows: number }
  /** A data row with values beyond the header's last column (`delimiter`: the CSV's). */
  | { kind: 'extra-cells'; ref: TableRef; row: number; firstExtra: number; lastHeader: number; delimiter: string | undefined };
