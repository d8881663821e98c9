/** `pal-report corrections`: every difference between the submitted periods and today's data (SPEC §8). */
import { loadSnapshots, readKey, shownFile, submissionsDir } from '../corrections/store.js';
import { countText, render, type Lang } from '../i18n/index.js';
import { t } from '../i18n/index.js';
import { compareSubmitted } from '../pipeline.js';
import { loadProject } from '../project/load.js';
import { correctionsCsv, correctionsJson, renderCorrections, type CorrectionsOutput } from './corrections-output.js';
import { gateOnIssues } from './indicators.js';
import { platformOf, type CliIO } from './io.js';
import { parseChoice, parseDataOptions, type DataOptions } from './options.js';
import type { Outcome } from './outcome.js';
import { checkWithProgress } from './progress.js';

export interface CorrectionsOptions extends DataOptions {
  format?: string;
}

export async function correctionsCommand(opts: CorrectionsOptions, io: CliIO, lang: Lang): Promise<Outcome> {
  const format = parseChoice(opts.format, '--format', ['table', 'json', 'csv'] as const, 'table');
  const s = parseDataOptions(opts, io, lang);
  const project = await loadProject(platformOf(io).inputs, opts.project);
  // a bad snapshot is refused (exit 2) before the data is read
  const snapshots = await loadSnapshots(platformOf(io), project);
  let result: CorrectionsOutput = { corrections: [], resolved: [] };
  if (snapshots.length === 0) {
    if (!s.quiet) io.stderr(`${t('corrections.noSnapshots', { dir: shownFile(project, submissionsDir(project)) || '.' }, lang)}\n`);
  } else {
    // --strict here is about corrections, not the data: warnings do not make the data wrong
    const checked = await checkWithProgress(project, { ...s, strict: false }, io, lang);
    if (checked.summary.unreadable) return gateOnIssues(checked, s, true, io, lang) ?? 'unreadable';
    // rows with errors count nowhere, here as in the next claim: say so, and go on
    if (!checked.summary.ok) {
      const { participants, records } = checked.usable.leftOut;
      io.stderr(`${t('corrections.dataErrors', { errors: countText(checked.summary.counts.error, 'error', lang), participants: countText(participants, 'row', lang), records: countText(records, 'record', lang) }, lang)}\n`);
    }
    const { comparisons, notes } = compareSubmitted(platformOf(io).crypto, project, checked, snapshots, s.asOf, await readKey(platformOf(io), project));
    for (const n of notes) io.stderr(`${render(n, lang)}\n`);
    result = { corrections: comparisons.flatMap((c) => c.corrections), resolved: comparisons.flatMap((c) => c.resolved) };
  }
  if (format === 'json') io.stdout(`${JSON.stringify(correctionsJson(result), null, 2)}\n`);
  else if (format === 'csv') io.stdout(correctionsCsv(result));
  else if (snapshots.length > 0) io.stdout(renderCorrections(result, snapshots.length, lang));
  return s.strict && result.corrections.length > 0 ? 'data-errors' : 'ok';
}
