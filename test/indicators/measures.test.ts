/**
 * Indicator measures with hand-computed expectations on a small fixture of seven people and
 * five sessions. Every measure, every `at`, every `where` key, and the edges of periods and of
 * the three-month employment window.
 */
import { describe, expect, it } from 'vitest';
import { computeIndicator, type IndicatorValue, type RatioValue } from '../../src/indicators/compute.js';
import { employedAfter, isPending } from '../../src/indicators/filters.js';
import { resolvePeriod } from '../../src/project/periods.js';
import { indicator, makeData, MARKS, PEOPLE, SESSIONS, TEST_DEF, WORK } from '../helpers/compute.js';

const Q1 = { id: '2021-Q1', from: '2021-01-01', to: '2021-03-31' };
const Q2 = { id: '2021-Q2', from: '2021-04-01', to: '2021-06-30' };
const Q3 = { id: '2021-Q3', from: '2021-07-01', to: '2021-09-30' };
const ALL = { id: 'all', from: '2021-01-01', to: '2022-12-31' };

function value(spec: Record<string, unknown>, period = ALL, asOf?: string) {
  return computeIndicator(indicator(spec), makeData(PEOPLE, SESSIONS, MARKS, asOf ? { asOf } : {}), period);
}
/** The value of a ratio indicator (its kind checked). */
function ratio(v: IndicatorValue): RatioValue {
  if (v.kind !== 'ratio') throw new Error(`${v.id} is ${v.kind}, not a ratio`);
  return v;
}
/** O of a count (its kind checked). */
function countO(v: IndicatorValue, side: 'period' | 'cumulative'): number | undefined {
  if (v.kind === 'ratio') throw new Error(`${v.id} is a ratio`);
  return v[side]?.O;
}
function periodO(spec: Record<string, unknown>, period = ALL): number | undefined {
  return countO(value(spec, period), 'period');
}

describe('participants, by `at`', () => {
  it('start: a start on the last day of a quarter counts in that quarter; K/M/O with unknown sex in O only', () => {
    expect(value({ measure: 'participants', at: 'start' }, Q1).period).toEqual({ K: 2, M: 2, O: 4 });
    expect(value({ measure: 'participants', at: 'start' }, Q2).period).toEqual({ K: 1, M: 1, O: 3 });
    expect(value({ measure: 'participants', at: 'start' }, Q2).cumulative).toEqual({ K: 3, M: 3, O: 7 });
  });
  it('end: an end on the first day of a quarter counts in that quarter', () => {
    expect(periodO({ measure: 'participants', at: 'end' }, Q1)).toBe(2);
    expect(periodO({ measure: 'participants', at: 'end' }, Q2)).toBe(1);
    expect(value({ measure: 'participants', at: 'end' }, Q2).cumulative).toEqual({ K: 1, M: 2, O: 3 });
  });
  it('active: participation overlapping the period', () => {
    expect(periodO({ measure: 'participants', at: 'active' }, Q2)).toBe(5);
    expect(periodO({ measure: 'participants', at: 'active' }, Q1)).toBe(4);
  });
  it('support: the first present attendance in the period; excused is not support', () => {
    expect(periodO({ measure: 'participants', at: 'support' }, Q1)).toBe(2);
    expect(periodO({ measure: 'participants', at: 'support' }, Q2)).toBe(2);
    expect(periodO({ measure: 'participants', at: 'support' }, Q3)).toBe(0);
    expect(countO(value({ measure: 'participants', at: 'support' }, Q3), 'cumulative')).toBe(4);
    expect(periodO({ measure: 'participants', at: 'support', where: { form: 'warsztat' } }, Q2)).toBe(1);
    expect(periodO({ measure: 'participants', at: 'support', where: { form: 'warsztat' } }, Q1)).toBe(0);
  });
});

