/**
 * Temporary project trees built from object literals: a small definition, a participant
 * sheet and attendance files written as real XLSX/CSV, so every test goes through the same
 * ingest as a user's files.
 */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { makePesel } from '../../src/pesel.js';
import { loadProject } from '../../src/project/load.js';
import { check as checkProject, type Checked } from '../../src/validate/check.js';
import type { Issue } from '../../src/validate/issue.js';
import { disk } from './platform.js';

export const TEST_DEFINITION = `
project:
  title: Projekt testowy
  programme: Program testowy
  number: RPSL.09.01.01-24-0001/20
  beneficiary: Gmina Testowo
  funding: Projekt współfinansowany ze środków Europejskiego Funduszu Społecznego.
  period: { from: 2021-01-01, to: 2022-12-31 }
  area: { gmina: Testowo, streets: [Długa, Krótka] }
data:
  participants: uczestnicy.xlsx
  attendance: [obecnosci/*.xlsx, obecnosci/*.csv]
actions:
  - { code: A1, name: spotkania i warsztaty, window: { from: 2021-01, to: 2022-12 }, forms: [spotkanie, warsztat] }
  - { code: A2, name: szkolenia, window: { from: 2021-03, to: 2021-12 }, forms: [szkolenie] }
  - { code: A3, name: działania otwarte, window: { from: 2021-01, to: 2022-12 } }
forms:
  - { code: spotkanie, name: spotkanie, hours: 2 }
  - { code: warsztat, name: warsztat }
  - { code: szkolenie, name: szkolenie, hours: 6 }
indicators: []
`;

/** The attendance patterns of TEST_DEFINITION. */
export const ATTENDANCE_LINE = '  attendance: [obecnosci/*.xlsx, obecnosci/*.csv]\n';

export type CellValue = string | number | boolean | Date | null | undefined | { formula: string; result: unknown };

export const PARTICIPANT_TEST_HEADERS = [
  'Lp.', 'Identyfikator', 'Imię', 'Nazwisko', 'PESEL', 'Płeć', 'Wiek w chwili przystąpienia do projektu', 'Wykształcenie',
  'Gmina', 'Ulica', 'Kod pocztowy', 'Adres e-mail', 'Data rozpoczęcia udziału w projekcie', 'Data zakończenia udziału w projekcie',
  'Status osoby na rynku pracy w chwili przystąpienia do projektu', 'W tym',
  'Sytuacja (1) osoby w momencie zakończenia udziału w projekcie',
  'Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną dla niej ścieżką uczestnictwa',
  'Osoba z niepełnosprawnościami', 'Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań', 'Otoczenie',
  'Postęp w aktywizacji społecznej', 'Data stwierdzenia postępu', 'Data podjęcia zatrudnienia', 'Forma zatrudnienia',
] as const;

export type ParticipantHeader = (typeof PARTICIPANT_TEST_HEADERS)[number];

/** A valid participant (born 14.05.1980, male), starting 01.03.2021; override any column. */
export function person(n: number, overrides: Partial<Record<ParticipantHeader, CellValue>> = {}): Partial<Record<ParticipantHeader, CellValue>> {
  const pesel = makePesel('1980-05-14', 1000 + n * 10, 'M');
  return {
    'Lp.': n,
    Identyfikator: `P${n}`,
    Imię: 'Jan',
    Nazwisko: `Testowy${n}`,
    PESEL: pesel,
    Płeć: 'Mężczyzna',
    'Wiek w chwili przystąpienia do projektu': 40,
    Wykształcenie: 'ponadgimnazjalne (ISCED 3)',
    Gmina: 'Testowo',
    Ulica: 'Długa',
    'Kod pocztowy': '42-100',
    'Adres e-mail': 'jan@example.pl',
    'Data rozpoczęcia udziału w projekcie': '01.03.2021',
    'Status osoby na rynku pracy w chwili przystąpienia do projektu': 'osoba bierna zawodowo',
    'W tym': 'inne',
    'Osoba z niepełnosprawnościami': 'Nie',
    'Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań': 'Nie',
    Otoczenie: 'Nie',
    ...overrides,
  };
}

export function tableRows(headers: readonly string[], records: readonly Partial<Record<string, CellValue>>[]): CellValue[][] {
  return [[...headers], ...records.map((r) => headers.map((h) => r[h]))];
}

export interface SheetSpec {
  name: string;
  rows: CellValue[][];
  /** First row number of `rows` (default 1). */
  startRow?: number;
  merges?: string[];
  state?: 'visible' | 'hidden';
}

export async function xlsxBytes(sheets: SheetSpec[], opts: { date1904?: boolean } = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  if (opts.date1904) wb.properties.date1904 = true;
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { state: s.state ?? 'visible' });
    s.rows.forEach((cells, i) => {
      const row = ws.getRow((s.startRow ?? 1) + i);
      cells.forEach((v, j) => {
        if (v === undefined) return;
        row.getCell(j + 1).value = v as ExcelJS.CellValue;
        if (v instanceof Date) row.getCell(j + 1).numFmt = 'dd.mm.yyyy';
      });
    });
    for (const m of s.merges ?? []) ws.mergeCells(m);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer() as ArrayBuffer);
}

export function csvText(rows: CellValue[][], delimiter = ';'): string {
  return `${rows.map((r) => r.map((v) => (v === undefined || v === null ? '' : String(v))).join(delimiter)).join('\r\n')}\r\n`;
}

export interface ProjectSpec {
  definition?: string;
  /** Relative path → workbook sheets, CSV text, or raw bytes. */
  files: Record<string, SheetSpec[] | string | Uint8Array>;
}

export async function makeProject(spec: ProjectSpec): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pal-test-'));
  // a pattern that matches no file is an error (no-file-matches): a project without attendance files names none
  const lists = Object.keys(spec.files).some((f) => f.startsWith('obecnosci/'));
  const definition = spec.definition ?? TEST_DEFINITION;
  await writeFile(path.join(dir, 'pal-report.yaml'), lists ? definition : definition.replace(ATTENDANCE_LINE, ''));
  for (const [rel, content] of Object.entries(spec.files)) {
    const file = path.join(dir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    if (typeof content === 'string' || content instanceof Uint8Array) await writeFile(file, content);
    else await writeFile(file, await xlsxBytes(content));
  }
  return dir;
}

/** A project whose participant sheet holds these people (and optional attendance files). */
export async function participantsProject(
  people: readonly Partial<Record<string, CellValue>>[],
  attendance: Record<string, SheetSpec[] | string | Uint8Array> = {},
  headers: readonly string[] = PARTICIPANT_TEST_HEADERS,
  definition?: string,
): Promise<string> {
  const spec: ProjectSpec = { files: { 'uczestnicy.xlsx': [{ name: 'Uczestnicy', rows: tableRows(headers, people) }], ...attendance } };
  if (definition) spec.definition = definition;
  return makeProject(spec);
}

export async function check(dir: string, asOf = '2026-01-01', strict = false): Promise<Checked> {
  return checkProject(disk, await loadProject(disk.inputs, dir), asOf, strict);
}

export function codes(issues: readonly Issue[]): string[] {
  return issues.map((i) => i.code);
}

/** Issues that are not the info that every Windows-1250 CSV gets. */
export function significant(issues: readonly Issue[]): Issue[] {
  return issues.filter((i) => i.code !== 'encoding-guessed');
}

export function at(i: Issue | undefined): string {
  return i ? `${i.file} › ${i.sheet ?? ''} › ${i.column ?? ''}${i.row ?? ''}` : '(none)';
}
