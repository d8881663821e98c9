/**
 * Reading all data files of a project: participants into objects (a few thousand), attendance
 * streamed into the compact AttendanceStore (up to millions of rows), with every value's
 * provenance. Structure problems (a file, a sheet, a header) become issues here; what is wrong
 * inside the rows is for the validation rules.
 */
import { InputFileError } from '../errors.js';
import { quantity } from '../i18n/index.js';
import { path, type DirEntry, type Inputs, type Platform } from '../platform/index.js';
import { fieldSpec, FIELD_NAMES, headerOf, type Project } from '../project/index.js';
import type { Finding, SkipReason } from './findings.js';
import { AttendanceStore } from './attendance-store.js';
import { DEFAULT_LIMITS, tooManyRows, type Limits } from './limits.js';
import {
  detectLayout, gridMatcher, GridIngest, isTotalRow, LongIngest, longMatcher, MarkReader, onlyForms, type IngestContext,
} from './attendance.js';
import { HeaderMatcher, normalizeHeader, type HeaderBinding } from './headers.js';
import { parseParticipant, ParticipantLookups, PARTICIPANT_COLUMNS, REQUIRED_PARTICIPANT_COLUMNS, type Participant } from './participants.js';
import { findHeaderRow, isBlankRow, type TableRef } from './table.js';
import { openWorkbook, readAhead, type SheetRow, type SheetSource, type SheetVisitor, type WorkbookSource } from './source.js';
import { cellText, isEmptyCell, type Cell, type RowCallback } from './values.js';

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
  return path.relative(dir, abs);
}

/** A file a pattern matched that is not input: a lock file of an open workbook, or pal-report's own output. */
export interface SkippedFile {
  role: DataFile['role'];
  label: string;
  reason: SkipReason;
  /** A lock file: the workbook it locks (its name). */
  workbook?: string;
}

/** A path or pattern of the definition from which no file is read. */
export interface UnmatchedEntry {
  role: DataFile['role'];
  /** As written in the definition. */
  pattern: string;
}

/** A spreadsheet in a folder a pattern reads from that no path or pattern of the definition matches. */
export interface UnreadFile {
  role: DataFile['role'];
  label: string;
}

export interface ResolvedFiles {
  files: DataFile[];
  skipped: SkippedFile[];
  unmatched: UnmatchedEntry[];
  unread: UnreadFile[];
}

/** Only `*` and `?` (and so `**`) make a pattern (SPEC §5): `uczestnicy (2).xlsx` is a file name. */
const WILDCARD = /[*?]/;

/** A definition pattern (absolute, `/`-separated) as a regular expression over absolute paths. */
export function patternRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*' && pattern[i + 1] === '*') {
      i++;
      if (pattern[i + 1] === '/') {
        i++;
        re += '(?:[^/]*/)*';
      } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** One path segment of a pattern (`*`, `?`; `**` inside a segment is `*`) as a regular expression over a name. */
