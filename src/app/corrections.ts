/** `corrections`: every difference between the submitted periods and today's data (SPEC §8). */
import { compareSubmitted, loadSnapshots, readKey, shownFile, submissionsDir, type Difference, type Resolved } from '../corrections/index.js';
import type { Message } from '../i18n/index.js';
import { buildComputeData } from '../indicators/index.js';
import type { Platform } from '../platform/index.js';
import { checkData, dataCheck, openProject, type DataCheck, type DataOptions, type Outcome } from './run.js';

export interface CorrectionsOptions extends DataOptions {}

export interface CorrectionsList {
  corrections: Difference[];
  resolved: Resolved[];
}

export interface CorrectionsResult {
  outcome: Outcome;
  /** How many snapshots were compared. */
  snapshots: number;
  /** The submissions folder, relative to the project (`.` for the project's own), for "nothing submitted yet". */
  submissionsDir: string;
  /** The checked data (none when nothing was submitted: the data is not read then). */
  check?: DataCheck;
  notes: Message[];
  list: CorrectionsList;
}

/** `strict` (`--strict` here): corrections fail the run (exit 1); warnings of the data do not. */
export async function listCorrections(options: CorrectionsOptions, platform: Platform): Promise<CorrectionsResult> {
  const project = await openProject(options, platform);
  // a bad snapshot is refused (exit 2) before the data is read
  const snapshots = await loadSnapshots(platform, project);
  const base = { snapshots: snapshots.length, submissionsDir: shownFile(project, submissionsDir(project)) || '.', notes: [] as Message[] };
  if (snapshots.length === 0) return { ...base, outcome: 'ok', list: { corrections: [], resolved: [] } };
  // --strict here is about corrections, not the data: warnings do not make the data wrong
  const checked = await checkData(platform, project, options, false);
  if (checked.summary.unreadable) return { ...base, outcome: 'unreadable', check: dataCheck(checked), list: { corrections: [], resolved: [] } };
  // rows with errors count nowhere, here as in the next claim: the caller says so, and goes on
  const data = buildComputeData(project, checked.dataset, checked.usable, options.asOf);
  const { comparisons, notes } = compareSubmitted(platform.crypto, project, { ...checked, data }, snapshots, options.asOf, await readKey(platform, project));
  const list = { corrections: comparisons.flatMap((c) => c.corrections), resolved: comparisons.flatMap((c) => c.resolved) };
  return { ...base, outcome: options.strict && list.corrections.length > 0 ? 'data-errors' : 'ok', check: dataCheck(checked), notes, list };
}
