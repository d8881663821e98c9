/**
 * The policy of `submit` (SPEC §8, §8.1): which periods may be claimed, the project key's
 * lifecycle, the sealed snapshot, and its publication under the lock so that of two `submit` at
 * once exactly one wins. The use case (src/app/submit.ts) runs these steps in order.
 */
import { formatPl, warsawDay, type IsoDate } from '../dates.js';
import { UsageError } from '../errors.js';
import { message } from '../i18n/index.js';
import type { Participant } from '../ingest/index.js';
import { stageOutput } from '../io/index.js';
import { path, type Platform } from '../platform/index.js';
import { reportingPeriods, type Project, type Period } from '../project/index.js';
import { keyFingerprint, needsKey } from './keys.js';
import { sealSnapshot, SNAPSHOT_FORMAT, type Snapshot } from './snapshot.js';
import {
  ensureKey, existingSnapshot, fileDigest, KEY_FILE, publishSnapshot, readKey, readSubmitted, shownFile, snapshotFile, submissionsDir,
  withSubmissionLock, type SubmittedFile,
} from './store.js';
import { submittedValues, type CheckedData } from './submitted.js';

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The day an existing snapshot was submitted, read loosely (for the refusal message only). */
function submittedDay(bytes: Uint8Array): string {
  try {
    const at = (JSON.parse(new TextDecoder().decode(bytes).replace(/^\uFEFF/, '')) as { submittedAt?: unknown }).submittedAt;
    return typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? formatPl(warsawDay(new Date(at))) : '?';
  } catch {
    return '?';
  }
}

/** The first submitted period (current snapshot) that shares a day with `period`, other than itself. */
function overlapping(period: Period, files: readonly SubmittedFile[]): SubmittedFile | undefined {
  return files
    .filter((f) => f.current && f.period.id !== period.id && f.period.from <= period.to && period.from <= f.period.to)
    .sort((a, b) => (a.period.from < b.period.from ? -1 : a.period.from > b.period.from ? 1 : 0))[0];
}

function refuseOverlap(period: Period, files: readonly SubmittedFile[]): void {
  const other = overlapping(period, files);
  if (!other) return;
  throw new UsageError(message('submit.overlaps', {
    period: period.id, from: formatPl(period.from), to: formatPl(period.to),
    other: other.period.id, otherFrom: formatPl(other.period.from), otherTo: formatPl(other.period.to), file: other.file,
  }));
}

function alreadySubmitted(project: Project, period: Period, file: string, bytes: Uint8Array): UsageError {
  return new UsageError(message('submit.exists', { period: period.id, file: shownFile(project, file), date: submittedDay(bytes) }));
}

/** What `checkClaimPeriod` found on disk: the submitted files, the period's current snapshot, and whether the period is ad hoc. */
export interface Claim {
  files: SubmittedFile[];
  target: string;
  existing: { file: string; bytes: Uint8Array } | undefined;
  /** Not a reporting period of the definition (accepted, with a warning once it is submitted). */
  adHoc: boolean;
}

/**
 * Only real claim periods (SPEC §8), refused before the data is read, so nothing changes: not
 * `all`, not one that starts after the data day, not one submitted already (without --replace),
 * not one that shares a day with a submitted one.
 */
export async function checkClaimPeriod(p: Platform, project: Project, period: Period, asOf: IsoDate, replace: boolean): Promise<Claim> {
  if (period.id === 'all') throw new UsageError(message('submit.all'));
  if (period.from > asOf) throw new UsageError(message('submit.future', { period: period.id, from: formatPl(period.from), asOf: formatPl(asOf) }));
  const files = await readSubmitted(p, project);
  const target = snapshotFile(submissionsDir(project), period.id);
  const existing = await existingSnapshot(p, project, period.id);
  if (existing && !replace) throw alreadySubmitted(project, period, existing.file, existing.bytes);
  refuseOverlap(period, files);
  const adHoc = !reportingPeriods(project.definition).some((p) => p.from === period.from && p.to === period.to);
  return { files, target, existing, adHoc };
}

