/**
 * Attendance sheets (SPEC §3.3) in two layouts, detected per sheet from its first rows:
 * - long: one row per participant per session (or a headcount row for an open event);
 * - grid: the paper attendance list — labels `Kod działania:`, `Forma:`, `Zajęcia:` above,
 *   then `Lp.`, `Identyfikator`/`PESEL`, `Imię i nazwisko` and one column per session date,
 *   an optional `Liczba godzin` row under the header, and `Razem` rows that are totals.
 * Rows stream into the AttendanceStore; values are converted with small caches (the same
 * date, code or mark text recurs on thousands of rows), and only judged later by the rules.
 */
import { excelSerialToIso, formatPl, parseDateText, toDayNumber } from '../dates.js';
import type { Dictionaries } from '../project/index.js';
import {
  AttendanceStore, type GridColumn, type GridLabels, type Mark, type RecordInput, type ValueProblem,
} from './attendance-store.js';
import { HeaderMatcher, normalizeHeader, type ColumnSpec } from './headers.js';
import type { TableRef } from './table.js';
import { cellText, columnLetter, isEmptyCell, parseDateCell, parseNumberCell, parseTimeCell, type Cell } from './values.js';
import type { SheetRow } from './source.js';
import { detach } from '../text.js';

export type { Mark } from './attendance-store.js';

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

/** Actions that deliver exactly one form: a record without `Forma` belongs to that form. */
export function onlyForms(actions: readonly { code: string; forms?: string[] | undefined }[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const a of actions) if (a.forms?.length === 1 && a.forms[0]) m.set(a.code, a.forms[0]);
  return m;
}

/** Normalises a mark for lookup: case, spaces and a trailing dot (`ob.`, `nb.`, `usp.`). */
function markKey(text: string): string {
  return text.trim().toLocaleLowerCase('pl').replace(/\.$/, '');
}

/**
 * A function of a cell's text, remembered: the same date, code or mark recurs on thousands of
 * rows, most often on the row before. At most `max` texts are kept (runaway input).
 */
class TextMemo<T> {
  private readonly cache = new Map<string, T>();
  private lastText: string | undefined;
  private lastValue: T | undefined;
  constructor(private readonly compute: (text: string) => T, private readonly max = 100_000) {}
  get(text: string): T {
    if (text === this.lastText) return this.lastValue as T;
    let v = this.cache.get(text);
    if (v === undefined && !this.cache.has(text)) {
      v = this.compute(text);
      if (this.cache.size < this.max) this.cache.set(detach(text), v);
    }
    this.lastText = text;
    this.lastValue = v;
    return v as T;
  }
}

/** Attendance marks as written (`x`, `nb`, `usp.` …) to what they mean. */
export class MarkReader {
  private readonly marks = new Map<string, Mark>();
  private readonly texts = new TextMemo((text): Mark | 'invalid' => this.marks.get(markKey(text.replace(/[\s\u00a0]+/g, ' '))) ?? 'invalid');
  constructor(dict: Dictionaries) {
    for (const m of dict.obecnosc.obecny) this.marks.set(markKey(m), 'present');
    for (const m of dict.obecnosc.nieobecny) this.marks.set(markKey(m), 'absent');
    for (const m of dict.obecnosc.usprawiedliwiony) this.marks.set(markKey(m), 'excused');
    this.marks.set('✔', 'present');
  }
  read(cell: Cell | undefined): Mark | 'invalid' {
    if (cell === null || cell === undefined) return 'absent';
    if (cell === true) return 'present';
    if (cell === false) return 'absent';
    if (typeof cell === 'string') return this.texts.get(cell);
    return this.marks.get(markKey(cellText(cell))) ?? 'invalid';
  }
}

/** PESEL used as a key may be a number cell that lost its leading zero. */
export function keyText(cell: Cell | undefined, isPesel: boolean, csv: boolean): string {
  const t = cellText(cell ?? null);
  if (isPesel && (typeof cell === 'number' || csv) && /^\d{9,10}$/.test(t)) return t.padStart(11, '0');
  return t;
}

export interface IngestContext {
  store: AttendanceStore;
  marks: MarkReader;
  onlyForm: ReadonlyMap<string, string>;
  /** Default session hours of a form (SPEC §2 `forms[].hours`). */
  defaultHours: (form: string, action: string) => number | undefined;
  /** Participant index of an attendance key (Identyfikator or PESEL). */
  personOf: (key: string) => number | undefined;
  date1904: boolean;
  csv: boolean;
  /** CSV delimiter (undefined for workbooks). */
  delimiter: string | undefined;
}

const DAY_1900 = toDayNumber('1899-12-30');
const DAY_1904 = toDayNumber('1904-01-01');

