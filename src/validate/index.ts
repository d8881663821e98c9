/**
 * Validation: runs every rule over a dataset and summarises the issues. Pure: the dataset is
 * already read; the verdict is computed here, printing is the CLI's business.
 */
import type { IsoDate } from '../dates.js';
import { columnIndex, type Dataset, type Participant } from '../ingest/index.js';
import type { Project } from '../project/index.js';
import { makeContext, type Repeat } from './context.js';
import { ISSUE_CODES, UNREADABLE_CODES, type Issue, type IssueCode, type IssueSink, type Severity } from './issue.js';
import { ATTENDANCE_RULES, makeAttendanceContext } from './rules/attendance.js';
import { firstSupport, participantWithoutSupport, startNotFirstSupport } from './rules/cross.js';
import { PARTICIPANT_RULES } from './rules/participants.js';
import { structureIssues } from './rules/structure.js';

export interface ValidationSummary {
  ok: boolean;
  counts: Record<Severity, number>;
  byCode: Partial<Record<IssueCode, number>>;
  /** A file could not be read at all (exit 2). */
  unreadable: boolean;
}

/**
 * Which rows the figures may use (issue 9): a row that drew an error is left out of every
 * figure, and so is an attendance record of a participant row left out. Decided here, once; the
 * flags stay inside (one byte a row: a million records take a megabyte).
 */
export class Usable {
  /** How many of each were left out (for the "dane zawierają błędy" banner). */
  readonly leftOut: { participants: number; records: number };

  constructor(
    /** 1 = the participant row (index into `dataset.participants`) counts. */
    private readonly participantRows: Uint8Array,
    /** 1 = the attendance record (index into the store) counts. */
    private readonly recordRows: Uint8Array,
    /** Rows that repeat an earlier participant row: the person counts once, by the earlier row. */
    readonly repeats: ReadonlyMap<Participant, Repeat>,
  ) {
    this.leftOut = { participants: participantRows.length - countOnes(participantRows), records: recordRows.length - countOnes(recordRows) };
  }

  /** Whether participant row k (index into `dataset.participants`) counts. */
  participant(k: number): boolean {
    return this.participantRows[k] === 1;
  }

  /** Whether attendance record i (index into the store) counts. */
  record(i: number): boolean {
    return this.recordRows[i] === 1;
  }

  /** The participant rows that count, in order. */
  participants(): Iterable<number> {
    return ones(this.participantRows);
  }

  /** The attendance records that count, in order. */
  records(): Iterable<number> {
    return ones(this.recordRows);
  }
}

function countOnes(flags: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < flags.length; i++) n += flags[i] as number;
  return n;
}

/** The indices of the 1s: an iterator object, not a generator (a million records are walked at every build). */
function ones(flags: Uint8Array): Iterable<number> {
  return {
    [Symbol.iterator]: () => {
      let i = 0;
      return {
        next: (): IteratorResult<number> => {
          while (i < flags.length) {
            const k = i++;
            if (flags[k] === 1) return { value: k, done: false };
          }
          return { value: undefined, done: true };
        },
      };
    },
  };
}

/**
 * Runs each row's rules; returns 1 for each row that drew an error, or that `runRules` says
 * is unusable already (ingest could not read it cell by cell).
 */
function rejectedRows(count: number, sink: IssueSink, runRules: (i: number) => boolean): Uint8Array {
  const rejected = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const before = sink.errors;
    if (runRules(i) || sink.errors !== before) rejected[i] = 1;
  }
  return rejected;
}

/** Runs the row, cross-row and cross-file rules, adding to the issues ingest already found. */
export function validateDataset(project: Project, data: Dataset, asOf: IsoDate, sink: IssueSink): Usable {
  structureIssues(data.findings, sink);
  const people = data.participants;
  const ctx = makeContext(project, asOf, sink, people);
  const rejectedPeople = rejectedRows(people.length, sink, (k) => {
    const p = people[k] as Participant;
    // extra cells: reported by ingest, the shifted cells are not checked one by one
    if (p.overflow) return true;
    for (const rule of PARTICIPANT_RULES) rule(p, ctx);
    return false;
  });
  const store = data.attendance;
  const actx = makeAttendanceContext(ctx, store);
  const rejectedRecords = rejectedRows(store.length, sink, (i) => {
    for (const rule of ATTENDANCE_RULES) rule(i, actx);
    return false;
  });
  if (attendanceComplete(data)) {
    const first = firstSupport(store, people.length);
    participantWithoutSupport(first, ctx);
    startNotFirstSupport(first, ctx);
  }
  return usableRows(data, rejectedPeople, rejectedRecords, ctx.repeats);
}

