/**
 * Reading all data files of a project into participants and attendance records, with every
 * value's provenance. Structure problems (a file, a sheet, a header) become issues here;
 * what is wrong inside the rows is for the validation rules.
 */
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { InputFileError } from '../errors.js';
import type { Project } from '../project/load.js';
import type { IssueSink } from '../validate/issue.js';
import {
  encodingGuessed, fileUnreadable, gridLabelMissing, headerNotes, headerNotFound, missingColumns, sheetMissing,
} from '../validate/rules/structure.js';
import {
  detectLayout, gridMatcher, gridSessions, isHoursRow, isTotalRow, longMatcher, MarkReader, readGridRow, readLongRow,
  type AttendanceRecord, type GridLayout, type ReadContext,
} from './attendance.js';
import { HeaderMatcher } from './headers.js';
import { parseParticipant, ParticipantLookups, PARTICIPANT_COLUMNS, REQUIRED_PARTICIPANT_COLUMNS, type Participant } from './participants.js';
import { findHeaderRow, isBlankRow, type TableRef } from './table.js';
import { readWorkbook, type SheetData, type WorkbookData } from './workbook.js';

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
  kind?: 'xlsx' | 'csv';
  encoding?: string;
  sheets: string[];
  rows: number;
}

export interface Dataset {
  participants: Participant[];
  attendance: AttendanceRecord[];
  files: FileSummary[];
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

function pickSheets(file: DataFile, wb: WorkbookData, sink: IssueSink): SheetData[] {
  if (file.sheet) {
    const s = wb.sheets.find((x) => x.name === file.sheet);
    if (!s) {
      sheetMissing(file.label, file.sheet, wb.sheets.map((x) => x.name), sink);
      return [];
    }
    return [s];
  }
  const visible = wb.sheets.filter((s) => !s.hidden);
  // participants live on the first sheet; attendance may take one sheet per group and month
  return file.role === 'participants' ? visible.slice(0, 1) : visible;
}

const INSTITUTION_MARKERS = ['institutionNip', 'institutionType'];
const PARTICIPANT_MIN_HEADERS = 3;

export function readParticipantSheet(label: string, sheet: SheetData, wb: WorkbookData, project: Project, lookups: ParticipantLookups, sink: IssueSink): Participant[] {
  const matcher = new HeaderMatcher(PARTICIPANT_COLUMNS, project.definition.columns);
  const h = findHeaderRow(sheet.rows, (c) => matcher.count(c), PARTICIPANT_MIN_HEADERS);
  const headerRow = sheet.rows[h];
  if (!headerRow) {
    headerNotFound(label, sheet.name, 'participants', sink);
    return [];
  }
  // the full SL2014 sheet repeats participant column names in its institution block
  const probe = matcher.bind(headerRow.cells);
  const laterWins = INSTITUTION_MARKERS.some((f) => probe.columns.has(f));
  const binding = laterWins ? matcher.bind(headerRow.cells, true) : probe;
  const ref: TableRef = { file: label, sheet: sheet.name, columns: binding.columns, headerRow: headerRow.n };
  headerNotes(ref, binding, sink);
  const headerOf = (field: string) => PARTICIPANT_COLUMNS.find((c) => c.field === field)?.headers[0] ?? field;
  const required = REQUIRED_PARTICIPANT_COLUMNS
    .filter((f) => !(f === 'pesel' && binding.columns.has('noPesel')))
    .map((field) => ({ field, header: headerOf(field) }));
  if (!binding.columns.has('sex') && !binding.columns.has('pesel')) required.push({ field: 'sex', header: headerOf('sex') });
  missingColumns(ref, binding, required, sink);

  const out: Participant[] = [];
  for (let i = h + 1; i < sheet.rows.length; i++) {
    const row = sheet.rows[i];
    if (!row || isBlankRow(row.cells, binding) || isTotalRow(row.cells)) continue;
    out.push(parseParticipant(ref, row.n, row.cells, lookups, wb.date1904, wb.kind === 'csv'));
  }
  return out;
}

export function readAttendanceSheet(label: string, sheet: SheetData, wb: WorkbookData, project: Project, ctx: ReadContext, sink: IssueSink): AttendanceRecord[] {
  const aliases = project.definition.columns;
  const long = longMatcher(aliases);
  const grid = gridMatcher(aliases);
  const layout = detectLayout(sheet.rows, long, grid, wb.date1904);
  if (!layout) {
    if (sheet.rows.length > 0) headerNotFound(label, sheet.name, 'attendance', sink);
    return [];
  }
  const headerRow = sheet.rows[layout.headerIndex];
  if (!headerRow) return [];
  const matcher = layout.kind === 'long' ? long : grid;
  const binding = matcher.bind(headerRow.cells);
  const ref: TableRef = { file: label, sheet: sheet.name, columns: binding.columns, headerRow: headerRow.n };
  const out: AttendanceRecord[] = [];
  if (layout.kind === 'long') {
    headerNotes(ref, binding, sink);
    const required = [{ field: 'date', header: 'Data' }, { field: 'action', header: 'Kod działania' }];
    if (!binding.columns.has('id') && !binding.columns.has('pesel')) required.push({ field: 'id', header: 'Identyfikator' });
    missingColumns(ref, binding, required, sink);
    for (let i = layout.headerIndex + 1; i < sheet.rows.length; i++) {
      const row = sheet.rows[i];
      if (!row || isBlankRow(row.cells, binding) || isTotalRow(row.cells)) continue;
      out.push(readLongRow(ref, row.n, row.cells, ctx));
    }
    return out;
  }
  return readGrid(ref, sheet, layout, binding, ctx, sink);
}

function readGrid(ref: TableRef, sheet: SheetData, layout: GridLayout, binding: ReturnType<HeaderMatcher['bind']>, ctx: ReadContext, sink: IssueSink): AttendanceRecord[] {
  const headerRow = sheet.rows[layout.headerIndex];
  if (!headerRow) return [];
  const next = sheet.rows[layout.headerIndex + 1];
  const hoursRow = next && next.n === headerRow.n + 1 && isHoursRow(next.cells) ? next : undefined;
  const action = layout.labels.action?.value ?? '';
  const form = layout.labels.form?.value ?? '';
  const sessions = gridSessions(ref, headerRow, hoursRow, ctx, action, form);
  const sessionColumns = new Set(sessions.map((s) => s.index));
  // session date columns are not unknown columns
  headerNotes(ref, { ...binding, notes: binding.notes.filter((n) => !sessionColumns.has(n.index)) }, sink);
  if (!layout.labels.action) gridLabelMissing(ref, 'Kod działania:', sink);
  if (!binding.columns.has('id') && !binding.columns.has('pesel')) {
    missingColumns(ref, binding, [{ field: 'id', header: 'Identyfikator' }], sink);
  }
  const out: AttendanceRecord[] = [];
  const start = layout.headerIndex + (hoursRow ? 2 : 1);
  for (let i = start; i < sheet.rows.length; i++) {
    const row = sheet.rows[i];
    if (!row || isTotalRow(row.cells)) continue;
    if (isBlankRow(row.cells, binding)) continue;
    out.push(...readGridRow(ref, row.n, row.cells, sessions, layout, ctx));
  }
  return out;
}

/** Reads every data file of the project. Files that cannot be read become issues. */
export async function loadDataset(project: Project, sink: IssueSink): Promise<Dataset> {
  const files = await resolveDataFiles(project);
  const lookups = new ParticipantLookups(project.dictionaries);
  const forms = new Map(project.definition.forms.map((f) => [f.code, f]));
  const actions = new Map(project.definition.actions.map((a) => [a.code, a]));
  const defaultHours = (form: string, action: string): number | undefined => {
    const code = form || (actions.get(action)?.forms?.length === 1 ? actions.get(action)?.forms?.[0] : undefined);
    return code ? forms.get(code)?.hours : undefined;
  };
  const marks = new MarkReader(project.dictionaries);
  const data: Dataset = { participants: [], attendance: [], files: [] };
  for (const file of files) {
    let wb: WorkbookData;
    try {
      wb = await readWorkbook(file.abs, file.label);
    } catch (e) {
      if (!(e instanceof InputFileError)) throw e;
      fileUnreadable(e, sink);
      data.files.push({ label: file.label, role: file.role, sheets: [], rows: 0 });
      continue;
    }
    encodingGuessed(file.label, wb, sink);
    const sheets = pickSheets(file, wb, sink);
    const summary: FileSummary = { label: file.label, role: file.role, kind: wb.kind, sheets: sheets.map((s) => s.name), rows: 0 };
    if (wb.encoding) summary.encoding = wb.encoding;
    for (const sheet of sheets) {
      summary.rows += sheet.rows.length;
      if (file.role === 'participants') {
        data.participants.push(...readParticipantSheet(file.label, sheet, wb, project, lookups, sink));
      } else {
        const ctx: ReadContext = { marks, defaultHours, date1904: wb.date1904, csv: wb.kind === 'csv' };
        for (const r of readAttendanceSheet(file.label, sheet, wb, project, ctx, sink)) data.attendance.push(r);
      }
    }
    data.files.push(summary);
  }
  return data;
}
