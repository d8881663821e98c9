/**
 * Attendance records in compact per-column storage: typed arrays and interned strings, so a
 * million rows take tens of megabytes, not a million objects. A record is one row of the long
 * layout or one participant × session cell of a grid. Sessions — (date, action, form, title) —
 * are numbered as records arrive; a record of an `individual` form (SPEC §2: each row is its own
 * session, e.g. a consultation) is a session of its own. The arrays, their sentinel values and
 * the keys of the side maps stay inside: callers read records through the methods below.
 */
import { fromDayNumber, type IsoDate } from '../dates.js';
import { detach } from '../text.js';
import type { Location, TableRef } from './table.js';

export type Mark = 'present' | 'absent' | 'excused';

/** Why a record has no usable date or hours (empty cell, or a value that cannot be read). */
export type ValueProblem = 'missing' | 'invalid';

/** Stored mark codes. */
const MARK = { absent: 0, present: 1, excused: 2, invalid: 3 } as const;
const MARK_NAMES: readonly (Mark | null)[] = ['absent', 'present', 'excused', null];

/** Day numbers below this mean no usable date. */
const NO_DAY = -100_000_000;
const DAY_MISSING = NO_DAY - 1;
const DAY_INVALID = NO_DAY - 2;

/** Hours: NaN = unreadable, -1 = not given and no default. */
const HOURS_MISSING = -1;

/**
 * Fields whose unreadable raw text is kept for messages. `timeFrom`/`timeTo`: the clock times
 * the hours came from, kept when they give no usable hours (`10:30` when read, else as written).
 */
export type BadField = 'date' | 'mark' | 'hours' | 'timeFrom' | 'timeTo';
const BAD_FIELDS: readonly BadField[] = ['date', 'mark', 'hours', 'timeFrom', 'timeTo'];

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

/** A session: ids of its interned texts, and its first record (provenance). */
export interface SessionRow {
  day: number;
  action: number;
  form: number;
  title: number;
  first: number;
  /** A record of an individual form: the session is that one record. */
  individual?: true;
}

/**
 * One record as ingest hands it over (a reused object: push copies what it keeps). Texts are
 * interned ids (`store.text()`), the key an id from `store.keyId()`.
 */
export interface RecordInput {
  table: number;
  row: number;
  /** grid: index into the table's session columns; -1 for the long layout. */
  col: number;
  day: number | ValueProblem;
  action: number;
  form: number;
  title: number;
  key: number;
  /** The key was read from the `PESEL` cell (the `Identyfikator` cell of the row is empty). */
  peselKey?: boolean;
  hours: number | ValueProblem;
  mark: Mark | 'invalid';
  /** Open event without a list: the number of people, or invalid when unreadable. */
  headcount?: number | 'invalid' | undefined;
  /** A record of an individual form: its start time (`Godzina od`, in hours), which tells two consultations of a day apart. */
  start?: number | undefined;
  /** Raw texts of unreadable values, for messages. */
  bad?: Partial<Record<BadField, string>> | undefined;
}

function grow<T extends Int32Array | Float32Array | Uint8Array | Uint16Array | Int16Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

export class AttendanceStore {
  private count = 0;
  private readonly tables: AttendanceTable[] = [];
  /** Actions, forms, titles. */
  private readonly texts = new Interner();
  /** Participant keys as written (Identyfikator or PESEL). */
  private readonly keys = new Interner();
  private readonly sessionList: SessionRow[] = [];
  /** Raw texts of bad values, `index * 3 + field` → text. */
  private readonly bad = new Map<number, string>();
  /** Open-event headcounts by record (sparse): NaN when unreadable. */
  private readonly headcounts = new Map<number, number>();
  /** Start times of records of individual forms that have one (sparse). */
  private readonly starts = new Map<number, number>();
  /** Person (participant index) per interned key id; -1 unknown. */
  private readonly personOfKey: number[] = [];

