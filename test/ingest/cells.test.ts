/**
 * Sheets, rows and cells that do not count must be named (issue 16): formulas saved without
 * their result, hidden sheets with data, rows of column numbers, identifiers Excel turned into
 * scientific notation, and clock times that give no hours.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { writeOds, type OdsValue } from '../../bench/ods-writer.js';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { issueHint, issueMessage, type Issue } from '../../src/validate/issue.js';
import { at, check, csvText, participantsProject, person, PARTICIPANT_TEST_HEADERS, significant, tableRows, TEST_DEFINITION, type CellValue } from '../helpers/fixtures.js';

const START = '10.03.2021';
const PEOPLE = [person(1, { 'Data rozpoczęcia udziału w projekcie': START }), person(2, { 'Data rozpoczęcia udziału w projekcie': START })];
const LONG_HEADER = ['Data', 'Kod działania', 'Forma', 'Zajęcia', 'Liczba godzin', 'Identyfikator', 'Obecność'];
const ROW1: CellValue[] = [START, 'A1', 'spotkanie', 'Spotkanie', 2, 'P1', 'x'];

async function cli(args: string[]) {
  const io = memoryIO(process.cwd());
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

function lines(issues: readonly Issue[]): string[] {
  // a person left without attendance by the accident is another matter
  return significant(issues).filter((i) => i.code !== 'participant-without-support').map((i) => `${i.code} ${i.severity} ${at(i)}`);
}

/** What openpyxl writes for a formula: `<f>` and an empty `<v></v>` (exceljs writes no `<v>` at all). */
async function emptyValues(file: string): Promise<void> {
  const zip = await JSZip.loadAsync(await readFile(file));
  for (const name of Object.keys(zip.files).filter((n) => n.startsWith('xl/worksheets/sheet'))) {
    const xml = await zip.file(name)?.async('string');
    zip.file(name, (xml ?? '').replace(/<\/f><\/c>/g, '</f><v></v></c>'));
  }
  await writeFile(file, await zip.generateAsync({ type: 'uint8array' }));
}

