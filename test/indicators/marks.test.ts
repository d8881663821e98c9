/**
 * The rows the figures may use (`Usable`) and the engine's attendance marks (`Marks`), read
 * through their methods: which rows count, and for every mark its session, person, presence and
 * the attendance record (file and row) it comes from.
 */
import { describe, expect, it } from 'vitest';
import { buildComputeData, Marks } from '../../src/indicators/data.js';
import { loadProject } from '../../src/project/load.js';
import { check, participantsProject, person } from '../helpers/fixtures.js';
import { disk } from '../helpers/platform.js';

const LONG = 'Data;Kod działania;Forma;Zajęcia;Liczba godzin;Identyfikator;Obecność';

describe('the rows that count and the marks built from them', () => {
  it('a participant row with an error counts nowhere, nor do its records; every mark names its record', async () => {
    // P2's start date cannot be read: the row and its attendance are left out; X9 is nobody
    const people = [person(1), person(2, { 'Data rozpoczęcia udziału w projekcie': '31.02.2021' }), person(3)];
    const list = [
      '01.03.2021;A1;spotkanie;S1;2;P1;x', // row 2
      '01.03.2021;A1;spotkanie;S1;2;P2;x', // row 3: P2's row has an error
      '01.03.2021;A1;spotkanie;S1;2;P3;', //  row 4: absent
      '02.03.2021;A1;spotkanie;S2;2;X9;x', // row 5: unknown participant
      '02.03.2021;A1;spotkanie;S2;2;P3;x', // row 6
    ];
    const dir = await participantsProject(people, { 'obecnosci/lista.csv': `${LONG}\n${list.join('\n')}\n` });
    const checked = await check(dir);
    const { usable, dataset } = checked;
    expect([...usable.participants()]).toEqual([0, 2]);
    expect([0, 1, 2].map((k) => usable.participant(k))).toEqual([true, false, true]);
    expect([...usable.records()]).toEqual([0, 2, 4]);
    expect(usable.leftOut).toEqual({ participants: 1, records: 2 });

    const data = buildComputeData(await loadProject(disk.inputs, dir), dataset, usable, '2026-01-01');
    const marks = data.attendances;
    const shown = [...marks].map((k) => ({
      session: data.sessions[marks.session(k)]?.title,
      person: data.people[marks.person(k)]?.src.row,
      present: marks.isPresent(k),
      row: dataset.attendance.place(marks.record(k)).row,
    }));
    expect(shown).toEqual([
      { session: 'S1', person: 2, present: true, row: 2 },
      { session: 'S1', person: 4, present: false, row: 4 },
      { session: 'S2', person: 4, present: true, row: 6 },
    ]);
  });

  it('marks kept by a test are renumbered with their records; keeping them all is the same marks', () => {
    const marks = Marks.of([
      { session: 0, person: 0, present: true, record: 10 },
      { session: 1, person: 0, present: false, record: 11 },
      { session: 1, person: 1, present: true, record: 12 },
    ]);
    expect(marks.filter(() => true)).toBe(marks);
    const later = marks.filter((k) => marks.session(k) === 1);
    expect(later.length).toBe(2);
    expect([...later].map((k) => [later.session(k), later.person(k), later.isPresent(k), later.record(k)])).toEqual([[1, 0, false, 11], [1, 1, true, 12]]);
  });
});
