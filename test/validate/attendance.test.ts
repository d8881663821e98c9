/**
 * Attendance rules, long and grid layouts: clean rows first, then one bad row or cell; each
 * issue at its cell, nothing on the clean rows.
 */
import { describe, expect, it } from 'vitest';
import { at, check, csvText, participantsProject, person, significant, type CellValue, type SheetSpec } from '../helpers/fixtures.js';

const START = '10.03.2021';
const PEOPLE = [person(1, { 'Data rozpoczęcia udziału w projekcie': START }), person(2, { 'Data rozpoczęcia udziału w projekcie': START })];
const LONG_HEADER = ['Data', 'Kod działania', 'Forma', 'Zajęcia', 'Liczba godzin', 'Identyfikator', 'Obecność', 'Liczba osób'];
const CLEAN: CellValue[][] = [
  [START, 'A1', 'spotkanie', 'Spotkanie', 2, 'P1', 'x'],
  [START, 'A1', 'spotkanie', 'Spotkanie', 2, 'P2', 'x'],
];

async function longIssues(bad: CellValue[], asOf = '2026-01-01') {
  const dir = await participantsProject(PEOPLE, {
    'obecnosci/lista.xlsx': [{ name: 'Obecności', rows: [LONG_HEADER, ...CLEAN, bad] }],
  });
  return significant((await check(dir, asOf)).issues);
}

async function expectLong(bad: CellValue[], code: string, column: string, asOf?: string, severity = 'error') {
  const issues = await longIssues(bad, asOf);
  expect(issues.map((i) => `${i.code} ${at(i)}`)).toEqual([`${code} obecnosci/lista.xlsx › Obecności › ${column}4`]);
  expect(issues[0]?.severity).toBe(severity);
  return issues;
}

describe('long layout', () => {
  it('clean rows produce nothing', async () => {
    expect(await longIssues([START, 'A2', 'szkolenie', 'Kurs', 6, 'P1', 'x'])).toEqual([]);
  });
  it('unknown-participant', async () => {
    await expectLong([START, 'A1', 'spotkanie', 'Spotkanie', 2, 'P9', 'x'], 'unknown-participant', 'F');
  });
  it('unknown-participant keyed by a PESEL is masked', async () => {
    const [i] = await expectLong([START, 'A1', 'spotkanie', 'Spotkanie', 2, '44051401458', 'x'], 'unknown-participant', 'F');
    expect(i?.value).toBe('440514*****');
  });
  it('unknown-action, with the closest code as hint', async () => {
    const [i] = await expectLong([START, 'A 1', 'spotkanie', 'Spotkanie', 2, 'P1', 'x'], 'unknown-action', 'B');
    expect(i?.params.closest).toBe('A1');
  });
  it('unknown-form', async () => {
    await expectLong([START, 'A1', 'spotkania', 'Spotkanie', 2, 'P1', 'x'], 'unknown-form', 'C');
  });
  it('form-not-in-action', async () => {
    await expectLong([START, 'A2', 'spotkanie', 'Kurs', 2, 'P1', 'x'], 'form-not-in-action', 'C');
  });
  it('a missing form when the action has several', async () => {
    await expectLong([START, 'A1', null, 'Spotkanie', 2, 'P1', 'x'], 'required-value', 'C');
  });
  it('a missing form is fine when the action has one', async () => {
    expect(await longIssues([START, 'A2', null, 'Kurs', 6, 'P1', 'x'])).toEqual([]);
  });
  it('invalid-mark', async () => {
    await expectLong(['11.03.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P1', '?'], 'invalid-mark', 'G');
  });
  it('invalid-hours: more than 12, and zero', async () => {
    await expectLong(['11.03.2021', 'A1', 'spotkanie', 'Spotkanie', 14, 'P1', 'x'], 'invalid-hours', 'E');
    await expectLong(['11.03.2021', 'A1', 'spotkanie', 'Spotkanie', '0', 'P1', 'x'], 'invalid-hours', 'E');
  });
  it('invalid-hours: no hours and no default for the form', async () => {
    await expectLong(['11.03.2021', 'A1', 'warsztat', 'Warsztat', null, 'P1', 'x'], 'invalid-hours', 'E');
  });
  it('the form default applies when hours are empty', async () => {
    expect(await longIssues(['11.03.2021', 'A1', 'spotkanie', 'Spotkanie', null, 'P1', 'x'])).toEqual([]);
  });
  it('session-hours-conflict: the same session with other hours', async () => {
    const dir = await participantsProject([...PEOPLE, person(3, { 'Data rozpoczęcia udziału w projekcie': START })], {
      'obecnosci/lista.xlsx': [{ name: 'Obecności', rows: [LONG_HEADER, ...CLEAN, [START, 'A1', 'spotkanie', 'Spotkanie', 3, 'P3', 'x']] }],
    });
    const issues = significant((await check(dir)).issues);
    expect(issues.map((i) => `${i.code} ${at(i)}`)).toEqual(['session-hours-conflict obecnosci/lista.xlsx › Obecności › E4']);
  });
  it('duplicate-attendance: the same person twice in a session', async () => {
    await expectLong([START, 'A1', 'spotkanie', 'Spotkanie', 2, 'P1', 'x'], 'duplicate-attendance', 'G');
  });
  it('attendance-outside-participation: before the person started', async () => {
    await expectLong(['05.03.2021', 'A1', 'spotkanie', 'Inne', 2, 'P1', 'x'], 'attendance-outside-participation', 'A');
  });
  it('an absence before the start is not an issue', async () => {
    expect(await longIssues(['05.03.2021', 'A1', 'spotkanie', 'Inne', 2, 'P1', 'nb'])).toEqual([]);
  });
  it('attendance-outside-project', async () => {
    await expectLong(['15.01.2023', 'A1', 'spotkanie', 'Spotkanie', 2, 'P1', 'x'], 'attendance-outside-project', 'A');
  });
  it('attendance-outside-window is a warning', async () => {
    await expectLong(['10.01.2022', 'A2', 'szkolenie', 'Kurs', 6, 'P1', 'x'], 'attendance-outside-window', 'A', undefined, 'warning');
  });
  it('date-after-as-of', async () => {
    await expectLong(['10.06.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P1', 'x'], 'date-after-as-of', 'A', '2021-05-31');
  });
  it('invalid-date', async () => {
    await expectLong(['32.03.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P1', 'x'], 'invalid-date', 'A');
  });
  it('open event: a headcount row is fine, a headcount in words is not', async () => {
    expect(await longIssues([START, 'A3', null, 'Piknik', 4, null, null, 45])).toEqual([]);
    await expectLong([START, 'A3', null, 'Piknik', 4, null, null, 'dużo'], 'invalid-number', 'H');
  });
  it('a row without identifier or headcount', async () => {
    await expectLong([START, 'A1', 'spotkanie', 'Spotkanie', 2, null, 'x'], 'required-value', 'F');
  });
});

