/**
 * Rendering validation results: the text list grouped by file and sheet with a per-code
 * summary, and the JSON of SPEC §5. `render*` return strings; the command prints them.
 */
import { countText, formatNumber, t, type Lang, type MessageKey, type Message } from '../../i18n/index.js';
import { issueGroup, issueHint, issueMessage, mostImportant, placeText, UNREADABLE_CODES, type Issue, type Severity, type ValidationSummary } from '../../validate/index.js';

export interface IssuesJson {
  ok: boolean;
  counts: Record<Severity, number>;
  byCode: Record<string, number>;
  truncated: boolean;
  /** The issue without its variant and message parameters, with the rendered message and hint, its group (and for a file that cannot be read, the reason's code). */
  issues: (Omit<Issue, 'variant' | 'params' | 'group'> & { message: string; hint: string | null; group: string; reason?: string })[];
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
      group: issueGroup(i),
      ...(typeof i.params.reasonCode === 'string' ? { reason: i.params.reasonCode } : {}),
    })),
  };
}

export function countsLine(counts: Record<Severity, number>, lang: Lang): string {
  return (['error', 'warning', 'info'] as const).map((s) => countText(counts[s], s, lang)).join(', ');
}

/** The styles the text list uses (the CLI passes chalk's, plain when colours are off). */
export interface Colors {
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

function severityWord(s: Severity, c: Colors, lang: Lang): string {
  const word = t(`out.severity.${s}` as MessageKey, {}, lang);
  return s === 'error' ? c.red(word) : s === 'warning' ? c.yellow(word) : c.cyan(word);
}

/** `uczestnicy.xlsx › Uczestnicy › G12` */
export function issuePlace(i: Issue): string {
  return placeText(i);
}

/** One line of the text output: an issue, or the issues of one cause (one group) folded into it. */
interface Line {
  first: Issue;
  /** Every issue of the line, in file and row order. */
  issues: Issue[];
}

/** Issues folded by group (SPEC §5): a line per cause, where its first issue is. */
function foldedLines(issues: readonly Issue[]): Line[] {
  const lines: Line[] = [];
  const byGroup = new Map<string, Line>();
  for (const i of issues) {
    const line = i.group === undefined ? undefined : byGroup.get(i.group);
    if (line) {
      line.issues.push(i);
      continue;
    }
    const fresh = { first: i, issues: [i] };
    lines.push(fresh);
    if (i.group !== undefined) byGroup.set(i.group, fresh);
  }
  return lines;
}

const FOLDED_ROWS_SHOWN = 5;

/**
 * ` — razem 37 wierszy: 5, 6, 9, 12, 15, …`: as many as the line's issues; cells instead of rows
 * when some share a row (a grid row's sessions); another sheet than the first's is named.
 */
function foldedText(line: Line, lang: Lang): string {
  const sheetOf = (i: Issue) => (i.sheet !== line.first.sheet ? `${i.sheet ?? ''} › ` : '');
  const rows = new Set(line.issues.map((i) => `${sheetOf(i)}${i.row ?? ''}`));
  const byRow = rows.size === line.issues.length;
  const places = byRow ? [...rows] : line.issues.map((i) => `${sheetOf(i)}${i.column ?? ''}${i.row ?? ''}`);
  const list = places.slice(0, FOLDED_ROWS_SHOWN);
  if (places.length > FOLDED_ROWS_SHOWN) list.push('…');
  return t('out.folded', { rows: countText(places.length, byRow ? 'row' : 'cell', lang), list: list.join(', ') }, lang);
}

export interface TextOptions {
  max: number;
  lang: Lang;
  colors: Colors;
  verdict: string;
}

/**
 * One line per issue, grouped by file and sheet, then the per-code summary and the verdict. The
 * issues of one cause (one group) are one line that says how many rows it stands for; `max`
 * counts lines.
 */
export function renderIssuesText(issues: readonly Issue[], summary: ValidationSummary, opts: TextOptions): string {
  const c = opts.colors;
  const lang = opts.lang;
  const lines: string[] = [];
  const all = foldedLines(issues);
  const shown = new Set(mostImportant(all.map((l) => l.first), opts.max));
  let group = '';
  for (const line of all) {
    const i = line.first;
    if (!shown.has(i)) continue;
    const g = [i.file, i.sheet ?? ''].join(' › ');
    if (g !== group) {
      if (group) lines.push('');
      lines.push(c.bold(i.sheet ? `${i.file} › ${i.sheet}` : i.file));
      group = g;
    }
    const hint = issueHint(i, lang);
    const header = i.header ? `  ${i.header}` : '';
    const folded = line.issues.length > 1 ? foldedText(line, lang) : '';
    lines.push(`${issuePlace(i)}${header}  ${severityWord(i.severity, c, lang)}  ${i.code}  ${issueMessage(i, lang)}${folded}${hint ? c.dim(`  → ${hint}`) : ''}`);
  }
  if (all.length > opts.max) {
    const n = (x: number) => formatNumber(x, 0, lang);
    lines.push('', all.length === issues.length
      ? t('out.truncated', { shown: n(opts.max), total: n(issues.length), max: opts.max }, lang)
      : t('out.truncatedFolded', { shown: n(opts.max), total: n(all.length), issues: n(issues.length), max: opts.max }, lang));
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
