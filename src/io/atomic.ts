/**
 * Outputs through the platform: each written complete beside its target and put in place in one
 * step (`Outputs.stage`), so a failed run leaves no partial file and an existing complete file is
 * replaced only by a complete one; a file that must never be replaced (a submission, the project
 * key) only if its name is free. The platform's failures (errno-like codes) become the user's
 * words here, naming the path that is in the way.
 */
import { OutputError, type OutputReason } from '../errors.js';
import { path, type Platform, type Staged } from '../platform/index.js';

type Files = Pick<Platform, 'inputs' | 'outputs'>;

/**
 * A platform failure of a write as the user's words: what is wrong and with which path (a
 * directory that is a file somewhere up the path, the directory without write permission).
 * `dir`: the failed call was making the directory `target`.
 */
export async function outputError(p: Files, target: string, e: unknown, dir = false): Promise<OutputError> {
  if (e instanceof OutputError) return e;
  const code = (e as { code?: unknown } | undefined)?.code;
  const known = typeof code === 'string' ? code : '';
  const reason = REASONS[known] ?? 'failed';
  const detail = known || (e instanceof Error ? e.message : String(e));
  switch (reason) {
    case 'exists':
      // mkdir of a directory whose name is taken by a file; else a file to create once that is there
      if (!dir) return new OutputError(target, 'exists', detail);
      return new OutputError((await fileOnPath(p, target)) ?? target, 'not-directory', detail);
    case 'not-directory':
      return new OutputError((await fileOnPath(p, target)) ?? target, 'not-directory', detail);
    case 'no-permission':
    case 'read-only':
      return new OutputError(await existingDirOf(p, dir ? target : path.dirname(target)), reason, detail);
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
async function fileOnPath(p: Files, target: string): Promise<string | undefined> {
  const parts: string[] = [];
  for (let at = p.inputs.resolve(target); ; at = path.dirname(at)) {
    parts.unshift(at);
    if (path.dirname(at) === at) break;
  }
  for (const at of parts) {
    const kind = await p.inputs.kind(at);
    if (kind === undefined) return undefined;
    if (kind !== 'directory') return at;
  }
  return undefined;
}

/** `dir`, or the nearest directory above it that exists (where creating it failed). */
async function existingDirOf(p: Files, dir: string): Promise<string> {
  for (let at = dir; ; at = path.dirname(at)) {
    if (await exists(p, at)) return at;
    if (path.dirname(at) === at) return dir;
  }
}

export async function ensureDir(p: Files, dir: string): Promise<void> {
  try {
    await p.outputs.mkdir(dir);
  } catch (e) {
    throw await outputError(p, dir, e, true);
  }
}

/** Whether anything is at `file` (an output not to overwrite, a file to create once). */
export async function exists(p: Pick<Platform, 'inputs'>, file: string): Promise<boolean> {
  return (await p.inputs.kind(file)) !== undefined;
}

const utf8 = new TextEncoder();

/**
 * `data` written complete beside `target` (its directory made), not yet in place: put it there
 * with `commit` (over an earlier file) or `commitIfAbsent` (only when the name is free). Failures
 * are OutputErrors naming the target.
 */
export async function stageOutput(p: Files, target: string, data: Uint8Array | string | AsyncIterable<Uint8Array>, mode?: number): Promise<Staged> {
  await ensureDir(p, path.dirname(target));
  let staged: Staged;
  try {
    staged = await p.outputs.stage(target, typeof data === 'string' ? utf8.encode(data) : data, mode);
  } catch (e) {
    throw await outputError(p, target, e);
  }
  return {
    async commit() {
      try {
        await staged.commit();
      } catch (e) {
        throw await outputError(p, target, e);
      }
    },
    async commitIfAbsent() {
      try {
        return await staged.commitIfAbsent();
      } catch (e) {
        throw await outputError(p, target, e);
      }
    },
    discard: () => staged.discard(),
  };
}

export async function writeFileAtomic(p: Files, target: string, data: Uint8Array | string | AsyncIterable<Uint8Array>, mode?: number): Promise<void> {
  await (await stageOutput(p, target, data, mode)).commit();
}

/** Writes `data` to `target` only when nothing is there (the other writer won: false). */
export async function createOnce(p: Files, target: string, data: Uint8Array | string, mode?: number): Promise<boolean> {
  return (await stageOutput(p, target, data, mode)).commitIfAbsent();
}

/**
 * Removes from `dir` the temporary files pal-report left there when a run was killed mid-write,
 * for the targets `own` names (the platform knows which are its own and whose process is gone).
 */
export async function sweepTemporaries(p: Pick<Platform, 'outputs'>, dir: string, own: (target: string) => boolean): Promise<string[]> {
  return p.outputs.sweep(dir, own);
}
