/** How a command ended; `src/cli/run.ts` alone turns it into an exit code (SPEC §1). */
export type { Outcome } from '../app/index.js';
