/**
 * `submitted-period-changed` is given where the data changed (SPEC §8): a late attendance row or
 * a changed mark at that row — naming the person whose count it moved, not flagging their
 * participant row; a changed participant cell (a start date, a flag) at that cell, with its column.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvText, participantsProject, PARTICIPANT_TEST_HEADERS } from '../helpers/fixtures.js';
import { basePeople, baseRows, cli, DEFINITION, LIST_HEADER, submitQ1, writePeople, writeRows, type Person, type Row } from './helpers.js';

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
    expect([...new Set(w.map(where))]).toEqual(['obecnosci/lista.csv 10 G']);
    const s1 = w.filter((x) => x.message.includes('wskaźnik S1'));
    expect(s1.length).toBeGreaterThan(0);
    for (const x of s1) expect(x.message).toMatch(/^Ten wiersz zmienia wartość już złożoną \(osoba P2\): okres 2021-Q1, wskaźnik S1 /);
    expect(w.some((x) => x.message.includes('wskaźnik O1'))).toBe(true);
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
