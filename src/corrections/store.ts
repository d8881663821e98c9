/**
 * The submissions directory on disk (SPEC §8): `<submissions>/<P>.json` per submitted period,
 * earlier versions kept as `<P>.1.json`, `<P>.2.json` …, the project key `.klucz` (created once,
 * only when a person has no Identyfikator) and a `.gitignore` that keeps the key out of version
 * control. Snapshots are written complete first and published only if the period has none yet,
 * under the directory's lock (`.lock`): of two `submit` at once exactly one is saved. A bad
 * snapshot is refused naming the file (exit 2).
 */
import { ConfigError, OutputError, UsageError } from '../errors.js';
import { message, type Message } from '../i18n/index.js';
import { createOnce, ensureDir, exists, outputError, writeFileAtomic } from '../io/index.js';
import { path, readBytes, readText, type Platform, type Staged } from '../platform/index.js';
import type { Project } from '../project/index.js';
import { newKey } from './keys.js';
import { sha256 } from './json.js';
import { parseSnapshot, snapshotPeriod, type Snapshot, type SnapshotPeriod } from './snapshot.js';

export const KEY_FILE = '.klucz';

export const GITIGNORE = `# pal-report: the key that hashes PESEL numbers in the snapshots stays with the data,\n# never in the repository. Commit the snapshots (*.json), not the key.\n${KEY_FILE}\n`;

/** Snapshots keep LF line endings in every checkout (Git for Windows would otherwise write CRLF). */
export const GITATTRIBUTES = `# pal-report: snapshots are checked out exactly as written (LF line endings).\n*.json text eol=lf\n`;

export function submissionsDir(project: Project): string {
  return path.resolve(project.dir, project.definition.submissions);
}

/** A path as messages show it: relative to the project directory. */
export function shownFile(project: Project, file: string): string {
  return path.relative(project.dir, file);
}

/** What `submit` writes in the submissions directory: snapshots (current and kept), the key and the git files beside it. */
export function isSubmissionFile(name: string): boolean {
  return name.endsWith('.json') || name === KEY_FILE || name === '.gitignore' || name === '.gitattributes';
}

export function snapshotFile(dir: string, periodId: string): string {
  return path.join(dir, `${periodId}.json`);
}

/** Why a file of the submissions directory cannot be read, in words. */
function readFailure(e: unknown): Message {
  const code = (e as { code?: string }).code ?? String(e);
  if (code === 'EACCES' || code === 'EPERM') return message('reason.no-access');
  return code === 'EISDIR' ? message('reason.is-directory') : message('reason.io-error', { code });
}

export interface StoredSnapshot {
  /** As messages show it (relative to the project). */
  file: string;
  snapshot: Snapshot;
}

/** The snapshot files in the submissions directory (current and replaced), by name; none when there is no directory. */
async function snapshotNames(p: Platform, dir: string): Promise<string[]> {
  try {
    return (await p.inputs.list(dir)).map((e) => e.name).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
  } catch {
    return [];
  }
}

/** The text of each snapshot file (current and replaced) not in `skip`, with its name as messages show it; an unreadable one is refused naming it. */
async function* snapshotTexts(p: Platform, project: Project, skip: ReadonlySet<string> = new Set()): AsyncGenerator<{ name: string; shown: string; text: string }> {
  const dir = submissionsDir(project);
  for (const name of await snapshotNames(p, dir)) {
    if (skip.has(name)) continue;
    const file = path.join(dir, name);
    const shown = shownFile(project, file);
    try {
      yield { name, shown, text: await readText(p.inputs, file) };
    } catch (e) {
      throw new ConfigError([{ file: shown, message: message('snapshot.unreadable', { reason: readFailure(e) }) }]);
    }
  }
}

/** The current snapshot of every submitted period (`<id>.json`), checked; earlier versions are history and not compared. */
export async function loadSnapshots(p: Platform, project: Project): Promise<StoredSnapshot[]> {
  const out: StoredSnapshot[] = [];
  for await (const { name, shown, text } of snapshotTexts(p, project)) {
    const parsed = parseSnapshot(p.crypto, text, project.definition.project.number);
    if (!parsed.ok) throw new ConfigError([{ file: shown, message: parsed.problem }]);
    if (name === `${parsed.snapshot.period.id}.json`) out.push({ file: shown, snapshot: parsed.snapshot });
  }
  return out.sort((a, b) => (a.snapshot.period.to < b.snapshot.period.to ? -1 : a.snapshot.period.to > b.snapshot.period.to ? 1 : a.file.localeCompare(b.file)));
}

