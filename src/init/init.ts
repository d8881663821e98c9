/**
 * `pal-report init [dir]`: a new project from the Kłobuck template, with empty participant
 * and attendance workbooks whose dictionary columns offer drop-down lists. Never overwrites.
 */
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { UsageError } from '../errors.js';
import { message } from '../i18n/index.js';
import { writeFileAtomic } from '../io/atomic.js';
import { newWorkbook, workbookBytes } from '../io/xlsx.js';
import type { Dictionaries } from '../project/dictionaries.js';
import { parseDefinition } from '../project/load.js';
import type { Definition } from '../project/schema.js';

export const TEMPLATE_URL = new URL('../../templates/klobuck-pal-2021-2022.yaml', import.meta.url);

/** Participant sheet headers: the SL2014 individual block (2018+ layout), then the project columns. */
export const PARTICIPANT_HEADERS = [
  'Kraj', 'Rodzaj uczestnika', 'Nazwa instytucji', 'Imię', 'Nazwisko', 'PESEL', 'Brak PESEL', 'Płeć',
  'Wiek w chwili przystąpienia do projektu', 'Wykształcenie', 'Województwo', 'Powiat', 'Gmina', 'Miejscowość',
  'Ulica', 'Nr budynku', 'Nr lokalu', 'Kod pocztowy', 'Obszar wg stopnia urbanizacji (DEGURBA)',
  'Telefon kontaktowy', 'Adres e-mail', 'Data rozpoczęcia udziału w projekcie', 'Data zakończenia udziału w projekcie',
  'Status osoby na rynku pracy w chwili przystąpienia do projektu', 'W tym', 'Wykonywany zawód', 'Zatrudniony w',
  'Sytuacja (1) osoby w momencie zakończenia udziału w projekcie',
  'Sytuacja (2) osoby w momencie zakończenia udziału w projekcie',
  'Inne rezultaty dotyczące osób młodych (dotyczy IZM)',
  'Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną dla niej ścieżką uczestnictwa',
  'Rodzaj przyznanego wsparcia', 'W tym', 'Data rozpoczęcia udziału we wsparciu', 'Data zakończenia udziału we wsparciu',
  'Data założenia działalności gospodarczej', 'Kwota środków przyznanych na założenie działalności gospodarczej',
  'PKD założonej działalności gospodarczej',
  'Osoba należąca do mniejszości narodowej lub etnicznej, migrant, osoba obcego pochodzenia',
  'Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań', 'Osoba z niepełnosprawnościami',
  'Osoba w innej niekorzystnej sytuacji społecznej',
  'Planowana data zakończenia edukacji w placówce edukacyjnej, w której skorzystano ze wsparcia',
  'Identyfikator', 'Otoczenie', 'Przesłanka zagrożenia wykluczeniem', 'Postęp w aktywizacji społecznej',
  'Data stwierdzenia postępu', 'Data podjęcia zatrudnienia', 'Forma zatrudnienia',
] as const;

/** Long-layout attendance headers. */
export const ATTENDANCE_HEADERS = [
  'Lp.', 'Data', 'Kod działania', 'Forma', 'Zajęcia', 'Liczba godzin', 'Identyfikator', 'Obecność', 'Liczba osób',
] as const;

const DATE_HEADERS = new Set([
  'Data rozpoczęcia udziału w projekcie', 'Data zakończenia udziału w projekcie', 'Data rozpoczęcia udziału we wsparciu',
  'Data zakończenia udziału we wsparciu', 'Data założenia działalności gospodarczej', 'Data stwierdzenia postępu',
  'Data podjęcia zatrudnienia', 'Planowana data zakończenia edukacji w placówce edukacyjnej, w której skorzystano ze wsparcia',
  'Data',
]);
const TEXT_HEADERS = new Set(['PESEL', 'Kod pocztowy', 'Identyfikator', 'Telefon kontaktowy']);

export const DATE_FORMAT = 'dd.mm.yyyy';
const ROWS_WITH_LISTS = 2000;
const LISTS_SHEET = 'Słowniki';

type ListFor = (header: string, occurrence: number) => readonly string[] | undefined;

