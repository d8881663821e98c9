/**
 * Attendance rules (SPEC §5) over the compact store: per record, then across the records of a
 * session. A record is one row of the long layout or one participant × session cell of a grid.
 * Rules read typed arrays and create an issue (and its location) only when something is wrong.
 */
import { formatMonthPl, formatPl, fromDayNumber, lastDayOfMonth, notADateKind, toDayNumber } from '../../dates.js';
import { AttendanceStore, BAD, DAY_INVALID, DAY_MISSING, HOURS_MISSING, MARK, NEVER, NO_DAY } from '../../ingest/attendance-store.js';
import { closestOf } from '../../text.js';
import type { ActionDefinition } from '../../project/schema.js';
import { maskPeselsIn } from '../../pesel.js';
import type { RuleContext } from '../context.js';
import type { Location } from '../issue.js';

const MAX_SESSION_HOURS = 12;

/** What the attendance rules look up, computed once per run (by interned text id, by person, by session). */
export interface AttendanceRuleContext extends RuleContext {
  store: AttendanceStore;
  actionOf: (ActionDefinition | null)[];
  formKnown: boolean[];
  /** Action window as day numbers [from, to]. */
  windowFrom: number[];
  windowTo: number[];
  projectFrom: number;
  projectTo: number;
  asOfDay: number;
  personStart: Int32Array;
  personEnd: Int32Array;
  /** Per session, the first record with valid hours (-1 when none): later records must agree. */
  sessionHours: Int32Array;
  /** Records repeating a (session, participant) pair, and the record they repeat. */
  repeatedRecords: { flags: Uint8Array; first: Int32Array };
  closestCache: Map<string, string>;
}

export type StoreRule = (i: number, ctx: AttendanceRuleContext) => void;

function firstValidHours(store: AttendanceStore): Int32Array {
  const first = new Int32Array(store.sessions.length).fill(-1);
  for (let i = 0; i < store.length; i++) {
    const session = store.session[i] as number;
    if (session >= 0 && (store.hours[i] as number) > 0 && first[session] === -1) first[session] = i;
  }
  return first;
}

export function makeAttendanceContext(ctx: RuleContext, store: AttendanceStore): AttendanceRuleContext {
  const texts = store.texts.values;
  const actionOf = texts.map((t) => ctx.actions.get(t) ?? null);
  const { from, to } = ctx.project.definition.project.period;
  const personStart = new Int32Array(ctx.participants.length).fill(NEVER);
  const personEnd = new Int32Array(ctx.participants.length).fill(NEVER);
  ctx.participants.forEach((p, k) => {
    if (p.start) personStart[k] = toDayNumber(p.start);
    if (p.end) personEnd[k] = toDayNumber(p.end);
  });
  return {
    ...ctx,
    store,
    actionOf,
    formKnown: texts.map((t) => ctx.forms.has(t)),
    windowFrom: actionOf.map((a) => (a ? toDayNumber(`${a.window.from}-01`) : 0)),
    windowTo: actionOf.map((a) => (a ? toDayNumber(lastDayOfMonth(a.window.to)) : 0)),
    projectFrom: toDayNumber(from),
    projectTo: toDayNumber(to),
    asOfDay: toDayNumber(ctx.asOf),
    personStart,
    personEnd,
    sessionHours: firstValidHours(store),
    repeatedRecords: store.duplicates(),
    closestCache: new Map(),
  };
}

function closest(ctx: AttendanceRuleContext, kind: string, text: string, candidates: readonly string[]): string | undefined {
  const k = `${kind}\u0001${text}`;
  if (!ctx.closestCache.has(k)) ctx.closestCache.set(k, closestOf(text, candidates) ?? '');
  return ctx.closestCache.get(k) || undefined;
}

/** Hours as a Polish spreadsheet shows them: `1,5`. */
function hoursText(h: number): string {
  return String(Math.round(h * 100) / 100).replace('.', ',');
}

function dayText(day: number): string {
  return formatPl(fromDayNumber(day));
}

function isHeadcountRow(s: AttendanceStore, i: number): boolean {
  return s.key[i] === 0 && s.headcount.has(i);
}

export const attendanceDate: StoreRule = (i, ctx) => {
  const day = ctx.store.day[i];
  if (day === DAY_INVALID) {
    const text = ctx.store.badText(i, BAD.date);
    ctx.sink.add('invalid-date', ctx.store.at(i, 'date'), text, { hint: notADateKind(text) });
  }
  else if (day === DAY_MISSING) ctx.sink.add('required-value', ctx.store.at(i, 'date'), null, { hint: 'date' });
};

export const attendanceAction: StoreRule = (i, ctx) => {
  const a = ctx.store.action[i] as number;
  if (a === 0) {
    ctx.sink.add('required-value', ctx.store.at(i, 'action'), null, { hint: 'action' });
  } else if (!ctx.actionOf[a]) {
    const text = ctx.store.texts.get(a);
    const codes = [...ctx.actions.keys()];
    const c = closest(ctx, 'action', text, codes);
    ctx.sink.add('unknown-action', ctx.store.at(i, 'action'), text, { closest: c ?? '', codes: codes.join(', '), hint: c ? undefined : 'list' });
  }
};

export const attendanceForm: StoreRule = (i, ctx) => {
  const s = ctx.store;
  const action = ctx.actionOf[s.action[i] as number];
  const f = s.form[i] as number;
  if (f === 0) {
    if (action?.forms && action.forms.length > 1) ctx.sink.add('required-value', s.at(i, 'form'), null, { hint: 'form', forms: action.forms.join(', ') });
    return;
  }
  const text = s.texts.get(f);
  if (!ctx.formKnown[f]) {
    const codes = [...ctx.forms.keys()];
    const c = closest(ctx, 'form', text, codes);
    ctx.sink.add('unknown-form', s.at(i, 'form'), text, { closest: c ?? '', codes: codes.join(', '), hint: c ? undefined : 'list' });
  } else if (action?.forms && !action.forms.includes(text)) {
    ctx.sink.add('form-not-in-action', s.at(i, 'form'), text, { action: action.code, forms: action.forms.join(', ') });
  }
};

