/** What src/init offers the other folders: they import it from here only (test/architecture.test.ts). */
import type { InitResult } from './init.js';

export type { InitResult } from './init.js';

/** exceljs costs a third of a second to load: the module loads when a project is made. */
export async function initProject(...args: Parameters<typeof import('./init.js').initProject>): Promise<InitResult> {
  return (await import('./init.js')).initProject(...args);
}
