/** What src/annotate offers the other folders: they import it from here only (test/architecture.test.ts). */

/** exceljs costs a third of a second to load: the module loads when the first copy is written. */
export async function writeAnnotatedCopies(...args: Parameters<typeof import('./annotate.js').writeAnnotatedCopies>): Promise<string[]> {
  return (await import('./annotate.js')).writeAnnotatedCopies(...args);
}