  private tableOf = new Uint16Array(1024);
  private rowOf = new Int32Array(1024);
  private colOf = new Int16Array(1024);
  private dayOf = new Int32Array(1024);
  private actionOf = new Int32Array(1024);
  private formOf = new Int32Array(1024);
  private titleOf = new Int32Array(1024);
  private keyOf = new Int32Array(1024);
  /** 1 when the key was read from the PESEL cell: where an issue about the key points. */
  private peselKeyOf = new Uint8Array(1024);
  private personOfRecord = new Int32Array(1024);
  private hoursOf = new Float32Array(1024);
  private markOf = new Uint8Array(1024);
  private sessionOfRecord = new Int32Array(1024);

  /**
   * Sessions by title and day packed into one number: no key text per record (200,000 individual
   * consultations made 200,000 texts). A session whose title and day an earlier one has (another
   * action or form, or two days 65,536 apart) is found by its whole key instead.
   */
  private readonly sessionIds = new Map<number, number>();
  private readonly otherSessionIds = new Map<string, number>();
  private last = { day: NaN, action: -1, form: -1, title: -1, session: -1 };
  private dups: { flags: Uint8Array; first: Int32Array } | undefined;
  /** Per form text id: 1 when the form is individual, 0 when not (filled as forms are seen). */
  private readonly individualOf: number[] = [];
  /**
   * Records the per-session pass of `duplicates` cannot see: open-event headcount rows (no
   * participant key) and records of individual forms (a session each). Few in practice.
   */
  private readonly loose: number[] = [];

  /** The empty string is id 0 in both interners: "no value". `individualForms`: codes of the forms whose rows are sessions of their own. */
  constructor(private readonly individualForms: ReadonlySet<string> = new Set()) {
    this.texts.id('');
    this.keys.id('');
    this.personOfKey.push(-1);
  }

  // ------------------------------------------------------------------ building

  addTable(table: AttendanceTable): number {
    this.tables.push(table);
    return this.tables.length - 1;
  }

  /** Id of an action, form or title text (0 = empty). */
  text(s: string): number {
    return this.texts.id(s);
  }

  textOf(id: number): string {
    return this.texts.get(id);
  }

  /** Every interned text by id (rules look codes up once per distinct text, not per record). */
  textValues(): readonly string[] {
    return this.texts.values;
  }

  /** Id of a participant key, resolving it to a person the first time it is seen. */
  keyId(text: string, personOf: (key: string) => number | undefined): number {
    const before = this.keys.values.length;
    const id = this.keys.id(text);
    if (id === before) this.personOfKey.push(personOf(text) ?? -1);
    return id;
  }

  /** Whether a form (text id) is individual: each of its records is a session of its own. */
  formIsIndividual(form: number): boolean {
    let v = this.individualOf[form];
    if (v === undefined) v = this.individualOf[form] = this.individualForms.has(this.texts.get(form)) ? 1 : 0;
    return v === 1;
  }

  /**
   * Session number of (day, action, form, title); consecutive rows of a session hit a cache. A
   * record of an individual form opens a session of its own.
   */
  private sessionOf(day: number, action: number, form: number, title: number, record: number): number {
    if (day <= NO_DAY) return -1;
    const l = this.last;
    if (l.day === day && l.action === action && l.form === form && l.title === title) return l.session;
    if (this.formIsIndividual(form)) {
      this.sessionList.push({ day, action, form, title, first: record, individual: true });
      this.loose.push(record);
      return this.sessionList.length - 1;
    }
    const packed = title * 0x10000 + (day & 0xffff);
    let s = this.sessionIds.get(packed);
    if (s === undefined) {
      s = this.newSession(day, action, form, title, record);
      this.sessionIds.set(packed, s);
    } else {
      const first = this.sessionList[s] as SessionRow;
      if (first.day !== day || first.action !== action || first.form !== form) {
        const k = `${day},${action},${form},${title}`;
        s = this.otherSessionIds.get(k);
        if (s === undefined) {
          s = this.newSession(day, action, form, title, record);
          this.otherSessionIds.set(k, s);
        }
      }
    }
    this.last = { day, action, form, title, session: s };
    return s;
  }

