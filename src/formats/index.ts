/**
 * The file formats: XLSX, ODS and CSV read as sheets of streamed rows, told apart by content
 * (workbook.ts); zip over a ByteSource (zip.ts), the shared XML tag scanner (xml.ts), OLE2
 * sniffing (ole2.ts). Bytes come only through a ByteSource and inflate only through a Codec
 * (src/platform); every unreadable input is a FormatError with a code.
 */
export { columnIndex, type Cell, type RowCallback } from './cell.js';
export type { Encoding } from './csv.js';
export { FormatError, type FormatCode, type FormatProblem } from './errors.js';
export type { Merge } from './ods/index.js';
export {
  openWorkbook, readSheets,
  type ProgressCallback, type ReadLimits, type ReadSheet, type SheetRow, type SheetSource, type SheetVisitor, type WorkbookSource,
} from './workbook.js';
export { serveReads, ThreadRead, ThreadUnavailable, workbookWork, type SheetChoice } from './threaded.js';

// what the other folders use of the files beside this one
export { concat, writeUtf8 } from './bytes.js';
