/** `validate`: the accountant's check of every data file, with the warnings of submitted periods whose data changed. */
import { compareSubmitted, loadSnapshots, readKey } from '../corrections/index.js';
import { UsageError } from '../errors.js';
import { message, type Message } from '../i18n/index.js';
import { buildComputeData } from '../indicators/index.js';
import { entryReading, resolveDataFiles } from '../ingest/index.js';
import type { Platform } from '../platform/index.js';
import { withIssues } from '../validate/index.js';
import { checkData, dataCheck, openProject, type DataCheck, type DataOptions, type Outcome } from './run.js';

export interface ValidateOptions extends DataOptions {
  /** `--annotate <dir>` as given: refused before anything is read when the definition would read copies written there. */
  annotate?: string;
}

export interface ValidateResult {
  outcome: Outcome;
  check: DataCheck;
  /** Notes on the submitted periods compared (a period no longer defined, no key, …). */
  notes: Message[];
}

export function outcomeOf(s: DataCheck['summary']): Outcome {
  return s.unreadable ? 'unreadable' : s.ok ? 'ok' : 'data-errors';
}

export async function validateProject(options: ValidateOptions, platform: Platform): Promise<ValidateResult> {
  const project = await openProject(options, platform);
  // copies written where the definition reads would be read as data next time: refused before anything is read or written
  if (options.annotate) {
    const entry = await entryReading(platform.inputs, project, await resolveDataFiles(platform.inputs, project), platform.inputs.resolve(options.annotate));
    if (entry !== undefined) throw new UsageError(message('cli.annotateIntoData', { dir: options.annotate, pattern: entry }));
  }
  // a bad snapshot is refused (exit 2) before the data is read
  const snapshots = await loadSnapshots(platform, project);
  let checked = await checkData(platform, project, options);
  const notes: Message[] = [];
  // with errors, rows count nowhere and every submitted value they fed would be flagged: errors first
  if (snapshots.length > 0 && !checked.summary.unreadable && checked.summary.counts.error === 0) {
    const data = buildComputeData(project, checked.dataset, checked.usable, options.asOf);
    const submitted = compareSubmitted(platform.crypto, project, { ...checked, data }, snapshots, options.asOf, await readKey(platform, project));
    notes.push(...submitted.notes);
    checked = withIssues(checked, submitted.issues(), options.strict);
  }
  return { outcome: outcomeOf(checked.summary), check: dataCheck(checked), notes };
}
