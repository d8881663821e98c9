/**
 * The measures of SPEC §4.1 over a date range. Pure functions of the compute data; each
 * returns what it counted, so the caller can split by sex and trace numbers back to rows.
 */
import type { IsoDate } from '../dates.js';
import type { At, Where } from '../project/index.js';
import type { ComputeData, Person, Session } from './data.js';
import { needsAttendance, personFilter, sessionFilter } from './filters.js';

export interface Range {
  from: IsoDate;
  to: IsoDate;
}

/** Per person, over the sessions that pass a filter and are dated on or before a cut-off. */
export interface AttendanceStats {
  /** Date of the first present attendance. */
  first: (IsoDate | undefined)[];
  present: Int32Array;
  /** Marks (present, absent, excused) within the person's participation. */
  expected: Int32Array;
  /** Sum of session hours over present marks. */
  hours: Float64Array;
}

export function attendanceStats(data: ComputeData, where: Where | undefined, cutoff: IsoDate): AttendanceStats {
  const n = data.people.length;
  const stats: AttendanceStats = { first: new Array<IsoDate | undefined>(n), present: new Int32Array(n), expected: new Int32Array(n), hours: new Float64Array(n) };
  const sf = sessionFilter(where);
  const ok = sessionMask(data, (s) => s.date <= cutoff && (!sf || sf(s)));
  const a = data.attendances;
  for (let k = 0; k < a.length; k++) {
    const si = a.session(k);
    if (!ok[si]) continue;
    const s = data.sessions[si] as Session;
    const person = a.person(k);
    const p = data.people[person];
    if (!p) continue;
    if (a.isPresent(k)) {
      stats.present[person] = (stats.present[person] ?? 0) + 1;
      stats.hours[person] = (stats.hours[person] ?? 0) + s.hours;
      const f = stats.first[person];
      if (f === undefined || s.date < f) stats.first[person] = s.date;
    }
    if (p.start && s.date >= p.start && (!p.end || s.date <= p.end)) stats.expected[person] = (stats.expected[person] ?? 0) + 1;
  }
  return stats;
}

/** 1 for each session that passes a test: marks then check their session by index. */
export function sessionMask(data: ComputeData, test: (s: Session) => boolean): Uint8Array {
  const mask = new Uint8Array(data.sessions.length);
  for (const s of data.sessions) if (test(s)) mask[s.index] = 1;
  return mask;
}

function personMask(data: ComputeData, test: (p: Person) => boolean): Uint8Array {
  const mask = new Uint8Array(data.people.length);
  for (const p of data.people) if (test(p)) mask[p.index] = 1;
  return mask;
}

function inRange(d: IsoDate | undefined, r: Range): boolean {
  return d !== undefined && d >= r.from && d <= r.to;
}

/** The attendance-based conditions of a filter, for one person. */
function attendanceTest(where: Where | undefined, at: At, stats: AttendanceStats | undefined): (i: number) => boolean {
  if (!where || !stats) return () => true;
  const tests: ((i: number) => boolean)[] = [];
  if ((where.action || where.form) && at !== 'support') tests.push((i) => (stats.present[i] ?? 0) > 0);
  const minHours = where.attended_min_hours;
  if (minHours !== undefined) tests.push((i) => (stats.hours[i] ?? 0) >= minHours - 1e-9);
  const minShare = where.attended_min_share;
  if (minShare !== undefined) {
    tests.push((i) => {
      const expected = stats.expected[i] ?? 0;
      return expected > 0 && (stats.present[i] ?? 0) / expected >= minShare - 1e-9;
    });
  }
  return (i) => tests.every((t) => t(i));
}

/** Indices of the distinct people a `participants` measure counts in a range. */
export function countedPeople(data: ComputeData, where: Where | undefined, at: At, range: Range): number[] {
  const pf = personFilter(where);
  const stats = at === 'support' || needsAttendance(where) ? attendanceStats(data, where, range.to) : undefined;
  const attended = attendanceTest(where, at, stats);
  const out: number[] = [];
  for (const p of data.people) {
    if (!pf(p)) continue;
    let inPeriod: boolean;
    switch (at) {
      case 'start':
        inPeriod = inRange(p.start, range);
        break;
      case 'end':
        inPeriod = inRange(p.end, range);
        break;
      case 'active':
        inPeriod = p.start !== undefined && p.start <= range.to && (p.end === undefined || p.end >= range.from);
        break;
      case 'support':
        inPeriod = inRange(stats?.first[p.index], range);
        break;
    }
    if (inPeriod && attended(p.index)) out.push(p.index);
  }
  return out;
}

/** Sessions held in a range (any presence or headcount) that pass the action/form filter. */
export function heldSessions(data: ComputeData, where: Where | undefined, range: Range): Session[] {
  const sf = sessionFilter(where);
  return data.sessions.filter((s) => s.date >= range.from && s.date <= range.to && (s.present > 0 || s.headcount > 0) && (!sf || sf(s)));
}

export interface AttendanceTotals {
  /** Present marks of people passing the filter. */
  attendances: number;
  /** Sum of session hours over those marks. */
  participantHours: number;
  /** Headcounts of open events among the sessions. */
  headcount: number;
}

/** Present attendances (and their hours) in a range, people and sessions filtered; `marks` collects the marks counted (by index). */
export function attendanceTotals(data: ComputeData, where: Where | undefined, range: Range, marks?: number[]): AttendanceTotals {
  const pf = personFilter(where);
  const sf = sessionFilter(where);
  const stats = where && (where.attended_min_hours !== undefined || where.attended_min_share !== undefined)
    ? attendanceStats(data, where, range.to) : undefined;
  const attended = attendanceTest(where ? { ...where, action: undefined, form: undefined } : undefined, 'start', stats);
  const totals: AttendanceTotals = { attendances: 0, participantHours: 0, headcount: 0 };
  const ok = sessionMask(data, (s) => s.date >= range.from && s.date <= range.to && (!sf || sf(s)));
  const passes = personMask(data, pf);
  const a = data.attendances;
  for (let k = 0; k < a.length; k++) {
    if (!a.isPresent(k)) continue;
    const si = a.session(k);
    const person = a.person(k);
    if (!ok[si] || !passes[person] || !attended(person)) continue;
    totals.attendances++;
    marks?.push(k);
    totals.participantHours += (data.sessions[si] as Session).hours;
  }
  for (const s of heldSessions(data, where, range)) totals.headcount += s.headcount;
  return totals;
}
