/**
 * Forms marked `individual: true` (SPEC §2): each attendance row is its own session. Checked end
 * to end on a small project: validation (no hours conflict between consultations, a repeated
 * consultation is still a duplicate), the session measures, the standard tables, and the keys
 * of submitted snapshots (distinct per consultation, stable across row moves; a snapshot made
 * before the form was marked individual still loads and matches).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeReport } from '../../src/indicators/figures.js';
import { loadProject } from '../../src/project/load.js';
import { resolvePeriod } from '../../src/project/periods.js';
import type { Issue } from '../../src/validate/issue.js';
import { at, check, csvText, participantsProject, person, PARTICIPANT_TEST_HEADERS } from '../helpers/fixtures.js';
import { brief, cli, corrections, DEFINITION, LIST_HEADER, submitQ1, writeRows, type Row } from '../corrections/helpers.js';
import { disk } from '../helpers/platform.js';

const INDIVIDUAL = DEFINITION
  .replace("  - { code: A3, name: działania otwarte, window: { from: 2021-01, to: 2022-12 } }",
    "  - { code: A3, name: działania otwarte, window: { from: 2021-01, to: 2022-12 } }\n  - { code: A4, name: doradztwo, window: { from: 2021-01, to: 2022-12 }, forms: [konsultacja] }")
  .replace('  - { code: szkolenie, name: szkolenie, hours: 6 }',
    '  - { code: szkolenie, name: szkolenie, hours: 6 }\n  - { code: konsultacja, name: konsultacja indywidualna, hours: 1, individual: true }');
/** The same project before `konsultacja` was marked individual. */
const GROUPED = INDIVIDUAL.replace(', individual: true }', ' }');

const PEOPLE = [person(1), person(2), person(3)];

/** Errors only: the people start on 01.03 and are first supported later (a warning here). */
const errors = (issues: readonly Issue[]) => issues.filter((i) => i.severity === 'error');

/** Rows 2…: three consultations on 03.03 of different lengths (P3 absent), P1 twice that day, and an ordinary meeting. */
function rows(): Row[] {
  return [
    ['03.03.2021', 'A4', 'konsultacja', 'Doradztwo zawodowe', 1, 'P1', 'x'], // 2
    ['03.03.2021', 'A4', 'konsultacja', 'Doradztwo zawodowe', 1.5, 'P2', 'x'], // 3
    ['03.03.2021', 'A4', 'konsultacja', 'Doradztwo zawodowe', 2, 'P3', 'nb'], // 4
    ['03.03.2021', 'A4', 'konsultacja', 'Doradztwo zawodowe', 2, 'P1', 'x'], // 5
    ['10.03.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P1', 'x'], // 6
    ['10.03.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P3', 'x'], // 7
  ];
}

async function project(list: Row[] = rows(), definition = INDIVIDUAL): Promise<string> {
  return participantsProject(PEOPLE, { 'obecnosci/lista.csv': csvText([LIST_HEADER, ...list]) }, PARTICIPANT_TEST_HEADERS, definition);
}

async function values(dir: string): Promise<Record<string, number | undefined>> {
  const r = await cli(['indicators', '--project', dir, '--period', '2021-Q1', '--as-of', '2021-07-01', '--format', 'json']);
  expect(r.code, r.err).toBe(0);
  const json = JSON.parse(r.out) as { indicators: { id: string; period: { O?: number } | null }[] };
  return Object.fromEntries(json.indicators.map((i) => [i.id, i.period?.O]));
}