export const attendanceMark: StoreRule = (i, ctx) => {
  if (ctx.store.mark[i] === MARK.invalid && !isHeadcountRow(ctx.store, i)) ctx.sink.add('invalid-mark', ctx.store.at(i, 'mark'), ctx.store.badText(i, BAD.mark));
};

export const attendanceParticipant: StoreRule = (i, ctx) => {
  const s = ctx.store;
  if (isHeadcountRow(s, i)) {
    if (Number.isNaN(s.headcount.get(i))) ctx.sink.add('invalid-number', s.at(i, 'headcount'), null, { hint: 'headcount' });
    return;
  }
  const key = s.key[i] as number;
  if (key === 0) {
    const hasHeadcount = s.tables[s.table[i] as number]?.ref.columns.has('headcount') ?? false;
    ctx.sink.add('required-value', s.at(i, 'key'), null, { hint: hasHeadcount ? 'keyOrHeadcount' : 'key' });
  } else if ((s.person[i] as number) < 0) {
    ctx.sink.add('unknown-participant', s.at(i, 'key'), maskPeselsIn(s.keys.get(key)));
  }
};

/** A grid's hours cell serves every participant of its column: listed once, an error for each record. */
export const attendanceHours: StoreRule = (i, ctx) => {
  const h = ctx.store.hours[i] as number;
  if (h > 0 && h <= MAX_SESSION_HOURS) return;
  const loc = ctx.store.at(i, 'hours');
  if (Number.isNaN(h)) ctx.sink.addOnce('invalid-number', loc, null, { hint: 'hours' });
  else if (h === HOURS_MISSING) ctx.sink.addOnce('invalid-hours', loc, null, { hint: 'missing', form: ctx.store.texts.get(ctx.store.form[i] as number) });
  else ctx.sink.addOnce('invalid-hours', loc, hoursText(h), { max: MAX_SESSION_HOURS });
};

export const attendanceDates: StoreRule = (i, ctx) => {
  const s = ctx.store;
  const day = s.day[i] as number;
  if (day <= NO_DAY) return;
  if (day > ctx.asOfDay) ctx.sink.add('date-after-as-of', s.dateCell(i), dayText(day), { asOf: formatPl(ctx.asOf) });
  if (day < ctx.projectFrom || day > ctx.projectTo) {
    const { from, to } = ctx.project.definition.project.period;
    ctx.sink.add('attendance-outside-project', s.dateCell(i), dayText(day), { from: formatPl(from), to: formatPl(to) });
    return;
  }
  const a = s.action[i] as number;
  const action = ctx.actionOf[a];
  if (action && (day < (ctx.windowFrom[a] as number) || day > (ctx.windowTo[a] as number))) {
    ctx.sink.add('attendance-outside-window', s.dateCell(i), dayText(day), { action: action.code, from: formatMonthPl(action.window.from), to: formatMonthPl(action.window.to) });
  }
};

export const attendanceOutsideParticipation: StoreRule = (i, ctx) => {
  const s = ctx.store;
  const p = s.person[i] as number;
  if (p < 0 || s.mark[i] !== MARK.present) return;
  const day = s.day[i] as number;
  const start = ctx.personStart[p] as number;
  if (day <= NO_DAY || start === NEVER) return;
  const end = ctx.personEnd[p] as number;
  if (day < start || (end !== NEVER && day > end)) {
    const person = ctx.participants[p];
    ctx.sink.add('attendance-outside-participation', s.dateCell(i), dayText(day), {
      start: dayText(start), end: end !== NEVER ? dayText(end) : '—', row: person?.row ?? '', hint: day < start ? 'before' : 'after',
    });
  }
};

function place(l: Location): string {
  return `${l.sheet ?? ''} ${l.column ?? ''}${l.row ?? ''}`.trim();
}

/** One session, two different hour counts: reported once at each conflicting cell. */
export const sessionHoursConflict: StoreRule = (i, ctx) => {
  const s = ctx.store;
  const session = s.session[i] as number;
  const h = s.hours[i] as number;
  if (session < 0 || !(h > 0)) return;
  const f = ctx.sessionHours[session] as number;
  const fh = s.hours[f] as number;
  if (f === i || fh === h) return;
  ctx.sink.addOnce('session-hours-conflict', s.at(i, 'hours'), hoursText(h), {
    first: hoursText(fh), at: place(s.at(f, 'hours')), date: dayText(s.day[i] as number),
  });
};

/** The same person twice in one session (found by the store's bucketed pass). */
export const duplicateAttendance: StoreRule = (i, ctx) => {
  if (!ctx.repeatedRecords.flags[i]) return;
  const s = ctx.store;
  ctx.sink.add('duplicate-attendance', s.at(i, 'mark'), maskPeselsIn(s.keys.get(s.key[i] as number)), {
    first: place(s.at(ctx.repeatedRecords.first[i] as number, 'mark')), date: dayText(s.day[i] as number),
  });
};

export const ATTENDANCE_RULES: readonly StoreRule[] = [
  attendanceDate, attendanceAction, attendanceForm, attendanceMark, attendanceParticipant, attendanceHours,
  attendanceDates, attendanceOutsideParticipation, sessionHoursConflict, duplicateAttendance,
];
