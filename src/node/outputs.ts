/**
 * Outputs on disk. Every output is written to a temporary file beside its target and renamed
 * over it, so a failed run leaves no partial file and an existing complete file is replaced only
 * by a complete one. A file that must never be replaced (a submission, the project key) is
 * published with a hard link instead, which fails when the name exists: of two writers exactly
 * one wins. Failures are the file system's errors (`code`); the core says them in words.
 */
import { constants } from 'node:fs';
import { access, copyFile, link, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { onlyOnce, type Lock, type LockHolder, type Outputs, type Staged } from '../platform/index.js';

/**
 * What a temporary name looks like: `.<target>.<pid>@<computer>.<time in base 36>.tmp`, hidden,
 * beside its target. The computer's name tells whose it is on a shared drive, where another
 * computer's process ids mean nothing here.
 */
const TEMPORARY = /^\.(.+)\.(\d+)@([A-Za-z0-9-]+)\.([0-9a-z]+)\.tmp$/;

/** This computer's name as it goes into a temporary name: its first label, letters, digits and `-` only. */
export const HOST_LABEL = (hostname().split('.')[0] ?? '').replace(/[^A-Za-z0-9-]/g, '-').slice(0, 40) || 'host';

/** A hidden temporary name in the target's directory (a rename within one file system is atomic). */
function temporaryBeside(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}@${HOST_LABEL}.${Date.now().toString(36)}.tmp`);
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** Windows says EPERM when the file is open in another program (Excel): that is a busy file. */
async function windowsBusy(e: unknown, target: string): Promise<unknown> {
  if ((e as NodeJS.ErrnoException | undefined)?.code === 'EPERM' && process.platform === 'win32' && (await exists(target))) {
    return Object.assign(new Error(`EBUSY: ${target}`), { code: 'EBUSY', path: target });
  }
  return e;
}

/** Codes of `link()` on a file system without hard links (FAT, exFAT, some network shares). */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV']);

async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    const [x, y] = await Promise.all([stat(a), stat(b)]);
    return x.ino === y.ino && x.dev === y.dev;
  } catch {
    return false;
  }
}

async function discard(temporary: string): Promise<void> {
  await rm(temporary, { force: true });
}

/** `data` complete in a new file `file` (never an existing one). */
async function writeNew(file: string, data: Uint8Array | AsyncIterable<Uint8Array>, mode: number | undefined): Promise<void> {
  const options = { flag: 'wx', ...(mode === undefined ? {} : { mode }) };
  if (data instanceof Uint8Array) return writeFile(file, data, options);
  const handle = await open(file, 'wx', mode);
  try {
    for await (const chunk of data) {
      let done = 0;
      while (done < chunk.length) done += (await handle.write(chunk, done, chunk.length - done)).bytesWritten;
    }
  } finally {
    await handle.close();
  }
}

/**
 * Puts a complete temporary file in place under `target` only if nothing is there yet: a hard
 * link, which the file system refuses when the name exists, so of two writers at once exactly one
 * wins (false for the other). Where hard links are not possible, an exclusive copy does the same.
 */
async function publishIfAbsent(temporary: string, target: string): Promise<boolean> {
  try {
    await link(temporary, target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    // on NFS a link whose reply was lost is sent again and answered EEXIST: then the name is ours
    if (code === 'EEXIST') return sameFile(temporary, target);
    if (!NO_LINKS.has(code)) throw e;
    try {
      await copyFile(temporary, target, constants.COPYFILE_EXCL);
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e2;
    }
  }
  return true;
}

async function stage(target: string, data: Uint8Array | AsyncIterable<Uint8Array>, mode?: number): Promise<Staged> {
  const tmp = temporaryBeside(target);
  try {
    await writeNew(tmp, data, mode);
  } catch (e) {
    await discard(tmp);
    throw await windowsBusy(e, target);
  }
  const once = onlyOnce(target);
  return {
    async commit() {
      once();
      try {
        await rename(tmp, target);
      } catch (e) {
        await discard(tmp);
        throw await windowsBusy(e, target);
      }
    },
    async commitIfAbsent() {
      once();
      try {
        return await publishIfAbsent(tmp, target);
      } finally {
        await discard(tmp);
      }
    },
    async discard() {
      if (once(true)) await discard(tmp);
    },
  };
}

/** Whether a process of this machine with that id is running (so its temporary files are in use). */
function running(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** When this process started: temporary files older than that are not being written by this run. */
const RUN_START = Math.floor(performance.timeOrigin);

/**
 * Removes from `dir` the temporary files pal-report left there when a run was killed mid-write
 * (`kill -9`, a power cut): only names of its own pattern for one of its own outputs (`own`
 * says which target names the caller writes), made on this computer by a process that no longer
 * runs, last written before this run's start. Anything else — the user's own files that merely
 * look alike, another computer's, another run's file being written now — stays. Best effort: a
 * file that cannot be removed is left.
 */
async function sweep(dir: string, own: (target: string) => boolean): Promise<string[]> {
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
      if (!s.isFile() || s.mtimeMs >= RUN_START) continue;
      await rm(file);
      removed.push(file);
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}

/** Who holds a lock, from its text (`<pid> <host> <time>`); undefined while it is being written. */
function lockHolder(text: string): LockHolder | undefined {
  const [pid, host, since] = text.trim().split(' ');
  return pid && host && since && /^\d+$/.test(pid) ? { pid: Number(pid), host, since } : undefined;
}

/** The lock left by a run that was killed on this machine (its process no longer runs); another machine's may be live. */
async function leftLock(file: string): Promise<LockHolder | undefined> {
  const holder = lockHolder(await readFile(file, 'utf8').catch(() => ''));
  return holder && holder.host === hostname() && !running(holder.pid) ? holder : undefined;
}

/**
 * The lock file `<pid> <host> <time>`, created only if absent, removed on release. A lock left by
 * a run that was killed on this machine is said at once; another one is waited for, then said —
 * never broken, since it may be another computer's on a shared drive.
 */
async function lock(file: string, waitMs: number): Promise<Lock> {
  const waitUntil = Date.now() + waitMs;
  for (;;) {
    try {
      await writeFile(file, `${process.pid} ${hostname()} ${new Date().toISOString()}\n`, { flag: 'wx' });
      return { taken: true, release: () => rm(file, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const left = await leftLock(file);
    if (left) return { taken: false, reason: 'left', holder: left };
    if (Date.now() > waitUntil) return { taken: false, reason: 'busy', holder: lockHolder(await readFile(file, 'utf8').catch(() => '')) };
    await setTimeout(20 + Math.floor(Math.random() * 40));
  }
}

export const nodeOutputs: Outputs = {
  async mkdir(dir) {
    await mkdir(dir, { recursive: true });
  },
  async writeAtomic(target, data, mode) {
    await (await stage(target, data, mode)).commit();
  },
  async createExclusive(target, data, mode) {
    return (await stage(target, data, mode)).commitIfAbsent();
  },
  stage,
  async remove(file) {
    await rm(file, { force: true });
  },
  sweep,
  lock,
  leftLock,
};
