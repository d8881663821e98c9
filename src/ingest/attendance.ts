/**
 * Attendance sheets (SPEC §3.3) in two layouts, detected per sheet:
 * - long: one row per participant per session (or a headcount row for an open event);
 * - grid: the paper attendance list — labels `Kod działania:`, `Forma:`, `Zajęcia:` above,
 *   then `Lp.`, `Identyfikator`/`PESEL`, `Imię i nazwisko` and one column per session date,
 *   an optional `Liczba godzin` row under the header, and `Razem` rows that are totals.
 * Like participants, rows are only converted here; rules judge them.
 */
import type { IsoDate } from '../dates.js';
import type { Dictionaries } from '../project/dictionaries.js';
import type { Location } from '../validate/issue.js';
import { HeaderMatcher, normalizeHeader, type ColumnSpec } from './headers.js';
import { cellOf, locate, textOf, type TableRef } from './table.js';
import { cellText, columnLetter, isEmptyCell, parseDateCell, parseNumberCell, parseTimeCell, type Cell } from './values.js';
import type { SheetRow } from './workbook.js';

export const LONG_COLUMNS = [
  { field: 'lp', headers: ['Lp.', 'Lp', 'L.p.', 'Nr'] },
  { field: 'date', headers: ['Data', 'Data zajęć', 'Data spotkania'] },
  { field: 'action', headers: ['Kod działania', 'Działanie'] },
  { field: 'form', headers: ['Forma', 'Forma wsparcia'] },
  { field: 'title', headers: ['Zajęcia', 'Temat zajęć', 'Nazwa zajęć', 'Temat'] },
  { field: 'hours', headers: ['Liczba godzin', 'Godziny', 'Liczba godzin zajęć'] },
  { field: 'timeFrom', headers: ['Godzina od', 'Od godziny'] },
  { field: 'timeTo', headers: ['Godzina do', 'Do godziny'] },
  { field: 'id', headers: ['Identyfikator'] },
  { field: 'pesel', headers: ['PESEL'] },
  { field: 'name', headers: ['Imię i nazwisko', 'Nazwisko i imię', 'Uczestnik'] },
  { field: 'mark', headers: ['Obecność', 'Obecny'] },
  { field: 'headcount', headers: ['Liczba osób', 'Liczba uczestników'] },
  { field: 'signature', headers: ['Podpis', 'Podpis uczestnika'] },
  { field: 'remarks', headers: ['Uwagi'] },
] as const satisfies readonly ColumnSpec[];

export const GRID_COLUMNS = [
  { field: 'lp', headers: ['Lp.', 'Lp', 'L.p.', 'Nr'] },
  { field: 'id', headers: ['Identyfikator'] },
  { field: 'pesel', headers: ['PESEL'] },
  { field: 'name', headers: ['Imię i nazwisko', 'Nazwisko i imię', 'Uczestnik'] },
  { field: 'totalHours', headers: ['Razem', 'Suma', 'Suma godzin', 'Razem godzin', 'Liczba godzin obecności'] },
  { field: 'rate', headers: ['Frekwencja', 'Frekwencja %', 'Obecność %'] },
  { field: 'remarks', headers: ['Uwagi'] },
] as const satisfies readonly ColumnSpec[];

export const GRID_LABELS = {
  action: ['Kod działania', 'Działanie'],
  form: ['Forma', 'Forma wsparcia'],
  title: ['Zajęcia', 'Temat zajęć', 'Nazwa zajęć'],
} as const;

export type Mark = 'present' | 'absent' | 'excused';

export interface AttendanceRecord {
  ref: TableRef;
  row: number;
  layout: 'long' | 'grid';
  /** Where the session's date was read: the row's `Data` cell, or the grid's header cell. */
  dateAt: Location;
  dateText: string;
  date: IsoDate | null | undefined;
  action: string;
  actionAt: Location;
  form: string;
  formAt: Location;
  title: string;
  hours: number | null | undefined;
  hoursAt: Location;
  /** Participant key (Identyfikator or PESEL); '' on a headcount row. */
  key: string;
  keyAt: Location;
  /** Where the mark is: the `Obecność` cell, or the session's cell in the grid. */
  markAt: Location;
  markText: string;
  mark: Mark | null;
  /** Open event: number of people in `Liczba osób` on a row without identifier. */
  headcount?: number | null;
}

