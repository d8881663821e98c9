/**
 * Submitting and changing nothing lists nothing (fast-check): for random data, periods and claim
 * days (also claims made before the period ended), a period recomputed from the same data — also
 * with later data added (new people, sessions and marks, end and employment dates after the
 * claim) — has no corrections; what time alone changed is the employment ratio, kept apart.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/dates.js';
import { compareSnapshot, recompute } from '../../src/corrections/corrections.js';
import type { World } from '../../src/corrections/compare.js';
import { sessionKey, sessionRef, type Locator } from '../../src/corrections/evidence.js';
import type { Snapshot } from '../../src/corrections/snapshot.js';
import { readIndicators } from '../../src/indicators/json.js';
import type { ComputeData } from '../../src/indicators/data.js';
import { calendarPeriods } from '../../src/project/periods.js';
import type { Definition } from '../../src/project/schema.js';
import { indicator, makeData, TEST_DEF, WORK, type MarkSpec, type PersonSpec, type SessionSpec } from '../helpers/compute.js';

const DEF: Definition = {
  ...TEST_DEF,
  indicators: [
    indicator({ id: 'P1', measure: 'participants', at: 'start' }),
    indicator({ id: 'P2', measure: 'participants', at: 'end', where: { otoczenie: false } }),
    indicator({ id: 'P3', measure: 'participants', at: 'support', where: { action: 'A1' } }),
    indicator({ id: 'P4', measure: 'participants', at: 'active', where: { attended_min_share: 0.5 } }),
    indicator({ id: 'S1', unit: 'szt.', measure: 'sessions' }),
    indicator({ id: 'S2', unit: 'godziny', measure: 'hours', where: { action: ['A1', 'A2'] } }),
    indicator({ id: 'S3', unit: 'obecności', measure: 'attendances', headcount: true }),
    indicator({ id: 'S4', unit: 'godziny', measure: 'participant_hours', where: { sex: 'K' } }),
    indicator({ id: 'R1', unit: '%', measure: 'ratio', numerator: { measure: 'participants', at: 'end', where: { employed_after: true } }, denominator: { measure: 'participants', at: 'end' } }),
  ],
};

const QUARTERS = calendarPeriods({ from: '2021-01-01', to: '2022-12-31' }, 3);
const dayIn = (from: string, days: number) => fc.integer({ min: 0, max: days }).map((n) => addDays(from, n));

/** People, sessions and marks all on or before the claim day. */
function dataUpTo(asOf: string) {
  const span = Math.max(0, (Date.parse(asOf) - Date.parse('2021-01-01')) / 86_400_000);
  const day = dayIn('2021-01-01', span);
  const person = fc.record({ start: day, end: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }), sex: fc.constantFrom<'K' | 'M'>('K', 'M'), otoczenie: fc.boolean(), job: fc.option(fc.integer({ min: 0, max: 150 }), { nil: undefined }) })
    .map(({ start, end, job, ...rest }): PersonSpec => {
      const p: PersonSpec = { start, ...rest, exitSituation1: WORK };
      if (end !== undefined && addDays(start, end) <= asOf) p.end = addDays(start, end);
      if (job !== undefined && addDays(start, job) <= asOf) p.employmentDate = addDays(start, job);
      return p;
    });
  const session = fc.record({ date: day, action: fc.constantFrom('A1', 'A2', 'A3'), hours: fc.integer({ min: 1, max: 6 }), headcount: fc.constantFrom(0, 0, 20) })
    .map((s): SessionSpec => ({ ...s, form: s.action === 'A1' ? 'spotkanie' : s.action === 'A2' ? 'szkolenie' : '', title: `${s.action} ${s.date}` }));
  return fc.record({ people: fc.array(person, { maxLength: 10 }), sessions: fc.array(session, { maxLength: 10 }), marks: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 40 }) });
}