describe('formula-without-value', () => {
  it('a participant\'s Wiek as a formula without result: one issue at its cell, never "Wiek 0", the row does not count', async () => {
    for (const openpyxl of [false, true]) {
      const people = [person(1), person(2, { 'Wiek w chwili przystąpienia do projektu': { formula: 'YEAR(M3)-1980', result: undefined } })];
      const dir = await participantsProject(people);
      if (openpyxl) await emptyValues(path.join(dir, 'uczestnicy.xlsx'));
      const { issues, usable } = await check(dir);
      expect(lines(issues), `openpyxl ${openpyxl}`).toEqual(['formula-without-value error uczestnicy.xlsx › Uczestnicy › G3']);
      expect(issueMessage(issues[0] as Issue, 'pl')).toContain('formułę bez zapisanego wyniku');
      expect(issueHint(issues[0] as Issue, 'pl')).toContain('Otwórz go w Excelu lub LibreOffice i zapisz ponownie');
      expect([...usable.participants()]).toEqual([0]);
    }
  });
  it('a file a script wrote, every Wiek a formula without result: one line for the column, and the verdict says the rows do not count', async () => {
    const age = (row: number) => ({ 'Wiek w chwili przystąpienia do projektu': { formula: `YEAR(M${row})-1980`, result: undefined } });
    const people = [person(1, age(2)), person(2, age(3)), person(3, age(4)), person(4)];
    const dir = await participantsProject(people, { 'obecnosci/lista.xlsx': [{ name: 'Obecności', rows: [LONG_HEADER, ROW1, [START, 'A1', 'spotkanie', 'Spotkanie', 2, 'P4', 'x']] }] });
    await emptyValues(path.join(dir, 'uczestnicy.xlsx'));
    const r = await cli(['validate', '--project', dir, '--as-of', '2026-01-01']);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n').filter((l) => l.includes('  formula-without-value  Komórka'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('uczestnicy.xlsx › Uczestnicy › G2  Wiek w chwili przystąpienia do projektu  błąd  formula-without-value');
    expect(lines[0]).toContain('razem 3 wiersze: 2, 3, 4');
    expect(r.out).toMatch(/formula-without-value +3  błąd/);
    expect(r.out).toContain('Wynik: dane zawierają błędy — popraw je przed złożeniem (4 uczestników, 2 wpisy obecności w 2 plikach; z powodu błędów nie liczy się: 3 uczestników i 1 wpis obecności).');
    // the JSON keeps every row (for --annotate), all of one group
    const json = JSON.parse((await cli(['validate', '--project', dir, '--as-of', '2026-01-01', '--format', 'json'])).out) as { issues: { code: string; row: number; group: string }[] };
    const rows = json.issues.filter((i) => i.code === 'formula-without-value');
    expect(rows.map((i) => i.row)).toEqual([2, 3, 4]);
    expect(new Set(rows.map((i) => i.group))).toEqual(new Set(['formula-without-value @ uczestnicy.xlsx › Uczestnicy › G2']));
  });
  it('hours as a formula without result: not the form\'s default, not "0 poza zakresem"; the record does not count', async () => {
    for (const openpyxl of [false, true]) {
      const rows = [LONG_HEADER, ROW1, [START, 'A1', 'spotkanie', 'Spotkanie', { formula: '1+1', result: undefined }, 'P2', 'x']];
      const dir = await participantsProject(PEOPLE, { 'obecnosci/lista.xlsx': [{ name: 'Obecności', rows }] });
      if (openpyxl) await emptyValues(path.join(dir, 'obecnosci', 'lista.xlsx'));
      const { issues, dataset } = await check(dir);
      expect(lines(issues)).toEqual(['formula-without-value error obecnosci/lista.xlsx › Obecności › E3']);
      expect(dataset.attendance.length).toBe(1);
    }
  });
  it('a formula without result in a column that is not read (Lp.) changes nothing; one with its result counts', async () => {
    const people = [person(1, { 'Lp.': { formula: 'ROW()-1', result: undefined } }), person(2, { 'Wiek w chwili przystąpienia do projektu': { formula: '20+20', result: 40 } })];
    const { issues, usable } = await check(await participantsProject(people));
    expect(lines(issues)).toEqual([]);
    expect([...usable.participants()]).toEqual([0, 1]);
  });
  it('a header cell as a formula without result is named: the column cannot be recognised', async () => {
    const rows = [[...LONG_HEADER.slice(0, 6), { formula: '"Obecność"', result: undefined }], ROW1];
    const dir = await participantsProject(PEOPLE, { 'obecnosci/lista.xlsx': [{ name: 'Obecności', rows }] });
    const issues = significant((await check(dir)).issues);
    expect(issues.map((i) => `${i.code} ${at(i)}`)).toContain('formula-without-value obecnosci/lista.xlsx › Obecności › G1');
    expect(issueMessage(issues.find((i) => i.code === 'formula-without-value') as Issue, 'pl')).toContain('Nagłówek kolumny to formuła');
  });
  it('ODS: table:formula without office:value-type is named the same way', async () => {
    const dir = await participantsProject(PEOPLE, {}, undefined, TEST_DEFINITION.replace('participants: uczestnicy.xlsx', 'participants: uczestnicy.ods'));
    const rows = tableRows(PARTICIPANT_TEST_HEADERS, [person(1), person(2, { 'Wiek w chwili przystąpienia do projektu': 'FORMULA' })])
      .map((r) => r.map((c) => (c === undefined ? null : c)) as OdsValue[]);
    const file = path.join(dir, 'uczestnicy.ods');
    await writeOds(file, [{ name: 'Uczestnicy', rows }]);
    const zip = await JSZip.loadAsync(await readFile(file));
    const content = (await zip.file('content.xml')?.async('string')) ?? '';
    const patched = content.replace(/<table:table-cell office:value-type="string"[^>]*>(?:(?!<\/table:table-cell>).)*FORMULA(?:(?!<\/table:table-cell>).)*<\/table:table-cell>/, '<table:table-cell table:formula="of:=YEAR([.M3])-1980"/>');
    expect(patched).not.toBe(content);
    zip.file('content.xml', patched);
    await writeFile(file, await zip.generateAsync({ type: 'uint8array' }));
    expect(lines((await check(dir)).issues)).toEqual(['formula-without-value error uczestnicy.ods › Uczestnicy › G3']);
  });
});