/** Actions that deliver exactly one form: a record without `Forma` belongs to that form. */
export function onlyForms(actions: readonly { code: string; forms?: string[] | undefined }[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const a of actions) if (a.forms?.length === 1 && a.forms[0]) m.set(a.code, a.forms[0]);
  return m;
}

export function effectiveForm(r: Pick<AttendanceRecord, 'form' | 'action'>, onlyForm: ReadonlyMap<string, string>): string {
  return r.form || (onlyForm.get(r.action) ?? '');
}

/** The session a record belongs to: (date, action, form, title). */
export function sessionKey(r: Pick<AttendanceRecord, 'date' | 'form' | 'action' | 'title'>, onlyForm: ReadonlyMap<string, string>): string {
  return `${r.date ?? ''}\u0001${r.action}\u0001${effectiveForm(r, onlyForm)}\u0001${r.title}`;
}

/** Normalises a mark for lookup: case, spaces and a trailing dot (`ob.`, `nb.`, `usp.`). */
function markKey(text: string): string {
  return text.trim().toLocaleLowerCase('pl').replace(/\.$/, '');
}

export class MarkReader {
  private readonly marks = new Map<string, Mark>();
  constructor(dict: Dictionaries) {
    for (const m of dict.obecnosc.obecny) this.marks.set(markKey(m), 'present');
    for (const m of dict.obecnosc.nieobecny) this.marks.set(markKey(m), 'absent');
    for (const m of dict.obecnosc.usprawiedliwiony) this.marks.set(markKey(m), 'excused');
    this.marks.set('✔', 'present');
  }
  read(cell: Cell | undefined): Mark | null {
    if (cell === true) return 'present';
    if (cell === false) return 'absent';
    return this.marks.get(markKey(cellText(cell ?? null))) ?? null;
  }
}

/** PESEL used as a key may be a number cell that lost its leading zero. */
export function keyText(cell: Cell | undefined, isPesel: boolean, csv: boolean): string {
  const t = cellText(cell ?? null);
  if (isPesel && (typeof cell === 'number' || csv) && /^\d{9,10}$/.test(t)) return t.padStart(11, '0');
  return t;
}

export interface FormHours {
  /** Default session hours of a form (SPEC §2 `forms[].hours`). */
  (form: string, action: string): number | undefined;
}

export interface ReadContext {
  marks: MarkReader;
  defaultHours: FormHours;
  date1904: boolean;
  csv: boolean;
}

// ---------------------------------------------------------------------------------------
// Layout detection

export const longMatcher = (aliases: Record<string, string>) => new HeaderMatcher(LONG_COLUMNS, aliases);
export const gridMatcher = (aliases: Record<string, string>) => new HeaderMatcher(GRID_COLUMNS, aliases);

export interface LongLayout {
  kind: 'long';
  headerIndex: number;
}

export interface GridLayout {
  kind: 'grid';
  headerIndex: number;
  labels: { action?: LabelCell; form?: LabelCell; title?: LabelCell };
}

export interface LabelCell {
  value: string;
  at: { row: number; letter: string; header: string };
}

const LONG_MIN_HEADERS = 3;

function labelName(cell: Cell | undefined): keyof typeof GRID_LABELS | undefined {
  const text = normalizeHeader(cellText(cell ?? null));
  if (!text) return undefined;
  return (Object.keys(GRID_LABELS) as (keyof typeof GRID_LABELS)[])
    .find((name) => GRID_LABELS[name].some((l) => normalizeHeader(l) === text));
}

/**
 * Label cells of a row above the grid (`Kod działania:` with its value in the next cell to
 * the right; several labels may share a row). Undefined when the row holds anything else.
 */
