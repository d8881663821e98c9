/** `report progress --period P` and `report final`: the report model, then its files. */
import { compareSubmitted, loadSnapshots, readKey, type CheckedData } from '../corrections/index.js';
import type { IsoDate } from '../dates.js';
import type { Message } from '../i18n/index.js';
import { buildComputeData, computeReport } from '../indicators/index.js';
import { path, readText, type Platform } from '../platform/index.js';
import { resolvePeriod, type Project, type Period } from '../project/index.js';
import { buildReport, writeReport, type ReportFormat, type ReportModel, type ReportKind, type SubmittedInfo } from '../report/index.js';
import { checkData, dataCheck, gate, openProject, stopped, type DataCheck, type DataOptions, type Gate, type Outcome } from './run.js';

export interface ReportOptions extends DataOptions {
  allowErrors: boolean;
  /** The generation time printed in the report and stamped in its files (pinned for reproducible output). */
  generatedAt: Date;
}

export interface ProgressReportOptions extends ReportOptions {
  /** `--period`: an id of SPEC §4.2. */
  period: string;
}

/** A report ready to be written: its model and when it was generated. */
export interface Report {
  model: ReportModel;
  generatedAt: Date;
}

export interface ReportResult {
  outcome: Outcome;
  gate: Gate;
  check: DataCheck;
  /** Notes on the submitted periods compared. */
  notes: Message[];
  /** None when the run stopped at the gate. */
  report?: Report;
}

export function progressReport(options: ProgressReportOptions, platform: Platform): Promise<ReportResult> {
  return makeReport('progress', options, platform);
}

export function finalReport(options: ReportOptions, platform: Platform): Promise<ReportResult> {
  return makeReport('final', options, platform);
}

/** A small text input, or undefined when there is none (or it cannot be read): the report goes on without it. */
async function readIfExists(platform: Platform, file: string): Promise<string | undefined> {
  try {
    return await readText(platform.inputs, file);
  } catch {
    return undefined;
  }
}

/**
 * Submitted periods for a progress report (SPEC §8): the corrections of those before this
 * period, and this period's own submission date; undefined when nothing was submitted.
 */
async function submittedInfo(platform: Platform, project: Project, checked: CheckedData, period: Period, asOf: IsoDate, notes: Message[]): Promise<SubmittedInfo | undefined> {
  const snapshots = await loadSnapshots(platform, project);
  if (snapshots.length === 0) return undefined;
  const own = snapshots.find((x) => x.snapshot.period.id === period.id);
  const before = snapshots.filter((x) => x.snapshot.period.to < period.from);
  const compared = compareSubmitted(platform.crypto, project, checked, before, asOf, await readKey(platform, project));
  notes.push(...compared.notes);
  const { comparisons } = compared;
  const info: SubmittedInfo = {
    corrections: comparisons.flatMap((c) => c.corrections),
    resolved: comparisons.reduce((n, c) => n + c.resolved.length, 0),
  };
  const last = before[before.length - 1];
  if (last) info.lastPeriod = last.snapshot.period.id;
  if (own) info.submittedAt = own.snapshot.submittedAt;
  return info;
}

async function makeReport(kind: ReportKind, options: ReportOptions & { period?: string }, platform: Platform): Promise<ReportResult> {
  const project = await openProject(options, platform);
  const period = resolvePeriod(kind === 'final' ? 'all' : options.period ?? '', project.definition);
  const checked = await checkData(platform, project, options);
  const g = gate(checked.summary, options.allowErrors);
  const stop = stopped(g);
  const notes: Message[] = [];
  if (stop !== undefined) return { outcome: stop, gate: g, check: dataCheck(checked), notes };

  // built once: the submitted periods are compared on the same data the report shows
  const data = buildComputeData(project, checked.dataset, checked.usable, options.asOf);
  const submitted = kind === 'progress' ? await submittedInfo(platform, project, { ...checked, data }, period, options.asOf, notes) : undefined;
  const descriptionFile = path.join(project.dir, 'opisy', kind === 'final' ? 'koncowy.md' : `${period.id}.md`);
  const figures = computeReport(project, checked, period, options.asOf, data);
  const descriptions = await readIfExists(platform, descriptionFile);
  const model = buildReport({
    project,
    checked,
    figures,
    options: {
      kind,
      generatedAt: options.generatedAt.toISOString(),
      allowErrors: options.allowErrors,
      ...(descriptions === undefined ? {} : { descriptions }),
      ...(submitted === undefined ? {} : { submitted }),
    },
  });
  return { outcome: 'ok', gate: g, check: dataCheck(checked), notes, report: { model, generatedAt: options.generatedAt } };
}

/**
 * Writes a report's files into `dir` (as given; made when missing): every format rendered complete
 * beside its target before any is put in place (the XLSX streamed). Returns the paths written.
 */
export async function writeReportFiles(report: Report, formats: readonly ReportFormat[], dir: string, platform: Platform): Promise<string[]> {
  return writeReport(platform, report.model, formats, platform.inputs.resolve(dir), report.generatedAt);
}
