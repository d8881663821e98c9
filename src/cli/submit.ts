/** `pal-report submit --period P`: records what was reported for P (SPEC §8). */
import path from 'node:path';
import { sealSnapshot, SNAPSHOT_FORMAT } from '../corrections/snapshot.js';
import { keyFingerprint, needsKey } from '../corrections/keys.js';
import {
  digestOfBytes, ensureGitignore, ensureKey, existingSnapshot, fileDigest, historyFile, KEY_FILE, publishSnapshot, readKey, readSubmitted,
  shownFile, snapshotFile, submissionsDir, withSubmissionLock, type SubmittedFile,
} from '../corrections/store.js';
import { formatPl, warsawDay } from '../dates.js';
import { UsageError } from '../errors.js';
import { message, t, type Lang } from '../i18n/index.js';
import { discard, sweepTemporaries, writeTemporary } from '../io/atomic.js';
import { submittedValues } from '../pipeline.js';
import { loadProject, type Project } from '../project/load.js';
import { reportingPeriods, resolvePeriod, type Period } from '../project/periods.js';
import { gateOnIssues } from './indicators.js';
import { writingInto, type CliIO } from './io.js';
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
function submittedDay(bytes: Buffer): string {
  try {
    const at = (JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, '')) as { submittedAt?: unknown }).submittedAt;
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

function alreadySubmitted(project: Project, period: Period, file: string, bytes: Buffer): UsageError {
  return new UsageError(message('submit.exists', { period: period.id, file: shownFile(project, file), date: submittedDay(bytes) }));
}

export async function submitCommand(opts: SubmitOptions, io: CliIO, lang: Lang): Promise<Outcome> {
  const s = parseDataOptions(opts, io, lang);
  const fixed = generationTime(opts.generatedAt, io.env, io.now);
  if (!opts.period) throw new UsageError(message('cli.periodRequired'));
  const reason = opts.reason?.trim();
  if (opts.replace && !reason) throw new UsageError(message('submit.reasonRequired'));
  if (!opts.replace && opts.reason !== undefined) throw new UsageError(message('submit.reasonWithoutReplace'));
  const project = loadProject(opts.project, io.cwd);
  const period = resolvePeriod(opts.period, project.definition);
  // only claim periods, refused before the data is read: nothing changes
  if (period.id === 'all') throw new UsageError(message('submit.all'));
  if (period.from > s.asOf) throw new UsageError(message('submit.future', { period: period.id, from: formatPl(period.from), asOf: formatPl(s.asOf) }));
  const files = await readSubmitted(project);
  const target = snapshotFile(submissionsDir(project), period.id);
  const existing = await existingSnapshot(project, period.id);
  if (existing && !opts.replace) throw alreadySubmitted(project, period, existing.file, existing.bytes);
  refuseOverlap(period, files);
  if (!reportingPeriods(project.definition).some((p) => p.from === period.from && p.to === period.to)) {
    io.stderr(`${t('submit.adHoc', { period: period.id, from: formatPl(period.from), to: formatPl(period.to) }, lang)}\n`);
  }
  const checked = await checkWithProgress(project, s, io, lang);
  const stop = gateOnIssues(checked, s, Boolean(opts.allowErrors), io, lang);
  if (stop !== undefined) return stop;

  // a file of the submissions directory that cannot be written is named as submit names it: relative to the project
  const keepOldAs = await writingInto('', project.dir, async () => {
    const keyFile = path.join(submissionsDir(project), KEY_FILE);
    let key = await readKey(project);
    if (key === undefined && needsKey(checked.dataset.participants)) {
      const hashed = files.filter((f) => f.hashed).map((f) => f.file);
      // a snapshot with hashed persons was published after its key was made: read it again before calling it lost
      if (hashed.length > 0) key = await readKey(project);
      if (key === undefined && hashed.length > 0) {
        // a new key would make every person hashed under the lost one unmatchable
        throw new UsageError(message('submit.keyLost', { file: shownFile(project, keyFile), snapshots: hashed.join(', ') }));
      }
      if (key === undefined) {
        const made = await ensureKey(project);
        key = made.key;
        if (made.created && !s.quiet) io.stderr(`${t('submit.keyCreated', { file: shownFile(project, keyFile) }, lang)}\n`);
      }
    }
    await ensureGitignore(project);
    const computed = submittedValues(project, checked, period, s.asOf, key);
    const inputs = [];
    for (const f of checked.dataset.files) inputs.push({ file: f.label, sha256: await fileDigest(path.join(project.dir, f.label)) });
    const history = existing ? await historyFile(project, period.id) : undefined;
    const { text } = sealSnapshot({
      format: SNAPSHOT_FORMAT,
      project: project.definition.project.number,
      period: { id: period.id, from: period.from, to: period.to },
      asOf: s.asOf,
      submittedAt: fixed.toISOString(),
      ...(opts.note ? { note: opts.note } : {}),
      ...(key !== undefined ? { keyCheck: keyFingerprint(key) } : {}),
      ...(existing && history && reason ? { replaces: { file: path.basename(history), sha256: digestOfBytes(existing.bytes), reason } } : {}),
      inputs,
      values: computed.values,
      evidence: computed.evidence,
    });
    // written complete first; checking what is there and publishing is one step under the lock
    const temporary = await writeTemporary(target, text);
    try {
      await withSubmissionLock(project, async () => {
        const later = await readSubmitted(project, new Set(files.map((f) => f.name)));
        const now = await existingSnapshot(project, period.id);
        if (existing) {
          if (!now || !now.bytes.equals(existing.bytes)) {
            throw new UsageError(message('submit.replacedMeanwhile', { period: period.id, file: shownFile(project, target), date: now ? submittedDay(now.bytes) : '?' }));
          }
        } else if (now) throw alreadySubmitted(project, period, now.file, now.bytes);
        refuseOverlap(period, later);
        if (!(await publishSnapshot(target, temporary, history))) {
          const winner = await existingSnapshot(project, period.id);
          throw alreadySubmitted(project, period, target, winner?.bytes ?? Buffer.from(''));
        }
      });
    } finally {
      await discard(temporary);
    }
    await sweepTemporaries(submissionsDir(project));
    return history;
  });
  io.stdout(`${shownFile(project, target)}\n`);
  if (keepOldAs && !s.quiet) io.stderr(`${t('submit.replaced', { file: shownFile(project, keepOldAs) }, lang)}\n`);
  return 'ok';
}
