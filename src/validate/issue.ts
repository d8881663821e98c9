/**
 * An issue found in the data, pointing at a cell the accountant can find in Excel. The code
 * is stable (kebab-case); message and hint are rendered in the chosen language from `params`.
 */
import type { Location } from '../ingest/table.js';
import { maskPeselsIn } from '../pesel.js';
import { hasMessage, t, type Lang, type Params } from '../i18n/index.js';

export type Severity = 'error' | 'warning' | 'info';

/** Every code with its default severity (SPEC §5). */
export const ISSUE_CODES = {
  // file and structure
  'file-unreadable': 'error',
  'file-empty': 'error',
  'sheet-missing': 'error',
  'header-not-found': 'error',
  'missing-column': 'error',
  'unknown-column': 'warning',
  'header-approximate': 'warning',
  'duplicate-column': 'error',
  'extra-cells': 'error',
  'encoding-guessed': 'info',
  'no-data': 'info',
  'invalid-date': 'error',
  'invalid-number': 'error',
  'date-after-as-of': 'error',
  'no-file-matches': 'error',
  'file-skipped': 'info',
  'file-not-matched': 'warning',
  'hidden-sheet': 'info',
  'sheet-not-read': 'warning',
  'numbers-row': 'info',
  'formula-without-value': 'error',
  // participants
  'required-value': 'error',
  'pesel-format': 'error',
  'pesel-checksum': 'error',
  'pesel-date': 'error',
  'pesel-sex-mismatch': 'error',
  'pesel-leading-zero': 'warning',
  'duplicate-participant': 'error',
  'age-mismatch': 'error',
  'dictionary-value': 'error',
  'status-detail-mismatch': 'error',
  'date-order': 'error',
  'date-outside-project': 'error',
  'exit-data-missing': 'error',
  'exit-data-without-end': 'error',
  'postcode-format': 'error',
  'email-format': 'warning',
  'education-age': 'warning',
  'outside-area': 'warning',
  'employment-date-order': 'error',
  // attendance
  'unknown-participant': 'error',
  'unknown-action': 'error',
  'unknown-form': 'error',
  'form-not-in-action': 'error',
  'invalid-mark': 'error',
  'invalid-hours': 'error',
  'session-hours-conflict': 'error',
  'duplicate-attendance': 'error',
  'pesel-scientific-notation': 'error',
  'attendance-outside-participation': 'error',
  'attendance-outside-project': 'error',
  'attendance-outside-window': 'warning',
  // submitted periods (SPEC §8)
  'submitted-period-changed': 'warning',
  // cross-file
  'participant-without-support': 'warning',
  'start-not-first-support': 'warning',
} as const satisfies Record<string, Severity>;

export type IssueCode = keyof typeof ISSUE_CODES;

/** Codes that mean a file could not be read at all: exit 2 rather than 1 (SPEC §1). */
export const UNREADABLE_CODES: ReadonlySet<IssueCode> = new Set(['file-unreadable', 'file-empty', 'no-file-matches']);

export interface Issue {
  code: IssueCode;
  severity: Severity;
  file: string;
  sheet: string | null;
  /** Row number as Excel shows it (1-based); for CSV the record number. */
  row: number | null;
  /** Column letter as Excel shows it. */
  column: string | null;
  header: string | null;
  /** The offending value, PESEL masked; null for personal data that is never echoed. */
  value: string | null;
  params: Params;
  /**
   * Issues with one root cause (one unknown identifier in many rows of a file) share a group:
   * the code and place of the first of them. Unset: the issue is its own cause (`issueGroup`).
   */
  group?: string;
}

export type { Location } from '../ingest/table.js';

export function makeIssue(code: IssueCode, at: Location, value: string | null = null, params: Params = {}, severity?: Severity): Issue {
  return {
    code,
    severity: severity ?? ISSUE_CODES[code],
    file: at.file,
    sheet: at.sheet ?? null,
    row: at.row ?? null,
    column: at.column ?? null,
    header: at.header ?? null,
    value: value === null ? null : maskPeselsIn(value),
    params,
  };
}

