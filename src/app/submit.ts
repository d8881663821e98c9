/**
 * `submit --period P`: records what was reported for P (SPEC §8). The claim is checked before the
 * data is read, the snapshot is built from the same values `report progress` shows, and it is
 * published under the lock (corrections/submit.ts holds each step's rules).
 */
import { buildSnapshot, checkClaimPeriod, projectKey, publishUnderLock, digestOfBytes, ensureGitignore, historyFile, isSubmissionFile, refuseLeftLock, shownFile, submissionsDir } from '../corrections/index.js';
import { OutputError, UsageError } from '../errors.js';
import { message } from '../i18n/index.js';
import { buildComputeData } from '../indicators/index.js';
import { sweepTemporaries } from '../io/index.js';
import { path, type Platform } from '../platform/index.js';
import { resolvePeriod, type Period } from '../project/index.js';
import { checkData, dataCheck, gate, openProject, stopped, type DataCheck, type DataOptions, type Gate, type Outcome } from './run.js';

export interface SubmitOptions extends DataOptions {
  period: string;
  note?: string;
  allowErrors: boolean;
  /** When the period is submitted (stamped in the snapshot). */
  submittedAt: Date;
  /** `--replace` with its reason: a period submitted already is submitted again, the old snapshot kept. */
  replace?: { reason: string };
  /** Told when the project key is made (the path shown relative to the project), as it happens. */
  onKeyCreated?: (file: string) => void;
}

export interface SubmitResult {
  outcome: Outcome;
  gate: Gate;
  check: DataCheck;
  period: Period;
  /** The snapshot written, relative to the project (none when the run stopped at the gate). */
  file?: string;
  /** Not a reporting period of the definition: submitted all the same. */
  adHoc: boolean;
  /** Where the snapshot it replaced is kept, relative to the project. */
  replaced?: string;
}

/** The command line's own rules for submit: a period, and a reason exactly with --replace. Returns the reason. */
export function submitReason(period: string | undefined, replace: boolean, reason: string | undefined): string | undefined {
  if (!period) throw new UsageError(message('cli.periodRequired'));
  const trimmed = reason?.trim();
  if (replace && !trimmed) throw new UsageError(message('submit.reasonRequired'));
  if (!replace && reason !== undefined) throw new UsageError(message('submit.reasonWithoutReplace'));
  return trimmed;
}

export async function submitPeriod(options: SubmitOptions, platform: Platform): Promise<SubmitResult> {
  const p = platform;
  const project = await openProject(options, p);
  const period = resolvePeriod(options.period, project.definition);
  const claim = await checkClaimPeriod(p, project, period, options.asOf, options.replace !== undefined);
  // a lock a killed submit left would refuse the publication: said now, not after reading the data (checked again then)
  await refuseLeftLock(p, project);
  const checked = await checkData(p, project, options);
  const g = gate(checked.summary, options.allowErrors);
  const stop = stopped(g);
  if (stop !== undefined) return { outcome: stop, gate: g, check: dataCheck(checked), period, adHoc: claim.adHoc };

  let history: string | undefined;
  try {
    const key = await projectKey(p, project, checked.dataset.participants, claim.files, options.onKeyCreated ?? (() => undefined));
    await ensureGitignore(p, project);
    history = claim.existing ? await historyFile(p, project, period.id) : undefined;
    const reason = options.replace?.reason;
    const replaces = claim.existing && history && reason ? { file: path.basename(history), sha256: digestOfBytes(p, claim.existing.bytes), reason } : undefined;
    const data = buildComputeData(project, checked.dataset, checked.usable, options.asOf);
    const text = await buildSnapshot(p, project, { ...checked, data }, { period, asOf: options.asOf, submittedAt: options.submittedAt, note: options.note, key, replaces });
    await publishUnderLock(p, project, period, claim, text, history);
    await sweepTemporaries(p, submissionsDir(project), isSubmissionFile);
  } catch (e) {
    // a file of the submissions directory that cannot be written is named relative to the project
    if (e instanceof OutputError) throw e.shownAs(shownFile(project, e.file) || '.');
    throw e;
  }
  return {
    outcome: 'ok', gate: g, check: dataCheck(checked), period, file: shownFile(project, claim.target), adHoc: claim.adHoc,
    ...(history === undefined ? {} : { replaced: shownFile(project, history) }),
  };
}