describe('an individual form: each row is a session', () => {
  it('consultations of different lengths on one day are not a session-hours-conflict', async () => {
    expect(errors((await check(await project())).issues)).toEqual([]);
    // the same rows as one session: its hours conflict, and P1 is there twice
    const grouped = errors((await check(await project(rows(), GROUPED))).issues);
    expect(grouped.map((i) => `${i.code} ${at(i)}`)).toEqual([
      'session-hours-conflict obecnosci/lista.csv › lista › E3',
      'session-hours-conflict obecnosci/lista.csv › lista › E4',
      'session-hours-conflict obecnosci/lista.csv › lista › E5',
      'duplicate-attendance obecnosci/lista.csv › lista › G5',
    ]);
  });

  it('sessions counts the rows with presence, hours sums each row, attendances as before', async () => {
    // 3 consultations held (P3 absent) + 1 meeting; 1 + 1,5 + 2 + 2 hours; 3 + 2 present marks
    expect(await values(await project())).toMatchObject({ Z1: 4, G1: 6.5, O1: 5 });
  });

  it('a consultation typed twice (same person, day and hours) is still a duplicate, and counts once', async () => {
    const dir = await project([...rows(), ['03.03.2021', 'A4', 'konsultacja', 'Doradztwo zawodowe', 1.5, 'P2', 'x']]);
    const issues = errors((await check(dir)).issues);
    expect(issues.map((i) => `${i.code} ${at(i)}`)).toEqual(['duplicate-attendance obecnosci/lista.csv › lista › G8']);
    expect(issues[0]).toMatchObject({ variant: 'individual', params: { first: 'lista G3', hours: '1,5' } });
    const r = await cli(['indicators', '--project', dir, '--period', '2021-Q1', '--as-of', '2021-07-01', '--format', 'json', '--allow-errors']);
    const json = JSON.parse(r.out) as { indicators: { id: string; period: { O: number } }[] };
    expect(Object.fromEntries(json.indicators.map((i) => [i.id, i.period.O]))).toMatchObject({ Z1: 4, G1: 6.5, O1: 5 });
  });

  it('two consultations of one person on one day at different times (Godzina od) are two sessions, not a duplicate; at the same time they are', async () => {
    const header = ['Data', 'Kod działania', 'Forma', 'Zajęcia', 'Godzina od', 'Godzina do', 'Identyfikator', 'Obecność'];
    const list = (second: string, end: string) => csvText([header,
      ['03.03.2021', 'A4', 'konsultacja', 'Doradztwo zawodowe', '10:00', '11:00', 'P1', 'x'],
      ['03.03.2021', 'A4', 'konsultacja', 'Doradztwo zawodowe', second, end, 'P1', 'x']]);
    const dir = await participantsProject(PEOPLE, { 'obecnosci/lista.csv': list('14:00', '15:00') }, PARTICIPANT_TEST_HEADERS, INDIVIDUAL);
    expect(errors((await check(dir)).issues)).toEqual([]);
    expect(await values(dir)).toMatchObject({ Z1: 2, G1: 2, O1: 2 });
    // in a snapshot they are two sessions; the keys stay what they were without the time (the second is `#2`)
    expect((await submitQ1(dir)).code).toBe(0);
    const snapshot = JSON.parse(await readFile(path.join(dir, 'zlozone', '2021-Q1.json'), 'utf8')) as { evidence: { indicators: Record<string, { period: { sessions?: string[] } }> } };
    expect(snapshot.evidence.indicators.Z1?.period.sessions).toEqual(['2021-03-03|A4|konsultacja|Doradztwo zawodowe|id:P1|1', '2021-03-03|A4|konsultacja|Doradztwo zawodowe|id:P1|1#2']);
    await writeFile(path.join(dir, 'obecnosci', 'lista.csv'), list('10:00', '11:00'));
    const issues = errors((await check(dir)).issues);
    expect(issues.map((i) => `${i.code} ${at(i)}`)).toEqual(['duplicate-attendance obecnosci/lista.csv › lista › H3']);
  });

  it('the standard tables count each consultation: sessions, hours, attendance rate', async () => {
    const dir = await project();
    const p = await loadProject(disk.inputs, dir);
    const checked = await check(dir, '2021-07-01');
    const figures = computeReport(p, checked, resolvePeriod('2021-Q1', p.definition), '2021-07-01');
    const row = figures.tables.activity.find((r) => r.action === 'A4' && r.form === 'konsultacja');
    expect(row?.stats.period).toMatchObject({ sessions: 3, hours: 4.5, participantHours: 4.5, participants: 2, present: 3, expected: 4, rate: 0.75 });
    expect(figures.monthRows.find((m) => m.month === '2021-03')).toMatchObject({ sessions: 4, hours: 6.5 });
  });
});

