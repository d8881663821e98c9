/** `pal-report validate`: the accountant's check of all data files. */
import path from 'node:path';
import { entryReading, resolveDataFiles } from '../ingest/dataset.js';
import { UsageError } from '../errors.js';
import { countText, message, render, t, type Lang } from '../i18n/index.js';
import { loadSnapshots, readKey } from '../corrections/store.js';
import { compareSubmitted, withIssues } from '../pipeline.js';
import { loadProject } from '../project/load.js';
import type { ValidationSummary } from '../validate/index.js';
import { UNREADABLE_CODES } from '../validate/issue.js';
import { colorsFor, shownPath, writingInto, platformOf, type CliIO } from './io.js';
import { issuesJson, renderIssuesText, unreadableLines } from './issues-output.js';
import { parseChoice, parseDataOptions, type DataOptions } from './options.js';
import type { Outcome } from './outcome.js';
import { checkWithProgress } from './progress.js';

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

export function outcomeOf(s: ValidationSummary): Outcome {
  return s.unreadable ? 'unreadable' : s.ok ? 'ok' : 'data-errors';
}

export async function validateCommand(opts: ValidateOptions, io: CliIO, lang: Lang): Promise<Outcome> {
  const format = parseChoice(opts.format, '--format', ['text', 'json'] as const, 'text');
  const s = parseDataOptions(opts, io, lang);
  const project = await loadProject(platformOf(io).inputs, opts.project);
  // copies written where the definition reads would be read as data next time: refused before anything is read or written
  if (opts.annotate) {
    const entry = await entryReading(platformOf(io).inputs, project, await resolveDataFiles(platformOf(io).inputs, project), path.resolve(io.cwd, opts.annotate));
    if (entry !== undefined) throw new UsageError(message('cli.annotateIntoData', { dir: opts.annotate, pattern: entry }));
  }
  // a bad snapshot is refused (exit 2) before the data is read
  const snapshots = await loadSnapshots(platformOf(io), project);
  let checked = await checkWithProgress(project, s, io, lang);
  // with errors, rows count nowhere and every submitted value they fed would be flagged: errors first
  if (snapshots.length > 0 && !checked.summary.unreadable && checked.summary.counts.error === 0) {
    const submitted = compareSubmitted(platformOf(io).crypto, project, checked, snapshots, s.asOf, await readKey(platformOf(io), project));
    for (const n of submitted.notes) io.stderr(`${render(n, lang)}\n`);
    checked = withIssues(checked, submitted.issues(), s.strict);
  }
  const { dataset, issues, summary } = checked;

  if (format === 'json') {
    io.stdout(`${JSON.stringify(issuesJson(issues, summary, s.maxIssues, lang), null, 2)}\n`);
  } else {
    // rows read but left out of every figure (a row with an error, a record of a person with one) are said so
    const left = checked.usable.leftOut;
    const params = {
      participants: countText(dataset.participants.length, 'participant', lang),
      records: countText(dataset.attendance.length, 'record', lang),
      files: countText(dataset.files.length, 'inFiles', lang),
      leftOut: left.participants + left.records === 0 ? '' : t('out.verdict.leftOut', {
        participants: countText(left.participants, 'participant', lang), records: countText(left.records, 'record', lang),
      }, lang),
    };
    io.stdout(renderIssuesText(issues, summary, { max: s.maxIssues, lang, colors: colorsFor(io, io.stdoutIsTTY, s.noColor), verdict: verdict(summary, s.strict, params, lang) }));
  }

  if (opts.annotate) {
    const outDir = path.resolve(io.cwd, opts.annotate);
    const unreadable = new Set(issues.filter((i) => UNREADABLE_CODES.has(i.code)).map((i) => i.file));
    // exceljs is loaded only when a copy is written: it costs a third of a second to import
    const { writeAnnotatedCopies } = await import('../annotate/annotate.js');
    const given = opts.annotate;
    const files = await resolveDataFiles(platformOf(io).inputs, project);
    const written = await writingInto(given, outDir, () => writeAnnotatedCopies(platformOf(io), files, issues, outDir, unreadable, s.limits, lang));
    if (!s.quiet) for (const f of written) io.stderr(`${t('out.annotated', { file: shownPath(opts.annotate, path.basename(f)) }, lang)}\n`);
  }
  // a file that cannot be read at all is exit 2, with one line naming it (SPEC §1)
  if (summary.unreadable) io.stderr(unreadableLines(issues, lang));
  return outcomeOf(summary);
}
