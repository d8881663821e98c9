/**
 * One cause, one line (SPEC §5, issue 16 point 10): an unknown identifier in many rows of a file
 * is one text line with the row count, the first rows and the nearest known identifier; an end
 * date before the start is one error on the participant; the JSON keeps every row with its
 * `group`, and `--annotate` still marks every cell.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { TypoIndex } from '../../src/text.js';
import { csvText, participantsProject, person, type CellValue, type SheetSpec } from '../helpers/fixtures.js';

async function run(args: string[]) {
  const io = memoryIO(process.cwd());
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

interface IssueJson { code: string; row: number; column: string; sheet: string; file: string; group: string; hint: string | null }

async function json(dir: string, extra: string[] = []): Promise<{ issues: IssueJson[]; byCode: Record<string, number> }> {
  return JSON.parse((await run(['validate', '--project', dir, '--format', 'json', '--as-of', '2021-12-31', ...extra])).out) as { issues: IssueJson[]; byCode: Record<string, number> };
}

const HEADER = ['Data', 'Kod działania', 'Forma', 'Zajęcia', 'Liczba godzin', 'Identyfikator', 'Obecność'];
/** P1, P2 and P12; everybody starts on 01.03.2021. */
const PEOPLE = [person(1), person(2), person(12)];
/** Seven weekly meetings from 03.03.2021, each with P1 and with `key` (rows 3, 5, … 15 are `key`'s). */
function meetings(key: string): CellValue[][] {
  return ['03.03.2021', '10.03.2021', '17.03.2021', '24.03.2021', '31.03.2021', '07.04.2021', '14.04.2021']
    .flatMap((date) => [[date, 'A1', 'spotkanie', 'Spotkanie', 2, 'P1', 'x'], [date, 'A1', 'spotkanie', 'Spotkanie', 2, key, 'x']]);
}

describe('an unknown identifier in many rows of a file', () => {
  it('is one text line per file: the row count, the first rows, the identifier one typo away', async () => {
    const dir = await participantsProject(PEOPLE, {
      'obecnosci/marzec.csv': csvText([HEADER, ...meetings('P21')]),
      'obecnosci/kwiecien.csv': csvText([HEADER, ['07.04.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P21', 'x'], ['14.04.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P21', 'x']]),
    });
    const r = await run(['validate', '--project', dir, '--as-of', '2021-12-31', '--no-color']);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n').filter((l) => l.includes('unknown-participant  Nieznany'));
    expect(lines).toEqual([
      'obecnosci/marzec.csv › marzec › F3  Identyfikator  błąd  unknown-participant  Nieznany uczestnik „P21” — nie ma go w pliku uczestników — razem 7 wierszy: 3, 5, 7, 9, 11, …  → Czy chodziło o „P12”? (różni się jednym znakiem albo kolejnością dwóch sąsiednich) Identyfikator albo PESEL musi odpowiadać kolumnie „Identyfikator” lub „PESEL” w pliku uczestników.',
      'obecnosci/kwiecien.csv › kwiecien › F2  Identyfikator  błąd  unknown-participant  Nieznany uczestnik „P21” — nie ma go w pliku uczestników — razem 2 wiersze: 2, 3  → Czy chodziło o „P12”? (różni się jednym znakiem albo kolejnością dwóch sąsiednich) Identyfikator albo PESEL musi odpowiadać kolumnie „Identyfikator” lub „PESEL” w pliku uczestników.',
    ].reverse());
    // the summary still counts every row
    expect(r.out).toMatch(/unknown-participant\s+9\s+błąd/);
    // JSON: one issue per row, each with the group of its file's first row
    const j = await json(dir);
    const unknown = j.issues.filter((i) => i.code === 'unknown-participant');
    expect(unknown).toHaveLength(9);
    expect(new Set(unknown.map((i) => i.group))).toEqual(new Set([
      'unknown-participant @ obecnosci/marzec.csv › marzec › F3',
      'unknown-participant @ obecnosci/kwiecien.csv › kwiecien › F2',
    ]));
    expect(unknown[0]?.hint).toContain('Czy chodziło o „P12”?');
    // --lang en
    const en = await run(['validate', '--project', dir, '--as-of', '2021-12-31', '--no-color', '--lang', 'en']);
    expect(en.out).toContain('— 7 rows in all: 3, 5, 7, 9, 11, …  → Did you mean "P12"?');
  });

  it('--annotate still marks every cell of the folded line', async () => {
    const dir = await participantsProject(PEOPLE, { 'obecnosci/marzec.csv': csvText([HEADER, ...meetings('P21')]) });
    const out = path.join(dir, 'sprawdzone');
    expect((await run(['validate', '--project', dir, '--as-of', '2021-12-31', '--annotate', out])).code).toBe(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, 'marzec.sprawdzony.xlsx'));
    const sheet = wb.getWorksheet('marzec');
    const marked = [3, 5, 7, 9, 11, 13, 15].map((row) => (sheet?.getCell(`F${row}`).note === undefined ? `F${row} unmarked` : `F${row}`));
    expect(marked).toEqual(['F3', 'F5', 'F7', 'F9', 'F11', 'F13', 'F15']);
  });

  it('a grid row lists its unknown identifier once, not once per session', async () => {
    const grid: SheetSpec = {
      name: 'Klub',
      rows: [
        ['Kod działania:', 'A1'], ['Forma:', 'spotkanie'], ['Zajęcia:', 'Klub'], [],
        ['Lp.', 'Identyfikator', 'Imię i nazwisko', new Date('2021-03-10T00:00:00Z'), new Date('2021-03-17T00:00:00Z'), new Date('2021-03-24T00:00:00Z')],
        [1, 'P1', 'Osoba 1', 'x', 'x', 'x'],
        [2, 'P21', 'Osoba 2', 'x', 'x', 'x'],
      ],
    };
    const dir = await participantsProject(PEOPLE, { 'obecnosci/siatka.xlsx': [grid] });
    const j = await json(dir);
    expect(j.issues.filter((i) => i.code === 'unknown-participant').map((i) => `${i.column}${i.row}`)).toEqual(['B7']);
  });

  it('a PESEL one digit away is named masked, with its participant row; several candidates: no guess', async () => {
    const pesel = String(PEOPLE[1]?.PESEL);
    const typo = `${pesel.slice(0, 8)}${pesel[9]}${pesel[8]}${pesel.slice(10)}`;
    const dir = await participantsProject(PEOPLE, {
      'obecnosci/lista.csv': csvText([['Data', 'Kod działania', 'Forma', 'Zajęcia', 'Liczba godzin', 'PESEL', 'Obecność'], ['03.03.2021', 'A1', 'spotkanie', 'Spotkanie', 2, typo, 'x']]),
    });
    const r = await run(['validate', '--project', dir, '--as-of', '2021-12-31', '--no-color']);
    expect(r.out).toContain(`Czy chodziło o PESEL ${pesel.slice(0, 6)}***** (uczestnik z wiersza 3 pliku uczestników)?`);
    expect(r.out).not.toContain(pesel);
    expect(r.out).not.toContain(typo);
    const index = new TypoIndex(['U001', 'U002', 'U012', 'U022', 'U120']);
    expect(index.near('U210')).toEqual(['U120']);
    expect(index.near('U0l2')).toEqual(['U012']);
    expect(index.near('U003')).toEqual(['U001', 'U002']);
  });
});

