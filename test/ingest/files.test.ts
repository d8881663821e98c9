/**
 * Which files are input (issue 16): paths are paths, a pattern that matches nothing is named,
 * lock files and pal-report's own outputs are never read, `--annotate` never writes where the
 * definition reads, and without the participants no attendance issue follows.
 */
import { mkdir, readdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import {
  check, csvText, makeProject, PARTICIPANT_TEST_HEADERS, participantsProject, person, significant, tableRows, TEST_DEFINITION, xlsxBytes, type CellValue,
} from '../helpers/fixtures.js';

async function run(args: string[]) {
  const io = memoryIO(process.cwd());
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

const START = '10.03.2021';
const PEOPLE = [person(1, { 'Data rozpoczęcia udziału w projekcie': START }), person(2, { 'Data rozpoczęcia udziału w projekcie': START })];
const LONG_HEADER = ['Data', 'Kod działania', 'Forma', 'Zajęcia', 'Liczba godzin', 'Identyfikator', 'Obecność'];
const ROWS: CellValue[][] = [LONG_HEADER, [START, 'A1', 'spotkanie', 'Spotkanie', 2, 'P1', 'x'], [START, 'A1', 'spotkanie', 'Spotkanie', 2, 'P2', 'x']];
const LIST = [{ name: 'Obecności', rows: ROWS }];

function withParticipants(file: string): string {
  return TEST_DEFINITION.replace('participants: uczestnicy.xlsx', `participants: "${file}"`);
}

describe('paths are paths', () => {
  it('a participants file named like a downloaded copy, with brackets, braces, ! and + and Polish letters, is read as it is', async () => {
    for (const name of ['uczestnicy (2).xlsx', 'uczestnicy [2021].xlsx', 'uczestnicy {x}.xlsx', 'uczestnicy!+ źdźbło.xlsx']) {
      const dir = await participantsProject(PEOPLE, { 'obecnosci/lista.xlsx': LIST }, undefined, withParticipants(name));
      await rename(path.join(dir, 'uczestnicy.xlsx'), path.join(dir, name));
      const { issues, dataset } = await check(dir);
      expect(significant(issues).map((i) => i.code), name).toEqual([]);
      expect(dataset.participants).toHaveLength(2);
      expect(dataset.attendance.length).toBe(2);
    }
  });
  it('an attendance file "lista (2).xlsx" matched by a pattern is read, and so is one named literally', async () => {
    const def = TEST_DEFINITION.replace('attendance: [obecnosci/*.xlsx, obecnosci/*.csv]', 'attendance: [obecnosci/*.xlsx, "obecnosci/inne (kopia).csv"]');
    const csv = csvText([LONG_HEADER, [START, 'A1', 'spotkanie', 'Inne', 2, 'P1', 'x']]);
    const dir = await participantsProject(PEOPLE, { 'obecnosci/lista (2).xlsx': LIST, 'obecnosci/inne (kopia).csv': csv }, undefined, def);
    const { issues, dataset } = await check(dir);
    expect(significant(issues)).toEqual([]);
    expect(dataset.files.map((f) => f.label)).toEqual(['uczestnicy.xlsx', 'obecnosci/lista (2).xlsx', 'obecnosci/inne (kopia).csv']);
    expect(dataset.attendance.length).toBe(3);
  });
  it('only * and ? make a pattern: [12] in a pattern is part of the name', async () => {
    const def = TEST_DEFINITION.replace('attendance: [obecnosci/*.xlsx, obecnosci/*.csv]', 'attendance: "obecnosci/lista [12]*.xlsx"');
    const dir = await participantsProject(PEOPLE, { 'obecnosci/lista [12] maj.xlsx': LIST, 'obecnosci/lista 1 maj.xlsx': LIST }, undefined, def);
    const { dataset } = await check(dir);
    expect(dataset.files.map((f) => f.label)).toEqual(['uczestnicy.xlsx', 'obecnosci/lista [12] maj.xlsx']);
  });
  it('a literal file name that also reads as a pattern is still the file', async () => {
    const def = TEST_DEFINITION.replace('attendance: [obecnosci/*.xlsx, obecnosci/*.csv]', 'attendance: "obecnosci/lista?.xlsx"');
    const dir = await participantsProject(PEOPLE, { 'obecnosci/lista?.xlsx': LIST, 'obecnosci/listaB.xlsx': LIST }, undefined, def);
    expect((await check(dir)).dataset.files.map((f) => f.label)).toEqual(['uczestnicy.xlsx', 'obecnosci/lista?.xlsx']);
  });
});

describe('a path or pattern that matches nothing', () => {
  it('a typo in a folder name: no-file-matches naming the pattern as written, exit 2 with one line', async () => {
    const def = TEST_DEFINITION.replace('attendance: [obecnosci/*.xlsx, obecnosci/*.csv]', 'attendance: obecnsci/*.xlsx');
    const dir = await participantsProject(PEOPLE, { 'obecnosci/lista.xlsx': LIST }, undefined, def);
    const { issues } = await check(dir);
    expect(issues.map((i) => `${i.code} ${i.severity} ${i.file}`)).toEqual(['no-file-matches error obecnsci/*.xlsx']);
    const r = await run(['validate', '--project', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('obecnsci/*.xlsx: żaden plik nie pasuje do wzorca\n');
    expect(r.out).toContain('obecnsci/*.xlsx  błąd  no-file-matches');
  });
  it('*.csv beside *.xlsx in a folder whose lists are all workbooks is no error', async () => {
    const dir = await participantsProject(PEOPLE, { 'obecnosci/lista.xlsx': LIST });
    expect(significant((await check(dir)).issues)).toEqual([]);
  });
  it('a typo in one file\'s pattern is an error although another pattern reads the same folder; the file it was meant for is named', async () => {
    // review of issue 16: the exception for `*.csv` beside `*.xlsx` covered every pattern, so the file was lost with exit 0
    const def = TEST_DEFINITION.replace('attendance: [obecnosci/*.xlsx, obecnosci/*.csv]', 'attendance: [obecnosci/lista*.xlsx, obecnosci/wolontariusze*.xlsx, obecnosci/*.csv]');
    const dir = await participantsProject(PEOPLE, { 'obecnosci/lista.xlsx': LIST, 'obecnosci/wolontariat.xlsx': LIST }, undefined, def);
    const { issues } = await check(dir);
    expect(issues.map((i) => `${i.code} ${i.severity} ${i.file}`)).toEqual([
      'file-not-matched warning obecnosci/wolontariat.xlsx', 'no-file-matches error obecnosci/wolontariusze*.xlsx',
    ]);
    const r = await run(['validate', '--project', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('obecnosci/wolontariusze*.xlsx: żaden plik nie pasuje do wzorca\n');
    expect(r.out).toContain('obecnosci/wolontariat.xlsx  ostrzeżenie  file-not-matched  Plik leży w folderze, z którego czytane są dane, ale nie pasuje do żadnej ścieżki ani wzorca');
  });
  it('a pattern that differs from one that read files by its extension alone is no error: *.xlsx beside *.csv when the lists are CSV', async () => {
    const csv = csvText(ROWS);
    const dir = await participantsProject(PEOPLE, { 'obecnosci/lista.csv': csv });
    expect(significant((await check(dir)).issues)).toEqual([]);
    // but not when the two differ by more than the extension
    const def = TEST_DEFINITION.replace('attendance: [obecnosci/*.xlsx, obecnosci/*.csv]', 'attendance: [obecnosci/lista*.xlsx, obecnosci/*.csv]');
    const other = await participantsProject(PEOPLE, { 'obecnosci/lista.csv': csv }, undefined, def);
    expect(significant((await check(other)).issues).map((i) => `${i.code} ${i.file}`)).toEqual(['no-file-matches obecnosci/lista*.xlsx']);
  });
  it('a spreadsheet in a data folder that no pattern reads (.ods beside *.xlsx, .XLSX in capitals) is a warning naming it; hidden and lock files are not', async () => {
    const dir = await participantsProject(PEOPLE, { 'obecnosci/lista.xlsx': LIST });
    await writeFile(path.join(dir, 'obecnosci', 'maj.ods'), 'x');
    await writeFile(path.join(dir, 'obecnosci', 'CZERWIEC.XLSX'), 'x');
    await writeFile(path.join(dir, 'obecnosci', 'notatki.txt'), 'x');
    await writeFile(path.join(dir, 'obecnosci', '.ukryty.xlsx'), 'x');
    await writeFile(path.join(dir, 'obecnosci', '~$maj.ods'), 'x');
    const { issues, dataset } = await check(dir);
    expect(issues.map((i) => `${i.code} ${i.severity} ${i.file} ${String(i.variant)}`)).toEqual([
      'file-not-matched warning obecnosci/CZERWIEC.XLSX attendance', 'file-not-matched warning obecnosci/maj.ods attendance',
    ]);
    expect(dataset.attendance.length).toBe(2);
    expect((await run(['validate', '--project', dir])).code).toBe(0);
  });
  it('a literal path that does not exist: file-unreadable, exit 2', async () => {
    const dir = await participantsProject(PEOPLE, {}, undefined, withParticipants('uczestnicy (3).xlsx'));
    const r = await run(['validate', '--project', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('uczestnicy (3).xlsx: plik nie istnieje\n');
  });
});

describe('a missing participants file: one line, no attendance issues', () => {
  it('exit 2, and the attendance rows are not read (no unknown-participant)', async () => {
    const dir = await participantsProject(PEOPLE, { 'obecnosci/lista.xlsx': LIST }, undefined, withParticipants('uczestnicy-2022.xlsx'));
    const { issues } = await check(dir);
    expect(issues.map((i) => `${i.code} ${i.file}`)).toEqual(['file-unreadable uczestnicy-2022.xlsx']);
    const r = await run(['validate', '--project', dir, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).issues).toHaveLength(1);
    expect(r.err.trim().split('\n')).toEqual(['uczestnicy-2022.xlsx: plik nie istnieje']);
  });
  it('the same for an unreadable participants file', async () => {
    const dir = await participantsProject(PEOPLE, { 'obecnosci/lista.xlsx': LIST });
    await writeFile(path.join(dir, 'uczestnicy.xlsx'), new Uint8Array([0x50, 0x4b, 3, 4, 9, 9, 9]));
    expect((await check(dir)).issues.map((i) => i.code)).toEqual(['file-unreadable']);
  });
  it('an instructions sheet in front of the participant table: exit 2 with one line naming the sheet that holds it and how to name it with sheet:', async () => {
    const people = tableRows(PARTICIPANT_TEST_HEADERS, PEOPLE);
    const dir = await makeProject({
      files: {
        'uczestnicy.xlsx': [{ name: 'Instrukcja', rows: [['Instrukcja wypełniania listy uczestników'], ['1. Wpisz dane w arkuszu Uczestnicy.']] }, { name: 'Uczestnicy', rows: people }],
        'obecnosci/lista.xlsx': LIST,
      },
    });
    const { issues } = await check(dir);
    expect(issues.map((i) => `${i.code} ${i.file}`)).toEqual(['file-unreadable uczestnicy.xlsx']);
    const r = await run(['validate', '--project', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('uczestnicy.xlsx: w arkuszu „Instrukcja” (czytany jest pierwszy widoczny arkusz pliku uczestników) nie ma tabeli uczestników — jest w arkuszu „Uczestnicy” (2 wiersze); wskaż go w pal-report.yaml: participants: { path: uczestnicy.xlsx, sheet: Uczestnicy } albo przesuń ten arkusz na początek skoroszytu\n');
    expect(r.out).not.toContain('unknown-participant');
    // what the message says to write works
    const def = path.join(dir, 'pal-report.yaml');
    await writeFile(def, (await readFile(def, 'utf8')).replace('participants: uczestnicy.xlsx', 'participants: { path: uczestnicy.xlsx, sheet: Uczestnicy }'));
    expect(significant((await check(dir)).issues)).toEqual([]);
    // a sheet: that is not there is as good as no participants file
    await writeFile(def, (await readFile(def, 'utf8')).replace('sheet: Uczestnicy }', 'sheet: Uczestnicy 2022 }'));
    const missing = await run(['validate', '--project', dir]);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe('uczestnicy.xlsx: nie ma arkusza „Uczestnicy 2022” wskazanego kluczem sheet: w pal-report.yaml (arkusze pliku: Instrukcja, Uczestnicy)\n');
    // and one without the table
    await writeFile(def, (await readFile(def, 'utf8')).replace('sheet: Uczestnicy 2022 }', 'sheet: Instrukcja }'));
    expect((await run(['validate', '--project', dir])).err).toBe('uczestnicy.xlsx: w arkuszu „Instrukcja” wskazanym kluczem sheet: w pal-report.yaml nie ma tabeli uczestników: brak wiersza nagłówka z kolumnami SL2014, np. Imię, Nazwisko, PESEL\n');
  });
  it('a text file named uczestnicy.xlsx, and a workbook without a participant table: exit 2, no attendance issues', async () => {
    const dir = await participantsProject(PEOPLE, { 'obecnosci/lista.xlsx': LIST });
    await writeFile(path.join(dir, 'uczestnicy.xlsx'), 'Lista uczestników projektu\nJan Kowalski\nAnna Nowak\n');
    const r = await run(['validate', '--project', dir, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).issues.map((i: { code: string }) => i.code)).toEqual(['file-unreadable']);
    expect(r.err).toBe('uczestnicy.xlsx: nie ma tabeli uczestników: brak wiersza nagłówka z kolumnami SL2014, np. Imię, Nazwisko, PESEL\n');
    await writeFile(path.join(dir, 'uczestnicy.xlsx'), await xlsxBytes([{ name: 'Arkusz1', rows: [['Lista'], ['Jan Kowalski']] }]));
    expect((await run(['validate', '--project', dir])).err).toBe('uczestnicy.xlsx: w arkuszu „Arkusz1” (czytany jest pierwszy widoczny arkusz pliku uczestników) nie ma tabeli uczestników: brak wiersza nagłówka z kolumnami SL2014, np. Imię, Nazwisko, PESEL\n');
  });
});

describe('a list that was not read: no cross-file warnings about the people in it', () => {
  it('a pattern that matches nothing or an unreadable list beside lists that were read: no participant-without-support, no start-not-first-support', async () => {
    // P2 is only on the list that is not read; P1's first support would look late
    const late = [LONG_HEADER, ['20.03.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P1', 'x']];
    const def = TEST_DEFINITION.replace('attendance: [obecnosci/*.xlsx, obecnosci/*.csv]', 'attendance: [obecnosci/*.xlsx, inne/*.csv]');
    const dir = await participantsProject(PEOPLE, { 'obecnosci/pozne.xlsx': [{ name: 'Obecności', rows: late }] }, undefined, def);
    expect((await check(dir)).issues.map((i) => i.code)).toEqual(['no-file-matches']);
    await mkdir(path.join(dir, 'inne'));
    await writeFile(path.join(dir, 'inne', 'lista.csv'), new Uint8Array([0, 1, 2, 3, 0, 0, 0, 9]));
    expect((await check(dir)).issues.map((i) => i.code)).toEqual(['file-unreadable']);
    // read whole, the same lists do give the cross-file warnings
    await writeFile(path.join(dir, 'inne', 'lista.csv'), csvText([LONG_HEADER, ['25.03.2021', 'A1', 'spotkanie', 'Inne', 2, 'P1', 'x']]));
    expect(significant((await check(dir)).issues).map((i) => i.code)).toEqual(['start-not-first-support', 'participant-without-support']);
  });
});

describe('lock files and pal-report\'s own outputs are never input', () => {
  it('Excel\'s ~$ lock file matched by *.xlsx is skipped with an informacja, not exit 2', async () => {
    const dir = await participantsProject(PEOPLE, { 'obecnosci/lista.xlsx': LIST });
    // what Excel leaves while the workbook is open: 165 bytes, not a workbook
    await writeFile(path.join(dir, 'obecnosci', '~$lista.xlsx'), new Uint8Array(165).fill(7));
    const { issues, dataset } = await check(dir);
    expect(issues.map((i) => `${i.code} ${i.severity} ${i.file}`)).toEqual(['file-skipped info obecnosci/~$lista.xlsx']);
    expect(dataset.attendance.length).toBe(2);
    const r = await run(['validate', '--project', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Pominięto plik blokady Excela: skoroszyt „lista.xlsx” jest otwarty w Excelu?');
  });
  it('the lock file of an open participants workbook is named too (Excel ~$, LibreOffice .~lock.…#)', async () => {
    const dir = await participantsProject(PEOPLE, { 'obecnosci/lista.xlsx': LIST });
    await writeFile(path.join(dir, '~$uczestnicy.xlsx'), 'x');
    await writeFile(path.join(dir, 'obecnosci', '.~lock.lista.xlsx#'), ',Anna,komputer,03.12.2026 10:00,file:///home/anna/.config/libreoffice/4;');
    const { issues, dataset } = await check(dir);
    expect(issues.map((i) => `${i.code} ${i.file} ${String(i.variant)}`).sort()).toEqual([
      'file-skipped obecnosci/.~lock.lista.xlsx# libreoffice-lock', 'file-skipped ~$uczestnicy.xlsx excel-lock',
    ]);
    expect(dataset.attendance.length).toBe(2);
  });
  it('annotated copies and reports in the data folder are not read, even when a pattern matches them', async () => {
    const dir = await participantsProject(PEOPLE, { 'obecnosci/lista.xlsx': LIST });
    const clean = await check(dir);
    const out = path.join(dir, 'sprawdzone');
    expect((await run(['validate', '--project', dir, '--annotate', out])).code).toBe(0);
    // the copies, moved into the data folder by hand, and a report saved there
    for (const f of await readdir(out)) await rename(path.join(out, f), path.join(dir, 'obecnosci', f));
    await writeFile(path.join(dir, 'obecnosci', 'raport-okresowy-2021-Q1.xlsx'), 'x');
    await writeFile(path.join(dir, 'obecnosci', 'raport-koncowy.xlsx'), 'x');
    const { issues, dataset } = await check(dir);
    expect(issues.map((i) => `${i.code} ${i.file}`).sort()).toEqual([
      'file-skipped obecnosci/lista.sprawdzony.xlsx', 'file-skipped obecnosci/raport-koncowy.xlsx', 'file-skipped obecnosci/raport-okresowy-2021-Q1.xlsx',
      'file-skipped obecnosci/uczestnicy.sprawdzony.xlsx',
    ]);
    expect(dataset.attendance.length).toBe(clean.dataset.attendance.length);
  });
  it('--annotate into a folder the definition reads from is refused with exit 2 and writes nothing', async () => {
    const dir = await participantsProject(PEOPLE, { 'obecnosci/lista.xlsx': LIST });
    const before = await readdir(path.join(dir, 'obecnosci'));
    const r = await run(['validate', '--project', dir, '--annotate', path.join(dir, 'obecnosci')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('definicja czyta stamtąd dane (wzorzec obecnosci/*.xlsx)');
    expect(r.out).toBe('');
    expect(await readdir(path.join(dir, 'obecnosci'))).toEqual(before);
    // the project folder itself: the participants path is literal, no pattern reads copies there
    await mkdir(path.join(dir, 'inne'));
    expect((await run(['validate', '--project', dir, '--annotate', path.join(dir, 'inne')])).code).toBe(0);
  });
  it('--annotate through a symbolic link to the data folder, or into the folder a linked data folder points to, is refused too', async () => {
    const dir = await participantsProject(PEOPLE, { 'obecnosci/lista.xlsx': LIST });
    const before = await readdir(path.join(dir, 'obecnosci'));
    await symlink(path.join(dir, 'obecnosci'), path.join(dir, 'linkdir'));
    const r = await run(['validate', '--project', dir, '--annotate', path.join(dir, 'linkdir')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('definicja czyta stamtąd dane (wzorzec obecnosci/*.xlsx)');
    expect(await readdir(path.join(dir, 'obecnosci'))).toEqual(before);
    // a subfolder of the link that does not exist yet is no data folder
    expect((await run(['validate', '--project', dir, '--annotate', path.join(dir, 'linkdir', 'kopie')])).code).toBe(0);
    // the data folder is itself a link: its target is where the copies would be read from
    const def = TEST_DEFINITION.replace('attendance: [obecnosci/*.xlsx, obecnosci/*.csv]', 'attendance: obecnosci/*.xlsx');
    const other = await participantsProject(PEOPLE, { 'gdzie-indziej/lista.xlsx': LIST }, undefined, def);
    await symlink(path.join(other, 'gdzie-indziej'), path.join(other, 'obecnosci'));
    const into = await run(['validate', '--project', other, '--annotate', path.join(other, 'gdzie-indziej')]);
    expect(into.code).toBe(2);
    expect(await readdir(path.join(other, 'gdzie-indziej'))).toEqual(['lista.xlsx']);
  });
});
