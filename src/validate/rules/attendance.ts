/**
 * Attendance rules (SPEC §5) over the compact store: per record, then across the records of a
 * session. A record is one row of the long layout or one participant × session cell of a grid.
 * Rules read the store record by record and create an issue (and its location) only when
 * something is wrong.
 */
import { formatMonthPl, formatPl, fromDayNumber, lastDayOfMonth, notADateKind, toDayNumber } from '../../dates.js';
import { parseTimeCell, type AttendanceStore, type Participant } from '../../ingest/index.js';
import { closestOf, TypoIndex } from '../../text.js';
import type { ActionDefinition } from '../../project/index.js';
import { isPeselShape, looksRounded, maskPesel, maskPeselsIn } from '../../pesel.js';
import type { RuleContext } from '../context.js';
import type { IssueArgs, Location } from '../issue.js';

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
  /** Participation per person as day numbers: start NaN when unknown, end +Infinity when open. */
  personStart: Float64Array;
  personEnd: Float64Array;
  /** Per session, the first record with valid hours (-1 when none): later records must agree. */
  sessionHours: Int32Array;
  closestCache: Map<string, string>;
  /** The nearest known participant key per unknown key id (hint params), found once per key. */
  nearestKey: Map<number, IssueArgs<'unknown-participant'>>;
  /** Known participant keys (Identyfikator, PESEL), indexed for typos on the first unknown key. */
  typos?: { index: TypoIndex; person: Map<string, number> };
}

export type StoreRule = (i: number, ctx: AttendanceRuleContext) => void;

function firstValidHours(store: AttendanceStore): Int32Array {
  const first = new Int32Array(store.sessions().length).fill(-1);
  for (let i = 0; i < store.length; i++) {
    const session = store.session(i);
    if (session !== undefined && store.hours(i) > 0 && first[session] === -1) first[session] = i;
  }
  return first;
}

