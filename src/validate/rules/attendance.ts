/**
 * Attendance rules (SPEC §5): per record, then across records of a session. A record is one
 * row of the long layout, or one participant × session cell of the grid.
 */
import { formatMonthPl, formatPl, monthOf } from '../../dates.js';
import { sessionKey, type AttendanceRecord } from '../../ingest/attendance.js';
import { closestOf } from '../../project/dictionaries.js';
import { maskPeselsIn } from '../../pesel.js';
import type { AttendanceRule, RuleContext } from '../context.js';
import type { Location } from '../issue.js';

const MAX_SESSION_HOURS = 12;

function isHeadcount(r: AttendanceRecord): boolean {
  return r.key === '' && r.headcount !== undefined;
}

export const attendanceDate: AttendanceRule = (r, ctx) => {
  if (r.date === null) ctx.sink.add('invalid-date', r.dateAt, r.dateText);
  else if (r.date === undefined) ctx.sink.add('required-value', r.dateAt, null, { hint: 'date' });
};

export const attendanceAction: AttendanceRule = (r, ctx) => {
  if (r.action === '') {
    ctx.sink.add('required-value', r.actionAt, null, { hint: 'action' });
  } else if (!ctx.actions.has(r.action)) {
    const codes = [...ctx.actions.keys()];
    const closest = closestOf(r.action, codes);
    ctx.sink.add('unknown-action', r.actionAt, r.action, { closest: closest ?? '', codes: codes.join(', '), hint: closest ? undefined : 'list' });
  }
};

export const attendanceForm: AttendanceRule = (r, ctx) => {
  const action = ctx.actions.get(r.action);
  if (r.form === '') {
    if (action?.forms && action.forms.length > 1) ctx.sink.add('required-value', r.formAt, null, { hint: 'form', forms: action.forms.join(', ') });
    return;
  }
  if (!ctx.forms.has(r.form)) {
    const codes = [...ctx.forms.keys()];
    const closest = closestOf(r.form, codes);
    ctx.sink.add('unknown-form', r.formAt, r.form, { closest: closest ?? '', codes: codes.join(', '), hint: closest ? undefined : 'list' });
  } else if (action?.forms && !action.forms.includes(r.form)) {
    ctx.sink.add('form-not-in-action', r.formAt, r.form, { action: r.action, forms: action.forms.join(', ') });
  }
};

export const attendanceMark: AttendanceRule = (r, ctx) => {
  if (r.mark === null && !isHeadcount(r)) ctx.sink.add('invalid-mark', r.markAt, r.markText);
};

export const attendanceParticipant: AttendanceRule = (r, ctx) => {
  if (isHeadcount(r)) {
    if (r.headcount === null) {
      const col = r.ref.columns.get('headcount');
      ctx.sink.add('invalid-number', { ...r.keyAt, column: col?.letter ?? null, header: col?.header ?? null }, null, { hint: 'headcount' });
    }
    return;
  }
  if (r.key === '') {
    ctx.sink.add('required-value', r.keyAt, null, { hint: r.ref.columns.has('headcount') ? 'keyOrHeadcount' : 'key' });
  } else if (!ctx.byKey.has(r.key)) {
    ctx.sink.add('unknown-participant', r.keyAt, maskPeselsIn(r.key));
  }
};

export const attendanceHours: AttendanceRule = (r, ctx) => {
  if (r.hours === null) ctx.sink.add('invalid-number', r.hoursAt, null, { hint: 'hours' });
  else if (r.hours === undefined) ctx.sink.add('invalid-hours', r.hoursAt, null, { hint: 'missing', form: r.form });
  else if (r.hours <= 0 || r.hours > MAX_SESSION_HOURS) ctx.sink.add('invalid-hours', r.hoursAt, String(r.hours).replace('.', ','), { max: MAX_SESSION_HOURS });
};

export const attendanceDates: AttendanceRule = (r, ctx) => {
  if (!r.date) return;
  const loc: Location = r.layout === 'grid' ? r.markAt : r.dateAt;
  if (r.date > ctx.asOf) ctx.sink.add('date-after-as-of', loc, formatPl(r.date), { asOf: formatPl(ctx.asOf) });
  const { from, to } = ctx.project.definition.project.period;
  if (r.date < from || r.date > to) {
    ctx.sink.add('attendance-outside-project', loc, formatPl(r.date), { from: formatPl(from), to: formatPl(to) });
    return;
  }
  const action = ctx.actions.get(r.action);
  const month = monthOf(r.date);
  if (action && (month < action.window.from || month > action.window.to)) {
    ctx.sink.add('attendance-outside-window', loc, formatPl(r.date), { action: action.code, from: formatMonthPl(action.window.from), to: formatMonthPl(action.window.to) });
  }
};

export const attendanceOutsideParticipation: AttendanceRule = (r, ctx) => {
  if (!r.date || r.mark !== 'present') return;
  const p = ctx.byKey.get(r.key);
  if (!p?.start) return;
  if (r.date < p.start || (p.end && r.date > p.end)) {
    ctx.sink.add('attendance-outside-participation', r.layout === 'grid' ? r.markAt : r.dateAt, formatPl(r.date),
      { start: formatPl(p.start), end: p.end ? formatPl(p.end) : '—', row: p.row, hint: r.date < p.start ? 'before' : 'after' });
  }
};

export const ATTENDANCE_RULES: readonly AttendanceRule[] = [
  attendanceDate, attendanceAction, attendanceForm, attendanceMark, attendanceParticipant, attendanceHours,
  attendanceDates, attendanceOutsideParticipation,
];

function cellKey(l: Location): string {
  return `${l.file}\u0001${l.sheet ?? ''}\u0001${l.row ?? ''}\u0001${l.column ?? ''}`;
}

/** One session, two different hour counts: reported once at each conflicting cell. */
export function sessionHoursConflict(records: readonly AttendanceRecord[], ctx: RuleContext): void {
  const first = new Map<string, AttendanceRecord>();
  const reported = new Set<string>();
  for (const r of records) {
    if (!r.date || typeof r.hours !== 'number') continue;
    const key = sessionKey(r, ctx.onlyForm);
    const f = first.get(key);
    if (!f) {
      first.set(key, r);
      continue;
    }
    if (f.hours !== r.hours && !reported.has(cellKey(r.hoursAt))) {
      reported.add(cellKey(r.hoursAt));
      ctx.sink.add('session-hours-conflict', r.hoursAt, String(r.hours).replace('.', ','),
        { first: String(f.hours).replace('.', ','), at: `${f.hoursAt.sheet ?? ''} ${f.hoursAt.column ?? ''}${f.hoursAt.row ?? ''}`.trim(), date: formatPl(r.date) });
    }
  }
}

/** The same person twice in one session. */
export function duplicateAttendance(records: readonly AttendanceRecord[], ctx: RuleContext): void {
  const seen = new Map<string, AttendanceRecord>();
  for (const r of records) {
    if (!r.date || r.key === '') continue;
    const key = `${sessionKey(r, ctx.onlyForm)}\u0002${r.key}`;
    const f = seen.get(key);
    if (f) {
      ctx.sink.add('duplicate-attendance', r.markAt, maskPeselsIn(r.key), { first: `${f.markAt.sheet ?? ''} ${f.markAt.column ?? ''}${f.markAt.row ?? ''}`.trim(), date: formatPl(r.date) });
    } else seen.set(key, r);
  }
}

