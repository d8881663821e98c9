/**
 * Reading all data files of a project: participants into objects (a few thousand), attendance
 * streamed into the compact AttendanceStore (up to millions of rows), with every value's
 * provenance. Structure problems (a file, a sheet, a header) become issues here; what is wrong
 * inside the rows is for the validation rules.
 */
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { InputFileError } from '../errors.js';
import type { Project } from '../project/load.js';
import type { Finding } from './findings.js';
import { AttendanceStore } from './attendance-store.js';
import { DEFAULT_LIMITS, tooManyRows, type Limits } from './limits.js';
import {
  detectLayout, gridMatcher, GridIngest, isTotalRow, LongIngest, longMatcher, MarkReader, onlyForms, type IngestContext,
} from './attendance.js';
import { HeaderMatcher, type HeaderBinding } from './headers.js';
import { headerOf } from '../project/fields.js';
import { parseParticipant, ParticipantLookups, PARTICIPANT_COLUMNS, REQUIRED_PARTICIPANT_COLUMNS, type Participant } from './participants.js';
import { findHeaderRow, isBlankRow, type TableRef } from './table.js';
import { openWorkbook, type SheetRow, type SheetSource, type SheetVisitor, type WorkbookSource } from './source.js';
import { isEmptyCell, type Cell, type RowCallback } from './values.js';

export interface DataFile {
  role: 'participants' | 'attendance';
  /** Path relative to the project directory, with `/`: what messages show. */
  label: string;
  abs: string;
  sheet?: string;
}

export interface FileSummary {
  label: string;
  role: DataFile['role'];
  kind?: WorkbookSource['kind'];
  encoding?: string;
  sheets: string[];
  rows: number;
}

export interface Dataset {
  participants: Participant[];
  attendance: AttendanceStore;
  files: FileSummary[];
  /** What was wrong with files, sheets and headers as a whole, in reading order. */
  findings: Finding[];
}

export interface LoadOptions {
  limits?: Limits;
  /** Called as bytes are read (bytes since the last call, file size, rows read so far), for a progress bar. */
  onProgress?: (file: string, bytes: number, total: number, rows: number) => void;
}

type Source = string | { path: string; sheet?: string | undefined };

function toLabel(dir: string, abs: string): string {
  return path.relative(dir, abs).split(path.sep).join('/');
}

/** Expands the definition's paths and globs; a plain path that does not exist stays listed. */
export async function resolveDataFiles(project: Project): Promise<DataFile[]> {
  const out: DataFile[] = [];
  const seen = new Set<string>();
  const roles: [DataFile['role'], Source | Source[] | undefined][] = [
    ['participants', project.definition.data.participants],
    ['attendance', project.definition.data.attendance],
  ];
  for (const [role, spec] of roles) {
    const list = spec === undefined ? [] : Array.isArray(spec) ? spec : [spec];
    for (const s of list) {
      const pattern = typeof s === 'string' ? s : s.path;
      const sheet = typeof s === 'string' ? undefined : s.sheet;
      const matches = isDynamicPattern(pattern)
        ? (await glob(pattern, { cwd: project.dir, absolute: true, onlyFiles: true })).sort()
        : [path.resolve(project.dir, pattern)];
      for (const abs of matches) {
        if (seen.has(abs)) continue;
        seen.add(abs);
        const f: DataFile = { role, label: toLabel(project.dir, abs), abs };
        if (sheet) f.sheet = sheet;
        out.push(f);
      }
    }
  }
  return out;
}

const HEADER_LOOKAHEAD = 40;

/** What to do with a sheet's rows once its first rows are seen: where data starts, and a consumer. */
interface TableReader {
  start: number;
  row(n: number, cells: readonly Cell[]): void;
  /** After the last row. */
  end?(): void;
}

/**
 * Takes one sheet's rows: the first rows are kept until the header is found (`decide`), then
 * they and every later row go to the reader it returns. `countRow` sees every row (the limit).
 */