describe('an end date before the start date', () => {
  it('is one error on the participant, not one per attendance (which is neither judged nor counted)', async () => {
    const people = [person(1), person(2, { 'Data rozpoczęcia udziału w projekcie': '01.03.2021', 'Data zakończenia udziału w projekcie': '01.02.2021' }), person(12)];
    const dir = await participantsProject(people, { 'obecnosci/marzec.csv': csvText([HEADER, ...meetings('P2')]) });
    const j = await json(dir);
    expect(j.byCode['date-order']).toBe(1);
    expect(j.byCode['attendance-outside-participation']).toBeUndefined();
    const order = j.issues.find((i) => i.code === 'date-order');
    expect(order).toMatchObject({ file: 'uczestnicy.xlsx', row: 3, column: 'N' });
    expect(order?.hint).toContain('obecności tej osoby nie są sprawdzane z datami udziału ani liczone');
  });
});

describe('attendance outside participation', () => {
  it("one person's sessions before their start are one line per file; the JSON keeps each", async () => {
    const people = [person(1), person(2, { 'Data rozpoczęcia udziału w projekcie': '01.04.2021' }), person(12)];
    const dir = await participantsProject(people, { 'obecnosci/marzec.csv': csvText([HEADER, ...meetings('P2')]) });
    const r = await run(['validate', '--project', dir, '--as-of', '2021-12-31', '--no-color']);
    const lines = r.out.split('\n').filter((l) => l.includes('attendance-outside-participation  Obecność'));
    expect(lines).toEqual([
      'obecnosci/marzec.csv › marzec › A3  Data  błąd  attendance-outside-participation  Obecność 03.03.2021 przed rozpoczęciem udziału uczestnika (01.04.2021) — razem 5 wierszy: 3, 5, 7, 9, 11  → Sprawdź datę zajęć albo daty udziału w pliku uczestników (wiersz 3).',
    ]);
    expect((await json(dir)).issues.filter((i) => i.code === 'attendance-outside-participation')).toHaveLength(5);
  });
});

describe('--max-issues counts lines', () => {
  it('a folded line is one line; the note says how many lines and issues there are', async () => {
    const people = [person(1), person(2, { Płeć: 'Kobieta' }), person(12, { Płeć: 'Kobieta' })];
    const dir = await participantsProject(people, { 'obecnosci/marzec.csv': csvText([HEADER, ...meetings('P21')]) });
    const r = await run(['validate', '--project', dir, '--as-of', '2021-12-31', '--no-color', '--max-issues', '2']);
    // lines: two sex errors, the folded unknown identifier (7 rows), three warnings
    expect(r.out).toContain('Pokazano 2 z 6 linii (12 problemów — problemy o jednej przyczynie są zwinięte w jedną linię), najważniejsze: najpierw błędy, potem ostrzeżenia i informacje (--max-issues 2); liczby w podsumowaniu są pełne.');
    expect(r.out.split('\n').filter((l) => l.includes('  błąd  '))).toHaveLength(2);
    const three = await run(['validate', '--project', dir, '--as-of', '2021-12-31', '--no-color', '--max-issues', '3']);
    expect(three.out.split('\n').filter((l) => l.includes('  błąd  '))).toHaveLength(3);
    expect(three.out).toContain('razem 7 wierszy');
    expect(three.out).toContain('Pokazano 3 z 6 linii (12 problemów');
    expect(three.out).toMatch(/unknown-participant\s+7\s+błąd/);
  });
});
