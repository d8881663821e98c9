/**
 * `submitted-period-changed` is given where the data changed (SPEC §8): a late attendance row or
 * a changed mark at that row — naming the person whose count it moved, not flagging their
 * participant row; a changed participant cell (a start date, a flag) at that cell, with its column.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealSnapshot, type Snapshot } from '../../src/corrections/snapshot.js';
import { csvText, participantsProject, PARTICIPANT_TEST_HEADERS, TEST_DEFINITION } from '../helpers/fixtures.js';
import { basePeople, baseRows, cli, DEFINITION, LIST_HEADER, submitQ1, writePeople, writeRows, type Person, type Row } from './helpers.js';
import { nodeCrypto } from '../../src/node/index.js';

/** Also S1: the persons who started in the period and came to a workshop (a count that reads attendance). */
const WITH_WORKSHOPS = DEFINITION.replace('indicators:', `indicators:
  - { id: S1, name: Uczestnicy warsztatów, type: produkt, unit: osoby, measure: participants, at: start, where: { form: warsztat } }`);

interface Warning {
  code: string;
  file: string;
  row: number | null;
  column: string | null;
  header: string | null;
  message: string;
}

async function warnings(edit: { people?: Person[]; rows?: Row[] }): Promise<Warning[]> {
  const dir = await participantsProject(basePeople(), { 'obecnosci/lista.csv': csvText([LIST_HEADER, ...baseRows()]) }, PARTICIPANT_TEST_HEADERS, WITH_WORKSHOPS);
  expect((await submitQ1(dir)).code).toBe(0);
  if (edit.people) await writePeople(dir, edit.people);
  if (edit.rows) await writeRows(dir, edit.rows);
  const r = await cli(['validate', '--project', dir, '--as-of', '2021-07-01', '--format', 'json']);
  return (JSON.parse(r.out) as { issues: Warning[] }).issues.filter((i) => i.code === 'submitted-period-changed');
}

const where = (w: Warning) => `${w.file} ${w.row ?? '-'}${w.column ? ` ${w.column}` : ''}`;
const set = (n: number, values: Person) => basePeople().map((p, i) => (i === n - 1 ? { ...p, ...values } : p));

