import path from 'node:path';
/** File and structure rules: files that cannot be read, sheets, headers, encodings. */
import { describe, expect, it } from 'vitest';
import { writeOds, type OdsValue } from '../../bench/ods-writer.js';
import { issueHint, issueMessage, type Issue } from '../../src/validate/issue.js';
import { at, check, makeProject, type CellValue, participantsProject, person, PARTICIPANT_TEST_HEADERS, significant, tableRows, TEST_DEFINITION, xlsxBytes } from '../helpers/fixtures.js';

function only<T extends { code: string }>(issues: T[], code: string): T[] {
  return issues.filter((i) => i.code === code);
}

describe('files that cannot be read', () => {
  it('file-unreadable: the participant file does not exist', async () => {
    const dir = await makeProject({ files: {} });
    const { issues, summary } = await check(dir);
    expect(issues.map((i) => `${i.code} ${i.file}`)).toEqual(['file-unreadable uczestnicy.xlsx']);
    expect(summary.unreadable).toBe(true);
  });
  it('file-unreadable: random bytes named .xlsx, a corrupt zip, an old XLS', async () => {
    const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    for (const bytes of [random, zip, ole]) {
      const dir = await makeProject({ files: { 'uczestnicy.xlsx': bytes } });
      const { issues } = await check(dir);
      expect(issues.map((i) => i.code)).toEqual(['file-unreadable']);
      expect(String(issues[0]?.params.reason)).not.toBe('');
    }
  });
  it('file-empty: a zero-byte file and a workbook whose sheets are empty', async () => {
    for (const content of [new Uint8Array(0), await xlsxBytes([{ name: 'Arkusz1', rows: [] }])]) {
      const dir = await makeProject({ files: { 'uczestnicy.xlsx': content } });
      expect((await check(dir)).issues.map((i) => i.code)).toEqual(['file-empty']);
    }
  });
  it('sheet-missing: the definition names a sheet the workbook does not have; for the participants file that is no participants (exit 2)', async () => {
    const people = [{ name: 'Uczestnicy', rows: tableRows(PARTICIPANT_TEST_HEADERS, [person(1)]) }];
    const lists = TEST_DEFINITION.replace('attendance: [obecnosci/*.xlsx, obecnosci/*.csv]', 'attendance: { path: obecnosci/lista.xlsx, sheet: Maj }');
    const list = [{ name: 'Kwiecień', rows: [['Data', 'Kod działania', 'Forma', 'Zajęcia', 'Liczba godzin', 'Identyfikator', 'Obecność']] }];
    const attendance = await makeProject({ definition: lists, files: { 'uczestnicy.xlsx': people, 'obecnosci/lista.xlsx': list } });
    const found = (await check(attendance)).issues;
    // the list that was not read leaves its people without support: not said (one cause, one line)
    expect(found.map((i) => `${i.code} ${i.sheet}`)).toEqual(['sheet-missing Maj']);
    expect(found[0]?.params.sheets).toBe('Kwiecień');
    const def = TEST_DEFINITION.replace('participants: uczestnicy.xlsx', 'participants: { path: uczestnicy.xlsx, sheet: Lista }');
    const dir = await makeProject({ definition: def, files: { 'uczestnicy.xlsx': people } });
    const { issues } = await check(dir);
    expect(issues.map((i) => `${i.code} ${i.file}`)).toEqual(['file-unreadable uczestnicy.xlsx']);
    expect(issues[0]?.params.reasonCode).toBe('participants-sheet-missing');
    expect(issueMessage(issues[0] as Issue, 'pl')).toBe('Nie można odczytać pliku: nie ma arkusza „Lista” wskazanego kluczem sheet: w pal-report.yaml (arkusze pliku: Uczestnicy)');
  });
  it('ODS: the first visible sheet, the one named by sheet:, and sheet-missing naming the sheets there are', async () => {
    const rows = (n: number) => tableRows(PARTICIPANT_TEST_HEADERS, [person(n)]).map((r) => r.map((c) => (c === undefined ? null : c)) as OdsValue[]);
    const sheets = [{ name: 'Ukryty', hidden: true, rows: [['tajne']] }, { name: 'Pierwszy', rows: [['Lista uczestników'], [], ...rows(1)] }, { name: 'Drugi', rows: rows(2) }];
    for (const [spec, expected] of [['uczestnicy.ods', 'Pierwszy'], ['{ path: uczestnicy.ods, sheet: Drugi }', 'Drugi']] as const) {
      const dir = await makeProject({ definition: TEST_DEFINITION.replace('participants: uczestnicy.xlsx', `participants: ${spec}`), files: {} });
      await writeOds(path.join(dir, 'uczestnicy.ods'), sheets);
      const { issues, dataset } = await check(dir);
      // the second participant sheet is not read: said so, unless it is the one named
      expect(issues.map((i) => `${i.code} ${i.sheet}`)).toEqual(expected === 'Pierwszy' ? ['sheet-not-read Drugi'] : []);
      expect(dataset.files[0]).toMatchObject({ kind: 'ods', sheets: [expected], rows: expected === 'Pierwszy' ? 3 : 2 });
      // provenance: the header found under the title rows, on the row LibreOffice shows
      expect(dataset.participants.map((p) => [p.ref.sheet, p.row])).toEqual([[expected, expected === 'Pierwszy' ? 4 : 2]]);
    }
    const dir = await makeProject({ definition: TEST_DEFINITION.replace('participants: uczestnicy.xlsx', 'participants: { path: uczestnicy.ods, sheet: Lista }'), files: {} });
    await writeOds(path.join(dir, 'uczestnicy.ods'), sheets);
    const { issues } = await check(dir);
    expect(issues.map((i) => `${i.code} ${issueMessage(i, 'pl')}`)).toEqual(['file-unreadable Nie można odczytać pliku: nie ma arkusza „Lista” wskazanego kluczem sheet: w pal-report.yaml (arkusze pliku: Ukryty, Pierwszy, Drugi)']);
  });
});

