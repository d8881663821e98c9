/**
 * `submit` then `corrections`, one kind of change at a time, with the differences checked by
 * hand against the small project of helpers.ts (2021-Q1 submitted as of 15.04.2021: U1 = 4
 * persons, U2 = 0, Z1 = 5 sessions, G1 = 10 hours, O1 = 8 attendances, EZ: P1 pending).
 */
import { describe, expect, it } from 'vitest';
import { basePeople, baseRows, brief, cli, corrections, makeCorrectionsProject, submitQ1, writePeople, writeRows, type Person, type Row } from './helpers.js';

async function changed(edit: { people?: (p: Person[]) => Person[]; rows?: (r: Row[]) => Row[] }) {
  const dir = await makeCorrectionsProject();
  const s = await submitQ1(dir);
  expect(s.code, s.err).toBe(0);
  if (edit.people) await writePeople(dir, edit.people(basePeople()));
  if (edit.rows) await writeRows(dir, edit.rows(baseRows()));
  return corrections(dir);
}

const set = (list: Person[], n: number, values: Person) => list.map((p, i) => (i === n - 1 ? { ...p, ...values } : p));

describe('corrections, one kind of change at a time', () => {
  it('nothing changed: no corrections', async () => {
    const r = await changed({});
    expect(r.corrections).toEqual([]);
  });

  it("a person's start date moved out of the period: the person left U1", async () => {
    const r = await changed({ people: (p) => set(p, 2, { 'Data rozpoczęcia udziału w projekcie': '05.04.2021' }) });
    expect(brief(r.corrections)).toEqual(['U1 period M 4→3', 'U1 period O 4→3', 'U1 cumulative M 4→3', 'U1 cumulative O 4→3']);
    const c = r.corrections[0];
    expect(c?.difference).toBe(-1);
    expect(c?.entered).toEqual([]);
    expect(c?.left).toEqual([{ kind: 'person', id: 'P2', file: 'uczestnicy.xlsx', sheet: 'Uczestnicy', row: 3 }]);
  });

  it('a person row that now has an error: still there, so named as not counted (excluded), not as removed', async () => {
    const r = await changed({ people: (p) => set(p, 2, { 'Data rozpoczęcia udziału w projekcie': '31.02.2021' }) });
    const o = r.corrections.find((c) => c.indicator === 'U1' && c.side === 'period' && c.key === 'O');
    expect(o?.left).toEqual([{ kind: 'person', id: 'P2', file: 'uczestnicy.xlsx', sheet: 'Uczestnicy', row: 3, excluded: true }]);
  });

  it('an attendance row and a whole session that now have errors: named as not counted, in every language and format', async () => {
    // row 4 (P1 on 10.03) gets an unknown mark; the workshop of 24.03 (rows 8, 9) gets no hours at all
    const r = await changed({ rows: (rows) => rows.map((x, i) => (i === 2 ? [...x.slice(0, 6), 'kto wie'] : i >= 6 ? [...x.slice(0, 4), 'dwie', ...x.slice(5)] : x)) });
    const o1 = r.corrections.find((c) => c.indicator === 'O1' && c.side === 'period');
    expect(o1?.left.find((i) => i.row === 4)).toMatchObject({ kind: 'attendance', id: 'P1', row: 4, excluded: true });
    const z1 = r.corrections.find((c) => c.indicator === 'Z1' && c.side === 'period');
    expect(z1?.left.map((i) => `${String(i.title)} ${String(i.row)} ${String(i.excluded)}`)).toEqual(['Warsztat 8 true', 'Warsztat. 9 true']);
    for (const c of r.corrections) for (const i of [...c.entered, ...c.left]) expect(i.removed).toBeUndefined();
  });

  it('the table, CSV and --lang en say a row with errors is not counted, never that it is gone', async () => {
    const dir = await makeCorrectionsProject();
    await submitQ1(dir);
    await writeRows(dir, baseRows().map((x, i) => (i === 2 ? [...x.slice(0, 6), 'kto wie'] : x)));
    const table = await cli(['corrections', '--project', dir, '--as-of', '2021-07-01']);
    expect(table.out).toContain('obecność P1 10.03.2021 A1 „Spotkanie” (obecnosci/lista.csv, w. 4): wiersz ma błędy — nie jest liczony');
    const csv = await cli(['corrections', '--project', dir, '--as-of', '2021-07-01', '--format', 'csv']);
    expect(csv.out).toContain('wiersz ma błędy — nie jest liczony');
    const en = await cli(['corrections', '--project', dir, '--as-of', '2021-07-01', '--lang', 'en']);
    expect(en.out).toContain('the row has errors — not counted');
    for (const out of [table.out, csv.out]) expect(out).not.toContain('wiersza już nie ma');
  });

  it('--strict with only warnings in the data: no note about errors, exit 0 when nothing changed; real errors get a note without --allow-errors', async () => {
    const dir = await makeCorrectionsProject();
    await submitQ1(dir);
    const strict = await cli(['corrections', '--project', dir, '--as-of', '2021-07-01', '--strict']);
    expect(strict.code, strict.err).toBe(0);
    expect(strict.err).not.toContain('błęd');
    await writeRows(dir, baseRows().map((x, i) => (i === 2 ? [...x.slice(0, 6), 'kto wie'] : x)));
    const errors = await cli(['corrections', '--project', dir, '--as-of', '2021-07-01', '--strict']);
    expect(errors.code).toBe(1);
    expect(errors.err).toContain('Uwaga: dane zawierają błędy (1 błąd) — wiersze z błędami nie są liczone');
    expect(errors.err).not.toContain('--allow-errors');
  });

  it('a flag changed (otoczenie): the person entered U2', async () => {
    const r = await changed({ people: (p) => set(p, 3, { Otoczenie: 'Tak' }) });
    expect(brief(r.corrections)).toEqual(['U2 period M 0→1', 'U2 period O 0→1', 'U2 cumulative M 0→1', 'U2 cumulative O 0→1']);
    expect(r.corrections[3]?.entered).toEqual([{ kind: 'person', id: 'P3', file: 'uczestnicy.xlsx', sheet: 'Uczestnicy', row: 4 }]);
    expect(r.corrections[3]?.left).toEqual([]);
  });

  it('a session deleted: one session, its two hours and its two attendances left, named by their old rows', async () => {
    const r = await changed({ rows: (rows) => rows.filter((x) => x[0] !== '10.03.2021') });
    expect(brief(r.corrections)).toEqual(['Z1 period O 5→4', 'Z1 cumulative O 5→4', 'G1 period O 10→8', 'G1 cumulative O 10→8', 'O1 period O 8→6', 'O1 cumulative O 8→6']);
    const z1 = r.corrections[0];
    expect(z1?.left).toEqual([{ kind: 'session', file: 'obecnosci/lista.csv', sheet: 'lista', row: 4, date: '2021-03-10', action: 'A1', form: 'spotkanie', title: 'Spotkanie', hours: 2, removed: true }]);
    const o1 = r.corrections[4];
    expect(o1?.left.map((i) => `${String(i.id)} ${String(i.row)} ${String(i.removed)}`)).toEqual(['P1 4 true', 'P3 5 true']);
    expect(o1?.entered).toEqual([]);
  });

  it('hours changed: G1 grows by one, the session is named with its old and its new hours', async () => {
    const r = await changed({ rows: (rows) => rows.map((x) => (x[0] === '17.03.2021' ? [...x.slice(0, 4), 3, ...x.slice(5)] : x)) });
    expect(brief(r.corrections)).toEqual(['G1 period O 10→11', 'G1 cumulative O 10→11']);
    expect(r.corrections[0]?.left.map((i) => `${String(i.date)} ${String(i.hours)} h`)).toEqual(['2021-03-17 2 h']);
    expect(r.corrections[0]?.entered.map((i) => `${String(i.date)} ${String(i.hours)} h, row ${String(i.row)}`)).toEqual(['2021-03-17 3 h, row 6']);
  });

  it('a late attendance row added: one more attendance, named by its row', async () => {
    const r = await changed({ rows: (rows) => [...rows, ['17.03.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P2', 'x']] });
    expect(brief(r.corrections)).toEqual(['O1 period O 8→9', 'O1 cumulative O 8→9']);
    expect(r.corrections[0]?.entered).toEqual([{ kind: 'attendance', id: 'P2', file: 'obecnosci/lista.csv', sheet: 'lista', row: 10, date: '2021-03-17', action: 'A1', form: 'spotkanie', title: 'Spotkanie' }]);
    expect(r.corrections[0]?.left).toEqual([]);
  });

  it('a duplicate removed (the same workshop typed twice under two titles): one session, two hours, one attendance fewer', async () => {
    const r = await changed({ rows: (rows) => rows.filter((x) => x[3] !== 'Warsztat.') });
    expect(brief(r.corrections)).toEqual(['Z1 period O 5→4', 'Z1 cumulative O 5→4', 'G1 period O 10→8', 'G1 cumulative O 10→8', 'O1 period O 8→7', 'O1 cumulative O 8→7']);
    expect(r.corrections[0]?.left.map((i) => `${String(i.title)} row ${String(i.row)} ${String(i.removed)}`)).toEqual(['Warsztat. row 9 true']);
    expect(r.corrections[4]?.left.map((i) => `${String(i.id)} row ${String(i.row)}`)).toEqual(['P4 row 9']);
  });

  it('later data (new people, sessions and an end date after the claim) creates no corrections', async () => {
    const r = await changed({
      people: (p) => [...set(p, 4, {
        'Data zakończenia udziału w projekcie': '30.05.2021', 'Sytuacja (1) osoby w momencie zakończenia udziału w projekcie': 'inne',
        'Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną dla niej ścieżką uczestnictwa': 'Tak',
      }), { ...basePeople()[1], 'Lp.': 5, Identyfikator: 'P5', PESEL: '80051401053', 'Data rozpoczęcia udziału w projekcie': '04.05.2021' }],
      rows: (rows) => [...rows, ['05.05.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P5', 'x'], ['05.05.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P3', 'x'], ['12.05.2021', 'A2', 'szkolenie', 'Kurs', 6, 'P4', 'x']],
    });
    expect(r.corrections).toEqual([]);
  });

  it('a pending employment window that closed since is resolved, not a correction', async () => {
    const r = await changed({ people: (p) => set(p, 1, { 'Data podjęcia zatrudnienia': '10.05.2021', 'Forma zatrudnienia': 'umowa o pracę' }) });
    expect(r.corrections).toEqual([]);
    expect(brief(r.resolved)).toEqual(expect.arrayContaining(['EZ cumulative value null→1', 'EZ cumulative numerator.O 0→1', 'EZ cumulative pending.O 1→0']));
    const value = r.resolved.find((x) => x.side === 'cumulative' && x.key === 'numerator.O');
    expect(value?.entered).toEqual([{ kind: 'person', id: 'P1', file: 'uczestnicy.xlsx', sheet: 'Uczestnicy', row: 2 }]);
    expect(value).not.toHaveProperty('submitted');
  });

  it('an employment date on or before the claim, typed in later, is a correction (data of the period changed)', async () => {
    const r = await changed({ people: (p) => set(p, 1, { 'Data podjęcia zatrudnienia': '10.04.2021', 'Forma zatrudnienia': 'umowa o pracę' }) });
    // employed within the window before the claim's as-of day: no longer pending, counted in both sides
    expect(brief(r.corrections)).toEqual(expect.arrayContaining(['EZ cumulative value null→1', 'EZ cumulative numerator.O 0→1', 'EZ cumulative pending.O 1→0']));
  });
});