describe('long layout in CSV, hours from clock times, key by PESEL', () => {
  it('reads Godzina od/do and PESEL keys', async () => {
    const pesel1 = String(PEOPLE[0]?.PESEL);
    const csv = csvText([
      ['Data', 'Kod działania', 'Forma', 'Zajęcia', 'Godzina od', 'Godzina do', 'PESEL', 'Obecność'],
      [START, 'A1', 'spotkanie', 'Spotkanie', '10:00', '12:00', pesel1, 'ob.'],
      [START, 'A1', 'spotkanie', 'Spotkanie', '10:00', '12:00', 'P2', 'obecny'],
      [START, 'A1', 'spotkanie', 'Spotkanie', '10:00', '13:30', 'P2', 'obecny'],
    ]);
    const dir = await participantsProject(PEOPLE, { 'obecnosci/lista.csv': csv });
    const result = await check(dir);
    expect(result.dataset.attendance.toArray().map((r) => r.hours)).toEqual([2, 2, 3.5]);
    expect(significant(result.issues).map((i) => `${i.code} ${at(i)}`)).toEqual([
      'session-hours-conflict obecnosci/lista.csv › lista › F4',
      'duplicate-attendance obecnosci/lista.csv › lista › H4',
    ]);
  });
});

function grid(name: string, opts: { action?: string | null; form?: string; title?: string; hoursRow?: CellValue[] | null; marks: CellValue[][]; dates?: CellValue[] }): SheetSpec {
  const dates = opts.dates ?? [new Date('2021-03-10T00:00:00Z'), new Date('2021-03-17T00:00:00Z')];
  const rows: CellValue[][] = [['LISTA OBECNOŚCI']];
  if (opts.action !== null) rows.push(['Kod działania:', opts.action ?? 'A1']);
  rows.push(['Forma:', opts.form ?? 'spotkanie'], ['Zajęcia:', opts.title ?? 'Klub'], []);
  rows.push(['Lp.', 'Identyfikator', 'Imię i nazwisko', ...dates, 'Razem']);
  if (opts.hoursRow !== null) rows.push(opts.hoursRow ?? ['Liczba godzin', null, null, 2, 2]);
  opts.marks.forEach((m, k) => rows.push([k + 1, `P${k + 1}`, `Osoba ${k + 1}`, ...m]));
  rows.push(['Razem', null, null, 2, 1]);
  return { name, rows, merges: ['A1:F1'] };
}

