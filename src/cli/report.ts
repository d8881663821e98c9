/** `pal-report report progress --period P` and `pal-report report final`. */
import path from 'node:path';
import { DateTime } from 'luxon';
import { finalReport, progressReport, REPORT_FORMATS, writeReportFiles, type ReportFormat } from '../app/index.js';
import { UsageError } from '../errors.js';
import { message, render, type Lang } from '../i18n/index.js';
import { showGate } from './indicators.js';
import { platformOf, shownPath, writingInto, type CliIO } from './io.js';
import { dataOptions, parseChoice, parseDataOptions, type DataOptions } from './options.js';
import type { Outcome } from './outcome.js';
import { withProgress } from './progress.js';

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

export async function reportCommand(kind: string, opts: ReportOptions, io: CliIO, lang: Lang): Promise<Outcome> {
  const which = parseChoice(kind, 'report', ['progress', 'final'] as const, 'progress');
  const formats = parseFormats(opts.formats);
  const s = parseDataOptions(opts, io, lang);
  const generatedAt = generationTime(opts.generatedAt, io.env, io.now);
  if (which === 'progress' && !opts.period) throw new UsageError(message('cli.periodRequired'));
  const platform = platformOf(io);
  const result = await withProgress(s, io, lang, (onProgress) => {
    const options = { ...dataOptions(opts, s, onProgress), allowErrors: Boolean(opts.allowErrors), generatedAt };
    return which === 'final' ? finalReport(options, platform) : progressReport({ ...options, period: opts.period ?? '' }, platform);
  });
  showGate(result.gate, result.check, s, io, lang);
  for (const n of result.notes) io.stderr(`${render(n, lang)}\n`);
  if (!result.report) return result.outcome;
  const { report } = result;
  const out = opts.out ?? 'raporty';
  const written = await writingInto(out, path.resolve(io.cwd, out), () => writeReportFiles(report, formats, out, platform));
  for (const f of written) io.stdout(`${shownPath(out, path.basename(f))}\n`);
  return 'ok';
}