describe('headers', () => {
  it('header-not-found: a sheet without a recognisable header; in the participants file that is no participants (exit 2)', async () => {
    const list = [{ name: 'Lista', rows: [['Kowalski', 'Jan', 12], ['Nowak', 'Anna', 7]] }];
    const people = [{ name: 'Uczestnicy', rows: tableRows(PARTICIPANT_TEST_HEADERS, [person(1)]) }];
    const lists = await makeProject({ files: { 'uczestnicy.xlsx': people, 'obecnosci/lista.xlsx': list } });
    expect((await check(lists)).issues.map((i) => `${i.code} ${i.file} ${i.sheet}`)).toEqual(['header-not-found obecnosci/lista.xlsx Lista']);
    const dir = await makeProject({ files: { 'uczestnicy.xlsx': [{ name: 'Dane', rows: [['Kowalski', 'Jan', 12], ['Nowak', 'Anna', 7]] }] } });
    const issues = (await check(dir)).issues;
    expect(issues.map((i) => `${i.code} ${i.file} ${String(i.params.reasonCode)}`)).toEqual(['file-unreadable uczestnicy.xlsx participants-not-found']);
  });
  it('the header below title rows, with Excel row numbers kept', async () => {
    const rows = [['Lista uczestników projektu'], [], ...tableRows(PARTICIPANT_TEST_HEADERS, [person(1), person(2, { Imię: null })])];
    const dir = await makeProject({ files: { 'uczestnicy.xlsx': [{ name: 'Uczestnicy', rows, merges: ['A1:F1'] }] } });
    const issues = significant((await check(dir)).issues);
    expect(issues.map((i) => `${i.code} ${at(i)}`)).toEqual(['required-value uczestnicy.xlsx › Uczestnicy › C5']);
  });
  it('missing-column names the column and the closest header that is there', async () => {
    const headers = PARTICIPANT_TEST_HEADERS.map((h) => (h === 'Wykształcenie' ? 'Poziom wykształcenia' : h));
    const rows = tableRows(headers, [person(1, { 'Poziom wykształcenia': 'podstawowe (ISCED 1)' } as never)]);
    const dir = await makeProject({ files: { 'uczestnicy.xlsx': [{ name: 'Uczestnicy', rows }] } });
    const issues = significant((await check(dir)).issues);
    const missing = only(issues, 'missing-column')[0] as (typeof issues)[number];
    expect(missing).toMatchObject({ file: 'uczestnicy.xlsx', sheet: 'Uczestnicy', row: 1, header: 'Wykształcenie' });
    expect(missing.params.closest).toBe('Poziom wykształcenia');
    expect(only(issues, 'unknown-column').map((i) => i.column)).toEqual(['H']);
  });
  it('header matching survives case, spaces, NBSP, line breaks and a trailing colon', async () => {
    const headers = PARTICIPANT_TEST_HEADERS.map((h) => (h === 'Nazwisko' ? ' NAZWISKO: ' : h === 'Data rozpoczęcia udziału w projekcie' ? 'Data rozpoczęcia\nudziału  w\u00a0projekcie' : h));
    const rows = tableRows(headers, [{ ...person(1), ' NAZWISKO: ': 'Testowy', 'Data rozpoczęcia\nudziału  w\u00a0projekcie': '01.03.2021' }]);
    const dir = await makeProject({ files: { 'uczestnicy.xlsx': [{ name: 'Uczestnicy', rows }] } });
    const { issues, dataset } = await check(dir);
    expect(issues).toEqual([]);
    expect(dataset.participants[0]?.start).toBe('2021-03-01');
  });
  it('header-approximate: a header without Polish letters is accepted with a warning', async () => {
    const headers = PARTICIPANT_TEST_HEADERS.map((h) => (h === 'Płeć' ? 'Plec' : h));
    const rows = tableRows(headers, [{ ...person(1), Plec: 'Mężczyzna' }]);
    const dir = await makeProject({ files: { 'uczestnicy.xlsx': [{ name: 'Uczestnicy', rows }] } });
    const { issues, dataset } = await check(dir);
    expect(issues.map((i) => `${i.code} ${i.severity} ${at(i)}`)).toEqual(['header-approximate warning uczestnicy.xlsx › Uczestnicy › F1']);
    expect(dataset.participants[0]?.sex).toBe('M');
  });
  it('unknown-column is a warning, never fatal', async () => {
    const headers = [...PARTICIPANT_TEST_HEADERS, 'Numer buta'];
    const dir = await makeProject({ files: { 'uczestnicy.xlsx': [{ name: 'Uczestnicy', rows: tableRows(headers, [{ ...person(1), 'Numer buta': 43 }]) }] } });
    const { issues, dataset } = await check(dir);
    expect(issues.map((i) => `${i.code} ${i.severity} ${at(i)}`)).toEqual(['unknown-column warning uczestnicy.xlsx › Uczestnicy › Z1']);
    expect(dataset.participants).toHaveLength(1);
  });
  it('duplicate-column: the same column twice; the first is used', async () => {
    const headers = [...PARTICIPANT_TEST_HEADERS, 'Gmina'];
    const rows = tableRows(headers, [person(1)]);
    const dir = await makeProject({ files: { 'uczestnicy.xlsx': [{ name: 'Uczestnicy', rows }] } });
    expect((await check(dir)).issues.map((i) => `${i.code} ${at(i)}`)).toEqual(['duplicate-column uczestnicy.xlsx › Uczestnicy › Z1']);
  });
});