function sheetVisitor(decide: (head: SheetRow[]) => TableReader | undefined, countRow: () => void): SheetVisitor {
  const head: SheetRow[] = [];
  // null until the header search is over; then the reader, or undefined for a sheet without one
  let reader: TableReader | undefined | null = null;
  const settle = () => {
    reader = decide(head);
    if (reader) for (const r of head.slice(reader.start)) reader.row(r.n, r.cells);
    head.length = 0;
  };
  return {
    row(n, cells) {
      countRow();
      if (reader === null) {
        head.push({ n, cells: cells.slice() });
        if (head.length >= HEADER_LOOKAHEAD) settle();
        return;
      }
      reader?.row(n, cells);
    },
    end() {
      if (reader === null) settle();
      reader?.end?.();
    },
  };
}

/** Index of the last header cell with text: a data row may not have values beyond it. */
function lastHeaderColumn(header: readonly Cell[]): number {
  for (let i = header.length - 1; i >= 0; i--) if (!isEmptyCell(header[i])) return i;
  return -1;
}

/** The first cell with a value beyond the header's last column, or -1. */
function firstExtraCell(cells: readonly Cell[], last: number): number {
  for (let i = last + 1; i < cells.length; i++) if (!isEmptyCell(cells[i])) return i;
  return -1;
}

interface DataRowsOptions {
  start: number;
  binding: HeaderBinding;
  header: SheetRow;
  ref: TableRef;
  findings: Finding[];
  /** CSV delimiter, for the extra-cells hint. */
  delimiter: string | undefined;
  consume: RowCallback;
  /** A row with more cells than the header: reported here; the table may keep a placeholder. */
  overflow?: RowCallback;
  /** After the last row, with the count of data rows. */
  end: (rows: number) => void;
}

/**
 * The data rows of a table: blank and `Razem` rows skipped; a row with values beyond the
 * header is one `extra-cells` issue and is left out (its cells are shifted, so they are not
 * checked one by one); the rest consumed and counted.
 */
function dataRows(o: DataRowsOptions): TableReader {
  let rows = 0;
  const last = lastHeaderColumn(o.header.cells);
  return {
    start: o.start,
    row(n, cells) {
      if (isBlankRow(cells, o.binding) || isTotalRow(cells)) return;
      rows++;
      const extra = firstExtraCell(cells, last);
      if (extra >= 0) {
        o.findings.push({ kind: 'extra-cells', ref: o.ref, row: n, firstExtra: extra, lastHeader: last, delimiter: o.delimiter });
        o.overflow?.(n, cells);
        return;
      }
      o.consume(n, cells);
    },
    end: () => o.end(rows),
  };
}

const INSTITUTION_MARKERS = ['institutionNip', 'institutionType'];
const PARTICIPANT_MIN_HEADERS = 3;

function participantReader(label: string, sheet: string, source: WorkbookSource, project: Project, lookups: ParticipantLookups, out: Participant[], findings: Finding[]) {
  return (head: SheetRow[]): TableReader | undefined => {
    const matcher = new HeaderMatcher(PARTICIPANT_COLUMNS, project.definition.columns);
    const h = findHeaderRow(head, (c) => matcher.count(c), PARTICIPANT_MIN_HEADERS, HEADER_LOOKAHEAD);
    const headerRow = head[h];
    if (!headerRow) {
      if (head.length > 0) findings.push({ kind: 'header-not-found', file: label, sheet, table: 'participants' });
      return undefined;
    }
    // the full SL2014 sheet repeats participant column names in its institution block
    const probe = matcher.bind(headerRow.cells);
    const laterWins = INSTITUTION_MARKERS.some((f) => probe.columns.has(f));
    const binding = laterWins ? matcher.bind(headerRow.cells, true) : probe;
    const ref: TableRef = { file: label, sheet, columns: binding.columns, headerRow: headerRow.n };
    findings.push({ kind: 'header-notes', ref, binding });
    const required = REQUIRED_PARTICIPANT_COLUMNS
      .filter((f) => !(f === 'pesel' && binding.columns.has('noPesel')))
      .map((field) => ({ field, header: headerOf(field) }));
    if (!binding.columns.has('sex') && !binding.columns.has('pesel')) required.push({ field: 'sex', header: headerOf('sex') });
    findings.push({ kind: 'missing-columns', ref, binding, required });
    const parse = (n: number, cells: readonly Cell[]) => parseParticipant(ref, n, cells, lookups, source.date1904, source.kind === 'csv');
    return dataRows({
      start: h + 1, binding, header: headerRow, ref, findings, delimiter: source.delimiter,
      consume: (n, cells) => out.push(parse(n, cells)),
      // kept so that attendance under its key is not reported as an unknown person
      overflow: (n, cells) => out.push({ ...parse(n, cells), overflow: true }),
      end: (rows) => {
        if (rows === 0) findings.push({ kind: 'no-data', file: label, sheet });
      },
    });
  };
}

