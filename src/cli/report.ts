/** `pal-report report progress --period P` and `pal-report report final`. */
import path from 'node:path';
import { DateTime } from 'luxon';
import { UsageError } from '../errors.js';
import { message, render, type Lang } from '../i18n/index.js';
import { checkWithProgress } from './progress.js';
import { loadProject } from '../project/load.js';
import { resolvePeriod } from '../project/periods.js';
import { compareSubmitted, computeReport, type Checked } from '../pipeline.js';
import { loadSnapshots, readKey } from '../corrections/store.js';
import type { IsoDate } from '../dates.js';
import type { Project } from '../project/load.js';
import type { Period } from '../project/periods.js';
import type { SubmittedInfo } from '../report/sections/input.js';
import { buildReport } from '../report/build.js';
import { REPORT_FORMATS, type ReportFormat } from '../report/formats.js';
import { gateOnIssues } from './indicators.js';
import { shownPath, writingInto, platformOf, type CliIO } from './io.js';
import { parseChoice, parseDataOptions, type DataOptions } from './options.js';
import type { Outcome } from './outcome.js';
import { readText } from '../platform/read.js';
import type { Inputs } from '../platform/index.js';

export interface ReportOptions extends DataOptions {
  period?: string;
  allowErrors?: boolean;
  out?: string;
  formats?: string;
  generatedAt?: string;
}

/** --generated-at, else SOURCE_DATE_EPOCH (seconds), else now: the only clock a report reads. */
export function generationTime(option: string | undefined, env: Record<string, string | undefined>, now: () => Date): Date {
  if (option !== undefined) {
    // a date alone is midnight UTC; a date-time without an offset is UTC too
    const d = DateTime.fromISO(option.trim(), { zone: 'utc' });
    if (!d.isValid) throw new UsageError(message('cli.badDate', { value: option, option: '--generated-at' }));
    return d.toJSDate();
  }
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch)) throw new UsageError(message('cli.badEpoch', { value: epoch }));
    return new Date(Number(epoch) * 1000);
  }
  return now();
}

function parseFormats(value: string | undefined): ReportFormat[] {
  if (value === undefined) return ['xlsx', 'pdf'];
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const f of list) parseChoice(f, '--formats', REPORT_FORMATS, 'xlsx');
  if (list.length === 0) throw new UsageError(message('cli.badChoice', { option: '--formats', values: REPORT_FORMATS.join(', '), value }));
  return [...new Set(list)] as ReportFormat[];
}

async function readIfExists(inputs: Inputs, file: string): Promise<string | undefined> {
  try {
    return await readText(inputs, file);
  } catch {
    return undefined;
  }
}

/**
 * Submitted periods for a progress report (SPEC §8): the corrections of those before this
 * period, and this period's own submission date; undefined when nothing was submitted.
 */
async function submittedInfo(project: Project, checked: Checked, period: Period, asOf: IsoDate, io: CliIO, lang: Lang): Promise<SubmittedInfo | undefined> {
  const snapshots = await loadSnapshots(platformOf(io), project);
  if (snapshots.length === 0) return undefined;
  const own = snapshots.find((x) => x.snapshot.period.id === period.id);
  const before = snapshots.filter((x) => x.snapshot.period.to < period.from);
  const { comparisons, notes } = compareSubmitted(platformOf(io).crypto, project, checked, before, asOf, await readKey(platformOf(io), project));
  for (const n of notes) io.stderr(`${render(n, lang)}\n`);
  const info: SubmittedInfo = {
    corrections: comparisons.flatMap((c) => c.corrections),
    resolved: comparisons.reduce((n, c) => n + c.resolved.length, 0),
  };
  const last = before[before.length - 1];
  if (last) info.lastPeriod = last.snapshot.period.id;
  if (own) info.submittedAt = own.snapshot.submittedAt;
  return info;
}

export async function reportCommand(kind: string, opts: ReportOptions, io: CliIO, lang: Lang): Promise<Outcome> {
  const which = parseChoice(kind, 'report', ['progress', 'final'] as const, 'progress');
  const formats = parseFormats(opts.formats);
  const s = parseDataOptions(opts, io, lang);
  const fixed = generationTime(opts.generatedAt, io.env, io.now);
  if (which === 'progress' && !opts.period) throw new UsageError(message('cli.periodRequired'));
  const project = await loadProject(platformOf(io).inputs, opts.project);
  const period = which === 'final' ? resolvePeriod('all', project.definition) : resolvePeriod(opts.period ?? '', project.definition);
  const checked = await checkWithProgress(project, s, io, lang);
  const stop = gateOnIssues(checked, s, Boolean(opts.allowErrors), io, lang);
  if (stop !== undefined) return stop;

  const submitted = which === 'progress' ? await submittedInfo(project, checked, period, s.asOf, io, lang) : undefined;
  const descriptionFile = path.join(project.dir, 'opisy', which === 'final' ? 'koncowy.md' : `${period.id}.md`);
  const figures = computeReport(project, checked, period, s.asOf);
  const descriptions = await readIfExists(platformOf(io).inputs, descriptionFile);
  const model = buildReport({
    project,
    checked,
    figures,
    options: {
      kind: which,
      generatedAt: fixed.toISOString(),
      allowErrors: Boolean(opts.allowErrors),
      ...(descriptions === undefined ? {} : { descriptions }),
      ...(submitted === undefined ? {} : { submitted }),
    },
  });
  const out = opts.out ?? 'raporty';
  const outDir = path.resolve(io.cwd, out);
  // exceljs and pdfkit load only when a report is written
  const { writeReport } = await import('../report/write.js');
  const written = await writingInto(out, outDir, () => writeReport(platformOf(io), model, formats, outDir, fixed));
  for (const f of written) io.stdout(`${shownPath(out, path.basename(f))}\n`);
  return 'ok';
}