describe('participants, by `where` key', () => {
  const cases: [Record<string, unknown>, number][] = [
    [{ sex: 'K' }, 3], [{ sex: 'M' }, 3], [{ sex: ['K', 'M'] }, 6],
    [{ age: { min: 25, max: 54 } }, 4], [{ age: { min: 60 } }, 2],
    [{ education: 'ponadgimnazjalne (ISCED 3)' }, 2], [{ education: ['PODSTAWOWE (ISCED 1)', 'gimnazjalne (ISCED 2)'] }, 2],
    [{ status: 'osoba bierna zawodowo' }, 1], [{ status_detail: 'osoba długotrwale bezrobotna' }, 1],
    [{ disability: 'Tak' }, 1], [{ disability: ['Tak', 'Nie'] }, 2], [{ migrant: 'Tak' }, 1], [{ homeless: 'Tak' }, 1],
    [{ other_disadvantage: 'Odmowa' }, 1], [{ otoczenie: true }, 1], [{ otoczenie: false }, 6],
    [{ area: 1 }, 1], [{ area: ['1', '2'] }, 2], [{ completed_path: 'Tak' }, 1], [{ completed_path: 'Nie' }, 1],
    [{ exit_situation: WORK }, 1], [{ social_progress: true }, 1], [{ social_progress: false }, 6],
    [{ employed_after: true }, 3], [{ employed_after: false }, 4],
    [{ action: 'A1' }, 2], [{ form: 'szkolenie' }, 2], [{ action: 'A3' }, 1],
    [{ attended_min_hours: 5 }, 3], [{ attended_min_share: 1, action: 'A1' }, 1], [{ attended_min_share: 0.6, action: 'A1' }, 2],
    [{ sex: 'K', otoczenie: false, attended_min_hours: 6 }, 1],
  ];
  for (const [where, expected] of cases) {
    it(`${JSON.stringify(where)} → ${expected}`, () => {
      expect(periodO({ measure: 'participants', at: 'start', where })).toBe(expected);
    });
  }
});

describe('the three-month employment window', () => {
  const p = (end: string, employmentDate: string) => makeData([{ start: '2020-12-01', end, employmentDate }]).people[0]!;
  it('exactly three calendar months after the end counts, one day later does not', () => {
    expect(employedAfter(p('2021-01-31', '2021-04-30'))).toBe(true);
    expect(employedAfter(p('2021-01-31', '2021-05-01'))).toBe(false);
  });
  it('month ends: 30 November + 3 months is 28 February; 31 January + 1 month is 28 February', () => {
    expect(employedAfter(p('2021-11-30', '2022-02-28'))).toBe(true);
    expect(employedAfter(p('2021-11-30', '2022-03-01'))).toBe(false);
    expect(employedAfter(p('2021-10-31', '2022-01-31'))).toBe(true);
  });
  it('employment during participation counts; before the start does not', () => {
    expect(employedAfter(p('2021-06-30', '2021-03-01'))).toBe(true);
    expect(employedAfter(p('2021-06-30', '2020-11-30'))).toBe(false);
  });
  it('pending while the window is open at as-of and no qualifying employment', () => {
    const q = makeData([{ start: '2021-01-01', end: '2021-11-30' }]).people[0]!;
    expect(isPending(q, '2022-02-27')).toBe(true);
    expect(isPending(q, '2022-02-28')).toBe(false);
  });
});

describe('ratios and efektywność', () => {
  const EZ = { unit: '%', type: 'rezultat', measure: 'ratio', numerator: { measure: 'participants', at: 'end', where: { otoczenie: false, employed_after: true } }, denominator: { measure: 'participants', at: 'end', where: { otoczenie: false } }, target: { O: 0.22 } };
  const ES = { ...EZ, numerator: { measure: 'participants', at: 'end', where: { otoczenie: false, social_progress: true } }, target: { O: 0.34 } };
  it('pending people leave numerator and denominator and are counted apart', () => {
    const v = value(EZ, ALL, '2022-01-15');
    expect(v.cumulative).toEqual({ value: 1, numerator: { K: 2, M: 1, O: 3 }, denominator: { K: 2, M: 1, O: 3 }, pending: { K: 0, M: 1, O: 2 } });
    expect(v.realisation).toBeCloseTo(1 / 0.22, 10);
  });
  it('with every window closed nobody is pending', () => {
    const v = value(EZ, ALL, '2026-01-01');
    expect(v.cumulative).toEqual({ value: 0.6, numerator: { K: 2, M: 1, O: 3 }, denominator: { K: 2, M: 2, O: 5 }, pending: { K: 0, M: 0, O: 0 } });
  });
  it('efektywność społeczna has no pending', () => {
    expect(ratio(value(ES, ALL, '2022-01-15')).cumulative).toEqual({ value: 0.2, numerator: { K: 0, M: 1, O: 1 }, denominator: { K: 2, M: 2, O: 5 }, pending: { K: 0, M: 0, O: 0 } });
  });
  it('a zero denominator is null, not zero', () => {
    const v = ratio(value(ES, Q3));
    expect(v.period?.value).toBeNull();
    expect(v.period?.denominator.O).toBe(0);
  });
});

