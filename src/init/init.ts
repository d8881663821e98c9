/**
 * `pal-report init [dir]`: a new project from the Kłobuck template, with empty participant
 * and attendance workbooks whose dictionary columns offer drop-down lists. Never overwrites.
 */
import ExcelJS from 'exceljs';
import { UsageError } from '../errors.js';
import { message } from '../i18n/index.js';
import { exists, loadWorkbooks, sweepTemporaries, writeFileAtomic } from '../io/index.js';
import { path, type AssetName, type Platform } from '../platform/index.js';
import { builtinDictionaries, FIELD_NAMES, fieldSpec, headerOf, parseDefinition, type Dictionaries, type Definition } from '../project/index.js';

/** The definition a new project starts from (`templates/` of the program). */
export const TEMPLATE: AssetName = 'klobuck-pal-2021-2022.yaml';

/** A column of a new workbook: its header, cell format, and the values its drop-down list offers. */
export interface TemplateColumn {
  header: string;
  format?: 'date' | 'text';
  list?: readonly string[];
}

/** Participant columns: the field table's, SL2014 individual block (2018+ layout) then the project columns. */
export function participantColumns(d: Dictionaries): TemplateColumn[] {
  return FIELD_NAMES.filter((f) => fieldSpec(f).template !== false).map((f) => {
    const spec = fieldSpec(f);
    const list = spec.kind === 'statusDetail' ? [...new Set(Object.values(d.status_detail).flat())] : spec.dictionary ? d[spec.dictionary] : undefined;
    const format = spec.kind === 'date' ? 'date' : spec.keepText ? 'text' : undefined;
    return { header: headerOf(f), ...(format ? { format } : {}), ...(list ? { list } : {}) };
  });
}

/** Participant sheet headers, in order (the demo generator writes the same sheet). */
export const PARTICIPANT_HEADERS: readonly string[] = participantColumns(builtinDictionaries()).map((c) => c.header);

/** Long-layout attendance columns, with lists of the definition's codes and the usual marks. */
function attendanceColumns(def: Definition, d: Dictionaries): TemplateColumn[] {
  return [
    { header: 'Lp.' }, { header: 'Data', format: 'date' },
    { header: 'Kod działania', list: def.actions.map((a) => a.code) }, { header: 'Forma', list: def.forms.map((f) => f.code) },
    { header: 'Zajęcia' }, { header: 'Liczba godzin' }, { header: 'Identyfikator', format: 'text' },
    { header: 'Obecność', list: [d.obecnosc.obecny[0] ?? 'x', 'nb', 'u'] }, { header: 'Liczba osób' },
  ];
}

export const DATE_FORMAT = 'dd.mm.yyyy';
const ROWS_WITH_LISTS = 2000;
const LISTS_SHEET = 'Słowniki';

function columnLetterOf(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** A sheet with styled headers, column formats and drop-down lists taken from a hidden sheet. */
export function addTableSheet(wb: ExcelJS.Workbook, name: string, columns: readonly TemplateColumn[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const lists = wb.getWorksheet(LISTS_SHEET) ?? wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  const header = ws.getRow(1);
  columns.forEach((c, i) => {
    const col = i + 1;
    const letter = columnLetterOf(col);
    const cell = header.getCell(col);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.alignment = { wrapText: true, vertical: 'top' };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    ws.getColumn(col).width = Math.min(40, Math.max(12, c.header.length * 0.6));
    if (c.format === 'date') ws.getColumn(col).numFmt = DATE_FORMAT;
    if (c.format === 'text') ws.getColumn(col).numFmt = '@';
    if (!c.list || c.list.length === 0) return;
    const listCol = lists.columnCount + 1;
    const listLetter = columnLetterOf(listCol);
    lists.getCell(1, listCol).value = c.header;
    c.list.forEach((v, j) => {
      lists.getCell(j + 2, listCol).value = v;
    });
    const range = `'${LISTS_SHEET}'!$${listLetter}$2:$${listLetter}$${c.list.length + 1}`;
    (ws as unknown as { dataValidations: { add(a: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(
      `${letter}2:${letter}${ROWS_WITH_LISTS}`,
      { type: 'list', allowBlank: true, formulae: [range], showErrorMessage: true, errorStyle: 'warning', error: 'Wartość spoza słownika', errorTitle: c.header },
    );
  });
  header.height = 60;
  return ws;
}

export interface InitResult {
  dir: string;
  files: string[];
}

/** `shown`: a path as the user knows it (under the directory they named). */
export async function initProject(platform: Platform, dir: string, shown: (file: string) => string = (f) => f): Promise<InitResult> {
  const targets = {
    definition: path.join(dir, 'pal-report.yaml'),
    participants: path.join(dir, 'dane', 'uczestnicy.xlsx'),
    attendance: path.join(dir, 'dane', 'obecnosci', 'obecnosci.xlsx'),
  };
  for (const f of Object.values(targets)) {
    if (await exists(platform, f)) throw new UsageError(message('out.init.exists', { file: shown(f) }));
  }
  const template = await platform.assets.read(TEMPLATE);
  const { definition, dictionaries } = parseDefinition(new TextDecoder('utf-8', { ignoreBOM: true }).decode(template), 'pal-report.yaml');
  const d = dictionaries;

  const { newWorkbook, workbookBytes } = await loadWorkbooks();
  const people = newWorkbook();
  addTableSheet(people, 'Uczestnicy', participantColumns(d));
  const attendance = newWorkbook();
  addTableSheet(attendance, 'Obecności', attendanceColumns(definition, d));

  await writeFileAtomic(platform, targets.definition, template);
  await writeFileAtomic(platform, targets.participants, await workbookBytes(people));
  await writeFileAtomic(platform, targets.attendance, await workbookBytes(attendance));
  const names = new Set(Object.values(targets).map((f) => path.basename(f)));
  for (const d of new Set(Object.values(targets).map((f) => path.dirname(f)))) await sweepTemporaries(platform, d, (name) => names.has(name));
  return { dir, files: Object.values(targets) };
}
