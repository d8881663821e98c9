/** What src/ingest offers the other folders: they import it from here only (test/architecture.test.ts). */
export type { AttendanceStore } from './attendance-store.js';
export { type DataFile, type Dataset, entryReading, loadDataset, type LoadOptions, resolveDataFiles } from './dataset.js';
export type { Finding, RequiredColumn } from './findings.js';
export { closestHeader, type HeaderBinding } from './headers.js';
export { DEFAULT_LIMITS, LimitError, type Limits, MB } from './limits.js';
export { DATE_FIELDS, type DateField, type Participant, ParticipantLookups } from './participants.js';
export { openWorkbook, readSheets } from './source.js';
export { locate, type Location, type TableRef } from './table.js';
export { columnIndex, columnLetter, parseTimeCell } from './values.js';
