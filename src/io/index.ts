/** What src/io offers the other folders: they import it from here only (test/architecture.test.ts). */
export { createOnce, ensureDir, exists, outputError, stageOutput, sweepTemporaries, writeFileAtomic } from './atomic.js';
export { streamed } from './channel.js';
export { type CellSpec, type CellStyle, columnLetters, type SheetWriter, XlsxWriter } from './xlsx-writer.js';
export { type ByteSink, ZipWriter, type ZipWriterOptions } from './zip-writer.js';

/** exceljs costs a third of a second to load: the workbook helpers load with the first workbook written (annotate, init). */
export function loadWorkbooks(): Promise<typeof import('./xlsx.js')> {
  return import('./xlsx.js');
}
