/** Entry point of the built CLI (`bin/pal-report.js` imports this). */
import { processIO } from './cli/io.js';
import { runCli } from './cli/run.js';

const code = await runCli(process.argv.slice(2), processIO());
process.exitCode = code;
