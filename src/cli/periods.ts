/** `pal-report periods`: the reporting periods of the project with their dates. */
import { formatPl, listPeriods } from '../app/index.js';
import { t, type Lang } from '../i18n/index.js';
import type { Outcome } from './outcome.js';
import { platformOf, type CliIO } from './io.js';
import { parseChoice, type CommonOptions } from './options.js';

export interface PeriodsOptions extends CommonOptions {
  format?: string;
}

export async function periodsCommand(opts: PeriodsOptions, io: CliIO, lang: Lang): Promise<Outcome> {
  const format = parseChoice(opts.format, '--format', ['text', 'json'] as const, 'text');
  const result = await listPeriods({ project: opts.project }, platformOf(io));
  const { periods } = result;
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ project: result.project, from: result.from, to: result.to, periods }, null, 2)}\n`);
    return 'ok';
  }
  const width = Math.max(...periods.map((p) => p.id.length));
  const lines = [t('out.period.header', { number: result.project, from: formatPl(result.from), to: formatPl(result.to) }, lang)];
  for (const p of periods) lines.push(`  ${p.id.padEnd(width)}  ${formatPl(p.from)} – ${formatPl(p.to)}`);
  io.stdout(`${lines.join('\n')}\n`);
  return 'ok';
}
