/** `pal-report corrections`: every difference between the submitted periods and today's data (SPEC §8). */
import { correctionsCsv, correctionsJson, listCorrections, renderCorrections } from '../app/index.js';
import { countText, render, t, type Lang } from '../i18n/index.js';
import { showGate } from './indicators.js';
import { platformOf, type CliIO } from './io.js';
import { dataOptions, parseChoice, parseDataOptions, type DataOptions } from './options.js';
import type { Outcome } from './outcome.js';
import { withProgress } from './progress.js';

export interface CorrectionsOptions extends DataOptions {
  format?: string;
}

export async function correctionsCommand(opts: CorrectionsOptions, io: CliIO, lang: Lang): Promise<Outcome> {
  const format = parseChoice(opts.format, '--format', ['table', 'json', 'csv'] as const, 'table');
  const s = parseDataOptions(opts, io, lang);
  const result = await withProgress(s, io, lang, (onProgress) => listCorrections(dataOptions(opts, s, onProgress), platformOf(io)));
  const { check } = result;
  if (result.snapshots === 0) {
    if (!s.quiet) io.stderr(`${t('corrections.noSnapshots', { dir: result.submissionsDir }, lang)}\n`);
  } else if (check?.summary.unreadable) {
    showGate('unreadable', check, s, io, lang);
    return result.outcome;
  } else if (check && !check.summary.ok) {
    // rows with errors count nowhere, here as in the next claim: say so, and go on
    const { participants, records } = check.leftOut;
    io.stderr(`${t('corrections.dataErrors', { errors: countText(check.summary.counts.error, 'error', lang), participants: countText(participants, 'row', lang), records: countText(records, 'record', lang) }, lang)}\n`);
  }
  for (const n of result.notes) io.stderr(`${render(n, lang)}\n`);
  const { list } = result;
  if (format === 'json') io.stdout(`${JSON.stringify(correctionsJson(list), null, 2)}\n`);
  else if (format === 'csv') io.stdout(correctionsCsv(list));
  else if (result.snapshots > 0) io.stdout(renderCorrections(list, result.snapshots, lang));
  return result.outcome;
}