/** Cell → day number, or why there is none. */
class DayParser {
  private readonly texts: TextMemo<number | ValueProblem>;
  constructor(private readonly date1904: boolean) {
    this.texts = new TextMemo((text) => {
      if (text.trim() === '') return 'missing';
      const iso = parseDateCell(text, date1904) ?? parseDateText(text);
      return iso ? toDayNumber(iso) : 'invalid';
    });
  }
  parse(cell: Cell | undefined): number | ValueProblem {
    if (cell === null || cell === undefined) return 'missing';
    if (typeof cell === 'string') return this.texts.get(cell);
    if (typeof cell === 'number') {
      const iso = excelSerialToIso(cell, this.date1904);
      return iso === null ? 'invalid' : Math.floor(cell) + (this.date1904 ? DAY_1904 : DAY_1900);
    }
    if (cell instanceof Date) return Math.floor(cell.getTime() / 86_400_000 + 1 / 86_400);
    return 'invalid';
  }
}

/** Cell → interned text id (trimmed, spaces collapsed). */
class TextIds {
  private readonly texts: TextMemo<number>;
  constructor(private readonly intern: (s: string) => number) {
    this.texts = new TextMemo((text) => intern(cellText(text)));
  }
  id(cell: Cell | undefined): number {
    return typeof cell === 'string' ? this.texts.get(cell) : this.intern(cellText(cell ?? null));
  }
}

/** Cell → hours: a number, null when unreadable, undefined when empty. */
class NumberParser {
  private readonly texts = new TextMemo(parseNumberCell);
  parse(cell: Cell | undefined): number | null | undefined {
    if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
    return typeof cell === 'string' ? this.texts.get(cell) : parseNumberCell(cell ?? null);
  }
}

/** A record to fill and push, reused for every row (the store copies what it keeps). */
function recordInput(table: number): RecordInput {
  return { table, row: 0, col: -1, day: 'missing', action: 0, form: 0, title: 0, key: 0, peselKey: false, hours: 'missing', mark: 'absent', headcount: undefined, bad: undefined };
}

/** Beyond this a session from clock times is reported with its times (the rules' own limit is the same). */
const MAX_TIMED_HOURS = 12;

