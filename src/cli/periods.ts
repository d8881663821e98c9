/** `pal-report periods`: the reporting periods of the project with their dates. */
import { formatPl } from '../dates.js';
import { t, type Lang } from '../i18n/index.js';
import type { Outcome } from './outcome.js';
import { reportingPeriods } from '../project/periods.js';
import { loadProject } from '../project/load.js';
import { platformOf, type CliIO } from './io.js';
import { parseChoice, type CommonOptions } from './options.js';

export interface PeriodsOptions extends CommonOptions {
  format?: string;
}

export async function periodsCommand(opts: PeriodsOptions, io: CliIO, lang: Lang): Promise<Outcome> {
  const format = parseChoice(opts.format, '--format', ['text', 'json'] as const, 'text');
  const { definition } = await loadProject(platformOf(io).inputs, opts.project);
  const periods = reportingPeriods(definition);
  const span = definition.project.period;
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ project: definition.project.number, from: span.from, to: span.to, periods }, null, 2)}\n`);
    return 'ok';
  }
  const width = Math.max(...periods.map((p) => p.id.length));
  const lines = [t('out.period.header', { number: definition.project.number, from: formatPl(span.from), to: formatPl(span.to) }, lang)];
  for (const p of periods) lines.push(`  ${p.id.padEnd(width)}  ${formatPl(p.from)} – ${formatPl(p.to)}`);
  io.stdout(`${lines.join('\n')}\n`);
  return 'ok';
}
