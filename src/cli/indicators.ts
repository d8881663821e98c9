/** `pal-report indicators --period P`: the coordinator's numbers for a period. */
import { computeIndicators, type DataCheck, type Gate, indicatorsCsv, indicatorsJson, renderIndicatorsTable, renderIssuesText, unreadableLines } from '../app/index.js';
import { UsageError } from '../errors.js';
import { countText, message, t, type Lang } from '../i18n/index.js';
import { colorsFor, platformOf, type CliIO } from './io.js';
import { dataOptions, parseChoice, parseDataOptions, type DataOptions, type DataSettings } from './options.js';
import type { Outcome } from './outcome.js';
import { withProgress } from './progress.js';

export interface IndicatorsOptions extends DataOptions {
  period?: string;
  format?: string;
  allowErrors?: boolean;
}

/**
 * Commands that compute validate first: with data errors they stop with exit 1 and the issue
 * list (on stderr, stdout stays for the result), unless --allow-errors (said on stderr).
 */
export function showGate(g: Gate, check: DataCheck, s: DataSettings, io: CliIO, lang: Lang): void {
  const { issues, summary } = check;
  if (g === 'unreadable') io.stderr(unreadableLines(issues, lang));
  else if (g === 'allowed') {
    const { participants, records } = check.leftOut;
    io.stderr(`${t('cli.allowErrors', { errors: countText(summary.counts.error, 'error', lang), participants: countText(participants, 'row', lang), records: countText(records, 'record', lang) }, lang)}\n`);
  } else if (g === 'data-errors') {
    io.stderr(renderIssuesText(issues, summary, { max: s.maxIssues, lang, colors: colorsFor(io, io.stderrIsTTY, s.noColor), verdict: t('cli.stoppedOnErrors', {}, lang) }));
  }
}

export async function indicatorsCommand(opts: IndicatorsOptions, io: CliIO, lang: Lang): Promise<Outcome> {
  const format = parseChoice(opts.format, '--format', ['table', 'json', 'csv'] as const, 'table');
  const s = parseDataOptions(opts, io, lang);
  if (!opts.period) throw new UsageError(message('cli.periodRequired'));
  const period = opts.period;
  const result = await withProgress(s, io, lang, (onProgress) => computeIndicators({ ...dataOptions(opts, s, onProgress), period, allowErrors: Boolean(opts.allowErrors) }, platformOf(io)));
  showGate(result.gate, result.check, s, io, lang);
  const report = result.indicators;
  if (!report) return result.outcome;
  if (format === 'json') io.stdout(`${JSON.stringify(indicatorsJson(report), null, 2)}\n`);
  else if (format === 'csv') io.stdout(indicatorsCsv(report));
  else io.stdout(renderIndicatorsTable(report, result.efficiency, result.running, lang));
  return 'ok';
}
