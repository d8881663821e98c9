/** The ODS reader, split by job: reader.ts (package, chunks), content.ts (sheets), rows.ts (repeats, merges), cells.ts (typing), styles.ts (hidden sheets), names.ts, text.ts. */
export { OdsReader } from './reader.js';
export { MAX_COLUMNS, MAX_ROWS, type Merge, type OdsSheet } from './rows.js';
export { parseOdsDate, parseOdsDuration } from './cells.js';
