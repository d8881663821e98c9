/** Compute data from object literals: the engine is pure, so its tests need no files. */
import { Marks, newPerson, type ComputeData, type Person, type Session } from '../../src/indicators/data.js';
import type { ParticipantField } from '../../src/project/fields.js';
import { parseDefinition } from '../../src/project/load.js';
import type { Definition, IndicatorDefinition } from '../../src/project/schema.js';
import { TEST_DEFINITION } from './fixtures.js';

export const ALL_COLUMNS: ParticipantField[] = ['sex', 'age', 'education', 'status', 'statusDetail', 'disability', 'migrant', 'homeless',
  'otherDisadvantage', 'degurba', 'completedPath', 'exitSituation1', 'exitSituation2', 'socialProgress', 'otoczenie', 'employmentDate', 'end'];

export type PersonSpec = Parameters<typeof newPerson>[2];
export interface SessionSpec { date: string; action?: string; form?: string; title?: string; hours?: number; headcount?: number }
/** [session index, person index, mark] */
export type MarkSpec = [number, number, 'present' | 'absent' | 'excused'];

export function makeData(people: PersonSpec[], sessions: SessionSpec[] = [], marks: MarkSpec[] = [], opts: { asOf?: string; columns?: ParticipantField[] } = {}): ComputeData {
  const ps: Person[] = people.map((p, index) => newPerson(index, { file: 'uczestnicy.xlsx', sheet: 'Uczestnicy', row: index + 2 }, p));
  const ss: Session[] = sessions.map((s, index) => ({
    index, date: s.date, action: s.action ?? 'A1', form: s.form ?? 'spotkanie', title: s.title ?? `S${index}`,
    hours: s.hours ?? 2, headcount: s.headcount ?? 0, present: 0, src: { file: 'obecnosci.xlsx', sheet: 'Lista', row: index + 2, cell: `A${index + 2}` },
  }));
  for (const [session, , mark] of marks) if (mark === 'present') (ss[session] as Session).present++;
  // each mark its own attendance record, numbered as listed
  const attendances = Marks.of(marks.map(([session, person, mark], record) => ({ session, person, present: mark === 'present', record })));
  return { span: { from: '2021-01-01', to: '2022-12-31' }, asOf: opts.asOf ?? '2026-01-01', people: ps, sessions: ss, attendances, columns: new Set(opts.columns ?? ALL_COLUMNS) };
}

export const TEST_DEF: Definition = parseDefinition(TEST_DEFINITION, 'test.yaml').definition;

/** An indicator definition from a literal, checked by the real schema. */
export function indicator(spec: Record<string, unknown>): IndicatorDefinition {
  const yaml = JSON.stringify({ id: 'X', name: 'Wskaźnik', type: 'produkt', unit: 'osoby', ...spec });
  const text = TEST_DEFINITION.replace('indicators: []', `indicators:\n  - ${yaml}`);
  const ind = parseDefinition(text, 'test.yaml').definition.indicators[0];
  if (!ind) throw new Error('no indicator');
  return ind;
}

/** Seven people and five sessions with hand-checked values (test/indicators/measures.test.ts). */
export const WORK = 'osoba pracująca po opuszczeniu programu (łącznie z pracującymi na własny rachunek)';
export const PEOPLE: PersonSpec[] = [
  /* 0 */ { sex: 'K', start: '2021-03-31', ageAtStart: 30, education: 'ponadgimnazjalne (ISCED 3)', status: 'osoba bezrobotna zarejestrowana w ewidencji urzędów pracy', statusDetail: 'osoba długotrwale bezrobotna', disability: 'Tak' },
  /* 1 */ { sex: 'M', start: '2021-02-10', end: '2021-04-01', ageAtStart: 60, education: 'podstawowe (ISCED 1)', status: 'osoba bierna zawodowo', statusDetail: 'inne', exitSituation1: WORK, completedPath: true, socialProgress: true, employmentDate: '2021-03-15' },
  /* 2 */ { sex: 'K', start: '2021-01-15', end: '2021-01-31', ageAtStart: 22, education: 'gimnazjalne (ISCED 2)', disability: 'Nie', migrant: 'Tak', completedPath: false, exitSituation1: 'osoba poszukująca pracy po opuszczeniu programu', employmentDate: '2021-04-30' },
  /* 3 */ { sex: 'M', start: '2021-01-20', end: '2021-01-31', ageAtStart: 45, otoczenie: true, homeless: 'Tak', degurba: '1', employmentDate: '2021-05-01' },
  /* 4 */ { start: '2021-05-05', end: '2021-11-30', ageAtStart: 70, otherDisadvantage: 'Odmowa' },
  /* 5 */ { sex: 'K', start: '2021-06-01', end: '2021-11-30', ageAtStart: 35, education: 'ponadgimnazjalne (ISCED 3)', degurba: '2', employmentDate: '2022-02-28' },
  /* 6 */ { sex: 'M', start: '2021-06-01', end: '2021-11-30', ageAtStart: 50, employmentDate: '2022-03-01' },
];
export const SESSIONS = [
  /* 0 */ { date: '2021-03-31', action: 'A1', form: 'spotkanie', hours: 2 },
  /* 1 */ { date: '2021-04-14', action: 'A1', form: 'warsztat', hours: 3 },
  /* 2 */ { date: '2021-06-10', action: 'A2', form: 'szkolenie', hours: 6 },
  /* 3 */ { date: '2021-07-10', action: 'A3', form: '', hours: 4, headcount: 50 },
  /* 4 */ { date: '2021-04-20', action: 'A1', form: 'spotkanie', hours: 2 },
];
export const MARKS: MarkSpec[] = [
  [0, 0, 'present'], [0, 1, 'present'], [1, 0, 'present'], [1, 1, 'absent'], [2, 5, 'present'], [2, 6, 'present'],
  [2, 4, 'excused'], [3, 5, 'present'], [4, 0, 'absent'],
];