/** Header matchers per project definition: built once, shared by every attendance file. */
const MATCHERS = new WeakMap<Project, { long: HeaderMatcher; grid: HeaderMatcher }>();

function matchersOf(project: Project): { long: HeaderMatcher; grid: HeaderMatcher } {
  let m = MATCHERS.get(project);
  if (!m) {
    m = { long: longMatcher(project.definition.columns), grid: gridMatcher(project.definition.columns) };
    MATCHERS.set(project, m);
  }
  return m;
}

function attendanceReader(label: string, sheet: string, project: Project, ctx: IngestContext, findings: Finding[]) {
  return (head: SheetRow[]): TableReader | undefined => {
    const { long, grid } = matchersOf(project);
    const layout = detectLayout(head, long, grid, ctx.date1904);
    if (!layout) {
      if (head.some((r) => r.cells.some((c) => c !== null && c !== ''))) findings.push({ kind: 'header-not-found', file: label, sheet, table: 'attendance' });
      return undefined;
    }
    const headerRow = head[layout.headerIndex] as SheetRow;
    const binding = (layout.kind === 'long' ? long : grid).bind(headerRow.cells);
    const ref: TableRef = { file: label, sheet, columns: binding.columns, headerRow: headerRow.n };
    if (layout.kind === 'long') {
      findings.push({ kind: 'header-notes', ref, binding });
      const required = [{ field: 'date', header: 'Data' }, { field: 'action', header: 'Kod działania' }];
      if (!binding.columns.has('id') && !binding.columns.has('pesel')) required.push({ field: 'id', header: 'Identyfikator' });
      findings.push({ kind: 'missing-columns', ref, binding, required });
      const ingest = new LongIngest(ctx, ref);
      return dataRows({
        start: layout.headerIndex + 1, binding, header: headerRow, ref, findings, delimiter: ctx.delimiter,
        consume: (n, cells) => ingest.row(n, cells),
        end: (rows) => {
          if (rows === 0) findings.push({ kind: 'no-data', file: label, sheet });
        },
      });
    }
    const ingest = new GridIngest(ctx, ref, headerRow, layout);
    const sessionColumns = ingest.sessionIndexes();
    // session date columns are not unknown columns
    findings.push({ kind: 'header-notes', ref, binding: { ...binding, notes: binding.notes.filter((n) => !sessionColumns.has(n.index)) } });
    if (!layout.labels.action) findings.push({ kind: 'grid-label-missing', ref, label: 'Kod działania:' });
    if (!binding.columns.has('id') && !binding.columns.has('pesel')) findings.push({ kind: 'missing-columns', ref, binding, required: [{ field: 'id', header: 'Identyfikator' }] });
    return dataRows({
      start: layout.headerIndex + 1, binding, header: headerRow, ref, findings, delimiter: ctx.delimiter,
      consume: (n, cells) => ingest.row(n, cells),
      end: (rows) => {
        // the `Liczba godzin` row is not a participant
        if (rows <= (ingest.hasHoursRow() ? 1 : 0)) findings.push({ kind: 'no-data', file: label, sheet });
      },
    });
  };
}

/**
 * Whether a sheet is read: the one named by `sheet:`; else participants live on the first
 * visible sheet, and attendance may take one visible sheet per group and month.
 */