/** `uczestnicy.xlsx › Uczestnicy › G12`: where an issue is, as the text output shows it. */
export function placeText(at: { file: string; sheet?: string | null; row?: number | null; column?: string | null }): string {
  const parts = [at.file];
  if (at.sheet) parts.push(at.sheet);
  if (at.column || at.row) parts.push(`${at.column ?? ''}${at.row ?? ''}`);
  return parts.join(' › ');
}

/** The issue's group (SPEC §5): shared by the issues of one cause, else its own code and place. */
export function issueGroup(issue: Issue): string {
  return issue.group ?? `${issue.code} @ ${placeText(issue)}`;
}

/**
 * Where issues go: rules push, the orchestrator reads. `errors` counts every error added,
 * also the repeats `addOnce` does not list again: the validator compares it before and after
 * a row's rules to tell whether the row drew an error.
 */
export class IssueSink {
  readonly issues: Issue[] = [];
  errors = 0;
  private readonly reported = new Set<string>();
  /** Group of each cause seen (`addGrouped`). */
  private readonly groups = new Map<string, string>();

  add(code: IssueCode, at: Location, value: string | null = null, params: Params = {}, severity?: Severity): void {
    const issue = makeIssue(code, at, value, params, severity);
    if (issue.severity === 'error') this.errors++;
    this.issues.push(issue);
  }

  /** Like `add`, but a cell is listed once per code (a grid's hours cell serves a whole column). */
  addOnce(code: IssueCode, at: Location, value: string | null = null, params: Params = {}): void {
    if (this.repeated(code, at)) return;
    this.add(code, at, value, params);
  }

  /**
   * Like `addOnce`, for an issue of a cause that may repeat in many rows (`cause`: e.g. the file
   * and the unknown identifier): every issue of the cause gets the group of the first one.
   */
  addGrouped(cause: string, code: IssueCode, at: Location, value: string | null = null, params: Params = {}): void {
    if (this.repeated(code, at)) return;
    let group = this.groups.get(cause);
    if (group === undefined) this.groups.set(cause, (group = `${code} @ ${placeText(at)}`));
    this.add(code, at, value, params);
    (this.issues[this.issues.length - 1] as Issue).group = group;
  }

  /** The cell already has this code: counted as an error again (the row drew it), not listed again. */
  private repeated(code: IssueCode, at: Location): boolean {
    const key = `${code}\u0001${at.file}\u0001${at.sheet ?? ''}\u0001${at.column ?? ''}${at.row ?? ''}`;
    if (!this.reported.has(key)) {
      this.reported.add(key);
      return false;
    }
    if (ISSUE_CODES[code] === 'error') this.errors++;
    return true;
  }
}

/**
 * `params.hint` names a variant: `issue.<code>.<variant>` and `hint.<code>.<variant>` are
 * used when they exist, the plain keys otherwise; `hint: 'none'` means no hint.
 */
function render(prefix: 'issue' | 'hint', issue: Issue, lang: Lang): string | null {
  const key = `${prefix}.${issue.code}`;
  const variant = typeof issue.params.hint === 'string' ? `${key}.${issue.params.hint}` : key;
  const use = hasMessage(variant) ? variant : hasMessage(key) ? key : null;
  if (!use) return null;
  return maskPeselsIn(t(use, { ...issue.params, value: issue.value ?? '', header: issue.header ?? '' }, lang));
}

/** A date read from a number or a text cell: the message says what the cell really holds. */
function cellNote(issue: Issue, lang: Lang): string {
  const kind = issue.params.cellNote;
  return kind === 'number' || kind === 'text' ? ` ${maskPeselsIn(t(`issue.cellNote.${kind}`, issue.params, lang))}` : '';
}

export function issueMessage(issue: Issue, lang: Lang): string {
  return `${render('issue', issue, lang) ?? issue.code}${cellNote(issue, lang)}`;
}

export function issueHint(issue: Issue, lang: Lang): string | null {
  return issue.params.hint === 'none' ? null : render('hint', issue, lang);
}

