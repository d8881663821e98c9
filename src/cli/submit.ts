/** `pal-report submit --period P`: records what was reported for P (SPEC §8). */
import path from 'node:path';
import { sealSnapshot, SNAPSHOT_FORMAT, type Snapshot } from '../corrections/snapshot.js';
import { keyFingerprint, needsKey } from '../corrections/keys.js';
import {
  digestOfBytes, ensureGitignore, ensureKey, existingSnapshot, fileDigest, historyFile, KEY_FILE, publishSnapshot, readKey, readSubmitted,
  isSubmissionFile, refuseLeftLock, shownFile, snapshotFile, submissionsDir, withSubmissionLock, type SubmittedFile,
} from '../corrections/store.js';
import { formatPl, warsawDay, type IsoDate } from '../dates.js';
import { UsageError } from '../errors.js';
import { message, t, type Lang } from '../i18n/index.js';
import { stageOutput, sweepTemporaries } from '../io/atomic.js';
import type { Platform } from '../platform/index.js';
import { submittedValues, type Checked } from '../pipeline.js';
import { loadProject, type Project } from '../project/load.js';
import { reportingPeriods, resolvePeriod, type Period } from '../project/periods.js';
import { gateOnIssues } from './indicators.js';
import { platformOf, writingInto, type CliIO } from './io.js';
import { parseDataOptions, type DataOptions } from './options.js';
import type { Outcome } from './outcome.js';
import { checkWithProgress } from './progress.js';
import { generationTime } from './report.js';

export interface SubmitOptions extends DataOptions {
  period?: string;
  note?: string;
  allowErrors?: boolean;
  generatedAt?: string;
  replace?: boolean;
  reason?: string;
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

/** The command line's own rules for submit: a period, and a reason exactly with --replace. Returns the reason. */
function checkSubmitOptions(opts: SubmitOptions): string | undefined {
  if (!opts.period) throw new UsageError(message('cli.periodRequired'));
  const reason = opts.reason?.trim();
  if (opts.replace && !reason) throw new UsageError(message('submit.reasonRequired'));
  if (!opts.replace && opts.reason !== undefined) throw new UsageError(message('submit.reasonWithoutReplace'));
  return reason;
}

/** What `checkClaimPeriod` found on disk: the submitted files, the period's current snapshot, and whether the period is ad hoc. */
interface Claim {
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
async function checkClaimPeriod(p: Platform, project: Project, period: Period, asOf: IsoDate, replace: boolean): Promise<Claim> {
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
async function projectKey(p: Platform, project: Project, checked: Checked, files: readonly SubmittedFile[], told: ((file: string) => void) | undefined): Promise<string | undefined> {
  const keyFile = path.join(submissionsDir(project), KEY_FILE);
  let key = await readKey(p, project);
  if (key !== undefined || !needsKey(checked.dataset.participants)) return key;
  const hashed = files.filter((f) => f.hashed).map((f) => f.file);
  // a snapshot with hashed persons was published after its key was made: read it again before calling it lost
  if (hashed.length > 0) key = await readKey(p, project);
  if (key === undefined && hashed.length > 0) {
    throw new UsageError(message('submit.keyLost', { file: shownFile(project, keyFile), snapshots: hashed.join(', ') }));
  }
  if (key !== undefined) return key;
  const made = await ensureKey(p, project);
  if (made.created) told?.(shownFile(project, keyFile));
  return made.key;
}

interface SnapshotInput {
  period: Period;
  asOf: IsoDate;
  submittedAt: Date;
  note: string | undefined;
  key: string | undefined;
  replaces: Snapshot['replaces'];
}

/** The snapshot file's text: the values and evidence of the period, the inputs' digests, sealed. */
async function buildSnapshot(p: Platform, project: Project, checked: Checked, o: SnapshotInput): Promise<string> {
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
async function publishUnderLock(p: Platform, project: Project, period: Period, claim: Claim, text: string, history: string | undefined): Promise<void> {
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
        throw alreadySubmitted(project, period, target, winner?.bytes ?? new Uint8Array(0));
      }
    });
  } finally {
    await staged.discard();
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export async function submitCommand(opts: SubmitOptions, io: CliIO, lang: Lang): Promise<Outcome> {
  const s = parseDataOptions(opts, io, lang);
  const submittedAt = generationTime(opts.generatedAt, io.env, io.now);
  const reason = checkSubmitOptions(opts);
  const p = platformOf(io);
  const project = await loadProject(p.inputs, opts.project);
  const period = resolvePeriod(opts.period as string, project.definition);
  const claim = await checkClaimPeriod(p, project, period, s.asOf, Boolean(opts.replace));
  // a lock a killed submit left would refuse the publication: said now, not after reading the data (checked again then)
  await refuseLeftLock(p, project);
  const checked = await checkWithProgress(project, s, io, lang);
  const stop = gateOnIssues(checked, s, Boolean(opts.allowErrors), io, lang);
  if (stop !== undefined) return stop;

  // a file of the submissions directory that cannot be written is named as submit names it: relative to the project
  const keepOldAs = await writingInto('', project.dir, async () => {
    const told = s.quiet ? undefined : (file: string) => io.stderr(`${t('submit.keyCreated', { file }, lang)}\n`);
    const key = await projectKey(p, project, checked, claim.files, told);
    await ensureGitignore(p, project);
    const history = claim.existing ? await historyFile(p, project, period.id) : undefined;
    const replaces = claim.existing && history && reason ? { file: path.basename(history), sha256: digestOfBytes(p, claim.existing.bytes), reason } : undefined;
    const text = await buildSnapshot(p, project, checked, { period, asOf: s.asOf, submittedAt, note: opts.note, key, replaces });
    await publishUnderLock(p, project, period, claim, text, history);
    await sweepTemporaries(p, submissionsDir(project), isSubmissionFile);
    return history;
  });
  io.stdout(`${shownFile(project, claim.target)}\n`);
  // said once it is true: the period was submitted (a run that stops on errors or a refusal submits nothing)
  if (claim.adHoc) io.stderr(`${t('submit.adHoc', { period: period.id, from: formatPl(period.from), to: formatPl(period.to) }, lang)}\n`);
  if (keepOldAs && !s.quiet) io.stderr(`${t('submit.replaced', { file: shownFile(project, keepOldAs) }, lang)}\n`);
  return 'ok';
}