describe('extra-cells', () => {
  const LONG = 'Data;Kod działania;Forma;Zajęcia;Liczba godzin;Identyfikator;Obecność';
  it('an unquoted ; inside a CSV title is one issue for the row, not a cascade; the row is left out', async () => {
    const rows = Array.from({ length: 250 }, () => '01.03.2021;A1;spotkanie;Spotkanie; zmiana sali;2;P1;x');
    const dir = await participantsProject([person(1)], { 'obecnosci/lista.csv': `${LONG}\n01.03.2021;A1;spotkanie;Spotkanie;2;P1;x\n${rows.join('\n')}\n` });
    const { issues, usable } = await check(dir);
    const significantIssues = significant(issues);
    expect(significantIssues).toHaveLength(250);
    expect(new Set(significantIssues.map((i) => i.code))).toEqual(new Set(['extra-cells']));
    expect(significantIssues[0]).toMatchObject({ file: 'obecnosci/lista.csv', row: 3, column: null, severity: 'error' });
    expect(issueMessage(significantIssues[0] as Issue, 'pl')).toContain('poza ostatnią kolumną nagłówka (G), od kolumny H');
    expect(issueHint(significantIssues[0] as Issue, 'pl')).toContain('znak „;” wewnątrz wartości bez cudzysłowu');
    // the shifted rows are not stored: only the clean row is an attendance record
    expect([...usable.records()]).toEqual([0]);
    expect(usable.leftOut.records).toBe(0);
  });
  it('a participant row with a value beyond the header: one issue, the row counts nowhere, its attendance is not an unknown person', async () => {
    const headers = [...PARTICIPANT_TEST_HEADERS];
    const rows = tableRows(headers, [person(1), person(2)]);
    (rows[2] as CellValue[])[headers.length + 1] = 'notatka';
    const dir = await makeProject({
      files: {
        'uczestnicy.xlsx': [{ name: 'Uczestnicy', rows }],
        'obecnosci/lista.csv': `${LONG}\n01.03.2021;A1;spotkanie;S;2;P1;x\n01.03.2021;A1;spotkanie;S;2;P2;x\n`,
      },
    });
    const { issues, usable } = await check(dir);
    expect(significant(issues).map((i) => `${i.code} ${at(i)}`)).toEqual(['extra-cells uczestnicy.xlsx › Uczestnicy › 3']);
    expect(issueHint(significant(issues)[0] as Issue, 'pl')).toContain('Wpisz nagłówek nad tą kolumną');
    expect([...usable.participants()]).toEqual([0]);
    expect([...usable.records()]).toEqual([0]);
    expect(usable.leftOut).toEqual({ participants: 1, records: 1 });
  });
});