/**
 * The project key, if there is one. A key file that is there but unreadable or malformed is
 * refused naming the file (exit 2), never treated as absent: replacing it would make every
 * person hashed under the old key unmatchable.
 */
export async function readKey(p: Platform, project: Project): Promise<string | undefined> {
  const file = path.join(submissionsDir(project), KEY_FILE);
  let text: string;
  try {
    text = (await readText(p.inputs, file)).trim();
  } catch (e) {
    // no directory (or a file where it should be: said when something is to be written there)
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new ConfigError([{ file: shownFile(project, file), message: message('key.unreadable', { reason: readFailure(e) }) }]);
  }
  if (!/^[0-9a-f]{64}$/.test(text)) throw new ConfigError([{ file: shownFile(project, file), message: message('key.malformed') }]);
  return text;
}

/**
 * The project key, created (readable by its owner only) when there is none yet. Created once:
 * when two first submissions make one at the same moment, the one that is there first is the
 * key of both. `created` says whether this run made it.
 */
export async function ensureKey(p: Platform, project: Project): Promise<{ key: string; created: boolean }> {
  const existing = await readKey(p, project);
  if (existing) return { key: existing, created: false };
  const key = newKey(p.crypto);
  const file = path.join(submissionsDir(project), KEY_FILE);
  if (await createOnce(p, file, `${key}\n`, 0o600)) return { key, created: true };
  const theirs = await readKey(p, project);
  if (theirs === undefined) throw new ConfigError([{ file: shownFile(project, file), message: message('key.malformed') }]);
  return { key: theirs, created: false };
}

/** Whether a `.gitignore` text has a line that ignores the key file in its own directory. */
function ignoresKey(text: string): boolean {
  return text.split(/\r?\n/).some((line) => line.trim() === KEY_FILE || line.trim() === `/${KEY_FILE}`);
}

/**
 * `.gitignore` beside the key (the user's own one gets the key line added when it lacks it) and
 * `.gitattributes` keeping snapshots LF in every checkout, unless the user has one already.
 */
export async function ensureGitignore(p: Platform, project: Project): Promise<void> {
  const dir = submissionsDir(project);
  const file = path.join(dir, '.gitignore');
  let current: string | undefined;
  try {
    current = await readText(p.inputs, file);
  } catch {
    current = undefined;
  }
  if (current === undefined) await writeFileAtomic(p, file, GITIGNORE);
  else if (!ignoresKey(current)) {
    const eol = current.includes('\r\n') ? '\r\n' : '\n';
    const sep = current === '' || current.endsWith('\n') ? '' : eol;
    await writeFileAtomic(p, file, `${current}${sep}${KEY_FILE}${eol}`);
  }
  const attributes = path.join(dir, '.gitattributes');
  if (!(await exists(p, attributes))) await writeFileAtomic(p, attributes, GITATTRIBUTES);
}

/** Bytes hashed per read: a data file is hashed in pieces, never held whole. */
const DIGEST_PIECE = 1 << 20;

/** SHA-256 of a file, read in pieces. */
export async function fileDigest(p: Platform, file: string): Promise<string> {
  const hash = p.crypto.sha256();
  const source = await p.inputs.open(file);
  try {
    for (let at = 0; at < source.size; ) {
      const piece = await source.read(at, Math.min(DIGEST_PIECE, source.size - at));
      if (piece.length === 0) break;
      hash.update(piece);
      at += piece.length;
    }
  } finally {
    await source.close();
  }
  return hash.digest();
}

/** A snapshot file as `submit` sees it: which period it is of, and whether persons in it are hashed under the project key. */
export interface SubmittedFile {
  name: string;
  /** As messages show it (relative to the project). */
  file: string;
  period: SnapshotPeriod;
  /** `<id>.json`, the period's current snapshot (else a replaced one, kept as history). */
  current: boolean;
  /** Persons in it are named by a hash under the project key (`h:`). */
  hashed: boolean;
}

/**
 * The snapshot files of the submissions directory (current and replaced), read only as far as
 * `submit` needs: the period and whether persons are hashed. Names in `skip` were read already.
 * A file that is not a snapshot is refused naming it (exit 2): no period can be checked against it.
 */
