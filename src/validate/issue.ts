/**
 * An issue found in the data, pointing at a cell the accountant can find in Excel. The code
 * is stable (kebab-case) and defined in src/validate/codes with its severity, parameters and
 * texts; message and hint are rendered in the chosen language from `variant` and `params`.
 */
import type { Location } from '../ingest/index.js';
import { maskPeselsIn } from '../pesel.js';
import { fill, type Lang, type Params } from '../i18n/index.js';
import { CELL_NOTE, resolved, type IssueArgsTuple, type IssueCode, type Severity } from './codes/index.js';

export { ISSUE_CODES, type IssueArgs, type IssueCode, type Severity } from './codes/index.js';

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
  /** Which of the code's texts (and severity) apply; unset: the plain ones. */
  variant: string | undefined;
  /** What the texts are filled with: the rule's arguments as given (the variant among them). */
  params: Params;
  /**
   * Issues with one root cause (one unknown identifier in many rows of a file) share a group:
   * the code and place of the first of them. Unset: the issue is its own cause (`issueGroup`).
   */
  group?: string;
}

export type { Location } from '../ingest/index.js';

/** What a rule passed: the variant and the parameters (typed per code by `IssueArgs`). */
type Args = { variant?: string } & Params;

/**
 * An issue of `code` at `at`: `args` picks the variant and gives the parameters its texts use,
 * as the code's definition types them.
 */
export function makeIssue<C extends IssueCode>(code: C, at: Location, value?: string | null, ...args: IssueArgsTuple<C>): Issue;
export function makeIssue(code: IssueCode, at: Location, value: string | null = null, args?: Args): Issue {
  return issueOf(code, at, value, args);
}

/** `makeIssue` once the arguments are checked. They are kept as given: no copy per issue (there may be a million). */
function issueOf(code: IssueCode, at: Location, value: string | null, args: Args = {}): Issue {
  return {
    code,
    severity: resolved(code, args.variant).severity,
    file: at.file,
    sheet: at.sheet ?? null,
    row: at.row ?? null,
    column: at.column ?? null,
    header: at.header ?? null,
    value: value === null ? null : maskPeselsIn(value),
    variant: args.variant,
    params: args,
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

  add<C extends IssueCode>(code: C, at: Location, value?: string | null, ...args: IssueArgsTuple<C>): void;
  add(code: IssueCode, at: Location, value: string | null = null, args?: Args): void {
    this.push(issueOf(code, at, value, args));
  }

  /** Like `add`, but a cell is listed once per code (a grid's hours cell serves a whole column). */
  addOnce<C extends IssueCode>(code: C, at: Location, value?: string | null, ...args: IssueArgsTuple<C>): void;
  addOnce(code: IssueCode, at: Location, value: string | null = null, args?: Args): void {
    if (!this.repeated(code, at, args)) this.push(issueOf(code, at, value, args));
  }

  /**
   * Like `addOnce`, for an issue of a cause that may repeat in many rows (`cause`: e.g. the file
   * and the unknown identifier): every issue of the cause gets the group of the first one.
   */
  addGrouped<C extends IssueCode>(cause: string, code: C, at: Location, value?: string | null, ...args: IssueArgsTuple<C>): void;
  addGrouped(cause: string, code: IssueCode, at: Location, value: string | null = null, args?: Args): void {
    if (this.repeated(code, at, args)) return;
    let group = this.groups.get(cause);
    if (group === undefined) this.groups.set(cause, (group = `${code} @ ${placeText(at)}`));
    const issue = issueOf(code, at, value, args);
    issue.group = group;
    this.push(issue);
  }

  private push(issue: Issue): void {
    if (issue.severity === 'error') this.errors++;
    this.issues.push(issue);
  }

  /** The cell already has this code: counted as an error again (the row drew it), not listed again. */
  private repeated(code: IssueCode, at: Location, args: Args | undefined): boolean {
    const key = `${code}\u0001${at.file}\u0001${at.sheet ?? ''}\u0001${at.column ?? ''}${at.row ?? ''}`;
    if (!this.reported.has(key)) {
      this.reported.add(key);
      return false;
    }
    if (resolved(code, args?.variant).severity === 'error') this.errors++;
    return true;
  }
}

/** The issue's parameters with the ones every template may use: `{value}`, `{header}`. */
function fillIssue(template: string, issue: Issue, lang: Lang): string {
  return maskPeselsIn(fill(template, { ...issue.params, value: issue.value ?? '', header: issue.header ?? '' }, lang));
}

/** A date read from a number or a text cell: the message says what the cell really holds. */
function cellNote(issue: Issue, lang: Lang): string {
  const kind = issue.params.cellNote;
  return kind === 'number' || kind === 'text' ? ` ${maskPeselsIn(fill(CELL_NOTE[kind][lang], issue.params, lang))}` : '';
}

export function issueMessage(issue: Issue, lang: Lang): string {
  const template = resolved(issue.code, issue.variant).message;
  return `${template ? fillIssue(template[lang], issue, lang) : issue.code}${cellNote(issue, lang)}`;
}

export function issueHint(issue: Issue, lang: Lang): string | null {
  const template = resolved(issue.code, issue.variant).hint;
  return template ? fillIssue(template[lang], issue, lang) : null;
}