/** What happened after the claim day: more people, sessions and marks, end and employment dates. */
function later(asOf: string) {
  const day = dayIn(addDays(asOf, 1), 300);
  return fc.record({
    people: fc.array(fc.record({ start: day, sex: fc.constantFrom<'K' | 'M'>('K', 'M') }), { maxLength: 4 }),
    sessions: fc.array(fc.record({ date: day, action: fc.constantFrom('A1', 'A2') }), { maxLength: 4 }),
    ends: fc.array(fc.tuple(fc.nat(), day, fc.option(day, { nil: undefined })), { maxLength: 4 }),
    marks: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 12 }),
  });
}

function marksOf(specs: [number, number, boolean][], sessions: number, people: number, seen = new Set<string>()): MarkSpec[] {
  const out: MarkSpec[] = [];
  if (!sessions || !people) return out;
  for (const [s, p, present] of specs) {
    const key = `${s % sessions} ${p % people}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push([s % sessions, p % people, present ? 'present' : 'absent']);
  }
  return out;
}

const loc: Locator = { personKey: (i) => `id:P${i}`, sessionKey, markRow: (record) => ({ file: 'lista.csv', sheet: 'lista', row: record + 2 }) };

function worldOf(data: ComputeData): World {
  const sessions = new Map(data.sessions.map((s) => [sessionKey(s), sessionRef(s)]));
  return { person: (k) => { const p = data.people[Number(k.slice(4))]; return p && { file: p.src.file, row: p.src.row }; }, session: (k) => sessions.get(k), mark: () => undefined };
}

const scenario = fc.record({ q: fc.integer({ min: 0, max: QUARTERS.length - 1 }), wait: fc.integer({ min: -80, max: 120 }) }).chain(({ q, wait }) => {
  const period = QUARTERS[q] ?? QUARTERS[0]!;
  const asOf = addDays(period.to, wait);
  return fc.record({ period: fc.constant(period), asOf: fc.constant(asOf), before: dataUpTo(asOf), after: later(asOf) });
});

describe('submit, change nothing, corrections lists nothing', () => {
  it('for random data, periods and claim days, also with later data added', () => {
    fc.assert(fc.property(scenario, ({ period, asOf, before, after }) => {
      const marks = marksOf(before.marks, before.sessions.length, before.people.length);
      const data = makeData(before.people, before.sessions, marks, { asOf });
      const computed = recompute(DEF, data, period, asOf, asOf, loc);
      const snapshot = { period: { ...period }, asOf, values: readIndicators(computed.values), evidence: computed.evidence } as unknown as Snapshot;

      const same = compareSnapshot(DEF, makeData(before.people, before.sessions, marks, { asOf: '2024-01-01' }), snapshot, '2024-01-01', loc, worldOf(data));
      expect(same.corrections).toEqual([]);

      // later: people appended, sessions appended (indices of the old ones unchanged), end/employment dates after the claim
      const people = before.people.map((p) => ({ ...p }));
      for (const [i, end, job] of after.ends) {
        const p = people[i % Math.max(1, people.length)];
        if (!p || p.end !== undefined || (p.start ?? '') > end) continue;
        p.end = end;
        if (job !== undefined && p.employmentDate === undefined && job >= (p.start ?? '')) p.employmentDate = job;
      }
      const allPeople = [...people, ...after.people];
      const sessions = [...before.sessions, ...after.sessions.map((s) => ({ ...s, form: s.action === 'A1' ? 'spotkanie' : 'szkolenie', title: `${s.action} ${s.date}`, hours: 2 }))];
      const seen = new Set(marks.map(([s, p]) => `${s} ${p}`));
      const laterMarks = marksOf(after.marks.map(([s, p]) => [before.sessions.length + (s % Math.max(1, after.sessions.length)), p, true] as [number, number, boolean]), after.sessions.length ? sessions.length : 0, allPeople.length, seen);
      const today = '2024-01-01';
      const grown = makeData(allPeople, sessions, [...marks, ...laterMarks], { asOf: today });
      const r = compareSnapshot(DEF, grown, snapshot, today, loc, worldOf(grown));
      expect(r.corrections).toEqual([]);
      // what time changed is only ever the employment ratio, and kept apart
      for (const x of r.resolved) expect(x.indicator).toBe('R1');
    }), { numRuns: 40 });
  });
});
