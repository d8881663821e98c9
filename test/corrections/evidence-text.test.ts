/**
 * Correction evidence tells the truth: a session that no longer counts is shown with its hours
 * (not 0), and a row left out because of an error elsewhere — its person's participant row —
 * says so, naming that row, instead of saying the row itself has errors.
 */
import { describe, expect, it } from 'vitest';
import { basePeople, baseRows, cli, corrections, makeCorrectionsProject, submitQ1, writePeople, writeRows } from './helpers.js';

describe('what the evidence of a correction says', () => {
  it('a session whose rows all have errors now: its hours, not 0', async () => {
    const dir = await makeCorrectionsProject();
    expect((await submitQ1(dir)).code).toBe(0);
    // both marks of the 17.03 meeting (rows 6, 7) become unreadable: the session counts nowhere
    await writeRows(dir, baseRows().map((x, i) => (i === 4 || i === 5 ? [...x.slice(0, 6), 'kto wie'] : x)));
    const r = await corrections(dir);
    const z1 = r.corrections.find((c) => c.indicator === 'Z1' && c.side === 'period');
    expect(z1?.left).toEqual([expect.objectContaining({ kind: 'session', date: '2021-03-17', row: 6, hours: 2, excluded: true })]);
    const table = await cli(['corrections', '--project', dir, '--as-of', '2021-07-01']);
    expect(table.out).toContain('zajęcia 17.03.2021 A1 „Spotkanie” 2 h (obecnosci/lista.csv, w. 6): wiersz ma błędy — nie jest liczony');
    expect(table.out).not.toContain(' 0 h ');
  });

  it("rows left out because their person's participant row has an error say so, naming that row", async () => {
    const dir = await makeCorrectionsProject();
    expect((await submitQ1(dir)).code).toBe(0);
    // P4 (uczestnicy.xlsx row 5) gets a PESEL that cannot be: rows 7, 8, 9 of the list are left out with them
    await writePeople(dir, basePeople().map((p, i) => (i === 3 ? { ...p, PESEL: '80051412345' } : p)));
    const r = await corrections(dir);
    const because = { id: 'P4', file: 'uczestnicy.xlsx', sheet: 'Uczestnicy', row: 5 };
    const o1 = r.corrections.find((c) => c.indicator === 'O1' && c.side === 'period');
    expect(o1?.left).toEqual([
      expect.objectContaining({ kind: 'attendance', id: 'P4', row: 7, excluded: true, excludedBy: because }),
      expect.objectContaining({ kind: 'attendance', id: 'P4', row: 8, excluded: true, excludedBy: because }),
      expect.objectContaining({ kind: 'attendance', id: 'P4', row: 9, excluded: true, excludedBy: because }),
    ]);
    // the workshop only P4 attended: the session is left out for the same reason, with its hours
    const z1 = r.corrections.find((c) => c.indicator === 'Z1' && c.side === 'period');
    expect(z1?.left).toEqual([
      expect.objectContaining({ kind: 'session', title: 'Warsztat', row: 8, hours: 2, excluded: true, excludedBy: because }),
      expect.objectContaining({ kind: 'session', title: 'Warsztat.', row: 9, hours: 2, excluded: true, excludedBy: because }),
    ]);
    // the participant row itself has the error
    const u1 = r.corrections.find((c) => c.indicator === 'U1' && c.side === 'period' && c.key === 'O');
    expect(u1?.left).toEqual([{ kind: 'person', id: 'P4', file: 'uczestnicy.xlsx', sheet: 'Uczestnicy', row: 5, excluded: true }]);

    const table = await cli(['corrections', '--project', dir, '--as-of', '2021-07-01']);
    expect(table.out).toContain('obecność P4 24.03.2021 A1 „Warsztat” (obecnosci/lista.csv, w. 8): uczestnik P4 ma błąd w uczestnicy.xlsx, wiersz 5 — nie jest liczony');
    expect(table.out).toContain('zajęcia 24.03.2021 A1 „Warsztat” 2 h (obecnosci/lista.csv, w. 8): uczestnik P4 ma błąd w uczestnicy.xlsx, wiersz 5 — nie jest liczony');
    expect(table.out).toContain('P4 (uczestnicy.xlsx, w. 5): wiersz ma błędy — nie jest liczony');
    expect(table.out).not.toMatch(/lista\.csv, w\. [789]\): wiersz ma błędy/);
    const en = await cli(['corrections', '--project', dir, '--as-of', '2021-07-01', '--lang', 'en']);
    expect(en.out).toContain('attendance P4 24.03.2021 A1 “Warsztat” (obecnosci/lista.csv, row 8): participant P4 has an error in uczestnicy.xlsx, row 5 — not counted');
    const csv = await cli(['corrections', '--project', dir, '--as-of', '2021-07-01', '--format', 'csv']);
    expect(csv.out).toContain('uczestnik P4 ma błąd w uczestnicy.xlsx, wiersz 5');
  });
});