function labelsOf(cells: readonly Cell[], row: number): Partial<GridLayout['labels']> | undefined {
  const found: Partial<GridLayout['labels']> = {};
  let any = false;
  for (let i = 0; i < cells.length; i++) {
    if (isEmptyCell(cells[i])) continue;
    const name = labelName(cells[i]);
    if (!name) return undefined;
    let v = i + 1;
    while (v < cells.length && isEmptyCell(cells[v]) && labelName(cells[v]) === undefined && v < i + 3) v++;
    const value = labelName(cells[v]) === undefined ? cellText(cells[v] ?? null) : '';
    found[name] = { value, at: { row, letter: columnLetter(value ? v : i + 1), header: cellText(cells[i] ?? null) } };
    any = true;
    i = value ? v : i;
  }
  return any ? found : undefined;
}

/** A grid header has a person column and at least one date-valued header cell after it. */
function isGridHeader(cells: readonly Cell[], grid: HeaderMatcher, date1904: boolean): boolean {
  const person = cells.findIndex((c) => grid.is(c, 'name') || grid.is(c, 'id') || grid.is(c, 'pesel'));
  if (person < 0) return false;
  for (let i = person + 1; i < cells.length; i++) {
    const c = cells[i];
    if (!isEmptyCell(c) && typeof parseDateCell(c, date1904) === 'string') return true;
  }
  return false;
}

