/**
 * Outputs are written to a temporary file beside the target and renamed over it, so a failed
 * run leaves no partial file and an existing complete file is replaced only by a complete one.
 * A file that must never be replaced (a submission, the project key) is published with a hard
 * link instead, which fails when the name exists: of two writers exactly one wins.
 */
import { constants } from 'node:fs';
import { access, copyFile, link, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { OutputError, type OutputReason } from '../errors.js';

/**
 * An errno of a failed write as the user's words: what is wrong and with which path (a
 * directory that is a file somewhere up the path, the directory without write permission).
 * `dir`: the failed call was making the directory `target`.
 */
export async function outputError(target: string, e: unknown, dir = false): Promise<OutputError> {
  if (e instanceof OutputError) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? '';
  const reason = REASONS[code] ?? 'failed';
  const detail = code || (e instanceof Error ? e.message : String(e));
  switch (reason) {
    case 'exists':
      // mkdir of a directory whose name is taken by a file; else a file to create once that is there
      if (!dir) return new OutputError(target, 'exists', detail);
      return new OutputError((await fileOnPath(target)) ?? target, 'not-directory', detail);
    case 'not-directory':
      return new OutputError((await fileOnPath(target)) ?? target, 'not-directory', detail);
    case 'no-permission':
      // Windows says EPERM when the file is open in another program (Excel)
      if (code === 'EPERM' && process.platform === 'win32' && !dir && (await exists(target))) return new OutputError(target, 'busy', detail);
      return new OutputError(await existingDirOf(dir ? target : path.dirname(target)), 'no-permission', detail);
    case 'read-only':
      return new OutputError(await existingDirOf(dir ? target : path.dirname(target)), 'read-only', detail);
    default:
      return new OutputError(target, reason, detail);
  }
}

const REASONS: Record<string, OutputReason> = {
  EEXIST: 'exists',
  ENOTDIR: 'not-directory',
  EISDIR: 'is-directory',
  EACCES: 'no-permission',
  EPERM: 'no-permission',
  ENOSPC: 'no-space',
  EDQUOT: 'no-space',
  EROFS: 'read-only',
  EBUSY: 'busy',
  ETXTBSY: 'busy',
};

/** The first path on the way to `target` that is there but is not a directory. */
async function fileOnPath(target: string): Promise<string | undefined> {
  const parts: string[] = [];
  for (let p = path.resolve(target); ; p = path.dirname(p)) {
    parts.unshift(p);
    if (path.dirname(p) === p) break;
  }
  for (const p of parts) {
    try {
      if (!(await stat(p)).isDirectory()) return p;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** `dir`, or the nearest directory above it that exists (where creating it failed). */
async function existingDirOf(dir: string): Promise<string> {
  for (let p = dir; ; p = path.dirname(p)) {
    if (await exists(p)) return p;
    if (path.dirname(p) === p) return dir;
  }
}

export async function ensureDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw await outputError(dir, e, true);
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

/**
 * What a temporary name looks like: `.<target>.<pid>@<computer>.<time in base 36>.tmp`, hidden,
 * beside its target. The computer's name tells whose it is on a shared drive, where another
 * computer's process ids mean nothing here.
 */
const TEMPORARY = /^\.(.+)\.(\d+)@([A-Za-z0-9-]+)\.([0-9a-z]+)\.tmp$/;

/** This computer's name as it goes into a temporary name: its first label, letters, digits and `-` only. */
export const HOST_LABEL = (hostname().split('.')[0] ?? '').replace(/[^A-Za-z0-9-]/g, '-').slice(0, 40) || 'host';

/** A hidden temporary name in the target's directory (a rename within one file system is atomic). */
export function temporaryBeside(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}@${HOST_LABEL}.${Date.now().toString(36)}.tmp`);
}

/** Renames a complete temporary file over its target. */
export async function publish(temporary: string, target: string): Promise<void> {
  try {
    await rename(temporary, target);
  } catch (e) {
    await discard(temporary);
    throw await outputError(target, e);
  }
}

/** Codes of `link()` on a file system without hard links (FAT, exFAT, some network shares). */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV']);

/**
 * Puts a complete temporary file in place under `target` only if nothing is there yet: a hard
 * link, which the file system refuses when the name exists, so of two writers at once exactly one
 * wins (false for the other). Where hard links are not possible, an exclusive copy does the same.
 * The temporary file is gone afterwards either way.
 */
export async function publishIfAbsent(temporary: string, target: string): Promise<boolean> {
  try {
    try {
      await link(temporary, target);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      // on NFS a link whose reply was lost is sent again and answered EEXIST: then the name is ours
      if (code === 'EEXIST') return sameFile(temporary, target);
      if (!NO_LINKS.has(code)) throw await outputError(target, e);
      try {
        await copyFile(temporary, target, constants.COPYFILE_EXCL);
      } catch (e2) {
        if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw await outputError(target, e2);
      }
    }
    return true;
  } finally {
    await discard(temporary);
  }
}

async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    const [x, y] = await Promise.all([stat(a), stat(b)]);
    return x.ino === y.ino && x.dev === y.dev;
  } catch {
    return false;
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
    throw await outputError(target, e);
  }
  return tmp;
}

export async function writeFileAtomic(target: string, data: Uint8Array | string, mode?: number): Promise<void> {
  await publish(await writeTemporary(target, data, mode), target);
}

/** Whether a process of this machine with that id is running (so its temporary files are in use). */
export function running(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes from `dir` the temporary files pal-report left there when a run was killed mid-write
 * (`kill -9`, a power cut): only names of its own pattern for one of its own outputs (`own`
 * says which target names the caller writes), made on this computer by a process that no longer
 * runs, last written before `since` (this run's start). Anything else — the user's own files that
 * merely look alike, another computer's, another run's file being written now — stays. Best
 * effort: a file that cannot be removed is left.
 */
export async function sweepTemporaries(dir: string, own: (target: string) => boolean, since: number = RUN_START): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMPORARY.exec(name);
    if (!m || m[3] !== HOST_LABEL || !own(m[1] as string) || running(Number(m[2]))) continue;
    const file = path.join(dir, name);
    try {
      const s = await stat(file);
      if (!s.isFile() || s.mtimeMs >= since) continue;
      await rm(file);
      removed.push(file);
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}

/** When this process started: temporary files older than that are not being written by this run. */
export const RUN_START = Math.floor(performance.timeOrigin);
