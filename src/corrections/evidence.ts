/**
 * The evidence behind indicator values (SPEC §8): for each indicator and side (period,
 * cumulative) the persons, sessions and attendance marks it counted, named by keys that survive
 * a change of row numbers — a person by `Identyfikator` (or a keyed hash of the PESEL), a session
 * by date, action, form and title — with where each one is in the files. A snapshot stores it;
 * `corrections` builds it again from today's data and compares the two.
 */
import type { IsoDate } from '../dates.js';
import type { IndicatorValue, ComputeData, Person, Session } from '../indicators/index.js';
import type { Period } from '../project/index.js';

/** A person as evidence: where their row is, the sex their K/M count used, and a hash of each value the counts read. */
export interface PersonRef {
  file: string;
  sheet?: string;
  row: number;
  sex?: 'K' | 'M';
  /** By `Person` field (`start`, `otoczenie`, `ageAtStart` …): which values changed since (`fieldHashes`); absent in older snapshots. */
  fields?: Record<string, string>;
}

/** A session as evidence: where its first record is, and what a session measure reads of it. */
export interface SessionRef {
  file: string;
  sheet?: string;
  row: number;
  date: IsoDate;
  action: string;
  form: string;
  title: string;
  hours: number;
  /** People at an open event without a list. */
  headcount?: number;
}

/** What one side (period or cumulative) of an indicator counted. Keys into the tables of `Evidence`. */
export interface SideEvidence {
  /** Participant measures: the persons counted; ratios: the numerator. */
  persons?: string[];
  denominator?: string[];
  pending?: string[];
  /** Session measures: the sessions held. */
  sessions?: string[];
  /** Attendance measures: present marks counted per session. */
  marks?: Record<string, number>;
}

export interface Evidence {
  persons: Record<string, PersonRef>;
  sessions: Record<string, SessionRef>;
  /**
   * Present marks behind the attendance measures, one text per session (a million marks stay a
   * few megabytes and parse fast): lines `<person key>\t<row>` sorted by key; the place is
   * `file › sheet › row` when the mark is not in its session's sheet. See `markLines`.
   */
  marks: Record<string, string>;
  indicators: Record<string, { period: SideEvidence; cumulative: SideEvidence }>;
}

/** How the engine's indices map to lasting keys and to places in the files (the edge knows the files). */
export interface Locator {
  /** `id:<Identyfikator>`, `h:<keyed hash of the PESEL>`, or `row:<file>:<row>` when neither can be had. */
  personKey(person: number): string;
  /** The lasting key of a session (`sessionKey`; for an individual form with its person: `individualSessionKey`). */
  sessionKey(session: Session): string;
  /** File and row of an attendance record (index into the store; the marks carry it). */
  markRow(record: number): { file: string; sheet: string; row: number };
  /** A snapshot's hashes of a person's values (`fieldHashes`); comparisons need none. */
  personFields?(person: Person, key: string): Record<string, string>;
}

const PLACE_SEPARATOR = ' › ';

/** A mark's place when it is not in its session's sheet. */
export function markPlaceText(at: { file: string; sheet: string; row: number }): string {
  return [at.file, at.sheet, at.row].join(PLACE_SEPARATOR);
}

/** Where a stored mark is: its own place, or the row in its session's sheet. */
export function markPlace(at: number | string, session: { file: string; sheet?: string }): { file: string; sheet?: string; row: number } {
  if (typeof at === 'number') return session.sheet === undefined ? { file: session.file, row: at } : { file: session.file, sheet: session.sheet, row: at };
  const parts = at.split(PLACE_SEPARATOR);
  const row = Number(parts.pop());
  const sheet = parts.pop() ?? '';
  return { file: parts.join(PLACE_SEPARATOR), sheet, row };
}

export function sessionKey(s: { date: string; action: string; form: string; title: string }): string {
  return `${s.date}|${s.action}|${s.form}|${s.title}`;
}

/**
 * A session of an individual form (each row its own session) is named by its person and its
 * hours too (two consultations of one person on one day differ in their hours, or the second is a
 * duplicate: `#2`): keys that do not depend on row numbers, like the others.
 */
export function individualSessionKey(s: { date: string; action: string; form: string; title: string; hours: number }, person: string, nth: number): string {
  return `${sessionKey(s)}|${person}|${Math.round(s.hours * 100) / 100}${nth > 1 ? `#${nth}` : ''}`;
}