function withKey(sheet: SheetSpec, from: string, to: string): SheetSpec {
  return { ...sheet, rows: sheet.rows.map((r) => (r[1] === from ? [r[0], to, ...r.slice(2)] : r)) };
}

describe('grid layout', () => {
  it('reads labels, dates, the hours row and marks; skips the Razem row', async () => {
    const dir = await participantsProject(PEOPLE, {
      'obecnosci/siatka.xlsx': [grid('Klub 2021-03', { marks: [['x', '✓'], ['X', 'u']] })],
    });
    const result = await check(dir);
    expect(significant(result.issues)).toEqual([]);
    expect(result.dataset.attendance.toArray().map((r) => `${r.key} ${r.date} ${r.mark} ${r.hours} ${r.cell}`)).toEqual([
      'P1 2021-03-10 present 2 D8', 'P1 2021-03-17 present 2 E8',
      'P2 2021-03-10 present 2 D9', 'P2 2021-03-17 excused 2 E9',
    ]);
  });
  it('invalid-mark at its cell', async () => {
    const dir = await participantsProject(PEOPLE, { 'obecnosci/siatka.xlsx': [grid('Klub 2021-03', { marks: [['x', 'x'], ['x', 'obcny']] })] });
    expect(significant((await check(dir)).issues).map((i) => `${i.code} ${at(i)}`)).toEqual(['invalid-mark obecnosci/siatka.xlsx › Klub 2021-03 › E9']);
  });
  it('missing Kod działania label', async () => {
    const dir = await participantsProject(PEOPLE, { 'obecnosci/siatka.xlsx': [grid('Klub', { action: null, marks: [['x', 'x'], ['x', 'x']] })] });
    const issues = significant((await check(dir)).issues);
    expect(issues.map((i) => i.code)).toContain('missing-column');
    expect(issues.find((i) => i.code === 'missing-column')?.header).toBe('Kod działania:');
  });
  it('no hours row and no default hours: invalid-hours at the session header', async () => {
    const dir = await participantsProject(PEOPLE, {
      'obecnosci/siatka.xlsx': [grid('Warsztat', { form: 'warsztat', hoursRow: null, marks: [['x', 'nb'], ['x', 'x']] })],
    });
    const issues = significant((await check(dir)).issues);
    expect(new Set(issues.map((i) => `${i.code} ${at(i)}`))).toEqual(new Set([
      'invalid-hours obecnosci/siatka.xlsx › Warsztat › D6', 'invalid-hours obecnosci/siatka.xlsx › Warsztat › E6',
    ]));
  });
  it('no hours row: the form default applies', async () => {
    const dir = await participantsProject(PEOPLE, { 'obecnosci/siatka.xlsx': [grid('Klub', { hoursRow: null, marks: [['x', 'x'], ['x', 'x']] })] });
    const result = await check(dir);
    expect(significant(result.issues)).toEqual([]);
    expect(result.dataset.attendance.toArray().every((r) => r.hours === 2)).toBe(true);
  });
  it('session-hours-conflict across two lists of the same session', async () => {
    const dir = await participantsProject(PEOPLE, {
      'obecnosci/siatka.xlsx': [
        grid('Gr1', { marks: [['x', 'x']] }),
        withKey(grid('Gr2', { hoursRow: ['Liczba godzin', null, null, 3, 2], marks: [['x', 'x']] }), 'P1', 'P2'),
      ],
    });
    const issues = significant((await check(dir)).issues);
    expect(issues.map((i) => `${i.code} ${at(i)}`)).toEqual(['session-hours-conflict obecnosci/siatka.xlsx › Gr2 › D7']);
  });
  it('dates typed as text in the header', async () => {
    const dir = await participantsProject(PEOPLE, {
      'obecnosci/siatka.xlsx': [grid('Klub', { dates: ['10.03.2021', '17.03.2021'], marks: [['x', '1'], ['ob', 'nb']] })],
    });
    const result = await check(dir);
    expect(significant(result.issues)).toEqual([]);
    expect(result.dataset.attendance.toArray().filter((r) => r.mark === 'present')).toHaveLength(3);
  });
});
