/** Invariants of the engine over random data (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, toDayNumber } from '../../src/dates.js';
import { computeIndicator, type IndicatorValue } from '../../src/indicators/compute.js';
import { parsePeriodText, reportingPeriods } from '../../src/project/periods.js';
import { indicator, makeData, TEST_DEF, type MarkSpec, type PersonSpec, type SessionSpec } from '../helpers/compute.js';

const SPAN_DAYS = toDayNumber('2022-12-31') - toDayNumber('2021-01-01');
const day = fc.integer({ min: 0, max: SPAN_DAYS }).map((n) => addDays('2021-01-01', n));

const person: fc.Arbitrary<PersonSpec> = fc.record({
  start: day,
  length: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
  sex: fc.constantFrom<'K' | 'M' | undefined>('K', 'M', undefined),
  otoczenie: fc.boolean(),
  ageAtStart: fc.integer({ min: 15, max: 80 }),
}).map(({ start, length, ...rest }) => {
  const p: PersonSpec = { start, ...rest };
  if (length !== undefined) {
    const end = addDays(start, length);
    if (end <= '2022-12-31') p.end = end;
  }
  return p;
});

const session: fc.Arbitrary<SessionSpec> = fc.record({
  date: day,
  action: fc.constantFrom('A1', 'A2', 'A3'),
  hours: fc.integer({ min: 1, max: 8 }),
  headcount: fc.constantFrom(0, 0, 0, 25),
}).map((s) => ({ ...s, form: s.action === 'A1' ? 'spotkanie' : s.action === 'A2' ? 'szkolenie' : '' }));

const dataset = fc.record({
  people: fc.array(person, { minLength: 0, maxLength: 14 }),
  sessions: fc.array(session, { minLength: 0, maxLength: 14 }),
  marks: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom<'present' | 'absent' | 'excused'>('present', 'present', 'absent', 'excused')), { maxLength: 60 }),
}).map(({ people, sessions, marks }) => {
  const seen = new Set<string>();
  const valid: MarkSpec[] = [];
  if (people.length && sessions.length) {
    for (const [s, p, m] of marks) {
      const key = `${s % sessions.length} ${p % people.length}`;
      if (!seen.has(key)) {
        seen.add(key);
        valid.push([s % sessions.length, p % people.length, m]);
      }
    }
  }
  return makeData(people, sessions, valid);
});

const PARTICIPANT_SPECS = ['start', 'end', 'active', 'support'].flatMap((at) => [
  { measure: 'participants', at },
  { measure: 'participants', at, where: { otoczenie: false, age: { max: 54 } } },
  { measure: 'participants', at, where: { action: 'A1' } },
]);
const SESSION_SPECS = [
  { unit: 'szt.', measure: 'sessions' }, { unit: 'godziny', measure: 'hours', where: { action: ['A1', 'A2'] } },
  { unit: 'uczestnictwa', measure: 'attendances', headcount: true }, { unit: 'godziny', measure: 'participant_hours', where: { sex: 'K' } },
];
const RATIO = { unit: '%', measure: 'ratio', numerator: { measure: 'participants', at: 'end', where: { sex: 'K' } }, denominator: { measure: 'participants', at: 'end' } };
const quarters = reportingPeriods(TEST_DEF);
/** O of one side (a ratio's numerator). */
function o(v: IndicatorValue, side: 'period' | 'cumulative'): number {
  return (v.kind === 'ratio' ? v[side]?.numerator.O : v[side]?.O) ?? 0;
}

describe('indicator invariants', () => {
  it('cumulative values never decrease over consecutive periods', () => {
    const specs = [...PARTICIPANT_SPECS, ...SESSION_SPECS, RATIO].map(indicator);
    fc.assert(fc.property(dataset, (data) => {
      for (const ind of specs) {
        const values = quarters.map((q) => o(computeIndicator(ind, data, q), 'cumulative'));
        for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1] ?? 0);
      }
    }), { numRuns: 150 });
  });

  it('sessions, hours and attendances of the months of a quarter sum to the quarter', () => {
    const specs = SESSION_SPECS.map(indicator);
    fc.assert(fc.property(dataset, fc.constantFrom('2021-Q1', '2021-Q3', '2022-Q2', '2022-Q4'), (data, q) => {
      const quarter = parsePeriodText(q);
      if (!quarter) throw new Error(q);
      const first = Number(quarter.from.slice(5, 7));
      const months = [0, 1, 2].map((k) => parsePeriodText(`${quarter.from.slice(0, 4)}-${String(first + k).padStart(2, '0')}`));
      for (const ind of specs) {
        const sum = months.reduce((s, m) => s + o(computeIndicator(ind, data, m!), 'period'), 0);
        expect(sum).toBeCloseTo(o(computeIndicator(ind, data, quarter), 'period'), 9);
      }
    }), { numRuns: 150 });
  });

  it('a period never counts more people than its cumulative value, and K + M ≤ O', () => {
    const specs = PARTICIPANT_SPECS.map(indicator);
    fc.assert(fc.property(dataset, fc.constantFrom(...quarters), (data, q) => {
      for (const ind of specs) {
        const v = computeIndicator(ind, data, q);
        if (v.kind !== 'persons' || !v.period || !v.cumulative) throw new Error(`${v.kind}: not a count in persons`);
        const p = v.period;
        const c = v.cumulative;
        expect(p.O).toBeLessThanOrEqual(c.O);
        expect(p.K).toBeLessThanOrEqual(c.K);
        expect(p.M).toBeLessThanOrEqual(c.M);
        expect(p.K + p.M).toBeLessThanOrEqual(p.O);
        expect(c.K + c.M).toBeLessThanOrEqual(c.O);
      }
    }), { numRuns: 150 });
  });

  it('a ratio lies in [0, 1] or is null', () => {
    const ind = indicator(RATIO);
    fc.assert(fc.property(dataset, fc.constantFrom(...quarters), (data, q) => {
      const value = computeIndicator(ind, data, q);
      if (value.kind !== 'ratio' || !value.period) throw new Error('not a ratio');
      const v = value.period;
      if (v.value !== null) expect(v.value).toBeGreaterThanOrEqual(0);
      if (v.value !== null) expect(v.value).toBeLessThanOrEqual(1);
      expect(v.value === null).toBe(v.denominator.O === 0);
    }), { numRuns: 100 });
  });
});