export function sessionRef(s: Session): SessionRef {
  const ref: SessionRef = { file: s.src.file, sheet: s.src.sheet, row: s.src.row, date: s.date, action: s.action, form: s.form, title: s.title, hours: s.hours };
  if (s.headcount > 0) ref.headcount = s.headcount;
  return ref;
}

export function personRef(data: ComputeData, index: number): PersonRef {
  const p = data.people[index];
  if (!p) return { file: '', row: 0 };
  const ref: PersonRef = { file: p.src.file, sheet: p.src.sheet, row: p.src.row };
  if (p.sex) ref.sex = p.sex;
  return ref;
}

/** A session's marks as stored: person key → place (a row in the session's sheet, or `file › sheet › row`). */
export function markLines(text: string | undefined): Map<string, number | string> {
  const out = new Map<string, number | string>();
  if (!text) return out;
  for (const line of text.split('\n')) {
    const tab = line.lastIndexOf('\t');
    if (tab < 0) continue;
    const place = line.slice(tab + 1);
    out.set(line.slice(0, tab), /^\d+$/.test(place) ? Number(place) : place);
  }
  return out;
}

class Builder {
  readonly evidence: Evidence = { persons: {}, sessions: {}, marks: {}, indicators: {} };
  private readonly personKeys = new Map<number, string>();
  /** Marks gathered per session before they become text; each (session, person) once. */
  private readonly markPlaces = new Map<string, Map<string, number | string>>();

  constructor(private readonly data: ComputeData, private readonly loc: Locator) {}

  person(i: number): string {
    let key = this.personKeys.get(i);
    if (key === undefined) {
      key = this.loc.personKey(i);
      this.personKeys.set(i, key);
      if (!this.evidence.persons[key]) {
        const ref = personRef(this.data, i);
        const person = this.data.people[i];
        if (person && this.loc.personFields) ref.fields = this.loc.personFields(person, key);
        this.evidence.persons[key] = ref;
      }
    }
    return key;
  }

  persons(list: readonly number[] | undefined): string[] | undefined {
    return list ? [...new Set(list.map((i) => this.person(i)))].sort() : undefined;
  }

  /** Keys of the sessions seen so far, by index (a million marks look them up). */
  private readonly sessionKeys: (string | undefined)[] = [];
  private readonly markKeys: (string | undefined)[] = [];

  /** A session that session measures count: each session of an individual form on its own. */
  session(i: number): string {
    let key = this.sessionKeys[i];
    if (key === undefined) {
      key = this.loc.sessionKey(this.data.sessions[i] as Session);
      this.sessionKeys[i] = key;
      this.evidence.sessions[key] ??= sessionRef(this.data.sessions[i] as Session);
    }
    return key;
  }

  /**
   * Where marks are kept: by date, action, form and title also for individual forms (a person's
   * mark is there whichever consultation it was), so marks keep their keys when a form is
   * marked individual after a period was submitted.
   */
  markSession(i: number): string {
    let key = this.markKeys[i];
    if (key === undefined) {
      const s = this.data.sessions[i] as Session;
      key = sessionKey(s);
      this.markKeys[i] = key;
      this.evidence.sessions[key] ??= sessionRef(key === this.loc.sessionKey(s) ? s : this.firstOf(key));
    }
    return key;
  }

  /** Per (date, action, form, title) of an individual form: its first session with a counted row, as when they were one session. */
  private firsts: Map<string, Session> | undefined;

  private firstOf(key: string): Session {
    if (!this.firsts) {
      const firsts = new Map<string, Session>();
      for (const s of this.data.sessions) {
        const k = sessionKey(s);
        const f = firsts.get(k);
        if (!f || (f.hours === 0 && s.hours > 0)) firsts.set(k, s);
      }
      this.firsts = firsts;
    }
    return this.firsts.get(key) as Session;
  }

  /** Marks counted per session (the places are gathered by `place`, once every side is counted). */
  marks(list: readonly number[]): Record<string, number> {
    const a = this.data.attendances;
    const counts: Record<string, number> = {};
    for (const k of list) {
      const skey = this.markSession(a.session(k));
      counts[skey] = (counts[skey] ?? 0) + 1;
    }
    this.markLists.push(list);
    return counts;
  }

  /** Every list of marks counted, for `place`. */
  private readonly markLists: (readonly number[])[] = [];