/**
 * Some attendance was read and every attendance path or pattern was read whole: with a list
 * missing (no file matched, one unreadable, a sheet named by `sheet:` absent or without its
 * table) the cross-file rules would blame people for it.
 */
function attendanceComplete(data: Dataset): boolean {
  const lists = new Set(data.files.filter((f) => f.role === 'attendance').map((f) => f.label));
  return lists.size > 0 && !data.findings.some((f) => (f.kind === 'no-file-matches' && f.role === 'attendance')
    || (f.kind === 'unreadable' && lists.has(f.error.file))
    || ((f.kind === 'sheet-missing' || f.kind === 'header-not-found') && lists.has(f.file)));
}

function usableRows(data: Dataset, rejectedPeople: Uint8Array, rejectedRecords: Uint8Array, repeats: ReadonlyMap<Participant, Repeat>): Usable {
  const participants = rejectedPeople.map((r) => 1 - r);
  const records = new Uint8Array(data.attendance.length);
  for (let i = 0; i < records.length; i++) {
    const person = data.attendance.person(i);
    // a record without a person is a headcount row (any other reason drew an error)
    if (!rejectedRecords[i] && (person === undefined || participants[person] === 1)) records[i] = 1;
  }
  return new Usable(participants, records, repeats);
}

/** Issues in the order an accountant walks the files: file, sheet, row, column. */
export function sortIssues(issues: Issue[], fileOrder: readonly string[]): Issue[] {
  const fileRank = new Map(fileOrder.map((f, i) => [f, i]));
  const sheetRank = new Map<string, number>();
  issues.forEach((i) => {
    const k = `${i.file}\u0001${i.sheet ?? ''}`;
    if (!sheetRank.has(k)) sheetRank.set(k, sheetRank.size);
  });
  return issues
    .map((issue, order) => ({ issue, order }))
    .sort((a, b) => {
      const x = a.issue;
      const y = b.issue;
      return (fileRank.get(x.file) ?? 1e9) - (fileRank.get(y.file) ?? 1e9)
        || (x.file < y.file ? -1 : x.file > y.file ? 1 : 0)
        || (sheetRank.get(`${x.file}\u0001${x.sheet ?? ''}`) ?? 0) - (sheetRank.get(`${y.file}\u0001${y.sheet ?? ''}`) ?? 0)
        || (x.row ?? -1) - (y.row ?? -1)
        || columnIndex(x.column ?? '') - columnIndex(y.column ?? '')
        || a.order - b.order;
    })
    .map((x) => x.issue);
}

const IMPORTANCE: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * The `max` most important issues (errors, then warnings, then infos; in file and row order
 * within each), kept in file and row order for printing.
 */
export function mostImportant(issues: readonly Issue[], max: number): Issue[] {
  if (issues.length <= max) return [...issues];
  const chosen = new Set(issues.map((issue, k) => ({ issue, k }))
    .sort((a, b) => IMPORTANCE[a.issue.severity] - IMPORTANCE[b.issue.severity] || a.k - b.k)
    .slice(0, max)
    .map((x) => x.k));
  return issues.filter((_, k) => chosen.has(k));
}

export function summarise(issues: readonly Issue[], strict: boolean): ValidationSummary {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const byCode: Partial<Record<IssueCode, number>> = {};
  let unreadable = false;
  for (const i of issues) {
    counts[i.severity]++;
    byCode[i.code] = (byCode[i.code] ?? 0) + 1;
    if (UNREADABLE_CODES.has(i.code) && i.severity === 'error') unreadable = true;
  }
  const ordered: Partial<Record<IssueCode, number>> = {};
  for (const code of Object.keys(ISSUE_CODES) as IssueCode[]) if (byCode[code]) ordered[code] = byCode[code];
  return { ok: counts.error === 0 && (!strict || counts.warning === 0), counts, byCode: ordered, unreadable };
}

// what the other folders use of the files beside this one
export { check, type Checked, withIssues } from './check.js';
export { type Issue, issueGroup, issueHint, issueMessage, makeIssue, placeText, type Severity, UNREADABLE_CODES } from './issue.js';