function segmentRegExp(segment: string): RegExp {
  return new RegExp(`^${segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*+/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
}

/**
 * The files an absolute pattern matches, sorted: each segment matched against a folder's
 * listing, `**` for any number of folders. As globs do, a wildcard does not match a name
 * starting with `.` (nor `**` enter such a folder) unless the pattern's segment starts with `.`;
 * symbolic links are followed (not into a folder that contains the link: no walk without end);
 * a folder the last segment matches stands for every file under it (`x.xlsx/` holds files).
 */
export async function matchFiles(inputs: Inputs, pattern: string): Promise<string[]> {
  const base = baseDirOf(pattern);
  const segments = pattern.slice(base.length).split('/').filter((s) => s !== '');
  const found = new Set<string>();
  const list = (dir: string) => inputs.list(dir).catch(() => []);
  /** The real paths of the folders on the way down: a link back to one of them is not entered. */
  const enter = async (dir: string, above: ReadonlySet<string>): Promise<Set<string> | undefined> => {
    const real = await inputs.realPath(dir).catch(() => dir);
    return above.has(real) ? undefined : new Set([...above, real]);
  };
  const everything = async (dir: string, above: ReadonlySet<string>): Promise<void> => {
    const inside = await enter(dir, above);
    if (!inside) return;
    for (const e of await list(dir)) {
      if (e.name.startsWith('.')) continue;
      const child = path.join(dir, e.name);
      if (e.kind === 'directory') await everything(child, inside);
      else if (e.kind === 'file') found.add(child);
    }
  };
  const take = async (child: string, kind: string | undefined, above: ReadonlySet<string>) => {
    if (kind === 'file') found.add(child);
    else if (kind === 'directory') await everything(child, above);
  };
  const walk = async (dir: string, i: number, above: ReadonlySet<string>): Promise<void> => {
    const segment = segments[i] as string;
    const last = i === segments.length - 1;
    if (segment === '**') {
      if (last) return everything(dir, above);
      const inside = await enter(dir, above);
      if (!inside) return;
      await walk(dir, i + 1, above);
      for (const e of await list(dir)) {
        if (!e.name.startsWith('.') && e.kind === 'directory') await walk(path.join(dir, e.name), i, inside);
      }
      return;
    }
    if (!WILDCARD.test(segment)) {
      const child = path.join(dir, segment);
      if (last) await take(child, await inputs.kind(child), above);
      else await walk(child, i + 1, above);
      return;
    }
    const re = segmentRegExp(segment);
    for (const e of await list(dir)) {
      if ((e.name.startsWith('.') && !segment.startsWith('.')) || !re.test(e.name)) continue;
      const child = path.join(dir, e.name);
      if (last) await take(child, e.kind, above);
      else if (e.kind === 'directory') await walk(child, i + 1, above);
    }
  };
  if (segments.length > 0) await walk(base, 0, new Set());
  return [...found].sort();
}

/** The folder a pattern starts from: everything before the path segment with the first wildcard. */
function baseDirOf(abs: string): string {
  const w = abs.search(WILDCARD);
  return w < 0 ? path.dirname(abs) : abs.slice(0, abs.lastIndexOf('/', w)) || '/';
}

const EXCEL_LOCK = /^~\$(.+)$/;
const LIBREOFFICE_LOCK = /^\.~lock\.(.+)#$/;
/** What `validate --annotate` and `report` write: never read back as input. */
const OWN_OUTPUT = [/\.sprawdzony\.xlsx$/i, /^raport-okresowy-.+\.(xlsx|pdf)$/i, /^raport-koncowy\.(xlsx|pdf)$/i];

/** Why a file is not input, or undefined for a data file. */
function skipReason(name: string): SkipReason | undefined {
  if (EXCEL_LOCK.test(name)) return 'excel-lock';
  if (LIBREOFFICE_LOCK.test(name)) return 'libreoffice-lock';
  return OWN_OUTPUT.some((re) => re.test(name)) ? 'own-output' : undefined;
}

/** The workbook a lock file locks (`~$x.xlsx`, `.~lock.x.xlsx#` → `x.xlsx`). */
function lockedWorkbook(name: string): string | undefined {
  return EXCEL_LOCK.exec(name)?.[1] ?? LIBREOFFICE_LOCK.exec(name)?.[1];
}

function sourcesOf(spec: Source | Source[] | undefined): { pattern: string; sheet: string | undefined }[] {
  const list = spec === undefined ? [] : Array.isArray(spec) ? spec : [spec];
  return list.map((s) => (typeof s === 'string' ? { pattern: s, sheet: undefined } : { pattern: s.path, sheet: s.sheet }));
}

/** The pattern without its extension (`dane/*.xlsx` → `dane/*`), or undefined when its last segment has none. */
function stemOf(pattern: string): string | undefined {
  const m = /^(.*[^/])\.[^./*?]+$/.exec(pattern);
  return m?.[1];
}

/** A file-name pattern that takes every file of a type: `*.csv`. */
const ANY_OF_TYPE = /^\*\.[^./*?]+$/;

/** Extensions of the files a data folder may hold (what the readers take, and XLS, which they name). */
const SPREADSHEET = /\.(xlsx|xlsm|xls|ods|csv)$/i;

/**
 * The definition's paths and patterns as files: a path that exists is that file whatever
 * characters it holds; only `*` and `?` make a pattern. Lock files and pal-report's own
 * outputs are set aside (with the reason), an entry from which no file is read is named, and so
 * is a spreadsheet in a folder a pattern reads from that no entry matches (`lista.ods` beside
 * `*.xlsx`, a typo in a file name's pattern). A plain path that does not exist stays listed:
 * reading it says that it is missing.
 */
export async function findDataFiles(uncached: Inputs, project: Project): Promise<ResolvedFiles> {
  const inputs = listingOnce(uncached);
  const out: ResolvedFiles = { files: [], skipped: [], unmatched: [], unread: [] };
  const seen = new Set<string>();
  const pending: { role: DataFile['role']; pattern: string; folder: string }[] = [];
  const matched: { role: DataFile['role']; stem: string | undefined; folder: string }[] = [];
  const folders = new Map<string, DataFile['role']>();
  const roles: [DataFile['role'], Source | Source[] | undefined][] = [
    ['participants', project.definition.data.participants],
    ['attendance', project.definition.data.attendance],
  ];
  for (const [role, spec] of roles) {
    for (const { pattern, sheet } of sourcesOf(spec)) {
      const literal = path.resolve(project.dir, pattern);
      const wildcard = WILDCARD.test(pattern) && !(await isFile(inputs, literal));
      const matches = wildcard ? await matchFiles(inputs, literal) : [literal];
      // the folders a pattern reads from: where a file it did not match may be one it was meant to
      if (wildcard && !WILDCARD.test(path.dirname(pattern))) folders.set(path.dirname(literal), role);
      let read = 0;
      for (const abs of matches) {
        const label = toLabel(project.dir, abs);
        const reason = skipReason(path.basename(abs));
        if (reason) {
          if (!seen.has(abs)) out.skipped.push(skipped(role, label, reason, path.basename(abs)));
          seen.add(abs);
          continue;
        }
        read++;
        if (wildcard && !folders.has(path.dirname(abs))) folders.set(path.dirname(abs), role);
        if (seen.has(abs)) continue;
        seen.add(abs);
        const f: DataFile = { role, label, abs };
        if (sheet) f.sheet = sheet;
        out.files.push(f);
      }
      if (read === 0) pending.push({ role, pattern, folder: path.dirname(literal) });
      else matched.push({ role, stem: stemOf(pattern), folder: path.dirname(literal) });
    }
  }
  // `*.csv` beside `*.xlsx` (init's template) is a choice of format, not a typo: a pattern that
  // differs only by its extension from one that read files, or takes every file of a type from a
  // folder another pattern read, is no error; any other is (`wolontariusze*.xlsx` for `wolontariat.xlsx`)
  for (const u of pending) {
    const stem = stemOf(u.pattern);
    const byType = ANY_OF_TYPE.test(path.basename(u.pattern));
    const sibling = matched.some((m) => m.role === u.role && ((stem !== undefined && m.stem === stem) || (byType && m.folder === u.folder)));
    if (!sibling) out.unmatched.push({ role: u.role, pattern: u.pattern });
  }
  await locksBeside(inputs, project.dir, out, seen);
  await unreadBeside(inputs, project.dir, folders, out, seen);
  return out;
}

/** `inputs` with each folder listed once: matching, lock files and unread files look in the same folders. */
function listingOnce(inputs: Inputs): Inputs {
  const listed = new Map<string, Promise<DirEntry[]>>();
  return {
    open: (p) => inputs.open(p),
    kind: (p) => inputs.kind(p),
    realPath: (p) => inputs.realPath(p),
    resolve: (p) => inputs.resolve(p),
    list(dir) {
      const entries = listed.get(dir) ?? inputs.list(dir);
      listed.set(dir, entries);
      return entries;
    },
  };
}

/**
 * Spreadsheets in the folders patterns read from that no entry matched: a typo in a pattern
 * (`wolontariusze*.xlsx` for `wolontariat.xlsx`), a list saved as `.ods` beside `*.xlsx`, `.XLSX`
 * written in capitals. Hidden files, lock files and pal-report's own outputs are not data.
 */
async function unreadBeside(inputs: Inputs, dir: string, folders: ReadonlyMap<string, DataFile['role']>, out: ResolvedFiles, seen: ReadonlySet<string>): Promise<void> {
  for (const [folder, role] of [...folders].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const name of await namesIn(inputs, folder)) {
      const abs = path.join(folder, name);
      if (name.startsWith('.') || !SPREADSHEET.test(name) || skipReason(name) || seen.has(abs) || !(await isFile(inputs, abs))) continue;
      out.unread.push({ role, label: toLabel(dir, abs) });
    }
  }
}

function skipped(role: DataFile['role'], label: string, reason: SkipReason, name: string): SkippedFile {
  const s: SkippedFile = { role, label, reason };
  const workbook = lockedWorkbook(name);
  if (workbook !== undefined) s.workbook = workbook;
  return s;
}

/** The names in a folder, sorted; none when it cannot be listed. */
async function namesIn(inputs: Inputs, folder: string): Promise<string[]> {
  try {
    return (await inputs.list(folder)).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

async function isFile(inputs: Inputs, abs: string): Promise<boolean> {
  return (await inputs.kind(abs)) === 'file';
}

/**
 * Lock files beside the files read: the workbook is open in Excel or LibreOffice, and what is
 * read is its last saved state. One listing per folder.
 */
async function locksBeside(inputs: Inputs, dir: string, out: ResolvedFiles, seen: Set<string>): Promise<void> {
  const byDir = new Map<string, Map<string, DataFile>>();
  for (const f of out.files) {
    const names = byDir.get(path.dirname(f.abs)) ?? new Map<string, DataFile>();
    names.set(path.basename(f.abs), f);
    byDir.set(path.dirname(f.abs), names);
  }
  for (const [folder, names] of byDir) {
    for (const name of await namesIn(inputs, folder)) {
      const workbook = lockedWorkbook(name);
      const abs = path.join(folder, name);
      const file = workbook === undefined ? undefined : names.get(workbook);
      if (!file || seen.has(abs)) continue;
      seen.add(abs);
      out.skipped.push(skipped(file.role, toLabel(dir, abs), skipReason(name) ?? 'excel-lock', name));
    }
  }
}

/** The files the definition names, in its order (participants first). */
export async function resolveDataFiles(inputs: Inputs, project: Project): Promise<DataFile[]> {
  return (await findDataFiles(inputs, project)).files;
}

/** A path with its existing part resolved through symbolic links: where the file system really reads or writes. */
async function realPathOf(inputs: Inputs, p: string): Promise<string> {
  const rest: string[] = [];
  for (let at = p; ; at = path.dirname(at)) {
    try {
      return path.join(await inputs.realPath(at), ...rest.reverse());
    } catch {
      if (path.dirname(at) === at) return p;
      rest.push(path.basename(at));
    }
  }
}

/**
 * Whether a copy written into `outDir` (`--annotate`) would be matched by a path or pattern of
 * the definition: the entry it would match, or undefined. Compared also through symbolic links
 * (a link to the data folder is the data folder).
 */
export async function entryReading(inputs: Inputs, project: Project, files: readonly DataFile[], outDir: string): Promise<string | undefined> {
  const names = files.map((f) => `${path.basename(f.abs).replace(/\.[^.]*$/, '')}.sprawdzony.xlsx`);
  const realOut = await realPathOf(inputs, outDir);
  const copies = [...new Set([outDir, realOut])].flatMap((dir) => names.map((n) => path.join(dir, n)));
  for (const spec of [project.definition.data.participants, project.definition.data.attendance]) {
    for (const { pattern } of sourcesOf(spec)) {
      const abs = path.resolve(project.dir, pattern);
      const base = baseDirOf(abs);
      const real = `${await realPathOf(inputs, base)}${abs.slice(base.length)}`;
      for (const entry of new Set([abs, real])) {
        const re = patternRegExp(entry);
        if (copies.some((c) => c === entry || re.test(c))) return pattern;
      }
    }
  }
  return undefined;
}

const HEADER_LOOKAHEAD = 40;

/** What to do with a sheet's rows once its first rows are seen: where data starts, and a consumer. */
interface TableReader {
  start: number;
  row(n: number, cells: readonly Cell[], noValue?: readonly number[]): void;
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
    if (reader) for (const r of head.slice(reader.start)) reader.row(r.n, r.cells, r.noValue);
    head.length = 0;
  };
  return {
    row(n, cells, noValue) {
      countRow();
      if (reader === null) {
        head.push({ n, cells: cells.slice(), noValue: noValue?.slice() });
        if (head.length >= HEADER_LOOKAHEAD) settle();
        return;
      }
      reader?.row(n, cells, noValue);
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
  /** Columns whose values are read (a formula without its result elsewhere, e.g. in `Lp.`, changes nothing). */
  reads: ReadonlySet<number>;
  /** CSV delimiter, for the extra-cells hint. */
  delimiter: string | undefined;
  consume: RowCallback;
  /** A row with more cells than the header: reported here; the table may keep a placeholder. */
  overflow?: RowCallback;
  /** After the last row, with the count of data rows. */
  end: (rows: number) => void;
}

/** The header texts as compared for a repeated header row (empty cells stay empty). */
function headerKeys(header: readonly Cell[]): string[] {
  return header.map((c) => (isEmptyCell(c) ? '' : normalizeHeader(cellText(c))));
}

/** A row repeating the header's names (a second header row, a header printed again): at least three, nothing else. */
function repeatsHeader(cells: readonly Cell[], keys: readonly string[], probe: number, lead: string): boolean {
  // the first character (`lead`: the header's, in both cases) decides nearly every row without a string made: CSV rows are all text
  const first = cells[probe];
  if (typeof first !== 'string' || first.length === 0) return false;
  const c = first.charCodeAt(0);
  if (c !== lead.charCodeAt(0) && c !== lead.charCodeAt(1) && c !== 32) return false;
  if (normalizeHeader(first) !== keys[probe]) return false;
  let same = 0;
  for (let i = 0; i < cells.length; i++) {
    if (isEmptyCell(cells[i])) continue;
    if (typeof cells[i] !== 'string' || normalizeHeader(cells[i] as string) !== keys[i]) return false;
    same++;
  }
  return same >= 3;
}

/** The integer a cell holds (a number, or digits with an optional dot), or undefined. */
function integerOf(cell: Cell): number | undefined {
  if (typeof cell === 'number') return Number.isInteger(cell) ? cell : undefined;
  return typeof cell === 'string' && /^\s*\d{1,3}\.?\s*$/.test(cell) ? Number.parseInt(cell, 10) : undefined;
}

/** The row of column numbers printed under SL2014 headers: 1, 2, 3 … from left to right, at least three, nothing else. */
export function isNumbersRow(cells: readonly Cell[]): boolean {
  let expected = 1;
  for (const c of cells) {
    if (isEmptyCell(c)) continue;
    if (integerOf(c) !== expected) return false;
    expected++;
  }
  return expected > 3;
}

/**
 * The data rows of a table: blank and `Razem` rows skipped; a row of column numbers directly
 * under the header, and a row repeating the header, skipped with one `numbers-row` each; a row
 * whose read cell holds a formula without its result is left out with an issue at that cell;
 * a row with values beyond the header is one `extra-cells` issue and is left out (its cells
 * are shifted, so they are not checked one by one); the rest consumed and counted.
 */
function dataRows(o: DataRowsOptions): TableReader {
  let rows = 0;
  let numbersNoted = false;
  const last = lastHeaderColumn(o.header.cells);
  const keys = headerKeys(o.header.cells);
  const probe = keys.findIndex((k) => k !== '');
  const lead = probe >= 0 ? `${(keys[probe] as string)[0]}${(keys[probe] as string)[0]?.toLocaleUpperCase('pl')}` : '';
  return {
    start: o.start,
    row(n, cells, noValue) {
      const unknown = noValue?.filter((c) => o.reads.has(c));
      if (unknown && unknown.length > 0) {
        rows++;
        for (const c of unknown) o.findings.push({ kind: 'formula-without-value', ref: o.ref, row: n, column: c, header: keys[c] === '' ? undefined : cellText(o.header.cells[c] ?? null) });
        o.overflow?.(n, cells);
        return;
      }
      if (isBlankRow(cells, o.binding) || isTotalRow(cells)) return;
      const numbers = n === o.header.n + 1 && isNumbersRow(cells);
      if (numbers || (probe >= 0 && repeatsHeader(cells, keys, probe, lead))) {
        if (!numbersNoted) o.findings.push({ kind: 'numbers-row', ref: o.ref, row: n, repeat: numbers ? 'numbers' : 'header' });
        numbersNoted = true;
        return;
      }
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

/** Header cells that are formulas saved without their result: the column cannot be told. */
function headerFormulas(ref: TableRef, header: SheetRow, findings: Finding[]): void {
  for (const c of header.noValue ?? []) findings.push({ kind: 'formula-without-value', ref, row: header.n, column: c, header: undefined });
}

/** Fields whose cells are never read: a formula there without its result changes nothing. */
const PARTICIPANT_UNREAD: ReadonlySet<string> = new Set(FIELD_NAMES.filter((f) => fieldSpec(f).kind === 'ignored'));
const LONG_UNREAD: ReadonlySet<string> = new Set(['lp', 'name', 'signature', 'remarks']);
const GRID_READ: ReadonlySet<string> = new Set(['id', 'pesel']);

/** Indexes of the bound columns whose values are read. */
function readColumns(binding: HeaderBinding, unread: ReadonlySet<string>, extra: Iterable<number> = []): Set<number> {
  const out = new Set<number>(extra);
  for (const [field, col] of binding.columns) if (!unread.has(field)) out.add(col.index);
  return out;
}

const INSTITUTION_MARKERS = ['institutionNip', 'institutionType'];
const PARTICIPANT_MIN_HEADERS = 3;

/** `bound` is called when the sheet has a participant table (a header row was found). */
function participantReader(label: string, sheet: string, source: WorkbookSource, project: Project, lookups: ParticipantLookups, out: Participant[], findings: Finding[], bound: () => void) {
  return (head: SheetRow[]): TableReader | undefined => {
    const matcher = new HeaderMatcher(PARTICIPANT_COLUMNS, project.definition.columns);
    const h = findHeaderRow(head, (c) => matcher.count(c), PARTICIPANT_MIN_HEADERS, HEADER_LOOKAHEAD);
    const headerRow = head[h];
    if (!headerRow) {
      if (head.length > 0) findings.push({ kind: 'header-not-found', file: label, sheet, table: 'participants' });
      return undefined;
    }
    bound();
    // the full SL2014 sheet repeats participant column names in its institution block
    const probe = matcher.bind(headerRow.cells);
    const laterWins = INSTITUTION_MARKERS.some((f) => probe.columns.has(f));
    const binding = laterWins ? matcher.bind(headerRow.cells, true) : probe;
    const ref: TableRef = { file: label, sheet, columns: binding.columns, headerRow: headerRow.n };
    headerFormulas(ref, headerRow, findings);
    findings.push({ kind: 'header-notes', ref, binding });
    const required = REQUIRED_PARTICIPANT_COLUMNS
      .filter((f) => !(f === 'pesel' && binding.columns.has('noPesel')))
      .map((field) => ({ field, header: headerOf(field) }));
    if (!binding.columns.has('sex') && !binding.columns.has('pesel')) required.push({ field: 'sex', header: headerOf('sex') });
    findings.push({ kind: 'missing-columns', ref, binding, required });
    const parse = (n: number, cells: readonly Cell[]) => parseParticipant(ref, n, cells, lookups, source.date1904, source.kind === 'csv');
    return dataRows({
      start: h + 1, binding, header: headerRow, ref, findings, delimiter: source.delimiter, reads: readColumns(binding, PARTICIPANT_UNREAD),
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
    headerFormulas(ref, headerRow, findings);
    if (layout.kind === 'long') {
      findings.push({ kind: 'header-notes', ref, binding });
      const required = [{ field: 'date', header: 'Data' }, { field: 'action', header: 'Kod działania' }];
      if (!binding.columns.has('id') && !binding.columns.has('pesel')) required.push({ field: 'id', header: 'Identyfikator' });
      findings.push({ kind: 'missing-columns', ref, binding, required });
      const ingest = new LongIngest(ctx, ref);
      return dataRows({
        start: layout.headerIndex + 1, binding, header: headerRow, ref, findings, delimiter: ctx.delimiter, reads: readColumns(binding, LONG_UNREAD),
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
    const gridRead = new Set([...binding.columns].filter(([f]) => GRID_READ.has(f)).map(([, c]) => c.index));
    return dataRows({
      start: layout.headerIndex + 1, binding, header: headerRow, ref, findings, delimiter: ctx.delimiter, reads: new Set([...gridRead, ...sessionColumns]),
      consume: (n, cells) => ingest.row(n, cells),
      end: (rows) => {
        // the `Liczba godzin` row is not a participant
        if (rows <= (ingest.hasHoursRow() ? 1 : 0)) findings.push({ kind: 'no-data', file: label, sheet });
      },
    });
  };
}

/** A participants table names its people by one of these. */
const PERSON_FIELDS = ['pesel', 'id', 'lastName'];

/**
 * A sheet that is not read (a hidden one; in the participants file, a visible one after the
 * first) is named when it holds a table of the file's kind, with its number of rows: the rows
 * are counted, nothing is parsed or kept.
 */
function unreadSheetProbe(file: DataFile, sheet: SheetSource, project: Project, date1904: boolean, findings: Finding[]): SheetVisitor {
  let rows = 0;
  return sheetVisitor((head) => {
    let header: number;
    if (file.role === 'participants') {
      const matcher = new HeaderMatcher(PARTICIPANT_COLUMNS, project.definition.columns);
      header = findHeaderRow(head, (c) => matcher.count(c), PARTICIPANT_MIN_HEADERS, HEADER_LOOKAHEAD);
      // a sheet of drop-down lists has dictionary columns (Płeć, Wykształcenie …), but no person
      const columns = header >= 0 ? matcher.bind((head[header] as SheetRow).cells).columns : undefined;
      if (columns && !PERSON_FIELDS.some((f) => columns.has(f))) header = -1;
    } else {
      const { long, grid } = matchersOf(project);
      header = detectLayout(head, long, grid, date1904)?.headerIndex ?? -1;
    }
    if (header < 0) return undefined;
    return {
      start: header + 1,
      row: (_n, cells) => {
        if (!isBlankRow(cells, undefined) && !isTotalRow(cells)) rows++;
      },
      end: () => {
        if (rows > 0) findings.push({ kind: sheet.hidden ? 'hidden-sheet' : 'sheet-not-read', file: file.label, sheet: sheet.name, rows });
      },
    };
  }, () => undefined);
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
export async function loadDataset(platform: Pick<Platform, 'inputs' | 'codec' | 'threads'>, project: Project, options: LoadOptions = {}): Promise<Dataset> {
  const resolved = await findDataFiles(platform.inputs, project);
  const files = resolved.files;
  const lookups = new ParticipantLookups(project.dictionaries);
  const forms = new Map(project.definition.forms.map((f) => [f.code, f]));
  const only = onlyForms(project.definition.actions);
  const marks = new MarkReader(project.dictionaries);
  const individual = new Set(project.definition.forms.filter((f) => f.individual).map((f) => f.code));
  const data: Dataset = { participants: [], attendance: new AttendanceStore(individual), files: [], findings: [] };
  const findings = data.findings;
  for (const u of resolved.unmatched) findings.push({ kind: 'no-file-matches', pattern: u.pattern, role: u.role });
  for (const f of resolved.skipped) findings.push({ kind: 'file-skipped', file: f.label, reason: f.reason, workbook: f.workbook });
  for (const f of resolved.unread) findings.push({ kind: 'file-not-matched', file: f.label, role: f.role });
  const limits = options.limits ?? DEFAULT_LIMITS;
  // participants first: attendance keys are resolved against them as rows stream in
  files.sort((a, b) => (a.role === b.role ? 0 : a.role === 'participants' ? -1 : 1));
  let byKey: Map<string, number> | undefined;
  let totalRows = 0;
  // without the participants every attendance row would be an unknown person: one cause, one line
  let participantsMissing = sourcesOf(project.definition.data.participants).length > 0;
  let participantsFailed = false;
  // the first attendance file, if large, is read on a second thread from now on, while the participants are
  const first = files.find((f) => f.role === 'attendance');
  // every sheet of it is visited (wantsSheet; hidden ones by a probe) unless `sheet:` names one, so it reads on without asking
  const ahead = first && files[0]?.role === 'participants' ? await readAhead(platform, first.abs, first.label, limits, first.sheet ? { only: first.sheet } : 'all') : undefined;
  let aheadTaken = false;
  try {
    return await readFiles();
  } finally {
    if (!aheadTaken) ahead?.cancel();
  }

  async function readFiles(): Promise<Dataset> {
    for (const file of files) {
      if (file.role === 'attendance' && (participantsMissing || participantsFailed)) break;
      const summary: FileSummary = { label: file.label, role: file.role, sheets: [], rows: 0 };
      const mark = findings.length;
      let table = false;
      data.files.push(summary);
      if (file.role === 'attendance' && !byKey) byKey = keyIndex(data.participants);
      let source: WorkbookSource | undefined;
      try {
        const mine = file === first ? ahead : undefined;
        aheadTaken ||= mine !== undefined;
        const opened = await openWorkbook(platform, file.abs, file.label, limits, mine);
        source = opened;
        summary.kind = opened.kind;
        const progress = options.onProgress;
        const before = totalRows;
        if (file.role === 'attendance' && opened.estimatedRows) data.attendance.reserve(Math.min(opened.estimatedRows, limits.maxRows));
        // rows of the whole file count against the limit, whatever the sheet
        const countRow = () => {
          if (++summary.rows > limits.maxRows) throw tooManyRows(file.label, limits);
        };
        const sheets = await opened.read((s) => {
          if (!wantsSheet(file, s, summary.sheets.length)) return file.sheet ? undefined : unreadSheetProbe(file, s, project, opened.date1904, findings);
          summary.sheets.push(s.name);
          return sheetVisitor(file.role === 'participants'
            ? participantReader(file.label, s.name, opened, project, lookups, data.participants, findings, () => {
              table = true;
            })
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
          if (file.role === 'participants') throw new InputFileError(file.label, 'participants-sheet-missing', { sheet: file.sheet, sheets: sheets.map((x) => x.name).join(', ') });
          findings.push({ kind: 'sheet-missing', file: file.label, sheet: file.sheet, available: sheets.map((x) => x.name) });
        }
        if (opened.kind !== 'csv' && summary.rows === 0 && summary.sheets.length > 0) {
          throw new InputFileError(file.label, 'empty-sheets');
        }
        // a participants file without its table is as good as missing: one line, which says where the table is
        if (file.role === 'participants' && !table) throw noParticipantTable(file, opened.kind, summary.sheets[0] ?? '', findings.splice(mark));
        if (opened.encoding) summary.encoding = opened.encoding;
        if (opened.kind === 'csv' && opened.encodingGuessed) findings.push({ kind: 'encoding-guessed', file: file.label, encoding: opened.encoding ?? '' });
        if (file.role === 'participants') participantsMissing = false;
      } catch (e) {
        if (!(e instanceof InputFileError)) throw e;
        if (file.role === 'participants') participantsFailed = true;
        findings.push({ kind: 'unreadable', error: e });
      } finally {
        await source?.close();
      }
    }
    return data;
  }
}

/**
 * Why a participants file gave no table, from what reading it found (`found`, dropped: the one
 * line replaces them): another sheet holds the table (say which, and how to name it with
 * `sheet:`), or no sheet does.
 */
function noParticipantTable(file: DataFile, kind: WorkbookSource['kind'], sheet: string, found: readonly Finding[]): InputFileError {
  if (kind === 'csv') return new InputFileError(file.label, 'participants-not-found-csv');
  if (file.sheet) return new InputFileError(file.label, 'participants-not-in-sheet', { sheet });
  const other = found.find((f) => f.kind === 'sheet-not-read' || f.kind === 'hidden-sheet');
  if (other?.kind !== 'sheet-not-read' && other?.kind !== 'hidden-sheet') return new InputFileError(file.label, 'participants-not-found', { sheet });
  return new InputFileError(file.label, other.kind === 'hidden-sheet' ? 'participants-hidden' : 'participants-elsewhere', {
    sheet, other: other.sheet, rows: quantity(other.rows, 'row'), path: file.label,
  });
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
