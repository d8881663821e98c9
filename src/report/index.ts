/** What src/report offers the other folders: they import it from here only (test/architecture.test.ts). */
export { buildReport } from './build.js';
export { REPORT_FORMATS, type ReportFormat } from './formats.js';
export type { ReportModel } from './model.js';
export type { ReportKind, SubmittedInfo } from './sections/input.js';

/** exceljs and pdfkit load only when a report is written: `writeReport` loads its module then. */
export async function writeReport(...args: Parameters<typeof import('./write.js').writeReport>): Promise<string[]> {
  return (await import('./write.js')).writeReport(...args);
}
