/** What src/cli offers the other folders: they import it from here only (test/architecture.test.ts). */
export { processIO } from './io.js';
export { runCli } from './run.js';
