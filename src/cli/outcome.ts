/** How a command ended; `src/cli/run.ts` alone turns it into an exit code (SPEC §1). */
export type Outcome = 'ok' | 'data-errors' | 'unreadable';
