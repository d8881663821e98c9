/**
 * Why a file cannot be read as a spreadsheet, as data: a code from a closed list and its
 * parameters. The readers throw nothing else for bad input; the caller turns a FormatError into
 * the user's reason (src/ingest/source.ts), where the file's name is known.
 */

/** Every problem a reader reports, with what its message needs. */
export type FormatProblem =
  /** The zip structure, or a part's compressed data, is broken (`detail` for developers only). */
  | { code: 'zip-broken'; detail: string }
  /** An XLSX (a zip holding `xl/`) whose parts are missing or broken. */
  | { code: 'xlsx-broken'; detail: string }
  /** An ODS whose package or content.xml is broken or hostile; the row when known. */
  | { code: 'ods-broken'; detail: string; row?: number }
  /** Nothing in the file, or only white space. */
  | { code: 'empty' }
  /** Bytes that are no text and no known format. */
  | { code: 'binary' }
  | { code: 'pdf' }
  /** A legacy Excel workbook (BIFF in a compound file). */
  | { code: 'xls' }
  /** Password-protected: an encrypted OOXML package or ODS. */
  | { code: 'encrypted' }
  /** Apple Numbers. */
  | { code: 'numbers' }
  /** A zip, compound file or XML document that is no spreadsheet. */
  | { code: 'unknown-format' }
  /** A workbook without a sheet. */
  | { code: 'no-sheets' }
  /** A CSV quote opened on `line` and never closed. */
  | { code: 'csv-quote'; line: number }
  /** A cell longer than the limit, in `row` as shown (0: in the shared strings of an XLSX). */
  | { code: 'cell-too-long'; row: number }
  /** The entries of a zip declare `bytes` in all, more than `limit`: refused before inflating. */
  | { code: 'unzipped-too-large'; bytes: number; limit: number }
  /** A part inflates past what it declares or past `limit` (or repeated ODS rows would). */
  | { code: 'inflated-too-large'; limit: number };

export type FormatCode = FormatProblem['code'];

export class FormatError extends Error {
  override name = 'FormatError';
  constructor(readonly problem: FormatProblem) {
    super(describe(problem));
  }

  get code(): FormatCode {
    return this.problem.code;
  }
}

/** A short English description, for --debug and test output (users see the caller's message). */
function describe(p: FormatProblem): string {
  switch (p.code) {
    case 'zip-broken':
    case 'xlsx-broken':
      return `${p.code}: ${p.detail}`;
    case 'ods-broken':
      return `${p.code}: ${p.row === undefined ? p.detail : `row ${p.row}: ${p.detail}`}`;
    case 'csv-quote':
      return `${p.code}: unclosed quote from line ${p.line}`;
    case 'cell-too-long':
      return `${p.code}: in row ${p.row}`;
    case 'unzipped-too-large':
      return `${p.code}: ${p.bytes} bytes declared, limit ${p.limit}`;
    case 'inflated-too-large':
      return `${p.code}: past ${p.limit} bytes`;
    default:
      return p.code;
  }
}

/** Shorthands for the readers. */
export const broken = (code: 'zip-broken' | 'xlsx-broken', detail: string): FormatError => new FormatError({ code, detail });
export const odsBroken = (detail: string, row?: number): FormatError => new FormatError(row === undefined ? { code: 'ods-broken', detail } : { code: 'ods-broken', detail, row });
export const cellTooLong = (row: number): FormatError => new FormatError({ code: 'cell-too-long', row });
export const inflatedTooLarge = (limit: number): FormatError => new FormatError({ code: 'inflated-too-large', limit });

/** A FormatError of one of `codes`. */
export function isFormatError(e: unknown, ...codes: FormatCode[]): e is FormatError {
  return e instanceof FormatError && (codes.length === 0 || codes.includes(e.code));
}