describe('encoding-guessed', () => {
  it('a Windows-1250 CSV is read as such, with an info', async () => {
    const csv = [PARTICIPANT_TEST_HEADERS.join(';'), PARTICIPANT_TEST_HEADERS.map((h) => String(person(1, { Nazwisko: 'Żółć' })[h] ?? '')).join(';')].join('\r\n');
    const bytes = new Uint8Array([...csv].map((ch) => {
      const cp1250: Record<string, number> = { ą: 0xb9, ę: 0xea, ł: 0xb3, ó: 0xf3, ś: 0x9c, ż: 0xbf, ź: 0x9f, ć: 0xe6, ń: 0xf1, Ż: 0xaf, Ł: 0xa3 };
      return cp1250[ch] ?? ch.charCodeAt(0);
    }));
    const def = TEST_DEFINITION.replace('participants: uczestnicy.xlsx', 'participants: uczestnicy.csv');
    const dir = await makeProject({ definition: def, files: { 'uczestnicy.csv': bytes } });
    const { issues, dataset } = await check(dir);
    expect(issues.map((i) => `${i.code} ${i.severity} ${i.file}`)).toEqual(['encoding-guessed info uczestnicy.csv']);
    expect(dataset.participants[0]?.text.lastName).toBe('Żółć');
    expect(dataset.participants[0]?.education).toBe('ponadgimnazjalne (ISCED 3)');
  });
});

describe('participants with a project definition that has attendance', () => {
  it('a clean project of participants only has no issues', async () => {
    const dir = await participantsProject([person(1)]);
    expect((await check(dir)).issues).toEqual([]);
  });
});
