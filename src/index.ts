/** Entry point of the built CLI (`bin/pal-report.js` imports this). */
import { processIO, runCli } from './cli/index.js';

const code = await runCli(process.argv.slice(2), processIO());
process.exitCode = code;