  private newSession(day: number, action: number, form: number, title: number, record: number): number {
    this.sessionList.push({ day, action, form, title, first: record });
    return this.sessionList.length - 1;
  }

  /** Makes room for `rows` more records at once (an estimate from the file size saves copies). */
  reserve(rows: number): void {
    if (this.count + rows > this.rowOf.length) this.resize(this.count + rows);
  }

  private ensure(): void {
    if (this.count < this.rowOf.length) return;
    // grow by a quarter: more copies than doubling, but far less unused room at the end
    this.resize(Math.max(1024, Math.ceil(this.rowOf.length * 1.25)));
  }

  private resize(size: number): void {
    this.tableOf = grow(this.tableOf, size);
    this.rowOf = grow(this.rowOf, size);
    this.colOf = grow(this.colOf, size);
    this.dayOf = grow(this.dayOf, size);
    this.actionOf = grow(this.actionOf, size);
    this.formOf = grow(this.formOf, size);
    this.titleOf = grow(this.titleOf, size);
    this.keyOf = grow(this.keyOf, size);
    this.peselKeyOf = grow(this.peselKeyOf, size);
    this.personOfRecord = grow(this.personOfRecord, size);
    this.hoursOf = grow(this.hoursOf, size);
    this.markOf = grow(this.markOf, size);
    this.sessionOfRecord = grow(this.sessionOfRecord, size);
  }

  /** Appends a record; returns its index. `form` is the effective form (the only form filled in). */
  push(r: RecordInput): number {
    this.ensure();
    const i = this.count++;
    const day = typeof r.day === 'number' ? r.day : r.day === 'missing' ? DAY_MISSING : DAY_INVALID;
    this.tableOf[i] = r.table;
    this.rowOf[i] = r.row;
    this.colOf[i] = r.col;
    this.dayOf[i] = day;
    this.actionOf[i] = r.action;
    this.formOf[i] = r.form;
    this.titleOf[i] = r.title;
    this.keyOf[i] = r.key;
    this.peselKeyOf[i] = r.peselKey ? 1 : 0;
    this.personOfRecord[i] = this.personOfKey[r.key] ?? -1;
    this.hoursOf[i] = typeof r.hours === 'number' ? r.hours : r.hours === 'missing' ? HOURS_MISSING : NaN;
    this.markOf[i] = MARK[r.mark];
    this.sessionOfRecord[i] = this.sessionOf(day, r.action, r.form, r.title, i);
    if (r.headcount !== undefined) {
      this.headcounts.set(i, r.headcount === 'invalid' ? NaN : r.headcount);
      if (r.key === 0 && this.loose[this.loose.length - 1] !== i) this.loose.push(i);
    }
    if (r.start !== undefined) this.starts.set(i, r.start);
    if (r.bad) {
      for (const [k, field] of BAD_FIELDS.entries()) {
        const text = r.bad[field];
        if (text !== undefined) this.bad.set(i * BAD_FIELDS.length + k, detach(text));
      }
    }
    this.dups = undefined;
    return i;
  }

  // ------------------------------------------------------------------ reading back

  get length(): number {
    return this.count;
  }

  /** The date of record i is usable. */
  hasDay(i: number): boolean {
    return (this.dayOf[i] as number) > NO_DAY;
  }

  /** Why record i has no usable date; undefined when it has one. */
  dayProblem(i: number): ValueProblem | undefined {
    const d = this.dayOf[i] as number;
    return d === DAY_MISSING ? 'missing' : d === DAY_INVALID ? 'invalid' : undefined;
  }

