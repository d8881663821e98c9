/**
 * Attendance records in compact per-column storage: typed arrays and interned strings, so a
 * million rows take tens of megabytes, not a million objects. A record is one row of the long
 * layout or one participant × session cell of a grid. Sessions — (date, action, form, title) —
 * are numbered as records arrive.
 */
import { fromDayNumber, type IsoDate } from '../dates.js';
import type { Location, TableRef } from './table.js';

export type Mark = 'present' | 'absent' | 'excused';

/** Stored mark codes. */
export const MARK = { absent: 0, present: 1, excused: 2, invalid: 3 } as const;
export const MARK_NAMES: readonly (Mark | null)[] = ['absent', 'present', 'excused', null];

/** Day numbers below this mean no usable date. */
export const NO_DAY = -100_000_000;
export const DAY_MISSING = NO_DAY - 1;
export const DAY_INVALID = NO_DAY - 2;
/** A day later than any: "none" where the earliest day is looked for. */
export const NEVER = 2_147_483_647;

/** Hours: NaN = unreadable, -1 = not given and no default. */
export const HOURS_MISSING = -1;

/** Bad raw texts kept for messages, by field. */
export const BAD = { date: 0, mark: 1, hours: 2, headcount: 3 } as const;

/**
 * A copy of a string that does not point into the text it was cut from. V8 keeps a slice's
 * whole parent alive (a megabyte of CSV for a ten-character code), so anything stored beyond
 * the current row is detached first.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (` ${s}`).slice(1);
}

export class Interner {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];
  id(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.values.length;
      const own = detach(s);
      this.ids.set(own, i);
      this.values.push(own);
    }
    return i;
  }
  get(i: number): string {
    return this.values[i] ?? '';
  }
}

export interface GridColumn {
  index: number;
  letter: string;
  header: string;
  /** Where the hours came from: the `Liczba godzin` row, or the header when defaulted. */
  hoursRow: number;
  session: number;
}

export interface GridLabels {
  action?: { row: number; letter: string; header: string };
  form?: { row: number; letter: string; header: string };
  title?: { row: number; letter: string; header: string };
}

export interface AttendanceTable {
  ref: TableRef;
  layout: 'long' | 'grid';
  /** grid: the session columns. */
  columns: GridColumn[];
  labels: GridLabels;
}

export interface SessionRow {
  day: number;
  action: number;
  form: number;
  title: number;
  /** First record of the session (provenance). */
  first: number;
}

function grow<T extends Int32Array | Float32Array | Uint8Array | Uint16Array | Int16Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

export class AttendanceStore {
  length = 0;
  readonly tables: AttendanceTable[] = [];
  /** Actions, forms, titles. */
  readonly texts = new Interner();
  /** Participant keys as written (Identyfikator or PESEL). */
  readonly keys = new Interner();
  readonly sessions: SessionRow[] = [];
  /** Raw texts of bad values, `index * 4 + BAD.field` → text. */
  readonly bad = new Map<number, string>();
  /** Open-event headcounts by record (sparse): NaN when unreadable. */
  readonly headcount = new Map<number, number>();
  /** Person (participant index) per interned key id; -1 unknown. */
  personOfKey: number[] = [];

  table = new Uint16Array(1024);
  row = new Int32Array(1024);
  /** grid: index into the table's session columns; -1 for the long layout. */
  col = new Int16Array(1024);
  day = new Int32Array(1024);
  action = new Int32Array(1024);
  form = new Int32Array(1024);
  title = new Int32Array(1024);
  key = new Int32Array(1024);
  person = new Int32Array(1024);
  hours = new Float32Array(1024);
  mark = new Uint8Array(1024);
  session = new Int32Array(1024);

  private readonly sessionIds = new Map<string, number>();
  private last = { day: NaN, action: -1, form: -1, title: -1, session: -1 };
  private dups: { flags: Uint8Array; first: Int32Array } | undefined;

  /** The empty string is id 0 in both interners: "no value". */
  constructor() {
    this.texts.id('');
    this.keys.id('');
    this.personOfKey.push(-1);
  }

  /** Id of a participant key, resolving it to a person the first time it is seen. */
  keyId(text: string, personOf: (key: string) => number | undefined): number {
    const before = this.keys.values.length;
    const id = this.keys.id(text);
    if (id === before) this.personOfKey.push(personOf(text) ?? -1);
    return id;
  }

