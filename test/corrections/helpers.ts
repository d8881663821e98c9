/** A small project for the submitted-periods tests: four participants and one attendance list in 2021-Q1, edited between runs. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import type { Platform } from '../../src/platform/index.js';
import { csvText, participantsProject, person, tableRows, xlsxBytes, PARTICIPANT_TEST_HEADERS, TEST_DEFINITION, type CellValue } from '../helpers/fixtures.js';

export const DEFINITION = TEST_DEFINITION.replace('indicators: []', `indicators:
  - { id: U1, name: Uczestnicy, type: produkt, unit: osoby, measure: participants, at: start }
  - { id: U2, name: Osoby z otoczenia, type: produkt, unit: osoby, measure: participants, at: start, where: { otoczenie: true } }
  - { id: Z1, name: Zajęcia, type: produkt, unit: szt., measure: sessions }
  - { id: G1, name: Godziny zajęć, type: produkt, unit: godziny, measure: hours }
  - { id: O1, name: Obecności, type: rezultat, unit: obecności, measure: attendances }
  - { id: EZ, name: Efektywność zatrudnieniowa, type: rezultat, unit: "%", measure: ratio, numerator: { measure: participants, at: end, where: { employed_after: true } }, denominator: { measure: participants, at: end } }`);

export type Person = Partial<Record<string, CellValue>>;
export type Row = CellValue[];

export const LIST_HEADER = ['Data', 'Kod działania', 'Forma', 'Zajęcia', 'Liczba godzin', 'Identyfikator', 'Obecność'];

/** P1 ends on 20.03.2021 (its employment window is open until 20.06.2021); P2–P4 start in March. */
export function basePeople(): Person[] {
  return [
    person(1, { 'Data rozpoczęcia udziału w projekcie': '01.03.2021', 'Data zakończenia udziału w projekcie': '20.03.2021', 'Sytuacja (1) osoby w momencie zakończenia udziału w projekcie': 'inne', 'Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną dla niej ścieżką uczestnictwa': 'Tak' }),
    person(2, { 'Data rozpoczęcia udziału w projekcie': '15.03.2021' }),
    person(3, { 'Data rozpoczęcia udziału w projekcie': '01.03.2021' }),
    person(4, { 'Data rozpoczęcia udziału w projekcie': '01.03.2021' }),
  ];
}

/** Data rows of the list (row 1 is the header, so these are rows 2…): four sessions, the last typed twice under two titles. */
export function baseRows(): Row[] {
  return [
    ['03.03.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P1', 'x'], // 2
    ['03.03.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P3', 'x'], // 3
    ['10.03.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P1', 'x'], // 4
    ['10.03.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P3', 'x'], // 5
    ['17.03.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P3', 'x'], // 6
    ['17.03.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P4', 'x'], // 7
    ['24.03.2021', 'A1', 'warsztat', 'Warsztat', 2, 'P4', 'x'], // 8
    ['24.03.2021', 'A1', 'warsztat', 'Warsztat.', 2, 'P4', 'x'], // 9 (the same workshop typed again)
  ];
}

export async function makeCorrectionsProject(people = basePeople(), rows = baseRows()): Promise<string> {
  return participantsProject(people, { 'obecnosci/lista.csv': csvText([LIST_HEADER, ...rows]) }, PARTICIPANT_TEST_HEADERS, DEFINITION);
}

export async function writePeople(dir: string, people: Person[]): Promise<void> {
  await writeFile(path.join(dir, 'uczestnicy.xlsx'), await xlsxBytes([{ name: 'Uczestnicy', rows: tableRows(PARTICIPANT_TEST_HEADERS, people) }]));
}

export async function writeRows(dir: string, rows: Row[]): Promise<void> {
  await writeFile(path.join(dir, 'obecnosci/lista.csv'), csvText([LIST_HEADER, ...rows]));
}

export async function cli(args: string[], env: Record<string, string> = {}, platform?: Platform) {
  const io = memoryIO(process.cwd(), env, () => new Date('2021-07-01T10:00:00Z'));
  if (platform) io.platform = platform;
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

/** Submits 2021-Q1 as of 15.04.2021 (the day of the claim). */
export async function submitQ1(dir: string, extra: string[] = [], platform?: Platform) {
  return cli(['submit', '--project', dir, '--period', '2021-Q1', '--as-of', '2021-04-15', '--generated-at', '2021-04-20T08:00:00Z', ...extra], {}, platform);
}

export interface CorrectionJson {
  period: string;
  indicator: string;
  side: string;
  key: string;
  submitted?: number | null;
  now: number | null;
  atAsOf?: number | null;
  difference: number | null;
  entered: Record<string, unknown>[];
  left: Record<string, unknown>[];
}

export async function corrections(dir: string, asOf = '2021-07-01'): Promise<{ corrections: CorrectionJson[]; resolved: CorrectionJson[]; err: string; code: number }> {
  const r = await cli(['corrections', '--project', dir, '--as-of', asOf, '--format', 'json']);
  if (r.code !== 0) throw new Error(`corrections exit ${r.code}: ${r.err}`);
  return { ...(JSON.parse(r.out) as { corrections: CorrectionJson[]; resolved: CorrectionJson[] }), err: r.err, code: r.code };
}

/** `U1 period O 4→3` for compact expectations. */
export function brief(list: readonly CorrectionJson[]): string[] {
  return list.map((c) => `${c.indicator} ${c.side} ${c.key} ${'submitted' in c ? c.submitted : c.atAsOf}→${c.now}`);
}

export async function readJson(file: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
}