export function makeAttendanceContext(ctx: RuleContext, store: AttendanceStore): AttendanceRuleContext {
  const texts = store.textValues();
  const actionOf = texts.map((t) => ctx.actions.get(t) ?? null);
  const { from, to } = ctx.project.definition.project.period;
  const personStart = new Float64Array(ctx.participants.length).fill(NaN);
  const personEnd = new Float64Array(ctx.participants.length).fill(Infinity);
  ctx.participants.forEach((p, k) => {
    // an end before the start is one error on the participant (date-order): with no known
    // participation, their attendance is not judged against it (and not counted while it stands)
    if (p.start && !(p.end && p.end < p.start)) personStart[k] = toDayNumber(p.start);
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
    closestCache: new Map(),
    nearestKey: new Map(),
  };
}

/**
 * A known participant key one typo away from an unknown one (a swapped pair of adjacent
 * characters, one changed character), when exactly one is: as the hint's variant and parameters.
 * A PESEL is named masked, with its participant's row.
 */
function nearestKey(ctx: AttendanceRuleContext, key: number): IssueArgs<'unknown-participant'> {
  let found = ctx.nearestKey.get(key);
  if (found) return found;
  if (!ctx.typos) {
    const person = new Map<string, number>();
    ctx.participants.forEach((p, k) => {
      for (const known of [p.id, p.pesel]) if (known && !person.has(known)) person.set(known, k);
    });
    ctx.typos = { index: new TypoIndex(person.keys()), person };
  }
  const near = ctx.typos.index.near(ctx.store.keyTextOf(key));
  const hit = near.length === 1 ? (near[0] as string) : undefined;
  const p = hit === undefined ? undefined : ctx.participants[ctx.typos.person.get(hit) ?? -1];
  found = !hit || !p ? {} : isPeselShape(hit) ? { variant: 'closestPesel', closest: maskPesel(hit), row: p.row } : { variant: 'closest', closest: hit };
  ctx.nearestKey.set(key, found);
  return found;
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

export const attendanceDate: StoreRule = (i, ctx) => {
  const problem = ctx.store.dayProblem(i);
  if (problem === 'invalid') {
    const text = ctx.store.badText(i, 'date');
    ctx.sink.add('invalid-date', ctx.store.at(i, 'date'), text, { variant: notADateKind(text) });
  } else if (problem === 'missing') ctx.sink.add('required-value', ctx.store.at(i, 'date'), null, { variant: 'date' });
};

export const attendanceAction: StoreRule = (i, ctx) => {
  const a = ctx.store.action(i);
  if (a === 0) {
    ctx.sink.add('required-value', ctx.store.at(i, 'action'), null, { variant: 'action' });
  } else if (!ctx.actionOf[a]) {
    const text = ctx.store.textOf(a);
    const codes = [...ctx.actions.keys()];
    const c = closest(ctx, 'action', text, codes);
    const loc = ctx.store.at(i, 'action');
    ctx.sink.addGrouped(`${loc.file}\u0001action\u0001${a}`, 'unknown-action', loc, text, { closest: c ?? '', codes: codes.join(', '), variant: c ? undefined : 'list' });
  }
};

export const attendanceForm: StoreRule = (i, ctx) => {
  const s = ctx.store;
  const action = ctx.actionOf[s.action(i)];
  const f = s.form(i);
  if (f === 0) {
    if (action?.forms && action.forms.length > 1) ctx.sink.add('required-value', s.at(i, 'form'), null, { variant: 'form', forms: action.forms.join(', ') });
    return;
  }
  const text = s.textOf(f);
  if (!ctx.formKnown[f]) {
    const codes = [...ctx.forms.keys()];
    const c = closest(ctx, 'form', text, codes);
    const loc = s.at(i, 'form');
    ctx.sink.addGrouped(`${loc.file}\u0001form\u0001${f}`, 'unknown-form', loc, text, { closest: c ?? '', codes: codes.join(', '), variant: c ? undefined : 'list' });
  } else if (action?.forms && !action.forms.includes(text)) {
    const loc = s.at(i, 'form');
    ctx.sink.addGrouped(`${loc.file}\u0001formAction\u0001${f}\u0001${s.action(i)}`, 'form-not-in-action', loc, text, { action: action.code, forms: action.forms.join(', ') });
  }
};

export const attendanceMark: StoreRule = (i, ctx) => {
  if (ctx.store.markInvalid(i) && !ctx.store.isHeadcount(i)) ctx.sink.add('invalid-mark', ctx.store.at(i, 'mark'), ctx.store.badText(i, 'mark'));
};

export const attendanceParticipant: StoreRule = (i, ctx) => {
  const s = ctx.store;
  if (s.isHeadcount(i)) {
    if (Number.isNaN(s.headcount(i))) ctx.sink.add('invalid-number', s.at(i, 'headcount'), null, { variant: 'headcount' });
    return;
  }
  if (s.key(i) === 0) {
    ctx.sink.add('required-value', s.at(i, 'key'), null, { variant: s.hasColumn(i, 'headcount') ? 'keyOrHeadcount' : 'key' });
  } else if (s.person(i) === undefined) {
    // one unknown key in many rows of a file is one cause: one group (a grid row lists it once);
    // a key Excel rounded (8,80312E+10) matches nobody because its digits are lost: say that
    const key = s.keyText(i);
    const loc = s.at(i, 'key');
    const cause = `${loc.file}\u0001key\u0001${s.key(i)}`;
    if (looksRounded(key)) ctx.sink.addGrouped(cause, 'pesel-scientific-notation', loc, maskPeselsIn(key));
    else ctx.sink.addGrouped(cause, 'unknown-participant', loc, maskPeselsIn(key), nearestKey(ctx, s.key(i)));
  }
};

/**
 * Hours from `Godzina od`/`Godzina do` that give no usable hours: said in times, at the time
 * cell concerned (a missing one, an unreadable one, or the end not after the start).
 */
function timesProblem(i: number, ctx: AttendanceRuleContext): boolean {
  const s = ctx.store;
  const from = s.badText(i, 'timeFrom');
  const to = s.badText(i, 'timeTo');
  if (from === '' && to === '') return false;
  const fromAt = s.at(i, 'timeFrom');
  const toAt = s.at(i, 'timeTo');
  const a = parseTimeCell(from);
  const b = parseTimeCell(to);
  if (a === undefined) ctx.sink.add('required-value', fromAt, null, { variant: 'timeFrom' });
  else if (a === null) ctx.sink.add('invalid-number', fromAt, from, { variant: 'time' });
  if (b === undefined) ctx.sink.add('required-value', toAt, null, { variant: 'timeTo' });
  else if (b === null) ctx.sink.add('invalid-number', toAt, to, { variant: 'time' });
  if (typeof a === 'number' && typeof b === 'number') {
    const variant = b < a ? 'timeOrder' : b === a ? 'timeEqual' : 'timeLong';
    ctx.sink.add('invalid-hours', toAt, to, { from, to, hours: hoursText(b - a), max: MAX_SESSION_HOURS, variant });
  }
  return true;
}

/** A grid's hours cell serves every participant of its column: listed once, an error for each record. */
export const attendanceHours: StoreRule = (i, ctx) => {
  const s = ctx.store;
  const problem = s.hoursProblem(i);
  const h = s.hours(i);
  if (!problem && h > 0 && h <= MAX_SESSION_HOURS) return;
  if (timesProblem(i, ctx)) return;
  const loc = s.at(i, 'hours');
  if (problem === 'invalid') ctx.sink.addOnce('invalid-number', loc, null, { variant: 'hours' });
  else if (problem === 'missing') ctx.sink.addOnce('invalid-hours', loc, null, { variant: 'missing' });
  else ctx.sink.addOnce('invalid-hours', loc, hoursText(h), { max: MAX_SESSION_HOURS });
};

export const attendanceDates: StoreRule = (i, ctx) => {
  const s = ctx.store;
  if (!s.hasDay(i)) return;
  const day = s.day(i);
  if (day > ctx.asOfDay) ctx.sink.add('date-after-as-of', s.dateCell(i), dayText(day), { asOf: formatPl(ctx.asOf) });
  if (day < ctx.projectFrom || day > ctx.projectTo) {
    const { from, to } = ctx.project.definition.project.period;
    ctx.sink.add('attendance-outside-project', s.dateCell(i), dayText(day), { from: formatPl(from), to: formatPl(to) });
    return;
  }
  const a = s.action(i);
  const action = ctx.actionOf[a];
  if (action && (day < (ctx.windowFrom[a] as number) || day > (ctx.windowTo[a] as number))) {
    // the sessions of an action outside its window: one cause (the window is a plan) per file
    const loc = s.dateCell(i);
    ctx.sink.addGrouped(`${loc.file}\u0001window\u0001${a}`, 'attendance-outside-window', loc, dayText(day), { action: action.code, from: formatMonthPl(action.window.from), to: formatMonthPl(action.window.to) });
  }
};

export const attendanceOutsideParticipation: StoreRule = (i, ctx) => {
  const s = ctx.store;
  const p = s.person(i);
  if (p === undefined || !s.isPresent(i) || !s.hasDay(i)) return;
  const day = s.day(i);
  const start = ctx.personStart[p] as number;
  const end = ctx.personEnd[p] as number;
  if (Number.isNaN(start) || (day >= start && day <= end)) return;
  const person = ctx.participants[p] as Participant;
  const before = day < start;
  // one person's attendance before their start (or after their end) in a file: one cause
  const loc = s.dateCell(i);
  ctx.sink.addGrouped(`${loc.file}\u0001participation\u0001${p}\u0001${before ? 'before' : 'after'}`, 'attendance-outside-participation', loc, dayText(day), {
    start: dayText(start), end: end !== Infinity ? dayText(end) : '—', row: person.row, variant: before ? undefined : 'after',
  });
};

function place(l: Location): string {
  return `${l.sheet ?? ''} ${l.column ?? ''}${l.row ?? ''}`.trim();
}

/** One session, two different hour counts: reported once at each conflicting cell. */
export const sessionHoursConflict: StoreRule = (i, ctx) => {
  const s = ctx.store;
  const session = s.session(i);
  const h = s.hours(i);
  if (session === undefined || !(h > 0)) return;
  const f = ctx.sessionHours[session] as number;
  const fh = s.hours(f);
  if (f === i || fh === h) return;
  ctx.sink.addOnce('session-hours-conflict', s.at(i, 'hours'), hoursText(h), {
    first: hoursText(fh), at: place(s.at(f, 'hours')), date: dayText(s.day(i)),
  });
};

/**
 * The same person twice in one session (found by the store's bucketed pass); an open event's
 * headcount row typed twice (its people would count twice); a consultation of an individual
 * form typed twice (same person, day and hours).
 */
export const duplicateAttendance: StoreRule = (i, ctx) => {
  const s = ctx.store;
  const first = s.repeatOf(i);
  if (first === undefined) return;
  const date = dayText(s.day(i));
  if (s.isHeadcount(i)) {
    ctx.sink.add('duplicate-attendance', s.at(i, 'headcount'), String(s.headcount(i)), {
      first: place(s.at(first, 'headcount')), date, hours: hoursText(s.hours(i)), variant: 'headcount',
    });
    return;
  }
  const args = { first: place(s.at(first, 'mark')), date };
  const key = maskPeselsIn(s.keyText(i));
  if (s.isIndividual(i)) ctx.sink.add('duplicate-attendance', s.at(i, 'mark'), key, { ...args, hours: hoursText(s.hours(i)), variant: 'individual' });
  else ctx.sink.add('duplicate-attendance', s.at(i, 'mark'), key, args);
};

export const ATTENDANCE_RULES: readonly StoreRule[] = [
  attendanceDate, attendanceAction, attendanceForm, attendanceMark, attendanceParticipant, attendanceHours,
  attendanceDates, attendanceOutsideParticipation, sessionHoursConflict, duplicateAttendance,
];