describe('hidden-sheet', () => {
  it('a hidden sheet holding participants is named with its number of rows, and still not read', async () => {
    const table = tableRows(PARTICIPANT_TEST_HEADERS, [person(1), person(2)]);
    const dir = await participantsProject([], { 'uczestnicy.xlsx': [
      { name: 'Uczestnicy', rows: tableRows(PARTICIPANT_TEST_HEADERS, [person(3)]) },
      { name: 'Stare', rows: table, state: 'hidden' },
      { name: 'Listy', rows: [['Kobieta'], ['Mężczyzna']], state: 'hidden' },
    ] });
    const { issues, dataset } = await check(dir);
    expect(significant(issues).map((i) => `${i.code} ${i.severity} ${i.file} ${i.sheet}`)).toEqual(['hidden-sheet info uczestnicy.xlsx Stare']);
    expect(issueMessage(issues[0] as Issue, 'pl')).toBe('Ukryty arkusz „Stare” zawiera tabelę danych (2 wiersze) — arkusze ukryte nie są czytane');
    expect(dataset.participants).toHaveLength(1);
  });
  it('a second visible sheet of participants is not read either, and is named as a warning', async () => {
    const dir = await participantsProject([], { 'uczestnicy.xlsx': [
      { name: '2021', rows: tableRows(PARTICIPANT_TEST_HEADERS, [person(1)]) },
      { name: '2022', rows: tableRows(PARTICIPANT_TEST_HEADERS, [person(2), person(3), person(4)]) },
    ] });
    const { issues, dataset } = await check(dir);
    expect(significant(issues).map((i) => `${i.code} ${i.severity} ${i.sheet}`)).toEqual(['sheet-not-read warning 2022']);
    expect(issueMessage(issues[0] as Issue, 'pl')).toBe('Arkusz „2022” też zawiera tabelę uczestników (3 wiersze), ale czytany jest tylko pierwszy widoczny arkusz pliku uczestników');
    expect(dataset.participants).toHaveLength(1);
  });
  it('an attendance workbook with a very hidden sheet of records', async () => {
    const dir = await participantsProject(PEOPLE, { 'obecnosci/lista.xlsx': [{ name: 'Obecności', rows: [LONG_HEADER, ROW1] }, { name: 'Maj', rows: [LONG_HEADER, ROW1, ROW1, ROW1], state: 'hidden' }] });
    const file = path.join(dir, 'obecnosci', 'lista.xlsx');
    const zip = await JSZip.loadAsync(await readFile(file));
    const wb = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
    zip.file('xl/workbook.xml', wb.replace('state="hidden"', 'state="veryHidden"'));
    await writeFile(file, await zip.generateAsync({ type: 'uint8array' }));
    const { issues, dataset } = await check(dir);
    expect(significant(issues).filter((i) => i.code === 'hidden-sheet').map((i) => `${i.code} ${i.sheet} ${JSON.stringify(i.params.rows)}`)).toEqual(['hidden-sheet Maj {"quantity":3,"noun":"row"}']);
    expect(dataset.attendance.length).toBe(1);
  });
});

describe('numbers-row', () => {
  it('the SL2014 row of column numbers under the header is skipped with one informacja, not counted as a person', async () => {
    const numbers = PARTICIPANT_TEST_HEADERS.map((_, k) => k + 1);
    const rows = [PARTICIPANT_TEST_HEADERS as unknown as CellValue[], numbers, ...tableRows(PARTICIPANT_TEST_HEADERS, [person(1)]).slice(1)];
    const { issues, dataset } = await check(await participantsProject([], { 'uczestnicy.xlsx': [{ name: 'Uczestnicy', rows }] }));
    expect(lines(issues)).toEqual(['numbers-row info uczestnicy.xlsx › Uczestnicy › 2']);
    expect(dataset.participants).toHaveLength(1);
  });
  it('a second header row repeating the names, in a CSV attendance list', async () => {
    const csv = csvText([LONG_HEADER, LONG_HEADER, ROW1]);
    const { issues, dataset } = await check(await participantsProject(PEOPLE, { 'obecnosci/lista.csv': csv }));
    expect(lines(issues)).toEqual(['numbers-row info obecnosci/lista.csv › lista › 2']);
    expect(issueMessage(issues.find((i) => i.code === 'numbers-row') as Issue, 'pl')).toBe('Wiersz powtarza nazwy kolumn nagłówka — pominięty, nie jest liczony');
    expect(dataset.attendance.length).toBe(1);
  });
});