/** A clock time as messages show it: `10:30` when read, the cell's text when not, '' when empty. */
export function timeText(hours: number | null | undefined, cell: Cell | undefined): string {
  if (typeof hours !== 'number') return cellText(cell ?? null);
  const minutes = Math.round(hours * 60);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Streams long-layout rows into the store. */
export class LongIngest {
  private readonly table: number;
  private readonly days: DayParser;
  /** One per field: each keeps its own last value, which most rows repeat. */
  private readonly actions: TextIds;
  private readonly forms: TextIds;
  private readonly titles: TextIds;
  private readonly numbers = new NumberParser();
  private readonly idx: Record<string, number>;
  private readonly keyCache = new Map<string, number>();
  private readonly formOf = new Map<number, number>();
  private readonly record: RecordInput;
  /** The row's clock times when they gave no usable hours. */
  private times: { timeFrom: string; timeTo: string } | undefined;

  constructor(private readonly ctx: IngestContext, ref: TableRef) {
    this.table = ctx.store.addTable({ ref, layout: 'long', columns: [], labels: {} });
    this.record = recordInput(this.table);
    this.days = new DayParser(ctx.date1904);
    const intern = (s: string) => ctx.store.text(s);
    this.actions = new TextIds(intern);
    this.forms = new TextIds(intern);
    this.titles = new TextIds(intern);
    this.idx = {};
    for (const [field, col] of ref.columns) this.idx[field] = col.index;
  }

  private cell(cells: readonly Cell[], field: string): Cell | undefined {
    const i = this.idx[field];
    return i === undefined ? undefined : (cells[i] ?? null);
  }

  /** Effective form id: the given one, or the action's only form. */
  private form(raw: number, action: number): number {
    if (raw !== 0) return raw;
    let f = this.formOf.get(action);
    if (f === undefined) {
      f = this.ctx.store.text(this.ctx.onlyForm.get(this.ctx.store.textOf(action)) ?? '');
      this.formOf.set(action, f);
    }
    return f;
  }

  private key(cells: readonly Cell[]): number {
    const { store, csv, personOf } = this.ctx;
    const id = this.cell(cells, 'id');
    const usePesel = isEmptyCell(id);
    const cell = usePesel ? this.cell(cells, 'pesel') : id;
    this.record.peselKey = usePesel && !isEmptyCell(cell);
    if (typeof cell !== 'string') return store.keyId(keyText(cell, usePesel, csv), personOf);
    // a CSV PESEL short of its leading zeros is padded: the same text as an id is another key
    const cacheKey = usePesel && csv ? `p${cell}` : cell;
    let k = this.keyCache.get(cacheKey);
    if (k === undefined) {
      k = store.keyId(keyText(cell, usePesel, csv), personOf);
      this.keyCache.set(detach(cacheKey), k);
    }
    return k;
  }

  /**
   * Hours given, from clock times, or the form's default; 'invalid' when unreadable. Times that
   * give no usable hours (one missing or unreadable, the end not after the start, too long) are
   * kept in `times` for the messages, which speak of times, not of a number of hours.
   */
  private hours(cells: readonly Cell[], form: number, action: number): number | ValueProblem {
    this.times = undefined;
    const given = this.numbers.parse(this.cell(cells, 'hours'));
    if (given !== undefined) return given === null ? 'invalid' : given;
    const fromCell = this.cell(cells, 'timeFrom');
    const toCell = this.cell(cells, 'timeTo');
    const from = parseTimeCell(fromCell);
    const to = parseTimeCell(toCell);
    if (from !== undefined || to !== undefined) {
      const hours = typeof from === 'number' && typeof to === 'number' ? Math.round((to - from) * 100) / 100 : NaN;
      if (hours > 0 && hours <= MAX_TIMED_HOURS) return hours;
      this.times = { timeFrom: timeText(from, fromCell), timeTo: timeText(to, toCell) };
      return Number.isNaN(hours) ? 'invalid' : hours;
    }
    const store = this.ctx.store;
    return this.ctx.defaultHours(store.textOf(form), store.textOf(action)) ?? 'missing';
  }

  row(n: number, cells: readonly Cell[]): void {
    const r = this.record;
    const dateCell = this.cell(cells, 'date');
    const markCell = this.cell(cells, 'mark');
    r.row = n;
    r.day = this.days.parse(dateCell);
    r.action = this.actions.id(this.cell(cells, 'action'));
    r.form = this.form(this.forms.id(this.cell(cells, 'form')), r.action);
    r.title = this.titles.id(this.cell(cells, 'title'));
    r.key = this.key(cells);
    r.hours = this.hours(cells, r.form, r.action);
    r.start = this.idx.timeFrom !== undefined && this.ctx.store.formIsIndividual(r.form) ? (parseTimeCell(this.cell(cells, 'timeFrom')) ?? undefined) : undefined;
    // without an `Obecność` column a row lists someone who was there
    r.mark = this.idx.mark === undefined ? 'present' : this.ctx.marks.read(markCell);
    r.headcount = undefined;
    if (r.key === 0 && this.idx.headcount !== undefined) {
      const hc = this.numbers.parse(this.cell(cells, 'headcount'));
      if (hc !== undefined) r.headcount = hc === null || !Number.isInteger(hc) || hc < 0 ? 'invalid' : hc;
    }
    r.bad = r.day === 'invalid' || r.mark === 'invalid' || r.hours === 'invalid' || this.times ? {
      date: r.day === 'invalid' ? cellText(dateCell ?? null) : undefined,
      mark: r.mark === 'invalid' ? cellText(markCell ?? null) : undefined,
      hours: r.hours === 'invalid' && !this.times ? cellText(this.cell(cells, 'hours') ?? null) : undefined,
      timeFrom: this.times?.timeFrom,
      timeTo: this.times?.timeTo,
    } : undefined;
    this.ctx.store.push(r);
  }
}

// ---------------------------------------------------------------------------------------
// Grid layout

export interface LabelCell {
  value: string;
  at: { row: number; letter: string; header: string };
}

export interface LongLayout {
  kind: 'long';
  headerIndex: number;
}

export interface GridLayout {
  kind: 'grid';
  headerIndex: number;
  labels: { action?: LabelCell; form?: LabelCell; title?: LabelCell };
}

const TOTAL_ROW = /^(razem|suma|ogółem|łącznie)\b/i;

/** A `Razem`/`Suma` row totals the grid: it is not a person. */
export function isTotalRow(cells: readonly Cell[]): boolean {
  for (const c of cells) {
    if (isEmptyCell(c)) continue;
    return typeof c === 'string' && TOTAL_ROW.test(c.trim());
  }
  return false;
}

/** Whether the row under the header is the `Liczba godzin` row. */
export function isHoursRow(cells: readonly Cell[]): boolean {
  const first = cells.find((c) => !isEmptyCell(c));
  return first !== undefined && normalizeHeader(cellText(first)) === 'liczba godzin';
}

/** Streams grid rows into the store; the first row after the header may be `Liczba godzin`. */
export class GridIngest {
  private readonly table: number;
  private readonly columns: GridColumn[] = [];
  private readonly days: number[] = [];
  private hours: (number | ValueProblem)[] = [];
  private started = false;
  private readonly record: RecordInput;
  private readonly action: number;
  private readonly form: number;
  private readonly title: number;
  private readonly keyIdx: number | undefined;
  private readonly peselIdx: number | undefined;

  constructor(private readonly ctx: IngestContext, ref: TableRef, private readonly header: SheetRow, layout: GridLayout) {
    const store = ctx.store;
    const labels: GridLabels = {};
    for (const name of ['action', 'form', 'title'] as const) {
      const l = layout.labels[name];
      if (l) labels[name] = l.at;
    }
    this.table = store.addTable({ ref, layout: 'grid', columns: this.columns, labels });
    this.record = recordInput(this.table);
    this.action = store.text(layout.labels.action?.value ?? '');
    const rawForm = layout.labels.form?.value ?? '';
    this.form = store.text(rawForm || (ctx.onlyForm.get(store.textOf(this.action)) ?? ''));
    this.title = store.text(layout.labels.title?.value ?? '');
    this.keyIdx = ref.columns.get('id')?.index;
    this.peselIdx = ref.columns.get('pesel')?.index;
    const taken = new Set([...ref.columns.values()].map((c) => c.index));
    header.cells.forEach((cell, index) => {
      if (taken.has(index) || isEmptyCell(cell)) return;
      const iso = parseDateCell(cell, ctx.date1904);
      if (typeof iso !== 'string') return;
      // the column is named as the sheet shows the date: a date cell as dd.mm.yyyy, a typed date as typed
      this.columns.push({ index, letter: columnLetter(index), header: typeof cell === 'string' ? cellText(cell) : formatPl(iso), hoursRow: header.n });
      this.days.push(toDayNumber(iso));
    });
  }

  /** Whether the row under the header was the `Liczba godzin` row. */
  hasHoursRow(): boolean {
    return this.columns.some((c) => c.hoursRow !== this.header.n);
  }

  /** Session date columns (header cells that are dates). */
  sessionIndexes(): Set<number> {
    return new Set(this.columns.map((c) => c.index));
  }

  private start(hoursRow: SheetRow | undefined): void {
    this.started = true;
    const store = this.ctx.store;
    const defaultHours = this.ctx.defaultHours(store.textOf(this.form), store.textOf(this.action));
    this.hours = this.columns.map((c) => {
      if (hoursRow) {
        c.hoursRow = hoursRow.n;
        const v = parseNumberCell(hoursRow.cells[c.index]);
        if (v === null) return 'invalid';
        if (v !== undefined) return v;
      }
      return defaultHours ?? 'missing';
    });
  }

  row(n: number, cells: readonly Cell[]): void {
    if (!this.started) {
      if (n === this.header.n + 1 && isHoursRow(cells)) {
        this.start({ n, cells: cells.slice() });
        return;
      }
      this.start(undefined);
    }
    const store = this.ctx.store;
    const id = this.keyIdx === undefined ? null : (cells[this.keyIdx] ?? null);
    const usePesel = isEmptyCell(id);
    const keyCell = usePesel ? (this.peselIdx === undefined ? null : (cells[this.peselIdx] ?? null)) : id;
    const r = this.record;
    r.row = n;
    r.key = store.keyId(keyText(keyCell, usePesel, this.ctx.csv), this.ctx.personOf);
    r.peselKey = usePesel && !isEmptyCell(keyCell);
    r.action = this.action;
    r.form = this.form;
    r.title = this.title;
    this.columns.forEach((c, k) => {
      const cell = cells[c.index] ?? null;
      r.col = k;
      r.day = this.days[k] ?? 'missing';
      r.hours = this.hours[k] ?? 'missing';
      r.mark = this.ctx.marks.read(cell);
      r.bad = r.mark === 'invalid' ? { mark: cellText(cell) } : undefined;
      store.push(r);
    });
  }
}

// ---------------------------------------------------------------------------------------
// Layout detection

export const longMatcher = (aliases: Record<string, string>) => new HeaderMatcher(LONG_COLUMNS, aliases);
export const gridMatcher = (aliases: Record<string, string>) => new HeaderMatcher(GRID_COLUMNS, aliases);

const LONG_MIN_HEADERS = 3;

/** Every spelling of a grid label, normalised once. */
const LABEL_NAMES = new Map((Object.keys(GRID_LABELS) as (keyof typeof GRID_LABELS)[])
  .flatMap((name) => GRID_LABELS[name].map((l) => [normalizeHeader(l), name] as const)));

function labelName(cell: Cell | undefined): keyof typeof GRID_LABELS | undefined {
  if (isEmptyCell(cell)) return undefined;
  return LABEL_NAMES.get(normalizeHeader(cellText(cell ?? null)));
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
export function detectLayout(rows: readonly SheetRow[], long: HeaderMatcher, grid: HeaderMatcher, date1904: boolean): LongLayout | GridLayout | undefined {
  const labels: GridLayout['labels'] = {};
  for (let i = 0; i < rows.length; i++) {
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