  /** Session number of (day, action, form, title); consecutive rows of a session hit a cache. */
  sessionOf(day: number, action: number, form: number, title: number, record: number): number {
    if (day <= NO_DAY) return -1;
    const l = this.last;
    if (l.day === day && l.action === action && l.form === form && l.title === title) return l.session;
    const k = `${day},${action},${form},${title}`;
    let s = this.sessionIds.get(k);
    if (s === undefined) {
      s = this.sessions.length;
      this.sessionIds.set(k, s);
      this.sessions.push({ day, action, form, title, first: record });
    }
    this.last = { day, action, form, title, session: s };
    return s;
  }

  /** Makes room for `rows` more records at once (an estimate from the file size saves copies). */
  reserve(rows: number): void {
    if (this.length + rows > this.row.length) this.resize(this.length + rows);
  }

  private ensure(): void {
    if (this.length < this.row.length) return;
    // grow by a quarter: more copies than doubling, but far less unused room at the end
    this.resize(Math.max(1024, Math.ceil(this.row.length * 1.25)));
  }

  private resize(size: number): void {
    this.table = grow(this.table, size);
    this.row = grow(this.row, size);
    this.col = grow(this.col, size);
    this.day = grow(this.day, size);
    this.action = grow(this.action, size);
    this.form = grow(this.form, size);
    this.title = grow(this.title, size);
    this.key = grow(this.key, size);
    this.person = grow(this.person, size);
    this.hours = grow(this.hours, size);
    this.mark = grow(this.mark, size);
    this.session = grow(this.session, size);
  }

  /** Appends a record; returns its index. `form` is the effective form (only form filled in). */
  push(table: number, row: number, col: number, day: number, action: number, form: number, title: number, key: number, hours: number, mark: number): number {
    this.ensure();
    const i = this.length++;
    this.table[i] = table;
    this.row[i] = row;
    this.col[i] = col;
    this.day[i] = day;
    this.action[i] = action;
    this.form[i] = form;
    this.title[i] = title;
    this.key[i] = key;
    this.person[i] = this.personOfKey[key] ?? -1;
    this.hours[i] = hours;
    this.mark[i] = mark;
    this.session[i] = this.sessionOf(day, action, form, title, i);
    this.dups = undefined;
    return i;
  }

  // ------------------------------------------------------------------ reading back

  /** Cell of a field of record i (long layout by bound column; grid by session column / labels). */
  at(i: number, field: 'date' | 'action' | 'form' | 'title' | 'hours' | 'key' | 'mark' | 'headcount'): Location {
    const t = this.tables[this.table[i] ?? 0] as AttendanceTable;
    const base = { file: t.ref.file, sheet: t.ref.sheet };
    const row = this.row[i] ?? 0;
    if (t.layout === 'long') {
      const c = t.ref.columns;
      const col = field === 'key' ? (c.get('id') ?? c.get('pesel'))
        : field === 'hours' ? (c.get('hours') ?? c.get('timeTo') ?? c.get('timeFrom') ?? c.get('date'))
          : c.get(field);
      return { ...base, row, column: col?.letter ?? null, header: col?.header ?? null };
    }
    const gc = t.columns[this.col[i] ?? 0] as GridColumn;
    switch (field) {
      case 'date':
        return { ...base, row: t.ref.headerRow, column: gc.letter, header: gc.header };
      case 'hours':
        return { ...base, row: gc.hoursRow, column: gc.letter, header: gc.header };
      case 'mark':
        return { ...base, row, column: gc.letter, header: gc.header };
      case 'action':
      case 'form':
      case 'title': {
        const l = t.labels[field];
        return { ...base, row: l?.row ?? null, column: l?.letter ?? null, header: l?.header ?? null };
      }
      default: {
        const col = t.ref.columns.get('id') ?? t.ref.columns.get('pesel') ?? t.ref.columns.get('name');
        return { ...base, row, column: col?.letter ?? null, header: col?.header ?? null };
      }
    }
  }

