/** Standard tables and efektywność thresholds on the hand-checked fixture. */
import { describe, expect, it } from 'vitest';
import { computeIndicators, type IndicatorValue } from '../../src/indicators/compute.js';
import type { RatioCell } from '../../src/indicators/json.js';
import { efficiency, statusOf } from '../../src/indicators/efficiency.js';
import { ageBand, iscedGroup, standardTables } from '../../src/indicators/standard.js';
import { parseDefinition } from '../../src/project/load.js';
import { makeData, MARKS, PEOPLE, SESSIONS, TEST_DEF } from '../helpers/compute.js';
import { TEST_DEFINITION } from '../helpers/fixtures.js';

const Q2 = { from: '2021-04-01', to: '2021-06-30' };

describe('standard tables', () => {
  const tables = standardTables(TEST_DEF, makeData(PEOPLE, SESSIONS, MARKS), Q2);
  it('started / ended / active, in the period and cumulative', () => {
    expect(tables.flows.started).toEqual({ period: { K: 1, M: 1, O: 3 }, cumulative: { K: 3, M: 3, O: 7 } });
    expect(tables.flows.ended).toEqual({ period: { K: 0, M: 1, O: 1 }, cumulative: { K: 1, M: 2, O: 3 } });
    expect(tables.flows.active.period.O).toBe(5);
  });
  it('structure at entry by sex, age band, ISCED group, otoczenie', () => {
    const row = (group: string, category: string) => tables.structure.find((r) => r.group === group && r.category === category)?.counts;
    expect(row('sex', 'brak')).toEqual({ period: { K: 0, M: 0, O: 1 }, cumulative: { K: 0, M: 0, O: 1 } });
    expect(row('age', '>54')?.cumulative).toEqual({ K: 0, M: 1, O: 2 });
    expect(row('age', '<25')?.cumulative).toEqual({ K: 1, M: 0, O: 1 });
    expect(row('education', 'ISCED 3-4')?.cumulative.O).toBe(2);
    expect(row('otoczenie', 'Tak')?.cumulative.O).toBe(1);
    expect(row('disability', 'Tak')?.period.O).toBe(0);
    expect(ageBand(25)).toBe('25-54');
    expect(ageBand(54)).toBe('25-54');
    expect(iscedGroup('niższe niż podstawowe (ISCED 0)')).toBe('ISCED 0-2');
    expect(iscedGroup('wyższe (ISCED 5-8)')).toBe('ISCED 5-8');
  });
  it('age bands read youngest to oldest, no data last (not in alphabetical order: <25, >54, 25-54)', () => {
    const ages = standardTables(TEST_DEF, makeData([...PEOPLE, { sex: 'K', start: '2021-05-05' }], SESSIONS, MARKS), Q2).structure.filter((r) => r.group === 'age');
    expect(ages.map((r) => r.category)).toEqual(['<25', '25-54', '>54', 'brak']);
  });
  it('per action and form: sessions, hours, participant-hours, people, attendance rate', () => {
    const a1 = tables.activity.find((r) => r.action === 'A1' && r.form === '');
    // Q2: one held A1 session (14.04, 3 h); the session of 20.04 had nobody present.
    // Expected marks within participation: person 0 on 14.04 and on 20.04; person 1 had left.
    expect(a1?.stats.period).toEqual({ sessions: 1, hours: 3, participantHours: 3, participants: 1, present: 1, expected: 2, rate: 0.5 });
    const a1w = tables.activity.find((r) => r.action === 'A1' && r.form === 'warsztat');
    expect(a1w?.stats.period.sessions).toBe(1);
    const a2 = tables.activity.find((r) => r.action === 'A2' && r.form === '');
    expect(a2?.stats.period).toMatchObject({ sessions: 1, hours: 6, participantHours: 12, participants: 2, present: 2, expected: 3, rate: 2 / 3 });
    expect(tables.activity.find((r) => r.action === 'A3' && r.form === '')?.stats.period.sessions).toBe(0);
  });
});

describe('efektywność against thresholds', () => {
  const def = parseDefinition(`${TEST_DEFINITION.replace('indicators: []', `indicators:
  - { id: ES, name: Efektywność społeczna, type: rezultat, unit: "%", measure: ratio, numerator: { measure: participants, at: end, where: { otoczenie: false, social_progress: true } }, denominator: { measure: participants, at: end, where: { otoczenie: false } } }
  - { id: EZ, name: Efektywność zatrudnieniowa, type: rezultat, unit: "%", measure: ratio, numerator: { measure: participants, at: end, where: { otoczenie: false, employed_after: true } }, denominator: { measure: participants, at: end, where: { otoczenie: false } } }`)}thresholds: { efektywnosc_spoleczna: 0.34, efektywnosc_zatrudnieniowa: 0.22 }\n`, 'x.yaml').definition;
  const all = { id: 'all', from: '2021-01-01', to: '2022-12-31' };
  it('not met / met once every window is closed', () => {
    const values = computeIndicators(def, makeData(PEOPLE, SESSIONS, MARKS, { asOf: '2026-01-01' }), all);
    expect(efficiency(def, values).map((e) => `${e.kind} ${e.cumulative?.value} ${e.status}`)).toEqual(['spoleczna 0.2 not-met', 'zatrudnieniowa 0.6 met']);
  });
  it('not yet measurable while someone is pending', () => {
    const values: IndicatorValue[] = computeIndicators(def, makeData(PEOPLE, SESSIONS, MARKS, { asOf: '2022-01-15' }), all);
    expect(efficiency(def, values).map((e) => e.status)).toEqual(['not-met', 'not-measurable']);
  });
  it('no one ended: not measurable', () => {
    const none = { K: 0, M: 0, O: 0 };
    const cell: RatioCell = { value: null, numerator: none, denominator: none, pending: none };
    expect(statusOf(cell, 0.34)).toBe('not-measurable');
  });
});