function wantsSheet(file: DataFile, sheet: SheetSource, taken: number): boolean {
  if (file.sheet) return sheet.name === file.sheet;
  if (sheet.hidden) return false;
  return file.role === 'attendance' || taken === 0;
}

/** Reads every data file of the project. Files that cannot be read become issues. */
export async function loadDataset(project: Project, options: LoadOptions = {}): Promise<Dataset> {
  const files = await resolveDataFiles(project);
  const lookups = new ParticipantLookups(project.dictionaries);
  const forms = new Map(project.definition.forms.map((f) => [f.code, f]));
  const only = onlyForms(project.definition.actions);
  const marks = new MarkReader(project.dictionaries);
  const individual = new Set(project.definition.forms.filter((f) => f.individual).map((f) => f.code));
  const data: Dataset = { participants: [], attendance: new AttendanceStore(individual), files: [], findings: [] };
  const findings = data.findings;
  const limits = options.limits ?? DEFAULT_LIMITS;
  // participants first: attendance keys are resolved against them as rows stream in
  files.sort((a, b) => (a.role === b.role ? 0 : a.role === 'participants' ? -1 : 1));
  let byKey: Map<string, number> | undefined;
  let totalRows = 0;
  for (const file of files) {
    const summary: FileSummary = { label: file.label, role: file.role, sheets: [], rows: 0 };
    data.files.push(summary);
    if (file.role === 'attendance' && !byKey) byKey = keyIndex(data.participants);
    let source: WorkbookSource | undefined;
    try {
      const opened = await openWorkbook(file.abs, file.label, limits);
      source = opened;
      summary.kind = opened.kind;
      const progress = options.onProgress;
      const before = totalRows;
      if (file.role === 'attendance' && opened.estimatedRows) data.attendance.reserve(opened.estimatedRows);
      // rows of the whole file count against the limit, whatever the sheet
      const countRow = () => {
        if (++summary.rows > limits.maxRows) throw tooManyRows(file.label, limits);
      };
      const sheets = await opened.read((s) => {
        if (!wantsSheet(file, s, summary.sheets.length)) return undefined;
        summary.sheets.push(s.name);
        return sheetVisitor(file.role === 'participants'
          ? participantReader(file.label, s.name, opened, project, lookups, data.participants, findings)
          : attendanceReader(file.label, s.name, project, {
            store: data.attendance,
            marks,
            onlyForm: only,
            defaultHours: (form, action) => forms.get(form || (only.get(action) ?? ''))?.hours,
            personOf: (key) => (byKey as Map<string, number>).get(key),
            date1904: opened.date1904,
            csv: opened.kind === 'csv',
            delimiter: opened.delimiter,
          }, findings), countRow);
      }, progress ? (b) => progress(file.label, b, opened.bytes, before + summary.rows) : undefined);
      totalRows += summary.rows;
      if (file.sheet && summary.sheets.length === 0) {
        findings.push({ kind: 'sheet-missing', file: file.label, sheet: file.sheet, available: sheets.map((x) => x.name) });
      }
      if (opened.kind !== 'csv' && summary.rows === 0 && summary.sheets.length > 0) {
        throw new InputFileError(file.label, 'empty-sheets');
      }
      if (opened.encoding) summary.encoding = opened.encoding;
      if (opened.kind === 'csv' && opened.encodingGuessed) findings.push({ kind: 'encoding-guessed', file: file.label, encoding: opened.encoding ?? '' });
    } catch (e) {
      if (!(e instanceof InputFileError)) throw e;
      findings.push({ kind: 'unreadable', error: e });
    } finally {
      await source?.close();
    }
  }
  return data;
}

/** An attendance key matches `Identyfikator`, or the PESEL (SPEC §3.2); the first row wins. */
export function keyIndex(participants: readonly Participant[]): Map<string, number> {
  const byKey = new Map<string, number>();
  participants.forEach((p, i) => {
    if (p.id && !byKey.has(p.id)) byKey.set(p.id, i);
  });
  participants.forEach((p, i) => {
    if (p.pesel && !byKey.has(p.pesel)) byKey.set(p.pesel, i);
  });
  return byKey;
}