function participantLists(d: Dictionaries): ListFor {
  const byHeader: Record<string, readonly string[]> = {
    'Rodzaj uczestnika': d.rodzaj_uczestnika,
    'Brak PESEL': d.tak_nie,
    'Płeć': d.plec,
    'Wykształcenie': d.wyksztalcenie,
    'Obszar wg stopnia urbanizacji (DEGURBA)': d.degurba,
    'Status osoby na rynku pracy w chwili przystąpienia do projektu': d.status,
    'Sytuacja (1) osoby w momencie zakończenia udziału w projekcie': d.sytuacja_po_zakonczeniu,
    'Sytuacja (2) osoby w momencie zakończenia udziału w projekcie': d.sytuacja_po_zakonczeniu,
    'Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną dla niej ścieżką uczestnictwa': d.tak_nie,
    'Osoba należąca do mniejszości narodowej lub etnicznej, migrant, osoba obcego pochodzenia': d.tak_nie_odmowa,
    'Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań': d.bezdomnosc,
    'Osoba z niepełnosprawnościami': d.tak_nie_odmowa,
    'Osoba w innej niekorzystnej sytuacji społecznej': d.tak_nie_odmowa,
    'Otoczenie': d.tak_nie,
    'Postęp w aktywizacji społecznej': d.tak_nie,
    'Forma zatrudnienia': d.forma_zatrudnienia,
  };
  const details = [...new Set(Object.values(d.status_detail).flat())];
  // the first `W tym` is the status detail; the second (support detail) has no dictionary
  return (header, occurrence) => (header === 'W tym' ? (occurrence === 0 ? details : undefined) : byHeader[header]);
}

function attendanceLists(def: Definition, d: Dictionaries): ListFor {
  const marks = [d.obecnosc.obecny[0] ?? 'x', 'nb', 'u'];
  const byHeader: Record<string, readonly string[]> = {
    'Kod działania': def.actions.map((a) => a.code),
    'Forma': def.forms.map((f) => f.code),
    'Obecność': marks,
  };
  return (header) => byHeader[header];
}

function columnLetterOf(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** A sheet with styled headers, column formats and drop-down lists taken from a hidden sheet. */
export function addTableSheet(wb: ExcelJS.Workbook, name: string, headers: readonly string[], listFor: ListFor): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const lists = wb.getWorksheet(LISTS_SHEET) ?? wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  const header = ws.getRow(1);
  const seen = new Map<string, number>();
  headers.forEach((h, i) => {
    const col = i + 1;
    const letter = columnLetterOf(col);
    const cell = header.getCell(col);
    cell.value = h;
    cell.font = { bold: true };
    cell.alignment = { wrapText: true, vertical: 'top' };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    ws.getColumn(col).width = Math.min(40, Math.max(12, h.length * 0.6));
    if (DATE_HEADERS.has(h)) ws.getColumn(col).numFmt = DATE_FORMAT;
    if (TEXT_HEADERS.has(h)) ws.getColumn(col).numFmt = '@';
    const occurrence = seen.get(h) ?? 0;
    seen.set(h, occurrence + 1);
    const values = listFor(h, occurrence);
    if (!values || values.length === 0) return;
    const listCol = lists.columnCount + 1;
    const listLetter = columnLetterOf(listCol);
    lists.getCell(1, listCol).value = h;
    values.forEach((v, j) => {
      lists.getCell(j + 2, listCol).value = v;
    });
    const range = `'${LISTS_SHEET}'!$${listLetter}$2:$${listLetter}$${values.length + 1}`;
    (ws as unknown as { dataValidations: { add(a: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(
      `${letter}2:${letter}${ROWS_WITH_LISTS}`,
      { type: 'list', allowBlank: true, formulae: [range], showErrorMessage: true, errorStyle: 'warning', error: 'Wartość spoza słownika', errorTitle: h },
    );
  });
  header.height = 60;
  return ws;
}

export interface InitResult {
  dir: string;
  files: string[];
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

export async function initProject(dir: string): Promise<InitResult> {
  const targets = {
    definition: path.join(dir, 'pal-report.yaml'),
    participants: path.join(dir, 'dane', 'uczestnicy.xlsx'),
    attendance: path.join(dir, 'dane', 'obecnosci', 'obecnosci.xlsx'),
  };
  for (const f of Object.values(targets)) {
    if (await exists(f)) throw new UsageError(message('out.init.exists', { file: f }));
  }
  const template = await readFile(TEMPLATE_URL, 'utf8');
  const { definition, dictionaries } = parseDefinition(template, 'pal-report.yaml');
  const d = dictionaries;

  const people = newWorkbook();
  addTableSheet(people, 'Uczestnicy', PARTICIPANT_HEADERS, participantLists(d));
  const attendance = newWorkbook();
  addTableSheet(attendance, 'Obecności', ATTENDANCE_HEADERS, attendanceLists(definition, d));

  await writeFileAtomic(targets.definition, template);
  await writeFileAtomic(targets.participants, await workbookBytes(people));
  await writeFileAtomic(targets.attendance, await workbookBytes(attendance));
  return { dir, files: Object.values(targets) };
}
