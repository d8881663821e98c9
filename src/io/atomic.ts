/**
 * Outputs are written to a temporary file beside the target and renamed over it, so a failed
 * run leaves no partial file and an existing complete file is replaced only by a complete one.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OutputError } from '../errors.js';

export async function ensureDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new OutputError(dir, (e as NodeJS.ErrnoException).code ?? String(e));
  }
}

export async function writeFileAtomic(target: string, data: Uint8Array | string): Promise<void> {
  const dir = path.dirname(target);
  await ensureDir(dir);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    await writeFile(tmp, data, { flag: 'wx' });
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new OutputError(target, (e as NodeJS.ErrnoException).code ?? String(e));
  }
}