export async function readSubmitted(p: Platform, project: Project, skip: ReadonlySet<string> = new Set()): Promise<SubmittedFile[]> {
  const out: SubmittedFile[] = [];
  for await (const { name, shown, text } of snapshotTexts(p, project, skip)) {
    const p = snapshotPeriod(text);
    if (p === 'not-json') throw new ConfigError([{ file: shown, message: message('snapshot.notJson') }]);
    if (!p) throw new ConfigError([{ file: shown, message: message('snapshot.shape', { path: 'period' }) }]);
    out.push({ name, file: shown, period: { id: p.id, from: p.from, to: p.to }, current: name === `${p.id}.json`, hashed: /"h:[0-9a-f]{64}"/.test(text) });
  }
  return out;
}

/** The snapshot already recorded for a period: its path and bytes, or undefined. */
export async function existingSnapshot(p: Platform, project: Project, periodId: string): Promise<{ file: string; bytes: Uint8Array } | undefined> {
  const file = snapshotFile(submissionsDir(project), periodId);
  try {
    return { file, bytes: await readBytes(p.inputs, file) };
  } catch {
    return undefined;
  }
}

/** The first free `<id>.<n>.json` for keeping a replaced snapshot. */
export async function historyFile(p: Platform, project: Project, periodId: string): Promise<string> {
  const dir = submissionsDir(project);
  for (let n = 1; ; n++) {
    const file = path.join(dir, `${periodId}.${n}.json`);
    if (!(await exists(p, file))) return file;
  }
}

export function digestOfBytes(p: Platform, bytes: Uint8Array): string {
  return sha256(p.crypto, bytes);
}

/** The snapshot `bytes` (the one in place now) also as `copy`, which must not exist yet (never overwritten). */
async function keepCopy(p: Platform, bytes: Uint8Array, copy: string): Promise<void> {
  if (!(await createOnce(p, copy, bytes))) throw new OutputError(copy, 'exists', 'EEXIST');
}

/** The lock that makes checking and publishing a snapshot one step for every `submit` of the project. */
export const LOCK_FILE = '.lock';

/** How long a `submit` waits for another one to finish publishing (which takes milliseconds). */
const LOCK_WAIT_MS = 30_000;

/**
 * Refuses (exit 2) when a `submit` that was killed on this machine left the lock (it would refuse
 * every later one): said before the data is read, not after. Another machine's lock may be live.
 */
export async function refuseLeftLock(p: Platform, project: Project): Promise<void> {
  const file = path.join(submissionsDir(project), LOCK_FILE);
  const left = await p.outputs.leftLock(file);
  if (left) throw new UsageError(message('submit.lockLeft', { file: shownFile(project, file), pid: left.pid }));
}

/**
 * Runs `step` holding the submissions directory's lock (`<submissions>/.lock`, created only if
 * absent, removed after): of two `submit` at once, the second checks what the first published.
 * A lock left by a run that was killed on this machine is said at once; another one is waited
 * for, then said — never broken, since it may be another computer's on a shared drive.
 */
export async function withSubmissionLock<T>(p: Platform, project: Project, step: () => Promise<T>): Promise<T> {
  const dir = submissionsDir(project);
  await ensureDir(p, dir);
  const file = path.join(dir, LOCK_FILE);
  let lock;
  try {
    lock = await p.outputs.lock(file, LOCK_WAIT_MS);
  } catch (e) {
    throw await outputError(p, file, e);
  }
  if (!lock.taken) {
    const shown = shownFile(project, file);
    if (lock.reason === 'left') throw new UsageError(message('submit.lockLeft', { file: shown, pid: lock.holder?.pid ?? '?' }));
    throw new UsageError(message('submit.locked', { file: shown, host: lock.holder?.host ?? '?', since: lock.holder?.since ?? '?' }));
  }
  try {
    return await step();
  } finally {
    await lock.release();
  }
}

/**
 * Publishes a snapshot written complete to `temporary` (done under the lock): a new one only if
 * the period has none yet (false when it has, by now: the other `submit` won); a replacement by
 * renaming it over the current one after that is kept under its history name, which is never
 * overwritten. A failure never leaves a half snapshot nor a period without its snapshot.
 */
export async function publishSnapshot(p: Platform, staged: Staged, old?: { bytes: Uint8Array; keepAs: string }): Promise<boolean> {
  if (!old) return staged.commitIfAbsent();
  try {
    // the old one is kept under its history name first and stays where it is until the new one
    // is put over it: a failure never leaves the period unsubmitted
    await keepCopy(p, old.bytes, old.keepAs);
  } catch (e) {
    await staged.discard();
    throw e;
  }
  try {
    await staged.commit();
  } catch (e) {
    // the old one is still in place: its history copy would only be a duplicate
    await p.outputs.remove(old.keepAs);
    throw e;
  }
  return true;
}
