/**
 * Outputs are written to a temporary file beside the target and renamed over it, so a failed
 * run leaves no partial file and an existing complete file is replaced only by a complete one.
 */
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OutputError } from '../errors.js';

export async function ensureDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new OutputError(dir, (e as NodeJS.ErrnoException).code ?? String(e));
  }
}

/** Whether anything is at `file` (an output not to overwrite, a file to create once). */
export async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** A hidden temporary name in the target's directory (a rename within one file system is atomic). */
export function temporaryBeside(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
}

/** Renames a complete temporary file over its target. */
export async function publish(temporary: string, target: string): Promise<void> {
  try {
    await rename(temporary, target);
  } catch (e) {
    await discard(temporary);
    throw new OutputError(target, (e as NodeJS.ErrnoException).code ?? String(e));
  }
}

export async function discard(temporary: string): Promise<void> {
  await rm(temporary, { force: true });
}

/** Writes `data` complete to a new temporary file beside `target` (its directory made); returns its name. */
export async function writeTemporary(target: string, data: Uint8Array | string, mode?: number): Promise<string> {
  await ensureDir(path.dirname(target));
  const tmp = temporaryBeside(target);
  try {
    await writeFile(tmp, data, { flag: 'wx', ...(mode === undefined ? {} : { mode }) });
  } catch (e) {
    await discard(tmp);
    throw new OutputError(target, (e as NodeJS.ErrnoException).code ?? String(e));
  }
  return tmp;
}

export async function writeFileAtomic(target: string, data: Uint8Array | string, mode?: number): Promise<void> {
  await publish(await writeTemporary(target, data, mode), target);
}
