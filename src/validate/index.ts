/**
 * Validation: runs every rule over a dataset and summarises the issues. Pure: the dataset is
 * already read; the verdict is computed here, printing is the CLI's business.
 */
import type { IsoDate } from '../dates.js';
import type { Dataset } from '../ingest/dataset.js';
import { columnIndex } from '../ingest/values.js';
import type { Project } from '../project/load.js';
import { makeContext } from './context.js';
import { ISSUE_CODES, IssueSink, UNREADABLE_CODES, type Issue, type IssueCode, type Severity } from './issue.js';
import { ATTENDANCE_RULES, duplicateAttendance, makeAttendanceContext, sessionHoursConflict } from './rules/attendance.js';
import { firstSupport, participantWithoutSupport, startNotFirstSupport } from './rules/cross.js';
import { duplicateParticipants, PARTICIPANT_RULES } from './rules/participants.js';

export interface ValidationSummary {
  ok: boolean;
  counts: Record<Severity, number>;
  byCode: Partial<Record<IssueCode, number>>;
  /** A file could not be read at all (exit 2). */
  unreadable: boolean;
}

/** Runs the row, cross-row and cross-file rules, adding to the issues ingest already found. */
export function validateDataset(project: Project, data: Dataset, asOf: IsoDate, sink: IssueSink): void {
  const ctx = makeContext(project, asOf, sink, data.participants);
  for (const p of data.participants) for (const rule of PARTICIPANT_RULES) rule(p, ctx);
  duplicateParticipants(data.participants, ctx);
  const actx = makeAttendanceContext(ctx, data.attendance);
  const n = data.attendance.length;
  for (const rule of ATTENDANCE_RULES) for (let i = 0; i < n; i++) rule(i, actx);
  sessionHoursConflict(actx);
  duplicateAttendance(actx);
  if (data.files.some((f) => f.role === 'attendance')) {
    const first = firstSupport(data.attendance, data.participants.length);
    participantWithoutSupport(first, ctx);
    startNotFirstSupport(first, ctx);
  }
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