describe('submitted-period-changed where the data changed', () => {
  it('a late attendance row: at that row, naming the person it brought into a count; their participant row is not flagged', async () => {
    // P2 (uczestnicy.xlsx row 3) came to the workshop of 24.03: typed in after the claim as row 10
    const w = await warnings({ rows: [...baseRows(), ['24.03.2021', 'A1', 'warsztat', 'Warsztat', 2, 'P2', 'x']] });
    // one cause, one warning: at the mark cell, naming the person and every value the row changed
    expect(w.map(where)).toEqual(['obecnosci/lista.csv 10 G']);
    expect(w[0]?.message).toMatch(/^Ta komórka zmienia wartości już złożone \(osoba P2\): okres 2021-Q1, wskaźnik S1 \(w okresie, M\): złożono 1, obecnie 2; wskaźnik /);
    expect(w[0]?.message).toContain('; wskaźnik O1 (w okresie, O): złożono 8, obecnie 9');
  });

  it('a changed mark: at that row, naming the person it took out of a count', async () => {
    // P4's two workshop marks (rows 8, 9) become absences: P4 leaves S1, the workshops were not held
    const w = await warnings({ rows: baseRows().map((x, i) => (i >= 6 ? [...x.slice(0, 6), 'nb'] : x)) });
    // the marks at their cells; the workshops that were no longer held, at their rows
    expect([...new Set(w.map(where))].sort()).toEqual(['obecnosci/lista.csv 8', 'obecnosci/lista.csv 8 G', 'obecnosci/lista.csv 9', 'obecnosci/lista.csv 9 G']);
    expect(w.find((x) => x.message.includes('wskaźnik S1'))?.message).toMatch(/\(osoba P4\)/);
    expect(w.some((x) => x.file === 'uczestnicy.xlsx')).toBe(false);
  });

  it('a changed participant cell: at that cell with its column, not the row', async () => {
    const flag = await warnings({ people: set(3, { Otoczenie: 'Tak' }) });
    expect([...new Set(flag.map(where))]).toEqual(['uczestnicy.xlsx 4 U']);
    expect(flag[0]).toMatchObject({ header: 'Otoczenie' });
    expect(flag[0]?.message).toMatch(/^Ta komórka zmienia wartość już złożoną: okres 2021-Q1, wskaźnik U2 /);

    const start = await warnings({ people: set(2, { 'Data rozpoczęcia udziału w projekcie': '05.04.2021' }) });
    expect([...new Set(start.map(where))]).toEqual(['uczestnicy.xlsx 3 M']);
    expect(start[0]).toMatchObject({ header: 'Data rozpoczęcia udziału w projekcie' });
  });

  it('a changed flag of a person no other count confirms: at that cell only, not at the start date that did not change', async () => {
    // review of issue 17.3: P3 is from the surroundings, so no count of everyone at the start confirms their start date;
    // the snapshot's hash of each value tells which one changed instead of guessing from the other counts
    const def = TEST_DEFINITION.replace('indicators: []', `indicators:
  - { id: W1, name: Uczestnicy spoza otoczenia, type: produkt, unit: osoby, measure: participants, at: start, where: { otoczenie: false } }
  - { id: W2, name: Osoby z niepełnosprawnościami, type: produkt, unit: osoby, measure: participants, at: start, where: { disability: Tak } }`);
    // with an Identyfikator (plain hashes), and without (persons and their values hashed under the project key)
    for (const ids of [true, false]) {
      const people = set(3, { Otoczenie: 'Tak' }).map((p) => (ids ? p : { ...p, Identyfikator: undefined }));
      const dir = await participantsProject(people, {}, PARTICIPANT_TEST_HEADERS, def);
      const sub = await submitQ1(dir);
      expect(sub.code, sub.err).toBe(0);
      const snapshot = JSON.parse(await readFile(path.join(dir, 'zlozone', '2021-Q1.json'), 'utf8')) as { keyCheck?: string; evidence: { persons: Record<string, { row: number; fields?: Record<string, string> }> } };
      expect(snapshot.keyCheck === undefined).toBe(ids);
      // every person has the hashes, counted or not (P3, row 4, is in no count when submitted)
      const p3 = Object.values(snapshot.evidence.persons).find((p) => p.row === 4);
      expect(Object.keys(p3?.fields ?? {})).toEqual(['disability', 'otoczenie', 'start']);
      await writePeople(dir, people.map((p, i) => (i === 2 ? { ...p, 'Osoba z niepełnosprawnościami': 'Tak' } : p)));
      const flagged = async () => {
        const r = await cli(['validate', '--project', dir, '--as-of', '2021-07-01', '--format', 'json']);
        return (JSON.parse(r.out) as { issues: Warning[] }).issues.filter((i) => i.code === 'submitted-period-changed');
      };
      const w = await flagged();
      expect(w.map(where), `ids ${ids}`).toEqual(['uczestnicy.xlsx 4 S']);
      expect(w[0]).toMatchObject({ header: 'Osoba z niepełnosprawnościami' });
      expect(w[0]?.message).toBe(`Ta komórka zmienia wartość już złożoną: okres 2021-Q1, wskaźnik W2 (w okresie, M): złożono 0, obecnie 1`);
      // the start date moved as well (still in the period): now both cells changed, and both are named
      await writePeople(dir, people.map((p, i) => (i === 2 ? { ...p, 'Osoba z niepełnosprawnościami': 'Tak', 'Data rozpoczęcia udziału w projekcie': '02.03.2021' } : p)));
      expect((await flagged()).map(where)).toEqual(['uczestnicy.xlsx 4 M', 'uczestnicy.xlsx 4 S']);
    }
  });

  it('a snapshot made before it kept field hashes still loads; the cell is found from the other counts as before', async () => {
    const dir = await participantsProject(basePeople(), { 'obecnosci/lista.csv': csvText([LIST_HEADER, ...baseRows()]) }, PARTICIPANT_TEST_HEADERS, WITH_WORKSHOPS);
    expect((await submitQ1(dir)).code).toBe(0);
    const file = path.join(dir, 'zlozone', '2021-Q1.json');
    const { digest: _digest, ...old } = JSON.parse(await readFile(file, 'utf8')) as Snapshot;
    for (const p of Object.values(old.evidence.persons)) delete p.fields;
    await writeFile(file, sealSnapshot(nodeCrypto, old).text);
    await writePeople(dir, set(3, { Otoczenie: 'Tak' }));
    const r = await cli(['validate', '--project', dir, '--as-of', '2021-07-01', '--format', 'json']);
    expect(r.code).toBe(0);
    const w = (JSON.parse(r.out) as { issues: Warning[] }).issues.filter((i) => i.code === 'submitted-period-changed');
    expect([...new Set(w.map(where))]).toEqual(['uczestnicy.xlsx 4 U']);
  });

  it('a person without an Identyfikator is named by their participant row, never by PESEL or name', async () => {
    const people: Person[] = basePeople().map((p) => ({ ...p, Identyfikator: undefined }));
    const header = [...LIST_HEADER.slice(0, 5), 'PESEL', 'Obecność'];
    const byPesel = (rows: Row[]) => rows.map((r) => { const n = Number(String(r[5]).slice(1)); return [...r.slice(0, 5), String(people[n - 1]?.PESEL), r[6]]; });
    const dir = await participantsProject(people, { 'obecnosci/lista.csv': csvText([header, ...byPesel(baseRows())]) }, PARTICIPANT_TEST_HEADERS, WITH_WORKSHOPS);
    expect((await submitQ1(dir)).code).toBe(0);
    await writeFile(path.join(dir, 'obecnosci/lista.csv'), csvText([header, ...byPesel([...baseRows(), ['24.03.2021', 'A1', 'warsztat', 'Warsztat', 2, 'P2', 'x']])]));
    const r = await cli(['validate', '--project', dir, '--as-of', '2021-07-01', '--format', 'json']);
    const s1 = (JSON.parse(r.out) as { issues: Warning[] }).issues.filter((i) => i.code === 'submitted-period-changed' && i.message.includes('wskaźnik S1'));
    expect(s1.length).toBeGreaterThan(0);
    for (const x of s1) {
      expect(where(x)).toBe('obecnosci/lista.csv 10 G');
      expect(x.message).toContain('(osoba bez identyfikatora — uczestnicy.xlsx, w. 3)');
      expect(x.message).not.toContain(String(people[1]?.PESEL));
    }
  });
});
