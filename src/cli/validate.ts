/** `pal-report validate`: the accountant's check of all data files. */
import path from 'node:path';
import { annotateCopies, issuesJson, renderIssuesText, unreadableLines, validateProject, type ValidationSummary } from '../app/index.js';
import { countText, render, t, type Lang } from '../i18n/index.js';
import { colorsFor, platformOf, shownPath, writingInto, type CliIO } from './io.js';
import { dataOptions, parseChoice, parseDataOptions, type DataOptions } from './options.js';
import type { Outcome } from './outcome.js';
import { withProgress } from './progress.js';

export interface ValidateOptions extends DataOptions {
  format?: string;
  annotate?: string;
}

function verdict(s: ValidationSummary, strict: boolean, params: Record<string, string>, lang: Lang): string {
  if (s.unreadable) return t('out.verdict.unreadable', {}, lang);
  if (s.counts.error > 0) return t('out.verdict.errors', params, lang);
  if (strict && s.counts.warning > 0) return t('out.verdict.strict', {}, lang);
  return t(s.counts.warning > 0 ? 'out.verdict.okWarnings' : 'out.verdict.ok', params, lang);
}

export async function validateCommand(opts: ValidateOptions, io: CliIO, lang: Lang): Promise<Outcome> {
  const format = parseChoice(opts.format, '--format', ['text', 'json'] as const, 'text');
  const s = parseDataOptions(opts, io, lang);
  const platform = platformOf(io);
  const result = await withProgress(s, io, lang, (onProgress) => validateProject({ ...dataOptions(opts, s, onProgress), annotate: opts.annotate }, platform));
  for (const n of result.notes) io.stderr(`${render(n, lang)}\n`);
  const { issues, summary } = result.check;

  if (format === 'json') {
    io.stdout(`${JSON.stringify(issuesJson(issues, summary, s.maxIssues, lang), null, 2)}\n`);
  } else {
    // rows read but left out of every figure (a row with an error, a record of a person with one) are said so
    const { check } = result;
    const left = check.leftOut;
    const params = {
      participants: countText(check.participants, 'participant', lang),
      records: countText(check.records, 'record', lang),
      files: countText(check.files, 'inFiles', lang),
      leftOut: left.participants + left.records === 0 ? '' : t('out.verdict.leftOut', {
        participants: countText(left.participants, 'participant', lang), records: countText(left.records, 'record', lang),
      }, lang),
    };
    io.stdout(renderIssuesText(issues, summary, { max: s.maxIssues, lang, colors: colorsFor(io, io.stdoutIsTTY, s.noColor), verdict: verdict(summary, s.strict, params, lang) }));
  }

  if (opts.annotate) {
    const given = opts.annotate;
    const written = await writingInto(given, path.resolve(io.cwd, given), () => annotateCopies({ project: opts.project, dir: given, issues, limits: s.limits, lang }, platform));
    if (!s.quiet) for (const f of written.files) io.stderr(`${t('out.annotated', { file: shownPath(given, path.basename(f)) }, lang)}\n`);
  }
  // a file that cannot be read at all is exit 2, with one line naming it (SPEC §1)
  if (summary.unreadable) io.stderr(unreadableLines(issues, lang));
  return result.outcome;
}
