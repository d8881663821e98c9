/** `pal-report submit --period P`: records what was reported for P (SPEC §8). */
import { formatPl, submitPeriod, submitReason } from '../app/index.js';
import { t, type Lang } from '../i18n/index.js';
import { showGate } from './indicators.js';
import { platformOf, type CliIO } from './io.js';
import { dataOptions, parseDataOptions, type DataOptions } from './options.js';
import type { Outcome } from './outcome.js';
import { withProgress } from './progress.js';
import { generationTime } from './report.js';

export interface SubmitOptions extends DataOptions {
  period?: string;
  note?: string;
  allowErrors?: boolean;
  generatedAt?: string;
  replace?: boolean;
  reason?: string;
}

export async function submitCommand(opts: SubmitOptions, io: CliIO, lang: Lang): Promise<Outcome> {
  const s = parseDataOptions(opts, io, lang);
  const submittedAt = generationTime(opts.generatedAt, io.env, io.now);
  const reason = submitReason(opts.period, Boolean(opts.replace), opts.reason);
  const result = await withProgress(s, io, lang, (onProgress, clear) => submitPeriod({
    ...dataOptions(opts, s, onProgress),
    period: opts.period as string,
    note: opts.note,
    allowErrors: Boolean(opts.allowErrors),
    submittedAt,
    ...(opts.replace ? { replace: { reason: reason ?? '' } } : {}),
    onKeyCreated: (file) => {
      clear();
      if (!s.quiet) io.stderr(`${t('submit.keyCreated', { file }, lang)}\n`);
    },
  }, platformOf(io)));
  showGate(result.gate, result.check, s, io, lang);
  if (result.file === undefined) return result.outcome;
  const { period } = result;
  io.stdout(`${result.file}\n`);
  // said once it is true: the period was submitted (a run that stops on errors or a refusal submits nothing)
  if (result.adHoc) io.stderr(`${t('submit.adHoc', { period: period.id, from: formatPl(period.from), to: formatPl(period.to) }, lang)}\n`);
  if (result.replaced && !s.quiet) io.stderr(`${t('submit.replaced', { file: result.replaced }, lang)}\n`);
  return 'ok';
}
