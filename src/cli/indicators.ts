/** `pal-report indicators --period P`: the coordinator's numbers for a period. */
import { UsageError } from '../errors.js';
import { countText, message, t, type Lang } from '../i18n/index.js';
import { compute, type Checked } from '../pipeline.js';
import { checkWithProgress } from './progress.js';
import { resolvePeriod } from '../project/periods.js';
import { loadProject } from '../project/load.js';
import { colorsFor, platformOf, type CliIO } from './io.js';
import { indicatorsJson } from '../indicators/json.js';
import { indicatorsCsv, renderIndicatorsTable } from './indicators-output.js';
import { renderIssuesText, unreadableLines } from './issues-output.js';
import { parseChoice, parseDataOptions, type DataOptions, type DataSettings } from './options.js';
import type { Outcome } from './outcome.js';

export interface IndicatorsOptions extends DataOptions {
  period?: string;
  format?: string;
  allowErrors?: boolean;
}

/**
 * Commands that compute validate first: with data errors they stop with exit 1 and the issue
 * list (on stderr, stdout stays for the result), unless --allow-errors. Returns the exit code
 * to stop with, or undefined to go on.
 */
export function gateOnIssues(checked: Checked, s: DataSettings, allowErrors: boolean, io: CliIO, lang: Lang): Outcome | undefined {
  const { issues, summary } = checked;
  if (summary.unreadable) {
    io.stderr(unreadableLines(issues, lang));
    return 'unreadable';
  }
  if (summary.ok) return undefined;
  if (allowErrors) {
    const { participants, records } = checked.usable.leftOut;
    io.stderr(`${t('cli.allowErrors', { errors: countText(summary.counts.error, 'error', lang), participants: countText(participants, 'row', lang), records: countText(records, 'record', lang) }, lang)}\n`);
    return undefined;
  }
  io.stderr(renderIssuesText(issues, summary, { max: s.maxIssues, lang, colors: colorsFor(io, io.stderrIsTTY, s.noColor), verdict: t('cli.stoppedOnErrors', {}, lang) }));
  return 'data-errors';
}

export async function indicatorsCommand(opts: IndicatorsOptions, io: CliIO, lang: Lang): Promise<Outcome> {
  const format = parseChoice(opts.format, '--format', ['table', 'json', 'csv'] as const, 'table');
  const s = parseDataOptions(opts, io, lang);
  if (!opts.period) throw new UsageError(message('cli.periodRequired'));
  const project = await loadProject(platformOf(io).inputs, opts.project);
  const period = resolvePeriod(opts.period, project.definition);
  const checked = await checkWithProgress(project, s, io, lang);
  const stop = gateOnIssues(checked, s, Boolean(opts.allowErrors), io, lang);
  if (stop !== undefined) return stop;

  const figures = compute(project, checked, period, s.asOf);
  const report = { project: project.definition.project.number, period, asOf: s.asOf, indicators: figures.values };
  if (format === 'json') io.stdout(`${JSON.stringify(indicatorsJson(report), null, 2)}\n`);
  else if (format === 'csv') io.stdout(indicatorsCsv(report));
  else io.stdout(renderIndicatorsTable(report, figures.efficiency, figures.running, lang));
  return 'ok';
}
