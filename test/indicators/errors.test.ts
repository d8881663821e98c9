/**
 * A row that carries an error never inflates a figure (issue 9): with --allow-errors, a
 * repeated participant counts once, a presence before the person's start and rows dated after
 * --as-of count nowhere, and the banner says how many rows were left out.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { csvText, participantsProject, person, TEST_DEFINITION } from '../helpers/fixtures.js';

const DEFINITION = TEST_DEFINITION.replace('indicators: []', `indicators:
  - { id: WP1, name: Osoby objęte wsparciem, type: produkt, unit: osoby, measure: participants, at: start, where: { otoczenie: false } }
  - { id: S1, name: Zajęcia, type: produkt, unit: szt., measure: sessions }
  - { id: OB, name: Obecności, type: produkt, unit: uczestnictwa, measure: attendances }
`);

const HEADER = ['Data', 'Kod działania', 'Forma', 'Zajęcia', 'Liczba godzin', 'Identyfikator', 'Obecność'];

/** P2 typed twice (row 4 repeats row 3); P4 starts after --as-of; P1 present before its start; P3 present after --as-of. */
async function project(): Promise<string> {
  return participantsProject([person(1), person(2), person(2), person(3), person(4, { 'Data rozpoczęcia udziału w projekcie': '01.06.2021' })], {
    'obecnosci/lista.csv': csvText([
      HEADER,
      ['25.02.2021', 'A2', 'szkolenie', 'Szkolenie 1', 6, 'P1', 'x'],
      ['10.03.2021', 'A2', 'szkolenie', 'Szkolenie 2', 6, 'P1', 'nb'],
      ['10.03.2021', 'A2', 'szkolenie', 'Szkolenie 2', 6, 'P2', 'x'],
      ['05.03.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P3', 'x'],
      ['10.06.2021', 'A1', 'spotkanie', 'Spotkanie 2', 2, 'P3', 'x'],
    ]),
  }, undefined, DEFINITION);
}

async function run(args: string[]) {
  const io = memoryIO(process.cwd());
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

type Indicator = { id: string; cumulative: { K: number; M: number; O: number } | { O: number } };
type TableJson = { title?: string; columns: { header: string }[]; rows: { cells: (string | number | null)[] }[] };
type Model = { notices: { text: string }[]; sections: { title: string; blocks: { kind: string; table?: TableJson }[] }[] };

function tables(model: Model): TableJson[] {
  return model.sections.flatMap((s) => s.blocks.filter((b) => b.kind === 'table').map((b) => b.table as TableJson));
}

describe('rows with errors count nowhere', () => {
  it('indicators: a repeated participant counts once, rows after --as-of and presence before the start do not count', async () => {
    const dir = await project();
    const r = await run(['indicators', '--project', dir, '--period', 'all', '--format', 'json', '--as-of', '31.05.2021', '--allow-errors']);
    expect(r.code).toBe(0);
    const byId = new Map((JSON.parse(r.out).indicators as Indicator[]).map((i) => [i.id, i.cumulative]));
    // P1, P2, P3: not the repeated row of P2, not P4 who starts after --as-of
    expect(byId.get('WP1')).toEqual({ K: 0, M: 3, O: 3 });
    // held: Szkolenie 2 (P2) and Spotkanie (P3); not Szkolenie 1 (only P1, before its start), not Spotkanie 2 (after --as-of)
    expect(byId.get('S1')).toEqual({ O: 2 });
    expect(byId.get('OB')).toEqual({ O: 2 });
  });

  it('report: Frekwencja, participants, audit trail and the banner use only usable rows', async () => {
    const dir = await project();
    const out = path.join(dir, 'raporty');
    const r = await run(['report', 'final', '--project', dir, '--out', out, '--formats', 'json', '--as-of', '31.05.2021', '--allow-errors']);
    expect(r.code).toBe(0);
    const model = JSON.parse(await readFile(path.join(out, 'raport-koncowy.json'), 'utf8')) as Model;
    expect(model.notices[0]?.text).toContain('Wiersze z błędami pominięto we wszystkich liczbach: 2 wiersze uczestników i 2 wpisy obecności');

    // A2: P1's presence before the start is left out of the numerator and the denominator: P1 0 of 1, P2 1 of 1
    const attendance = tables(model).find((t) => t.title === 'Narastająco od początku projektu') as TableJson;
    const header = attendance.columns.map((c) => c.header);
    const a2 = attendance.rows.find((row) => row.cells[0] === 'A2' && row.cells[1] === 'razem')?.cells ?? [];
    expect(a2[header.indexOf('Obecności')]).toBe(1);
    expect(a2[header.indexOf('Oczekiwane')]).toBe(2);
    expect(a2[header.indexOf('Frekwencja')]).toBe(0.5);
    expect(a2[header.indexOf('Zajęcia')]).toBe(1);

    const flows = tables(model).find((t) => t.title?.startsWith('Uczestnicy: rozpoczęli')) as TableJson;
    expect(flows.rows[0]?.cells.at(-1)).toBe(3);

    // the audit trail counts P2 once, by its first row, and names the repeated one
    const audit = tables(model).find((t) => t.title?.startsWith('Skąd pochodzi')) as TableJson;
    const wp1 = audit.rows.filter((row) => row.cells[0] === 'WP1');
    expect(wp1.map((row) => row.cells[6])).toEqual([2, 3, 5]);
    expect(wp1[1]?.cells.at(-1)).toBe('powtórzony w wierszu 4 — powtórzenie pominięte');
    // each held session once, with both session measures that count it, pointing at its date cell
    const sessions = audit.rows.filter((row) => row.cells[1] === 'zajęcia').map((row) => [row.cells[0], row.cells[4], row.cells[7], row.cells[8], row.cells[11]]);
    expect(sessions).toEqual([
      ['S1, OB', 'obecnosci/lista.csv', 'A3', '10.03.2021', 'Szkolenie 2'],
      ['S1, OB', 'obecnosci/lista.csv', 'A5', '05.03.2021', 'Spotkanie'],
    ]);
  });

  it('without --allow-errors the same data stops with exit 1', async () => {
    const dir = await project();
    const r = await run(['indicators', '--project', dir, '--period', 'all', '--as-of', '31.05.2021']);
    expect(r.code).toBe(1);
  });
});