  /** Day number of record i (days since 1970-01-01); meaningful only when `hasDay(i)`. */
  day(i: number): number {
    return this.dayOf[i] as number;
  }

  isoDate(i: number): IsoDate | undefined {
    return this.hasDay(i) ? fromDayNumber(this.dayOf[i] as number) : undefined;
  }

  action(i: number): number {
    return this.actionOf[i] as number;
  }

  form(i: number): number {
    return this.formOf[i] as number;
  }

  /** Id of the participant key (0: no key in the row). */
  key(i: number): number {
    return this.keyOf[i] as number;
  }

  keyText(i: number): string {
    return this.keys.get(this.keyOf[i] as number);
  }

  /** The text of a participant key id (`key(i)`). */
  keyTextOf(key: number): string {
    return this.keys.get(key);
  }

  /** Index of the participant the key matches; undefined when it matches nobody (or there is no key). */
  person(i: number): number | undefined {
    const p = this.personOfRecord[i] as number;
    return p < 0 ? undefined : p;
  }

  /** Hours of record i; meaningful only when `hoursProblem(i)` is undefined. */
  hours(i: number): number {
    return this.hoursOf[i] as number;
  }

  hoursProblem(i: number): ValueProblem | undefined {
    const h = this.hoursOf[i] as number;
    return Number.isNaN(h) ? 'invalid' : h === HOURS_MISSING ? 'missing' : undefined;
  }

  mark(i: number): Mark | null {
    return MARK_NAMES[this.markOf[i] ?? MARK.invalid] ?? null;
  }

  isPresent(i: number): boolean {
    return this.markOf[i] === MARK.present;
  }

  markInvalid(i: number): boolean {
    return this.markOf[i] === MARK.invalid;
  }

  /** A row of an open event: no participant key, a number of people instead. */
  isHeadcount(i: number): boolean {
    return this.keyOf[i] === 0 && this.headcounts.has(i);
  }

  /** People at an open event (NaN when unreadable); undefined for other records. */
  headcount(i: number): number | undefined {
    return this.headcounts.get(i);
  }

  /** Record i is of an individual form: its own session. */
  isIndividual(i: number): boolean {
    return this.formIsIndividual(this.formOf[i] as number);
  }

  /** Session number of record i; undefined when it has no usable date. */
  session(i: number): number | undefined {
    const s = this.sessionOfRecord[i] as number;
    return s < 0 ? undefined : s;
  }

  sessions(): readonly SessionRow[] {
    return this.sessionList;
  }

  badText(i: number, field: BadField): string {
    return this.bad.get(i * BAD_FIELDS.length + BAD_FIELDS.indexOf(field)) ?? '';
  }

  /** The table of record i: a record that does not exist is a bug, not the first row of the first table. */
  private tableOfRecord(i: number): AttendanceTable {
    const t = Number.isInteger(i) && i >= 0 && i < this.count ? this.tables[this.tableOf[i] as number] : undefined;
    if (!t) throw new RangeError(`attendance record ${i} does not exist (${this.count} records)`);
    return t;
  }

  /** The table of record i has this column (e.g. `headcount`). */
  hasColumn(i: number, field: string): boolean {
    return this.tableOfRecord(i).ref.columns.has(field);
  }

