/**
 * The tables every report carries beyond the defined indicators (SPEC §4.6): participant
 * structure at entry, started / ended / active, and per action (and form) the sessions, hours,
 * participant-hours, distinct participants and attendance rate. Computed here so the reports
 * only lay them out.
 */
import type { Definition } from '../project/index.js';
import { kmoOf } from './compute.js';
import type { KMO } from './json.js';
import type { ComputeData, Person, Session } from './data.js';
import { countedPeople, type Range } from './measures.js';

export interface PeriodPair<T> {
  period: T;
  cumulative: T;
}

export interface StructureRow {
  /** sex | age | education | status | statusDetail | disability | migrant | homeless | otherDisadvantage | otoczenie */
  group: string;
  /** A dictionary value, an age band (`<25`, `25-54`, `>54`), an ISCED group, or `brak` (no data). */
  category: string;
  counts: PeriodPair<KMO>;
}

export interface ActivityStats {
  sessions: number;
  hours: number;
  participantHours: number;
  participants: number;
  present: number;
  /** Marks within the people's participation (present, absent, excused). */
  expected: number;
  /** present ÷ expected; null when nothing was expected. */
  rate: number | null;
}

export interface ActivityRow {
  action: string;
  /** '' for the action as a whole. */
  form: string;
  stats: PeriodPair<ActivityStats>;
}

export interface StandardTables {
  structure: StructureRow[];
  flows: { started: PeriodPair<KMO>; ended: PeriodPair<KMO>; active: PeriodPair<KMO> };
  activity: ActivityRow[];
}

/** The age bands youngest to oldest, then no data: the order every table shows them in. */
const AGE_BANDS = ['<25', '25-54', '>54', 'brak'];

export function ageBand(age: number | undefined): string {
  if (age === undefined) return 'brak';
  return age < 25 ? '<25' : age <= 54 ? '25-54' : '>54';
}

export function iscedGroup(education: string | undefined): string {
  if (!education) return 'brak';
  const m = /ISCED\s*(\d)/i.exec(education);
  const level = m ? Number(m[1]) : NaN;
  return level <= 2 ? 'ISCED 0-2' : level <= 4 ? 'ISCED 3-4' : level <= 8 ? 'ISCED 5-8' : 'brak';
}

const GROUPS: [string, (p: Person) => string][] = [
  ['sex', (p) => p.sex ?? 'brak'],
  ['age', (p) => ageBand(p.ageAtStart)],
  ['education', (p) => iscedGroup(p.education)],
  ['status', (p) => p.status ?? 'brak'],
  ['statusDetail', (p) => (p.status ? `${p.status} — ${p.statusDetail ?? 'brak'}` : 'brak')],
  ['disability', (p) => p.disability ?? 'brak'],
  ['migrant', (p) => p.migrant ?? 'brak'],
  ['homeless', (p) => p.homeless ?? 'brak'],
  ['otherDisadvantage', (p) => p.otherDisadvantage ?? 'brak'],
  ['otoczenie', (p) => (p.otoczenie ? 'Tak' : 'Nie')],
];

function byAge(a: string, b: string): number {
  return AGE_BANDS.indexOf(a) - AGE_BANDS.indexOf(b);
}

/** Structure at entry: the people who started in the period, and all who started up to its end. */
function structure(data: ComputeData, period: Range): StructureRow[] {
  const started = countedPeople(data, undefined, 'start', period);
  const cumulative = countedPeople(data, undefined, 'start', { from: data.span.from, to: period.to });
  const rows: StructureRow[] = [];
  for (const [group, categoryOfPerson] of GROUPS) {
    const categoryOf = (i: number) => categoryOfPerson(data.people[i] as Person);
    const categories = [...new Set(cumulative.map(categoryOf))].sort(group === 'age' ? byAge : (a, b) => a.localeCompare(b, 'pl'));
    for (const category of categories) {
      rows.push({
        group,
        category,
        counts: {
          period: kmoOf(data, started.filter((i) => categoryOf(i) === category)),
          cumulative: kmoOf(data, cumulative.filter((i) => categoryOf(i) === category)),
        },
      });
    }
  }
  return rows;
}

function flows(data: ComputeData, period: Range): StandardTables['flows'] {
  const upTo = { from: data.span.from, to: period.to };
  const pair = (at: 'start' | 'end' | 'active'): PeriodPair<KMO> => ({
    period: kmoOf(data, countedPeople(data, undefined, at, period)),
    cumulative: kmoOf(data, countedPeople(data, undefined, at, upTo)),
  });
  return { started: pair('start'), ended: pair('end'), active: pair('active') };
}

function emptyStats(): ActivityStats {
  return { sessions: 0, hours: 0, participantHours: 0, participants: 0, present: 0, expected: 0, rate: null };
}

/** One range's figures per slot (an action as a whole, or an action and form), and who was present. */
class SlotStats {
  readonly stats: ActivityStats[] = [];
  private readonly seen: Uint8Array[] = [];
  constructor(private readonly people: number) {}

  at(slot: number): ActivityStats {
    return (this.stats[slot] ??= emptyStats());
  }

  /** A present mark in a session of the action's slot `a` and the form's slot `f`. */
  present(a: number, f: number, person: number, hours: number): void {
    this.presentIn(a, person, hours);
    this.presentIn(f, person, hours);
  }

  /** A mark within the person's participation. */
  expected(a: number, f: number): void {
    this.at(a).expected++;
    this.at(f).expected++;
  }