/** Finds the layout of an attendance sheet from its first rows. */
export function detectLayout(rows: readonly SheetRow[], long: HeaderMatcher, grid: HeaderMatcher, date1904: boolean, limit = 40): LongLayout | GridLayout | undefined {
  const labels: GridLayout['labels'] = {};
  for (let i = 0; i < rows.length && i < limit; i++) {
    const row = rows[i];
    if (!row) continue;
    if (isGridHeader(row.cells, grid, date1904)) return { kind: 'grid', headerIndex: i, labels };
    const found = labelsOf(row.cells, row.n);
    if (found) {
      Object.assign(labels, found);
      continue;
    }
    if (long.count(row.cells) >= LONG_MIN_HEADERS && row.cells.some((c) => long.is(c, 'date'))) {
      return { kind: 'long', headerIndex: i };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Long layout

export function readLongRow(ref: TableRef, row: number, cells: readonly Cell[], ctx: ReadContext): AttendanceRecord {
  const at = (field: string): Location => locate(ref, row, field);
  const action = textOf(ref, cells, 'action');
  const form = textOf(ref, cells, 'form');
  const keyField = ref.columns.has('id') && textOf(ref, cells, 'id') !== '' ? 'id' : 'pesel';
  const key = keyText(cellOf(ref, cells, keyField), keyField === 'pesel', ctx.csv);
  const rec: AttendanceRecord = {
    ref,
    row,
    layout: 'long',
    dateAt: at('date'),
    dateText: textOf(ref, cells, 'date'),
    date: parseDateCell(cellOf(ref, cells, 'date'), ctx.date1904),
    action,
    actionAt: at('action'),
    form,
    formAt: at('form'),
    title: textOf(ref, cells, 'title'),
    ...longHours(ref, row, cells, ctx, action, form),
    key,
    keyAt: at(ref.columns.has(keyField) ? keyField : 'id'),
    markAt: at('mark'),
    markText: textOf(ref, cells, 'mark'),
    // without an `Obecność` column a row lists someone who was there
    mark: ref.columns.has('mark') ? ctx.marks.read(cellOf(ref, cells, 'mark')) : 'present',
  };
  if (key === '' && ref.columns.has('headcount')) {
    const n = parseNumberCell(cellOf(ref, cells, 'headcount'));
    if (n !== undefined) rec.headcount = n === null || !Number.isInteger(n) || n < 0 ? null : n;
  }
  return rec;
}

function longHours(ref: TableRef, row: number, cells: readonly Cell[], ctx: ReadContext, action: string, form: string): Pick<AttendanceRecord, 'hours' | 'hoursAt'> {
  const loc = (field: string): Location => locate(ref, row, field);
  const given = parseNumberCell(cellOf(ref, cells, 'hours'));
  if (given !== undefined) return { hours: given, hoursAt: loc('hours') };
  const from = parseTimeCell(cellOf(ref, cells, 'timeFrom'));
  const to = parseTimeCell(cellOf(ref, cells, 'timeTo'));
  if (from !== undefined || to !== undefined) {
    const hours = from === null || to === null || from === undefined || to === undefined ? null : Math.round((to - from) * 100) / 100;
    return { hours, hoursAt: loc(from === null || from === undefined ? 'timeFrom' : 'timeTo') };
  }
  return { hours: ctx.defaultHours(form, action), hoursAt: loc(ref.columns.has('hours') ? 'hours' : 'date') };
}

// ---------------------------------------------------------------------------------------
// Grid layout

export interface GridSession {
  index: number;
  letter: string;
  header: string;
  date: IsoDate;
  hours: number | null | undefined;
  hoursAt: Location;
}

const TOTAL_ROW = /^(razem|suma|ogółem|łącznie)\b/i;

/** A `Razem`/`Suma` row totals the grid: it is not a person. */
export function isTotalRow(cells: readonly Cell[]): boolean {
  const first = cells.find((c) => !isEmptyCell(c));
  return first !== undefined && typeof first === 'string' && TOTAL_ROW.test(first.trim());
}

/** Whether the row under the header is the `Liczba godzin` row. */
export function isHoursRow(cells: readonly Cell[]): boolean {
  const first = cells.find((c) => !isEmptyCell(c));
  return first !== undefined && normalizeHeader(cellText(first)) === 'liczba godzin';
}

export function gridSessions(ref: TableRef, header: SheetRow, hoursRow: SheetRow | undefined, ctx: ReadContext, action: string, form: string): GridSession[] {
  const taken = new Set([...ref.columns.values()].map((c) => c.index));
  const sessions: GridSession[] = [];
  header.cells.forEach((cell, index) => {
    if (taken.has(index) || isEmptyCell(cell)) return;
    const date = parseDateCell(cell, ctx.date1904);
    if (typeof date !== 'string') return;
    const letter = columnLetter(index);
    const given = hoursRow ? parseNumberCell(hoursRow.cells[index]) : undefined;
    sessions.push({
      index,
      letter,
      header: cellText(cell),
      date,
      hours: given !== undefined ? given : ctx.defaultHours(form, action),
      hoursAt: { file: ref.file, sheet: ref.sheet, row: hoursRow?.n ?? header.n, column: letter, header: cellText(cell) },
    });
  });
  return sessions;
}

export function readGridRow(
  ref: TableRef, row: number, cells: readonly Cell[], sessions: readonly GridSession[], layout: GridLayout, ctx: ReadContext,
): AttendanceRecord[] {
  const keyField = ref.columns.has('id') && textOf(ref, cells, 'id') !== '' ? 'id' : 'pesel';
  const key = keyText(cellOf(ref, cells, keyField), keyField === 'pesel', ctx.csv);
  const keyCol = ref.columns.get(ref.columns.has(keyField) ? keyField : 'id') ?? ref.columns.get('name');
  const label = (name: keyof GridLayout['labels']): Location => {
    const l = layout.labels[name];
    return { file: ref.file, sheet: ref.sheet, row: l?.at.row ?? null, column: l?.at.letter ?? null, header: l?.at.header ?? null };
  };
  return sessions.map((s) => {
    const cell = cells[s.index] ?? null;
    const markAt: Location = { file: ref.file, sheet: ref.sheet, row, column: s.letter, header: s.header };
    return {
      ref,
      row,
      layout: 'grid',
      dateAt: { file: ref.file, sheet: ref.sheet, row: ref.headerRow, column: s.letter, header: s.header },
      dateText: s.header,
      date: s.date,
      action: layout.labels.action?.value ?? '',
      actionAt: label('action'),
      form: layout.labels.form?.value ?? '',
      formAt: label('form'),
      title: layout.labels.title?.value ?? '',
      hours: s.hours,
      hoursAt: s.hoursAt,
      key,
      keyAt: { file: ref.file, sheet: ref.sheet, row, column: keyCol?.letter ?? null, header: keyCol?.header ?? null },
      markAt,
      markText: cellText(cell),
      mark: ctx.marks.read(cell),
    };
  });
}