  /** Cell of a field of record i (long layout by bound column; grid by session column / labels). */
  at(i: number, field: 'date' | 'action' | 'form' | 'title' | 'hours' | 'timeFrom' | 'timeTo' | 'key' | 'mark' | 'headcount'): Location {
    const t = this.tableOfRecord(i);
    const base = { file: t.ref.file, sheet: t.ref.sheet };
    const row = this.rowOf[i] ?? 0;
    if (t.layout === 'long') {
      const c = t.ref.columns;
      const col = field === 'key' ? this.keyColumn(i, c)
        : field === 'hours' ? (c.get('hours') ?? c.get('timeTo') ?? c.get('timeFrom') ?? c.get('date'))
          : c.get(field);
      return { ...base, row, column: col?.letter ?? null, header: col?.header ?? null };
    }
    const gc = t.columns[this.colOf[i] ?? 0] as GridColumn;
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
        const col = this.keyColumn(i, t.ref.columns) ?? t.ref.columns.get('name');
        return { ...base, row, column: col?.letter ?? null, header: col?.header ?? null };
      }
    }
  }

  /** The column record i's key was read from: `PESEL` when the `Identyfikator` cell was empty, else the identifier's. */
  private keyColumn<C>(i: number, columns: ReadonlyMap<string, C>): C | undefined {
    return this.peselKeyOf[i] ? (columns.get('pesel') ?? columns.get('id')) : (columns.get('id') ?? columns.get('pesel'));
  }

  /** File, sheet, row and cell of record i's date, cheaply (one per session, for the audit trail). */
  dateSource(i: number): { file: string; sheet: string; row: number; cell: string } {
    const t = this.tableOfRecord(i);
    if (t.layout === 'grid') {
      const gc = t.columns[this.colOf[i] ?? 0];
      return { file: t.ref.file, sheet: t.ref.sheet, row: t.ref.headerRow, cell: `${gc?.letter ?? ''}${t.ref.headerRow}` };
    }
    const row = this.rowOf[i] ?? 0;
    return { file: t.ref.file, sheet: t.ref.sheet, row, cell: `${t.ref.columns.get('date')?.letter ?? ''}${row}` };
  }

  /** File, sheet and row of record i (the row of its mark in either layout), cheaply: for the evidence of submitted periods. */
  place(i: number): { file: string; sheet: string; row: number } {
    const t = this.tableOfRecord(i);
    return { file: t.ref.file, sheet: t.ref.sheet, row: this.rowOf[i] as number };
  }

  /** Where the session's date is for the user: the mark cell in a grid, the date cell in a list. */
  dateCell(i: number): Location {
    return this.tableOfRecord(i).layout === 'grid' ? this.at(i, 'mark') : this.at(i, 'date');
  }

  /**
   * The earlier record that record i repeats (the same participant in the same session; the same
   * open-event headcount row or consultation of an individual form, by content); undefined when
   * it repeats none. All repeats are found on the first question.
   */
  repeatOf(i: number): number | undefined {
    const { flags, first } = this.duplicates();
    return flags[i] ? first[i] : undefined;
  }

  /**
   * Records that repeat a (session, participant key) pair seen earlier: `flags[i]` is 1 for each
   * repeat and `first[i]` the earlier record. Records are bucketed by session (counting sort),
   * then a per-key "last seen" array finds repeats in one pass — no pairwise scan. Headcount rows
   * and records of individual forms are matched by their whole content instead (`looseRepeats`).
   */
  private duplicates(): { flags: Uint8Array; first: Int32Array } {
    if (this.dups) return this.dups;
    const n = this.count;
    const flags = new Uint8Array(n);
    const first = new Int32Array(n).fill(-1);
    const sessions = this.sessionList.length;
    const start = new Int32Array(sessions + 1);
    for (let i = 0; i < n; i++) {
      const s = this.sessionOfRecord[i] ?? -1;
      if (s >= 0 && (this.keyOf[i] ?? 0) !== 0) start[s + 1] = (start[s + 1] ?? 0) + 1;
    }
    for (let s = 0; s < sessions; s++) start[s + 1] = (start[s + 1] ?? 0) + (start[s] ?? 0);
    const order = new Int32Array(start[sessions] ?? 0);
    const fill = start.slice(0, sessions);
    for (let i = 0; i < n; i++) {
      const s = this.sessionOfRecord[i] ?? -1;
      if (s >= 0 && (this.keyOf[i] ?? 0) !== 0) order[fill[s]!++] = i;
    }
    const lastSession = new Int32Array(this.keys.values.length).fill(-1);
    const lastRecord = new Int32Array(this.keys.values.length);
    for (let s = 0; s < sessions; s++) {
      for (let k = start[s] ?? 0; k < (start[s + 1] ?? 0); k++) {
        const i = order[k] as number;
        const key = this.keyOf[i] as number;
        if (lastSession[key] === s) {
          flags[i] = 1;
          first[i] = lastRecord[key] as number;
        } else {
          lastSession[key] = s;
          lastRecord[key] = i;
        }
      }
    }
    this.looseRepeats(flags, first);
    this.dups = { flags, first };
    return this.dups;
  }

  /**
   * Repeats among the loose records, by content: an open-event headcount row with the same date,
   * action, form, title, hours and number of people as an earlier one (it would add its people
   * again), and a record of an individual form with the same date, action, form, title, person,
   * hours and start time where the list has `Godzina od` (two consultations of one person on one
   * day differ at least in their hours or their start).
   */
  private looseRepeats(flags: Uint8Array, first: Int32Array): void {
    // sorted by content, repeats are neighbours: no key text per record (200,000 consultations
    // made 200,000 texts that outlived the young generation)
    const order = Int32Array.from(this.loose.filter((i) => {
      if ((this.dayOf[i] as number) <= NO_DAY) return false;
      const people = this.headcounts.get(i);
      return this.keyOf[i] !== 0 || (people !== undefined && !Number.isNaN(people));
    }));
    order.sort((a, b) => this.compareLoose(a, b) || a - b);
    let firstOfGroup = -1;
    for (let k = 0; k < order.length; k++) {
      const i = order[k] as number;
      if (firstOfGroup >= 0 && this.compareLoose(firstOfGroup, i) === 0) {
        flags[i] = 1;
        first[i] = firstOfGroup;
      } else firstOfGroup = i;
    }
  }

  /** Loose records by date, participant key (or the number of people), action, form, title, hours, start time. */
  private compareLoose(a: number, b: number): number {
    const byNumber = (x: number, y: number) => (x === y || (Number.isNaN(x) && Number.isNaN(y)) ? 0 : Number.isNaN(x) ? -1 : Number.isNaN(y) ? 1 : x - y);
    return (this.dayOf[a] as number) - (this.dayOf[b] as number)
      || (this.keyOf[a] as number) - (this.keyOf[b] as number)
      || (this.actionOf[a] as number) - (this.actionOf[b] as number)
      || (this.formOf[a] as number) - (this.formOf[b] as number)
      || (this.titleOf[a] as number) - (this.titleOf[b] as number)
      || byNumber(this.hoursOf[a] as number, this.hoursOf[b] as number)
      || (this.starts.get(a) ?? -1) - (this.starts.get(b) ?? -1)
      || (this.keyOf[a] === 0 ? byNumber(this.headcounts.get(a) ?? 0, this.headcounts.get(b) ?? 0) : 0);
  }

  /** A plain view of record i (tests and small listings; not for hot paths). */
  view(i: number): AttendanceView {
    const t = this.tableOfRecord(i);
    const hc = this.headcounts.get(i);
    const view: AttendanceView = {
      layout: t.layout,
      file: t.ref.file,
      sheet: t.ref.sheet,
      row: this.rowOf[i] ?? 0,
      cell: `${this.at(i, 'mark').column ?? ''}${this.rowOf[i] ?? ''}`,
      date: this.isoDate(i),
      action: this.texts.get(this.actionOf[i] ?? 0),
      form: this.texts.get(this.formOf[i] ?? 0),
      title: this.texts.get(this.titleOf[i] ?? 0),
      hours: this.hoursOf[i] ?? NaN,
      key: this.keys.get(this.keyOf[i] ?? 0),
      mark: this.mark(i),
    };
    if (hc !== undefined) view.headcount = hc;
    return view;
  }

  toArray(): AttendanceView[] {
    return Array.from({ length: this.count }, (_, i) => this.view(i));
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