  /** Where the counted marks are, for the sessions `wanted` says (all of them by default). */
  place(wanted?: (session: string) => boolean): void {
    const a = this.data.attendances;
    for (const list of this.markLists) {
      for (const k of list) {
        const skey = this.markSession(a.session(k));
        if (wanted && !wanted(skey)) continue;
        const pkey = this.person(a.person(k));
        let byPerson = this.markPlaces.get(skey);
        if (!byPerson) {
          byPerson = new Map();
          this.markPlaces.set(skey, byPerson);
        }
        if (!byPerson.has(pkey)) {
          const at = this.loc.markRow(a.record(k));
          const ref = this.evidence.sessions[skey];
          byPerson.set(pkey, at.file === ref?.file && at.sheet === ref.sheet ? at.row : markPlaceText(at));
        }
      }
    }
  }

  /** The evidence, with the marks written out as text. */
  finish(): Evidence {
    for (const [skey, byPerson] of this.markPlaces) {
      this.evidence.marks[skey] = [...byPerson].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map(([p, at]) => `${p}\t${at}`).join('\n');
    }
    return this.evidence;
  }
}

function side(b: Builder, parts: { persons?: number[] | undefined; denominator?: number[] | undefined; pending?: number[] | undefined; sessions?: number[] | undefined; marks?: number[] | undefined }): SideEvidence {
  const out: SideEvidence = {};
  const persons = b.persons(parts.persons);
  if (persons) out.persons = persons;
  const denominator = b.persons(parts.denominator);
  if (denominator) out.denominator = denominator;
  const pending = b.persons(parts.pending);
  if (pending) out.pending = pending;
  if (parts.sessions) out.sessions = [...new Set(parts.sessions.map((i) => b.session(i)))].sort();
  if (parts.marks) out.marks = b.marks(parts.marks);
  return out;
}

/**
 * Sessions whose marks must be named when comparing with `reference`: those an attendance
 * measure counts differently, or whose hours or headcount changed. Marks of other sessions are
 * the same on both sides and are not written out (a million of them in a big project).
 */
function differingSessions(built: Evidence, reference: Evidence): Set<string> {
  const out = new Set<string>();
  for (const [id, sides] of Object.entries(built.indicators)) {
    for (const name of ['period', 'cumulative'] as const) {
      const mine = sides[name].marks;
      const theirs = reference.indicators[id]?.[name].marks;
      if (!mine && !theirs) continue;
      for (const k of new Set([...Object.keys(mine ?? {}), ...Object.keys(theirs ?? {})])) if ((mine?.[k] ?? 0) !== (theirs?.[k] ?? 0)) out.add(k);
    }
  }
  for (const [k, ref] of Object.entries(built.sessions)) {
    const other = reference.sessions[k];
    if (other && (other.hours !== ref.hours || (other.headcount ?? 0) !== (ref.headcount ?? 0))) out.add(k);
  }
  return out;
}

/**
 * The evidence behind values computed with `{ evidence: true }` for a period. With a
 * `reference` (the snapshot it will be compared with), only the marks of sessions that differ
 * from it are written out.
 */
export function buildEvidence(values: readonly IndicatorValue[], data: ComputeData, period: Period, loc: Locator, reference?: Evidence): Evidence {
  const b = new Builder(data, loc);
  for (const v of values) {
    const c = v.counted;
    switch (c?.kind) {
      case undefined:
        b.evidence.indicators[v.id] = { period: {}, cumulative: {} };
        break;
      case 'sessions': {
        // attendance measures name their marks; of their sessions only the open events (headcounts) add to a value
        const held = c.marks ? c.sessions.filter((i) => (data.sessions[i]?.headcount ?? 0) > 0) : c.sessions;
        const inPeriod = held.filter((i) => (data.sessions[i]?.date ?? '') >= period.from);
        b.evidence.indicators[v.id] = {
          period: side(b, { sessions: inPeriod, marks: c.marks?.period }),
          cumulative: side(b, { sessions: held, marks: c.marks?.cumulative }),
        };
        break;
      }
      case 'people':
        b.evidence.indicators[v.id] = { period: side(b, { persons: c.period }), cumulative: side(b, { persons: c.cumulative }) };
        break;
      case 'ratio':
        b.evidence.indicators[v.id] = {
          period: side(b, { persons: c.period, denominator: c.periodDenominator, pending: c.periodPending }),
          cumulative: side(b, { persons: c.cumulative, denominator: c.denominator, pending: c.pending }),
        };
        break;
    }
  }
  // a snapshot hashes the values of every person, counted or not: one who enters a count later is told by the value that changed
  if (loc.personFields) data.people.forEach((_, i) => b.person(i));
  if (reference) {
    const wanted = differingSessions(b.evidence, reference);
    b.place((k) => wanted.has(k));
  } else b.place();
  return b.finish();
}