describe('session measures', () => {
  it('sessions: held ones only (a presence or a headcount)', () => {
    expect(periodO({ unit: 'szt.', measure: 'sessions' }, Q2)).toBe(2);
    expect(periodO({ unit: 'szt.', measure: 'sessions', where: { form: 'spotkanie' } })).toBe(1);
    expect(periodO({ unit: 'szt.', measure: 'sessions', where: { action: 'A3' } })).toBe(1);
  });
  it('hours: each session once', () => {
    expect(periodO({ unit: 'godziny', measure: 'hours' }, Q2)).toBe(9);
    expect(periodO({ unit: 'godziny', measure: 'hours', where: { action: ['A1', 'A2'] } })).toBe(11);
  });
  it('participant_hours: hours over present marks, people filtered', () => {
    expect(periodO({ unit: 'godziny', measure: 'participant_hours' }, Q2)).toBe(15);
    expect(periodO({ unit: 'godziny', measure: 'participant_hours', where: { sex: 'K' } }, Q2)).toBe(9);
    expect(periodO({ unit: 'godziny', measure: 'participant_hours', where: { attended_min_hours: 10 } })).toBe(10);
  });
  it('attendances: present marks, plus headcounts of open events when asked', () => {
    expect(periodO({ unit: 'uczestnictwa', measure: 'attendances' }, Q2)).toBe(3);
    expect(periodO({ unit: 'uczestnictwa', measure: 'attendances' }, Q3)).toBe(1);
    expect(periodO({ unit: 'uczestnictwa', measure: 'attendances', headcount: true }, Q3)).toBe(51);
    expect(periodO({ unit: 'uczestnictwa', measure: 'attendances', where: { sex: 'M' } }, Q2)).toBe(1);
  });
  it('non-person units report O only', () => {
    expect(value({ unit: 'szt.', measure: 'sessions' }, Q2).period).toEqual({ O: 2 });
  });
});

describe('targets, realisation and no data', () => {
  it('O defaults to K + M; realisation is cumulative O over the whole-project target', () => {
    const v = value({ measure: 'participants', target: { K: 2, M: 2 } }, Q2);
    expect(v.target).toEqual({ K: 2, M: 2, O: 4 });
    expect(v.realisation).toBe(7 / 4);
  });
  it('no target: null target and realisation', () => {
    const v = value({ measure: 'participants' }, Q2);
    expect(v.target).toBeNull();
    expect(v.realisation).toBeNull();
  });
  it('a period that starts after the cut-off day has no data', () => {
    const v = value({ measure: 'participants', target: { O: 5 } }, Q3, '2021-06-30');
    expect([v.period, v.cumulative, v.realisation]).toEqual([null, null, null]);
  });
  it('a filter on a column no sheet has is no data, not zero', () => {
    const data = makeData(PEOPLE, SESSIONS, MARKS, { columns: ['sex', 'age', 'end'] });
    const v = computeIndicator(indicator({ measure: 'participants', at: 'end', where: { social_progress: true } }), data, ALL);
    expect(v.period).toBeNull();
    const w = computeIndicator(indicator({ measure: 'participants', at: 'end', where: { sex: 'K' } }), data, ALL);
    expect(w.period).toEqual({ K: 2, M: 0, O: 2 });
  });
  it('a period partly outside the project is clipped before counting', () => {
    const period = resolvePeriod('2020-10-01..2021-01-31', TEST_DEF);
    expect(period).toEqual({ id: '2020-10-01..2021-01-31', from: '2021-01-01', to: '2021-01-31' });
    expect(periodO({ measure: 'participants', at: 'start' }, period)).toBe(2);
  });
});
