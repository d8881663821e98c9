/** Reading and checking a project's data: ingest → validate, the first half of every command. */
import type { IsoDate } from '../dates.js';
import { loadDataset, type Dataset, type LoadOptions } from '../ingest/index.js';
import type { Platform } from '../platform/index.js';
import type { Project } from '../project/index.js';
import { sortIssues, summarise, validateDataset, type Usable, type ValidationSummary } from './index.js';
import { IssueSink, type Issue } from './issue.js';

export interface Checked {
  dataset: Dataset;
  issues: Issue[];
  summary: ValidationSummary;
  /** The rows the figures may use: a row with an error counts nowhere. */
  usable: Usable;
}

/** Reads every data file and runs every rule: issues sorted as an accountant walks the files. */
export async function check(platform: Pick<Platform, 'inputs' | 'codec'>, project: Project, asOf: IsoDate, strict: boolean, options: LoadOptions = {}): Promise<Checked> {
  const sink = new IssueSink();
  const dataset = await loadDataset(platform, project, options);
  const usable = validateDataset(project, dataset, asOf, sink);
  const issues = sortIssues(sink.issues, dataset.files.map((f) => f.label));
  return { dataset, issues, summary: summarise(issues, strict), usable };
}

/** The checked data with more issues (the `submitted-period-changed` warnings): sorted and summarised again. */
export function withIssues(checked: Checked, extra: readonly Issue[], strict: boolean): Checked {
  if (extra.length === 0) return checked;
  const issues = sortIssues([...checked.issues, ...extra], checked.dataset.files.map((f) => f.label));
  return { ...checked, issues, summary: summarise(issues, strict) };
}