describe('pesel-scientific-notation', () => {
  it('a CSV from Excel with 8,80312E+10 as the key: digits lost, said so (not a bare unknown participant)', async () => {
    const csv = csvText([['Data', 'Kod działania', 'Forma', 'Zajęcia', 'Liczba godzin', 'PESEL', 'Obecność'], [START, 'A1', 'spotkanie', 'Spotkanie', 2, '8,80312E+10', 'x']]);
    const { issues } = await check(await participantsProject(PEOPLE, { 'obecnosci/lista.csv': csv }));
    expect(lines(issues)).toEqual(['pesel-scientific-notation error obecnosci/lista.csv › lista › F2']);
    const issue = issues.find((i) => i.code === 'pesel-scientific-notation') as Issue;
    expect(issueMessage(issue, 'pl')).toContain('notacji naukowej');
    expect(issueHint(issue, 'pl')).toContain('format kolumny na Tekst');
  });
  it('a number cell holding what 8,80312E+10 stands for (88031200000), in a workbook', async () => {
    const rows = [LONG_HEADER.map((h) => (h === 'Identyfikator' ? 'PESEL' : h)), [START, 'A1', 'spotkanie', 'Spotkanie', 2, 88031200000, 'x']];
    const { issues } = await check(await participantsProject(PEOPLE, { 'obecnosci/lista.xlsx': [{ name: 'Obecności', rows }] }));
    expect(lines(issues)).toEqual(['pesel-scientific-notation error obecnosci/lista.xlsx › Obecności › F2']);
  });
  it('a list with both Identyfikator and PESEL, keyed by the PESEL where the identifier is empty: the issue is at the PESEL cell, not the empty one', async () => {
    const header = ['Data', 'Kod działania', 'Forma', 'Zajęcia', 'Liczba godzin', 'Identyfikator', 'PESEL', 'Obecność'];
    const csv = csvText([header, [START, 'A1', 'spotkanie', 'Spotkanie', 2, 'P1', '', 'x'], [START, 'A1', 'spotkanie', 'Spotkanie', 2, '', '92092566392', 'x'],
      [START, 'A1', 'spotkanie', 'Spotkanie', 2, '', '8,80312E+10', 'x'], [START, 'A1', 'spotkanie', 'Spotkanie', 2, 'P9', '', 'x']]);
    const { issues } = await check(await participantsProject(PEOPLE, { 'obecnosci/lista.csv': csv }));
    expect(lines(issues)).toEqual([
      'unknown-participant error obecnosci/lista.csv › lista › G3', 'pesel-scientific-notation error obecnosci/lista.csv › lista › G4',
      'unknown-participant error obecnosci/lista.csv › lista › F5',
    ]);
    // a grid with both columns: the same
    const grid = [['Kod działania:', 'A1'], ['Forma:', 'spotkanie'], ['Zajęcia:', 'Spotkanie'], [], ['Lp.', 'Identyfikator', 'PESEL', 'Imię i nazwisko', new Date(Date.UTC(2021, 2, 10))],
      [1, 'P1', null, 'Jan', 'x'], [2, null, 88031200000, 'Anna', 'x']];
    const g = await check(await participantsProject(PEOPLE, { 'obecnosci/siatka.xlsx': [{ name: 'Marzec', rows: grid }] }));
    expect(lines(g.issues)).toEqual(['pesel-scientific-notation error obecnosci/siatka.xlsx › Marzec › C7']);
  });
  it('the participants\' PESEL column in scientific notation', async () => {
    const dir = await participantsProject([], { 'uczestnicy.csv': csvText(tableRows(PARTICIPANT_TEST_HEADERS, [person(1, { PESEL: '8,00514E+10' })])) },
      undefined, TEST_DEFINITION.replace('participants: uczestnicy.xlsx', 'participants: uczestnicy.csv'));
    expect(lines((await check(dir)).issues)).toEqual(['pesel-scientific-notation error uczestnicy.csv › uczestnicy › E2']);
  });
});

describe('time columns', () => {
  const HEADER = ['Data', 'Kod działania', 'Forma', 'Zajęcia', 'Godzina od', 'Godzina do', 'Identyfikator', 'Obecność'];
  async function timeIssues(from: CellValue, to: CellValue): Promise<Issue[]> {
    const rows = [HEADER, [START, 'A1', 'spotkanie', 'Spotkanie', '10:00', '12:00', 'P1', 'x'], [START, 'A1', 'warsztat', 'Warsztat', from, to, 'P2', 'x']];
    return significant((await check(await participantsProject(PEOPLE, { 'obecnosci/lista.xlsx': [{ name: 'Obecności', rows }] }))).issues);
  }
  it('an end before the start says exactly that, at Godzina do', async () => {
    const issues = await timeIssues('16:00', '4:00');
    expect(issues.map((i) => `${i.code} ${at(i)}`)).toEqual(['invalid-hours obecnosci/lista.xlsx › Obecności › F3']);
    expect(issueMessage(issues[0] as Issue, 'pl')).toBe('Godzina zakończenia 04:00 jest wcześniejsza niż godzina rozpoczęcia 16:00');
  });
  it('an unreadable time is a time, not a number of hours', async () => {
    const issues = await timeIssues('10:00', 'po południu');
    expect(issues.map((i) => `${i.code} ${at(i)}`)).toEqual(['invalid-number obecnosci/lista.xlsx › Obecności › F3']);
    expect(issueMessage(issues[0] as Issue, 'pl')).toBe('„po południu” nie jest poprawną godziną');
  });
  it('a start without an end, and a session too long, in times', async () => {
    const missing = await timeIssues('10:00', null);
    expect(missing.map((i) => `${i.code} ${at(i)} ${issueMessage(i, 'pl')}`)).toEqual(['required-value obecnosci/lista.xlsx › Obecności › F3 Podano godzinę rozpoczęcia zajęć, ale brak godziny zakończenia']);
    const long = await timeIssues('07:00', '21:30');
    expect(long.map((i) => issueMessage(i, 'pl'))).toEqual(['Zajęcia od 07:00 do 21:30 trwałyby 14,5 godz. — najwyżej 12']);
  });
});
