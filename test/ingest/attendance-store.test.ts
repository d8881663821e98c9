/**
 * What makes one session in the attendance store: the same date, action, form and title, and
 * nothing less — also when two sessions share a title and a day, or when their days are far
 * apart (the store finds sessions by title and day packed into one number first).
 */
import { describe, expect, it } from 'vitest';
import { AttendanceStore, type RecordInput } from '../../src/ingest/attendance-store.js';

type Input = { day: number; action: string; form: string; title: string; key?: string; hours?: number; headcount?: number };

function store(records: Input[], individualForms: ReadonlySet<string> = new Set()): AttendanceStore {
  const s = new AttendanceStore(individualForms);
  const table = s.addTable({ ref: { file: 'lista.xlsx', sheet: 'Lista', columns: new Map(), headerRow: 1 }, layout: 'long', columns: [], labels: {} });
  records.forEach((r, i) => {
    const input: RecordInput = {
      table, row: i + 2, col: -1, day: r.day, action: s.text(r.action), form: s.text(r.form), title: s.text(r.title),
      key: r.headcount !== undefined ? 0 : s.keyId(r.key ?? `U${i}`, () => undefined), hours: r.hours ?? 2, mark: 'present',
      ...(r.headcount !== undefined ? { headcount: r.headcount } : {}),
    };
    s.push(input);
  });
  return s;
}

describe('sessions of the attendance store', () => {
  it('are one per (date, action, form, title), in the order they first appear', () => {
    const s = store([
      { day: 18700, action: 'A1', form: 'warsztat', title: 'Zajęcia' },
      { day: 18700, action: 'A1', form: 'warsztat', title: 'Zajęcia' },
      { day: 18700, action: 'A2', form: 'warsztat', title: 'Zajęcia' }, // same title and day, another action
      { day: 18700, action: 'A1', form: 'spotkanie', title: 'Zajęcia' }, // another form
      { day: 18701, action: 'A1', form: 'warsztat', title: 'Zajęcia' }, // another day
      { day: 18700 + 65536, action: 'A1', form: 'warsztat', title: 'Zajęcia' }, // a day 65,536 later: packs like the first
      { day: 18700, action: 'A1', form: 'warsztat', title: 'Inne' },
      { day: 18700, action: 'A2', form: 'warsztat', title: 'Zajęcia' }, // back to earlier sessions, out of order
      { day: 18700, action: 'A1', form: 'warsztat', title: 'Zajęcia' },
      { day: 18700 + 65536, action: 'A1', form: 'warsztat', title: 'Zajęcia' },
    ]);
    expect(Array.from({ length: s.length }, (_, i) => s.session(i))).toEqual([0, 0, 1, 2, 3, 4, 5, 1, 0, 4]);
    expect(s.sessions().map((x) => [x.day, s.textOf(x.action), s.textOf(x.form), s.textOf(x.title), x.first])).toEqual([
      [18700, 'A1', 'warsztat', 'Zajęcia', 0],
      [18700, 'A2', 'warsztat', 'Zajęcia', 2],
      [18700, 'A1', 'spotkanie', 'Zajęcia', 3],
      [18701, 'A1', 'warsztat', 'Zajęcia', 4],
      [18700 + 65536, 'A1', 'warsztat', 'Zajęcia', 5],
      [18700, 'A1', 'warsztat', 'Inne', 6],
    ]);
  });

  it('of an individual form are one per record; a record repeating an earlier one in every field is a repeat of the first', () => {
    const c = { day: 18700, action: 'A1', form: 'konsultacja', title: 'Konsultacja' };
    const s = store([
      { ...c, key: 'U1' }, // 0
      { ...c, key: 'U2' }, // 1
      { ...c, key: 'U1', hours: 1 }, // 2: another length, another consultation
      { ...c, key: 'U1' }, // 3: repeats 0
      { ...c, day: 18701, key: 'U1' }, // 4
      { ...c, key: 'U2' }, // 5: repeats 1
      { ...c, key: 'U1' }, // 6: repeats 0 again
      { day: 18700, action: 'A5', form: 'impreza', title: 'Festyn', headcount: 40 }, // 7
      { day: 18700, action: 'A5', form: 'impreza', title: 'Festyn', headcount: 40 }, // 8: repeats 7
      { day: 18700, action: 'A5', form: 'impreza', title: 'Festyn', headcount: 41 }, // 9
    ], new Set(['konsultacja']));
    expect(new Set(Array.from({ length: 7 }, (_, i) => s.session(i))).size).toBe(7);
    const repeats = Array.from({ length: s.length }, (_, i) => s.repeatOf(i)).flatMap((first, i) => (first === undefined ? [] : [`${i}→${first}`]));
    expect(repeats).toEqual(['3→0', '5→1', '6→0', '8→7']);
  });
});

describe('reading records back', () => {
  it('says "none" as undefined, never as -1: a key that matches nobody, a record without a date, a record that repeats none', () => {
    const s = new AttendanceStore();
    const table = s.addTable({ ref: { file: 'lista.csv', sheet: 'lista', columns: new Map(), headerRow: 1 }, layout: 'long', columns: [], labels: {} });
    const known = new Map([['P1', 0], ['P2', 1]]);
    const rows: [number | 'missing', string][] = [[18700, 'P2'], [18700, 'X9'], ['missing', 'P1'], [18700, 'P2']];
    rows.forEach(([day, key], i) => {
      s.push({ table, row: i + 2, col: -1, day, action: s.text('A1'), form: s.text('spotkanie'), title: s.text('S'), key: s.keyId(key, (k) => known.get(k)), hours: 2, mark: 'present' });
    });
    expect([0, 1, 2, 3].map((i) => s.person(i))).toEqual([1, undefined, 0, 1]);
    expect([0, 1, 2, 3].map((i) => s.session(i))).toEqual([0, 0, undefined, 0]);
    expect([0, 1, 2, 3].map((i) => s.repeatOf(i))).toEqual([undefined, undefined, undefined, 0]);
  });

  it('places a record in its file, and refuses a record that does not exist instead of naming the first row of the first table', () => {
    const s = store([{ day: 18700, action: 'A1', form: 'spotkanie', title: 'S' }, { day: 18700, action: 'A1', form: 'spotkanie', title: 'S' }]);
    expect(s.place(1)).toEqual({ file: 'lista.xlsx', sheet: 'Lista', row: 3 });
    for (const i of [-1, 2, 0.5, Number.NaN]) {
      expect(() => s.place(i), String(i)).toThrow(RangeError);
      expect(() => s.at(i, 'date'), String(i)).toThrow(RangeError);
      expect(() => s.dateSource(i), String(i)).toThrow(RangeError);
    }
  });
});
