/**
 * The front half of every command: read all data files, run every rule, sort and summarise.
 * Commands that compute or render start from its result.
 */
import type { IsoDate } from './dates.js';
import { loadDataset, type Dataset, type LoadOptions } from './ingest/dataset.js';
import type { Project } from './project/load.js';
import { sortIssues, summarise, validateDataset, type Usable, type ValidationSummary } from './validate/index.js';
import { IssueSink, type Issue } from './validate/issue.js';

export interface Checked {
  dataset: Dataset;
  issues: Issue[];
  summary: ValidationSummary;
  /** The rows the figures may use: a row with an error counts nowhere. */
  usable: Usable;
}

export async function ingestAndValidate(project: Project, asOf: IsoDate, strict: boolean, options: LoadOptions = {}): Promise<Checked> {
  const sink = new IssueSink();
  const dataset = await loadDataset(project, options);
  const usable = validateDataset(project, dataset, asOf, sink);
  const issues = sortIssues(sink.issues, dataset.files.map((f) => f.label));
  return { dataset, issues, summary: summarise(issues, strict), usable };
}
