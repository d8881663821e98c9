/**
 * The submissions directory on disk (SPEC §8): `<submissions>/<P>.json` per submitted period,
 * earlier versions kept as `<P>.1.json`, `<P>.2.json` …, the project key `.klucz` (created once,
 * only when a person has no Identyfikator) and a `.gitignore` that keeps the key out of version
 * control. Snapshots are written atomically; a bad one is refused naming the file (exit 2).
 */
import { constants, createReadStream } from 'node:fs';
import { copyFile, link, readdir, readFile, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { ConfigError, OutputError } from '../errors.js';
import { message } from '../i18n/index.js';
import { discard, exists, publish, writeFileAtomic, writeTemporary } from '../io/atomic.js';
import type { Project } from '../project/load.js';
import { newKey } from './keys.js';
import { sha256 } from './json.js';
import { parseSnapshot, type Snapshot } from './snapshot.js';

export const KEY_FILE = '.klucz';

export const GITIGNORE = `# pal-report: the key that hashes PESEL numbers in the snapshots stays with the data,\n# never in the repository. Commit the snapshots (*.json), not the key.\n${KEY_FILE}\n`;

/** Snapshots keep LF line endings in every checkout (Git for Windows would otherwise write CRLF). */
export const GITATTRIBUTES = `# pal-report: snapshots are checked out exactly as written (LF line endings).\n*.json text eol=lf\n`;

export function submissionsDir(project: Project): string {
  return path.resolve(project.dir, project.definition.submissions);
}

/** A path as messages show it: relative to the project directory. */
export function shownFile(project: Project, file: string): string {
  return path.relative(project.dir, file).split(path.sep).join('/');
}

export function snapshotFile(dir: string, periodId: string): string {
  return path.join(dir, `${periodId}.json`);
}

export interface StoredSnapshot {
  /** As messages show it (relative to the project). */
  file: string;
  snapshot: Snapshot;
}

/** The snapshot files in the submissions directory (current and replaced), by name; none when there is no directory. */
async function snapshotNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
  } catch {
    return [];
  }
}

/** The current snapshot of every submitted period (`<id>.json`), checked; earlier versions are history and not compared. */
export async function loadSnapshots(project: Project): Promise<StoredSnapshot[]> {
  const dir = submissionsDir(project);
  const names = await snapshotNames(dir);
  const out: StoredSnapshot[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const shown = shownFile(project, file);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw new ConfigError([{ file: shown, message: message('snapshot.unreadable', { reason: (e as NodeJS.ErrnoException).code ?? String(e) }) }]);
    }
    const parsed = parseSnapshot(text, project.definition.project.number);
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
export async function readKey(project: Project): Promise<string | undefined> {
  const file = path.join(submissionsDir(project), KEY_FILE);
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError([{ file: shownFile(project, file), message: message('key.unreadable', { reason: (e as NodeJS.ErrnoException).code ?? String(e) }) }]);
  }
  if (!/^[0-9a-f]{64}$/.test(text)) throw new ConfigError([{ file: shownFile(project, file), message: message('key.malformed') }]);
  return text;
}

/** The snapshots (current and replaced, as shown) whose persons are hashed under the project key (`h:`). */
export async function snapshotsWithHashedPersons(project: Project): Promise<string[]> {
  const dir = submissionsDir(project);
  const out: string[] = [];
  for (const name of await snapshotNames(dir)) {
    let text: string;
    try {
      text = await readFile(path.join(dir, name), 'utf8');
    } catch {
      continue;
    }
    if (/"h:[0-9a-f]{64}"/.test(text)) out.push(shownFile(project, path.join(dir, name)));
  }
  return out;
}

/** The project key, created (readable by its owner only) when there is none yet. */
export async function ensureKey(project: Project): Promise<string> {
  const existing = await readKey(project);
  if (existing) return existing;
  const key = newKey();
  await writeFileAtomic(path.join(submissionsDir(project), KEY_FILE), `${key}\n`, 0o600);
  return key;
}

/** Whether a `.gitignore` text has a line that ignores the key file in its own directory. */
function ignoresKey(text: string): boolean {
  return text.split(/\r?\n/).some((line) => line.trim() === KEY_FILE || line.trim() === `/${KEY_FILE}`);
}

/**
 * `.gitignore` beside the key (the user's own one gets the key line added when it lacks it) and
 * `.gitattributes` keeping snapshots LF in every checkout, unless the user has one already.
 */
export async function ensureGitignore(project: Project): Promise<void> {
  const dir = submissionsDir(project);
  const file = path.join(dir, '.gitignore');
  let current: string | undefined;
  try {
    current = await readFile(file, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === undefined) await writeFileAtomic(file, GITIGNORE);
  else if (!ignoresKey(current)) {
    const eol = current.includes('\r\n') ? '\r\n' : '\n';
    const sep = current === '' || current.endsWith('\n') ? '' : eol;
    await writeFileAtomic(file, `${current}${sep}${KEY_FILE}${eol}`);
  }
  const attributes = path.join(dir, '.gitattributes');
  if (!(await exists(attributes))) await writeFileAtomic(attributes, GITATTRIBUTES);
}

/** SHA-256 of a file, streamed. */
export async function fileDigest(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The snapshot already recorded for a period: its path and bytes, or undefined. */
export async function existingSnapshot(project: Project, periodId: string): Promise<{ file: string; bytes: Buffer } | undefined> {
  const file = snapshotFile(submissionsDir(project), periodId);
  try {
    return { file, bytes: await readFile(file) };
  } catch {
    return undefined;
  }
}

/** The first free `<id>.<n>.json` for keeping a replaced snapshot. */
export async function historyFile(project: Project, periodId: string): Promise<string> {
  const dir = submissionsDir(project);
  for (let n = 1; ; n++) {
    const file = path.join(dir, `${periodId}.${n}.json`);
    if (!(await exists(file))) return file;
  }
}

export function digestOfBytes(bytes: Uint8Array): string {
  return sha256(bytes);
}

/** `file` also as `copy` (which must not exist yet): a hard link, or where links are not possible a copy. */
async function keepCopy(file: string, copy: string): Promise<void> {
  try {
    await link(file, copy);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw e;
    try {
      await copyFile(file, copy, constants.COPYFILE_EXCL);
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code !== 'EEXIST') await rm(copy, { force: true });
      throw e2;
    }
  }
}

/**
 * Writes a snapshot: complete in a temporary file first; a replaced one is then kept under its
 * history name and the new one renamed over it, so a failure never leaves a half snapshot nor
 * a period without its snapshot.
 */
export async function writeSnapshot(project: Project, snapshot: Snapshot, text: string, keepOldAs?: string): Promise<string> {
  const target = snapshotFile(submissionsDir(project), snapshot.period.id);
  const tmp = await writeTemporary(target, text);
  if (keepOldAs) {
    // the old one is kept under its history name first (a second link, else a copy) and stays
    // where it is until the new one is renamed over it: a failure never leaves the period unsubmitted
    try {
      await keepCopy(target, keepOldAs);
    } catch (e) {
      await discard(tmp);
      throw new OutputError(keepOldAs, (e as NodeJS.ErrnoException).code ?? String(e));
    }
  }
  try {
    await publish(tmp, target);
  } catch (e) {
    // the old one is still in place: its history copy would only be a duplicate
    if (keepOldAs) await rm(keepOldAs, { force: true });
    throw e;
  }
  return target;
}