  /** File, sheet, row and cell of record i's date, cheaply (one per session, for the audit trail). */
  dateSource(i: number): { file: string; sheet: string; row: number; cell: string } {
    const t = this.tables[this.table[i] ?? 0] as AttendanceTable;
    if (t.layout === 'grid') {
      const gc = t.columns[this.col[i] ?? 0];
      return { file: t.ref.file, sheet: t.ref.sheet, row: t.ref.headerRow, cell: `${gc?.letter ?? ''}${t.ref.headerRow}` };
    }
    const row = this.row[i] ?? 0;
    return { file: t.ref.file, sheet: t.ref.sheet, row, cell: `${t.ref.columns.get('date')?.letter ?? ''}${row}` };
  }

  /** Where the session's date is for the user: the mark cell in a grid, the date cell in a list. */
  dateCell(i: number): Location {
    return this.tables[this.table[i] ?? 0]?.layout === 'grid' ? this.at(i, 'mark') : this.at(i, 'date');
  }

  isoDate(i: number): IsoDate | undefined {
    const d = this.day[i] ?? DAY_MISSING;
    return d > NO_DAY ? fromDayNumber(d) : undefined;
  }

  markOf(i: number): Mark | null {
    return MARK_NAMES[this.mark[i] ?? 3] ?? null;
  }

  badText(i: number, field: number): string {
    return this.bad.get(i * 4 + field) ?? '';
  }

  /**
   * Records that repeat a (session, participant key) pair seen earlier: `flags[i]` is 1 for each
   * repeat and `first[i]` the earlier record. Records are bucketed by session (counting sort),
   * then a per-key "last seen" array finds repeats in one pass — no pairwise scan.
   */
  duplicates(): { flags: Uint8Array; first: Int32Array } {
    if (this.dups) return this.dups;
    const n = this.length;
    const flags = new Uint8Array(n);
    const first = new Int32Array(n).fill(-1);
    const sessions = this.sessions.length;
    const start = new Int32Array(sessions + 1);
    for (let i = 0; i < n; i++) {
      const s = this.session[i] ?? -1;
      if (s >= 0 && (this.key[i] ?? 0) !== 0) start[s + 1] = (start[s + 1] ?? 0) + 1;
    }
    for (let s = 0; s < sessions; s++) start[s + 1] = (start[s + 1] ?? 0) + (start[s] ?? 0);
    const order = new Int32Array(start[sessions] ?? 0);
    const fill = start.slice(0, sessions);
    for (let i = 0; i < n; i++) {
      const s = this.session[i] ?? -1;
      if (s >= 0 && (this.key[i] ?? 0) !== 0) order[fill[s]!++] = i;
    }
    const lastSession = new Int32Array(this.keys.values.length).fill(-1);
    const lastRecord = new Int32Array(this.keys.values.length);
    for (let s = 0; s < sessions; s++) {
      for (let k = start[s] ?? 0; k < (start[s + 1] ?? 0); k++) {
        const i = order[k] as number;
        const key = this.key[i] as number;
        if (lastSession[key] === s) {
          flags[i] = 1;
          first[i] = lastRecord[key] as number;
        } else {
          lastSession[key] = s;
          lastRecord[key] = i;
        }
      }
    }
    this.dups = { flags, first };
    return this.dups;
  }

  /** A plain view of record i (tests and small listings; not for hot paths). */
  view(i: number): AttendanceView {
    const t = this.tables[this.table[i] ?? 0] as AttendanceTable;
    const hc = this.headcount.get(i);
    const view: AttendanceView = {
      layout: t.layout,
      file: t.ref.file,
      sheet: t.ref.sheet,
      row: this.row[i] ?? 0,
      cell: `${this.at(i, 'mark').column ?? ''}${this.row[i] ?? ''}`,
      date: this.isoDate(i),
      action: this.texts.get(this.action[i] ?? 0),
      form: this.texts.get(this.form[i] ?? 0),
      title: this.texts.get(this.title[i] ?? 0),
      hours: this.hours[i] ?? NaN,
      key: this.keys.get(this.key[i] ?? 0),
      mark: this.markOf(i),
    };
    if (hc !== undefined) view.headcount = hc;
    return view;
  }

  toArray(): AttendanceView[] {
    return Array.from({ length: this.length }, (_, i) => this.view(i));
  }
}

export interface AttendanceView {
  layout: 'long' | 'grid';
  file: string;
  sheet: string;
  row: number;
  cell: string;
  date: IsoDate | undefined;
  action: string;
  form: string;
  title: string;
  hours: number;
  key: string;
  mark: Mark | null;
  headcount?: number;
}