describe('an individual form in submitted periods', () => {
  it('each consultation has its own lasting key: person and hours, not the row', async () => {
    const dir = await project();
    expect((await submitQ1(dir)).code).toBe(0);
    const snapshot = JSON.parse(await readFile(path.join(dir, 'zlozone', '2021-Q1.json'), 'utf8')) as { evidence: { indicators: Record<string, { period: { sessions?: string[] } }> } };
    expect(snapshot.evidence.indicators.Z1?.period.sessions).toEqual([
      '2021-03-03|A4|konsultacja|Doradztwo zawodowe|id:P1|1',
      '2021-03-03|A4|konsultacja|Doradztwo zawodowe|id:P1|2',
      '2021-03-03|A4|konsultacja|Doradztwo zawodowe|id:P2|1.5',
      '2021-03-10|A1|spotkanie|Spotkanie',
    ]);
    expect((await corrections(dir)).corrections).toEqual([]);
    // rows moved (the list sorted by person): nothing changed
    await writeRows(dir, [...rows()].sort((a, b) => String(a[5]).localeCompare(String(b[5]))));
    expect((await corrections(dir)).corrections).toEqual([]);
    // P1's first consultation deleted: one session and one hour fewer, named by its old row
    await writeRows(dir, rows().filter((_, i) => i !== 0));
    const r = await corrections(dir);
    expect(brief(r.corrections)).toEqual(['Z1 period O 4→3', 'Z1 cumulative O 4→3', 'G1 period O 6.5→5.5', 'G1 cumulative O 6.5→5.5', 'O1 period O 5→4', 'O1 cumulative O 5→4']);
    expect(r.corrections[0]?.left).toEqual([{ kind: 'session', file: 'obecnosci/lista.csv', sheet: 'lista', row: 2, date: '2021-03-03', action: 'A4', form: 'konsultacja', title: 'Doradztwo zawodowe', hours: 1, removed: true }]);
    expect(r.corrections[0]?.entered).toEqual([]);
  });

  it('a snapshot made before the form was marked individual still loads; marks keep their keys', async () => {
    // submitted when the consultations of a day were one session (one per person: no conflict then)
    const before: Row[] = [
      ['03.03.2021', 'A4', 'konsultacja', 'Doradztwo zawodowe', 1, 'P1', 'x'],
      ['03.03.2021', 'A4', 'konsultacja', 'Doradztwo zawodowe', 1, 'P2', 'x'],
      ['10.03.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P1', 'x'],
    ];
    const dir = await project(before, GROUPED);
    expect((await submitQ1(dir)).code).toBe(0);
    await writeFile(path.join(dir, 'pal-report.yaml'), INDIVIDUAL);
    const r = await corrections(dir);
    // the attendances are the same marks; the sessions measure now counts each consultation
    expect(brief(r.corrections)).toEqual(['Z1 period O 2→3', 'Z1 cumulative O 2→3', 'G1 period O 3→4', 'G1 cumulative O 3→4']);
    const z1 = r.corrections[0];
    expect(z1?.entered.map((i) => `${String(i.date)} ${String(i.row)}`)).toEqual(['2021-03-03 2', '2021-03-03 3']);
    // the day's session as submitted is still there (not "removed")
    expect(z1?.left).toEqual([{ kind: 'session', file: 'obecnosci/lista.csv', sheet: 'lista', row: 2, date: '2021-03-03', action: 'A4', form: 'konsultacja', title: 'Doradztwo zawodowe', hours: 1 }]);
  });
});

describe('open events: a headcount row typed twice', () => {
  const HEADER = [...LIST_HEADER, 'Liczba osób'];
  const picnic = (people: number): Row => ['12.06.2021', 'A3', null, 'Piknik', 4, null, null, people];

  it('the second of two identical headcount rows is a duplicate-attendance, and its people count once', async () => {
    const list = [['10.03.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P1', 'x'], picnic(45), picnic(45)];
    const dir = await participantsProject(PEOPLE, { 'obecnosci/lista.csv': csvText([HEADER, ...list]) }, PARTICIPANT_TEST_HEADERS,
      DEFINITION.replace('indicators:', 'indicators:\n  - { id: H1, name: Uczestnictwa, type: rezultat, unit: uczestnictwa, measure: attendances, headcount: true }'));
    const issues = errors((await check(dir)).issues);
    expect(issues.map((i) => `${i.code} ${at(i)}`)).toEqual(['duplicate-attendance obecnosci/lista.csv › lista › H4']);
    expect(issues[0]).toMatchObject({ value: '45', variant: 'headcount', params: { first: 'lista H3', hours: '4' } });
    const r = await cli(['indicators', '--project', dir, '--period', '2021-Q2', '--as-of', '2021-07-01', '--format', 'json', '--allow-errors']);
    const json = JSON.parse(r.out) as { indicators: { id: string; period: { O: number } }[] };
    expect(json.indicators.find((i) => i.id === 'H1')?.period.O).toBe(45);
  });

  it('headcount rows that differ in the number of people are two parts of the event: summed, no issue', async () => {
    const list = [['10.03.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P1', 'x'], picnic(45), picnic(30)];
    const dir = await participantsProject(PEOPLE, { 'obecnosci/lista.csv': csvText([HEADER, ...list]) }, PARTICIPANT_TEST_HEADERS, DEFINITION);
    expect(errors((await check(dir)).issues)).toEqual([]);
  });
});
