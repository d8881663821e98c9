/**
 * Rendering validation results: the text list grouped by file and sheet with a per-code
 * summary, and the JSON of SPEC §5. `render*` return strings; the command prints them.
 */
import type { ChalkInstance } from 'chalk';
import { countText, formatNumber, t, type Lang, type MessageKey, type Message } from '../i18n/index.js';
import { mostImportant, type ValidationSummary } from '../validate/index.js';
import { issueHint, issueMessage, UNREADABLE_CODES, type Issue, type Severity } from '../validate/issue.js';

export interface IssuesJson {
  ok: boolean;
  counts: Record<Severity, number>;
  byCode: Record<string, number>;
  truncated: boolean;
  /** The issue without its message parameters, with the rendered message and hint (and for a file that cannot be read, the reason's code). */
  issues: (Omit<Issue, 'params'> & { message: string; hint: string | null; reason?: string })[];
}

/** One `file: reason` line per file that could not be read at all (SPEC §1, exit 2). */
export function unreadableLines(issues: readonly Issue[], lang: Lang): string {
  return issues.filter((i) => UNREADABLE_CODES.has(i.code) && i.severity === 'error').map((i) => {
    const reason = i.params.reason as Message | undefined;
    return `${i.file}: ${reason ? t(reason.key, reason.params, lang) : ''}\n`;
  }).join('');
}

export function issuesJson(issues: readonly Issue[], summary: ValidationSummary, max: number, lang: Lang): IssuesJson {
  const shown = mostImportant(issues, max);
  return {
    ok: summary.ok,
    counts: summary.counts,
    byCode: summary.byCode as Record<string, number>,
    truncated: shown.length < issues.length,
    issues: shown.map((i) => ({
      code: i.code,
      severity: i.severity,
      file: i.file,
      sheet: i.sheet,
      row: i.row,
      column: i.column,
      header: i.header,
      value: i.value,
      message: issueMessage(i, lang),
      hint: issueHint(i, lang),
      ...(typeof i.params.reasonCode === 'string' ? { reason: i.params.reasonCode } : {}),
    })),
  };
}

export function countsLine(counts: Record<Severity, number>, lang: Lang): string {
  return (['error', 'warning', 'info'] as const).map((s) => countText(counts[s], s, lang)).join(', ');
}

function severityWord(s: Severity, c: ChalkInstance, lang: Lang): string {
  const word = t(`out.severity.${s}` as MessageKey, {}, lang);
  return s === 'error' ? c.red(word) : s === 'warning' ? c.yellow(word) : c.cyan(word);
}

/** `uczestnicy.xlsx › Uczestnicy › G12` */
export function issuePlace(i: Issue): string {
  const parts = [i.file];
  if (i.sheet) parts.push(i.sheet);
  if (i.column || i.row) parts.push(`${i.column ?? ''}${i.row ?? ''}`);
  return parts.join(' › ');
}

export interface TextOptions {
  max: number;
  lang: Lang;
  colors: ChalkInstance;
  verdict: string;
}

/** One line per issue, grouped by file and sheet, then the per-code summary and the verdict. */
export function renderIssuesText(issues: readonly Issue[], summary: ValidationSummary, opts: TextOptions): string {
  const c = opts.colors;
  const lang = opts.lang;
  const lines: string[] = [];
  let group = '';
  for (const i of mostImportant(issues, opts.max)) {
    const g = [i.file, i.sheet ?? ''].join(' › ');
    if (g !== group) {
      if (group) lines.push('');
      lines.push(c.bold(i.sheet ? `${i.file} › ${i.sheet}` : i.file));
      group = g;
    }
    const hint = issueHint(i, lang);
    const header = i.header ? `  ${i.header}` : '';
    lines.push(`${issuePlace(i)}${header}  ${severityWord(i.severity, c, lang)}  ${i.code}  ${issueMessage(i, lang)}${hint ? c.dim(`  → ${hint}`) : ''}`);
  }
  if (issues.length > opts.max) {
    const n = (x: number) => formatNumber(x, 0, lang);
    lines.push('', t('out.truncated', { shown: n(opts.max), total: n(issues.length), max: opts.max }, lang));
  }
  lines.push('');
  if (issues.length === 0) {
    lines.push(t('out.noIssues', {}, lang));
  } else {
    lines.push(c.bold(`${t('out.summary', {}, lang)}: ${countsLine(summary.counts, lang)}`));
    const width = Math.max(...Object.keys(summary.byCode).map((k) => k.length));
    for (const [code, n] of Object.entries(summary.byCode)) {
      const sev = issues.find((i) => i.code === code)?.severity ?? 'error';
      lines.push(`  ${code.padEnd(width)}  ${String(n).padStart(6)}  ${severityWord(sev, c, lang)}`);
    }
  }
  lines.push(opts.verdict);
  return `${lines.join('\n')}\n`;
}
