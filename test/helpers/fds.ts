/** Open file descriptors (Linux): to see that nothing is left open behind a stopped read or write. */
import { existsSync, readdirSync, readlinkSync } from 'node:fs';

/** Descriptors of this process open on `file` (other tests in the same worker may hold their own); undefined where /proc is missing. */
export function openDescriptors(file: string): number | undefined {
  if (!existsSync('/proc/self/fd')) return undefined;
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === file) n++;
    } catch {
      // closed in the meantime
    }
  }
  return n;
}