  private presentIn(slot: number, person: number, hours: number): void {
    const st = this.at(slot);
    st.present++;
    st.participantHours += hours;
    const seen = (this.seen[slot] ??= new Uint8Array(this.people));
    if (seen[person] === 0) {
      seen[person] = 1;
      st.participants++;
    }
  }

  finish(): void {
    for (const st of this.stats) if (st) st.rate = st.expected > 0 ? st.present / st.expected : null;
  }
}

/**
 * Activity per action and per (action, form), in the period and from the project's start to its
 * end, in one pass over the sessions and one over the marks: slots are numbered, presence is a
 * flag per slot and person.
 */
function activityRows(def: Definition, data: ComputeData, period: Range): ActivityRow[] {
  const upTo = { from: data.span.from, to: period.to };
  const slots = new Map<string, number>();
  const slotOf = (action: string, form: string) => {
    const key = `${action}\u0001${form}`;
    let n = slots.get(key);
    if (n === undefined) slots.set(key, (n = slots.size));
    return n;
  };
  const n = data.sessions.length;
  /** Per session: its action's slot and its form's slot (-1: outside the cumulative range). */
  const actionSlot = new Int32Array(n).fill(-1);
  const formSlot = new Int32Array(n).fill(-1);
  const inPeriod = new Uint8Array(n);
  const ranges = { period: new SlotStats(data.people.length), cumulative: new SlotStats(data.people.length) };
  for (const s of data.sessions) {
    if (s.date < upTo.from || s.date > upTo.to) continue;
    const a = (actionSlot[s.index] = slotOf(s.action, ''));
    const f = (formSlot[s.index] = slotOf(s.action, s.form));
    const held = s.present > 0 || s.headcount > 0;
    inPeriod[s.index] = s.date >= period.from ? 1 : 0;
    // a session nobody attended still gives its action and form a row (with its absences)
    for (const r of inPeriod[s.index] ? [ranges.period, ranges.cumulative] : [ranges.cumulative]) {
      for (const st of [r.at(a), r.at(f)]) {
        if (held) {
          st.sessions++;
          st.hours += s.hours;
        }
      }
    }
  }
  const marks = data.attendances;
  for (let k = 0; k < marks.length; k++) {
    const si = marks.session(k);
    const a = actionSlot[si] as number;
    if (a < 0) continue;
    const f = formSlot[si] as number;
    const s = data.sessions[si] as Session;
    const person = marks.person(k);
    const p = data.people[person] as Person;
    const within = p.start !== undefined && s.date >= p.start && (!p.end || s.date <= p.end);
    const present = marks.isPresent(k);
    const both = inPeriod[si] === 1;
    if (present) {
      ranges.cumulative.present(a, f, person, s.hours);
      if (both) ranges.period.present(a, f, person, s.hours);
    }
    if (within) {
      ranges.cumulative.expected(a, f);
      if (both) ranges.period.expected(a, f);
    }
  }
  ranges.period.finish();
  ranges.cumulative.finish();
  const stats = (r: SlotStats, action: string, form: string) => {
    const slot = slots.get(`${action}\u0001${form}`);
    return (slot === undefined ? undefined : r.stats[slot]) ?? emptyStats();
  };
  const rows: ActivityRow[] = [];
  for (const a of def.actions) {
    const seenForms = [...slots.keys()].filter((k) => k.startsWith(`${a.code}\u0001`)).map((k) => k.split('\u0001')[1] ?? '');
    const forms = [...new Set([...(a.forms ?? []), ...seenForms])].filter((f) => f !== '');
    for (const form of ['', ...forms]) {
      rows.push({ action: a.code, form, stats: { period: stats(ranges.period, a.code, form), cumulative: stats(ranges.cumulative, a.code, form) } });
    }
  }
  return rows;
}

export function standardTables(def: Definition, data: ComputeData, period: Range): StandardTables {
  return { structure: structure(data, period), flows: flows(data, period), activity: activityRows(def, data, period) };
}

export interface MonthRow {
  month: string;
  started: number;
  ended: number;
  active: number;
  sessions: number;
  hours: number;
  participantHours: number;
  attendances: number;
}

/** Month by month over the given months: people flows and activity (O counts). */
export function monthly(data: ComputeData, months: readonly string[]): MonthRow[] {
  const index = new Map(months.map((m, i) => [m, i]));
  const rows: MonthRow[] = months.map((month) => ({ month, started: 0, ended: 0, active: 0, sessions: 0, hours: 0, participantHours: 0, attendances: 0 }));
  for (const p of data.people) {
    if (!p.start) continue;
    const s = index.get(p.start.slice(0, 7));
    if (s !== undefined) (rows[s] as MonthRow).started++;
    const e = p.end ? index.get(p.end.slice(0, 7)) : undefined;
    if (e !== undefined) (rows[e] as MonthRow).ended++;
    for (const r of rows) {
      if (p.start.slice(0, 7) <= r.month && (!p.end || p.end.slice(0, 7) >= r.month)) r.active++;
    }
  }
  for (const s of data.sessions) {
    const i = index.get(s.date.slice(0, 7));
    if (i === undefined || (s.present === 0 && s.headcount === 0)) continue;
    const r = rows[i] as MonthRow;
    r.sessions++;
    r.hours += s.hours;
  }
  const monthOfSession = data.sessions.map((s) => index.get(s.date.slice(0, 7)));
  const a = data.attendances;
  for (let k = 0; k < a.length; k++) {
    if (!a.isPresent(k)) continue;
    const si = a.session(k);
    const i = monthOfSession[si];
    if (i === undefined) continue;
    const r = rows[i] as MonthRow;
    r.attendances++;
    r.participantHours += (data.sessions[si] as Session).hours;
  }
  return rows;
}