/**
 * The project key when the snapshot needs one (a person without an Identyfikator): the one there
 * is, else a new one — but never a new one while submitted snapshots hold persons hashed under a
 * lost key (they would become unmatchable). `told` hears that a key was made.
 */
export async function projectKey(p: Platform, project: Project, participants: readonly Participant[], files: readonly SubmittedFile[], told: (file: string) => void): Promise<string | undefined> {
  const keyFile = path.join(submissionsDir(project), KEY_FILE);
  let key = await readKey(p, project);
  if (key !== undefined || !needsKey(participants)) return key;
  const hashed = files.filter((f) => f.hashed).map((f) => f.file);
  // a snapshot with hashed persons was published after its key was made: read it again before calling it lost
  if (hashed.length > 0) key = await readKey(p, project);
  if (key === undefined && hashed.length > 0) {
    throw new UsageError(message('submit.keyLost', { file: shownFile(project, keyFile), snapshots: hashed.join(', ') }));
  }
  if (key !== undefined) return key;
  const made = await ensureKey(p, project);
  if (made.created) told(shownFile(project, keyFile));
  return made.key;
}

export interface SnapshotInput {
  period: Period;
  asOf: IsoDate;
  submittedAt: Date;
  note: string | undefined;
  key: string | undefined;
  replaces: Snapshot['replaces'];
}

/** The snapshot file's text: the values and evidence of the period, the inputs' digests, sealed. */
export async function buildSnapshot(p: Platform, project: Project, checked: CheckedData, o: SnapshotInput): Promise<string> {
  const computed = submittedValues(p.crypto, project, checked, o.period, o.asOf, o.key);
  const inputs = [];
  for (const f of checked.dataset.files) inputs.push({ file: f.label, sha256: await fileDigest(p, path.join(project.dir, f.label)) });
  return sealSnapshot(p.crypto, {
    format: SNAPSHOT_FORMAT,
    project: project.definition.project.number,
    period: { id: o.period.id, from: o.period.from, to: o.period.to },
    asOf: o.asOf,
    submittedAt: o.submittedAt.toISOString(),
    ...(o.note ? { note: o.note } : {}),
    ...(o.key !== undefined ? { keyCheck: keyFingerprint(p.crypto, o.key) } : {}),
    ...(o.replaces ? { replaces: o.replaces } : {}),
    inputs,
    values: computed.values,
    evidence: computed.evidence,
  }).text;
}

/**
 * Publishes the snapshot so that of two `submit` at once exactly one wins (SPEC §8.1): written
 * complete to a temporary file first; then, under the lock, what is on disk now is checked again
 * (the period submitted or replaced meanwhile, an overlapping period submitted meanwhile) and the
 * snapshot is put in place only if its name is free (a replacement keeps the old one as `history`).
 */
export async function publishUnderLock(p: Platform, project: Project, period: Period, claim: Claim, text: string, history: string | undefined): Promise<void> {
  const { files, target, existing } = claim;
  const staged = await stageOutput(p, target, text);
  try {
    await withSubmissionLock(p, project, async () => {
      const later = await readSubmitted(p, project, new Set(files.map((f) => f.name)));
      const now = await existingSnapshot(p, project, period.id);
      if (existing) {
        if (!now || !sameBytes(now.bytes, existing.bytes)) {
          throw new UsageError(message('submit.replacedMeanwhile', { period: period.id, file: shownFile(project, target), date: now ? submittedDay(now.bytes) : '?' }));
        }
      } else if (now) throw alreadySubmitted(project, period, now.file, now.bytes);
      refuseOverlap(period, later);
      if (!(await publishSnapshot(p, staged, history && now ? { bytes: now.bytes, keepAs: history } : undefined))) {
        const winner = await existingSnapshot(p, project, period.id);
        throw alreadySubmitted(project, period, target, winner?.bytes ?? new Uint8Array());
      }
    });
  } finally {
    await staged.discard();
  }
}
