/**
 * `validate --annotate <dir>`: a copy of each input file as XLSX with every bad cell filled
 * (red: error, yellow: warning, blue: info) and a note holding the message, plus a sheet
 * `Błędy` listing all issues with links to their cells. The inputs are only read.
 */
import ExcelJS from 'exceljs';
import { t, type Lang, type MessageKey } from '../i18n/index.js';
import { openWorkbook, readSheets, type DataFile, type Limits } from '../ingest/index.js';
import type { Merge } from '../formats/index.js';
import { InputFileError, OutputError } from '../errors.js';
import { loadWorkbooks, sweepTemporaries, writeFileAtomic } from '../io/index.js';
import { path, readBytes, type Platform } from '../platform/index.js';
import { issueHint, issueMessage, type Issue, type Severity } from '../validate/index.js';

export const FILLS: Record<Severity, string> = { error: 'FFFFC7CE', warning: 'FFFFEB9C', info: 'FFDDEBF7' };
const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
export const ISSUES_SHEET = 'Błędy';

/**
 * The input as an ExcelJS workbook to mark: an XLSX as it is (styles, formulas and all); an
 * ODS rebuilt sheet by sheet with its typed values at the same rows and columns (the copy is
 * an XLSX, so the cells an issue names are where LibreOffice shows them); a CSV as one sheet of
 * texts, so nothing is reinterpreted (PESEL keeps its zeros).
 */
async function openAsWorkbook(platform: Platform, file: DataFile, limits: Limits): Promise<Copy> {
  const wb = new ExcelJS.Workbook();
  const source = await openWorkbook(platform, file.abs, file.label, limits);
  try {
    if (source.kind === 'xlsx') {
      const bytes = await readBytes(platform.inputs, file.abs);
      await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      return { wb, sheetOf: (name) => wb.getWorksheet(name) };
    }
    const asText = source.kind === 'csv';
    const byName = new Map<string, ExcelJS.Worksheet>();
    for (const sheet of await readSheets(source)) {
      const ws = wb.addWorksheet(excelSheetName(sheet.name, wb), sheet.hidden ? { state: 'hidden' } : {});
      byName.set(sheet.name, ws);
      // the original's column widths are not read: each column as wide as its values (a title row aside)
      const widths: number[] = [];
      const merges = disjoint(sheet.merges ?? [], sheet.rows[sheet.rows.length - 1]?.n ?? 0);
      const wide = merges.filter((m) => m.c2 > m.c1);
      for (const { n, cells } of sheet.rows) {
        const r = ws.getRow(n);
        const table = !wide.some((m) => n >= m.r1 && n <= m.r2) && cells.filter((c) => c !== null).length > 1;
        cells.forEach((c, i) => {
          if (c === null) return;
          const cell = r.getCell(i + 1);
          cell.value = asText ? String(c) : c;
          if (c instanceof Date) cell.numFmt = c.getUTCHours() || c.getUTCMinutes() ? 'dd.mm.yyyy hh:mm' : 'dd.mm.yyyy';
          const shown = c instanceof Date ? (c.getUTCHours() || c.getUTCMinutes() ? 16 : 10) : String(c).length;
          if (table) widths[i] = Math.max(widths[i] ?? 8, Math.min(shown + 2, 50));
        });
      }
      widths.forEach((w, i) => {
        ws.getColumn(i + 1).width = w;
      });
      // merged areas as in the original (their covered cells were read with the area's value)
      for (const m of merges) ws.mergeCells(m.r1, m.c1 + 1, m.r2, m.c2 + 1);
    }
    return { wb, sheetOf: (name) => byName.get(name) };
  } finally {
    await source.close();
  }
}

/** The workbook to mark, and its sheet for an issue's sheet name (an ODS name Excel forbids is changed). */
interface Copy {
  wb: ExcelJS.Workbook;
  sheetOf(name: string): ExcelJS.Worksheet | undefined;
}

/**
 * The merged areas to merge again: within the rows that were read, and none overlapping one
 * kept before it (a hostile file may claim both; Excel cannot show them).
 */
function disjoint(merges: readonly Merge[], lastRow: number): Merge[] {
  const kept: Merge[] = [];
  for (const m of merges) {
    const area = { ...m, r2: Math.min(m.r2, Math.max(lastRow, m.r1)) };
    if (area.r2 === area.r1 && area.c2 === area.c1) continue;
    if (kept.some((k) => area.r1 <= k.r2 && k.r1 <= area.r2 && area.c1 <= k.c2 && k.c1 <= area.c2)) continue;
    kept.push(area);
  }
  return kept;
}

/** Whether a workbook has a sheet of this name: Excel tells names apart without case. */
function hasSheet(wb: ExcelJS.Workbook, name: string): boolean {
  return wb.worksheets.some((w) => w.name.toLowerCase() === name.toLowerCase());
}

/**
 * A name Excel accepts for an ODS sheet: LibreOffice allows names longer than 31 characters,
 * which Excel does not; anything else Excel forbids becomes `_` (also a quote at either end,
 * and the reserved name History), and a clash gets a number.
 */
function excelSheetName(name: string, wb: ExcelJS.Workbook): string {
  const cut = (s: string) => s.slice(0, 31).replace(/^'|'$/g, '_');
  const base = cut(name.replace(/[*?:/\\[\]]/g, '_').replace(/^History$/i, 'History_') || 'Arkusz');
  let out = base;
  for (let n = 2; hasSheet(wb, out); n++) out = cut(`${base.slice(0, 26)} (${n})`);
  return out;
}

function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

function noteText(issues: readonly Issue[], lang: Lang): string {
  return issues.map((i) => {
    const hint = issueHint(i, lang);
    return `[${t(`out.severity.${i.severity}` as MessageKey, {}, lang)}] ${i.code}: ${issueMessage(i, lang)}${hint ? `\n→ ${hint}` : ''}`;
  }).join('\n\n');
}

/** The cell an issue points at; an issue about a whole row marks the row's first cell with a value. */
function issueAddress(ws: ExcelJS.Worksheet, i: Issue): string {
  if (i.column) return `${i.column}${i.row}`;
  let first: string | undefined;
  ws.getRow(i.row ?? 1).eachCell((cell) => {
    first ??= cell.address;
  });
  return first ?? `A${i.row}`;
}

/**
 * Fills a flagged cell and adds its note. Spreadsheet programs share one style object among
 * many cells (exceljs keeps that sharing when it reads), so the cell gets its own copy of the
 * style with the fill; every other cell keeps its style untouched.
 */
function flag(cell: ExcelJS.Cell, severity: Severity, note: string): void {
  cell.style = { ...structuredClone(cell.style), fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: FILLS[severity] } } };
  cell.note = note;
}

/** Marks the cells of the issues that point at a row: fill by worst severity, note with all messages. */
function markCells(copy: Copy, issues: readonly Issue[], lang: Lang): void {
  const byCell = new Map<string, { ws: ExcelJS.Worksheet; address: string; issues: Issue[] }>();
  for (const i of issues) {
    const ws = i.sheet && i.row !== null ? copy.sheetOf(i.sheet) : undefined;
    if (!ws) continue;
    const address = issueAddress(ws, i);
    const key = `${ws.name}\u0001${address}`;
    const entry = byCell.get(key);
    if (entry) entry.issues.push(i);
    else byCell.set(key, { ws, address, issues: [i] });
  }
  for (const { ws, address, issues: list } of byCell.values()) {
    const worst = list.reduce((a, b) => (RANK[b.severity] > RANK[a.severity] ? b : a));
    flag(ws.getCell(address), worst.severity, noteText(list, lang));
  }
}

function addIssuesSheet({ wb, sheetOf }: Copy, issues: readonly Issue[], lang: Lang): void {
  let name = ISSUES_SHEET;
  for (let n = 2; hasSheet(wb, name); n++) name = `${ISSUES_SHEET} (${n})`;
  const ws = wb.addWorksheet(name);
  ws.columns = [
    { header: 'Lp.', width: 6 },
    { header: 'Arkusz', width: 18 },
    { header: 'Komórka', width: 10 },
    { header: 'Kolumna', width: 28 },
    { header: 'Ważność', width: 13 },
    { header: 'Kod', width: 30 },
    { header: 'Komunikat', width: 70 },
    { header: 'Wskazówka', width: 70 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  issues.forEach((i, n) => {
    const sheet = i.sheet && i.row !== null ? sheetOf(i.sheet) : undefined;
    const address = sheet ? issueAddress(sheet, i) : i.row !== null ? `${i.column ?? ''}${i.row}` : '';
    const row = ws.addRow([n + 1, i.sheet ?? '', address, i.header ?? '', t(`out.severity.${i.severity}` as MessageKey, {}, lang), i.code, issueMessage(i, lang), issueHint(i, lang) ?? '']);
    if (sheet) {
      const target = `#${quoteSheet(sheet.name)}!${address}`;
      row.getCell(3).value = {
        formula: `HYPERLINK("${target.replace(/"/g, '""')}","${address}")`,
        result: address,
      } as ExcelJS.CellFormulaValue;
      row.getCell(3).font = { color: { argb: 'FF0563C1' }, underline: true };
    }
    row.getCell(5).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILLS[i.severity] } };
  });
  ws.autoFilter = { from: 'A1', to: 'H1' };
}

/** `dane/uczestnicy.xlsx` → `uczestnicy.sprawdzony.xlsx` (a number added if two inputs share a name). */
export function annotatedName(label: string, taken: Set<string>): string {
  const base = path.basename(label).replace(/\.[^.]*$/, '');
  let name = `${base}.sprawdzony.xlsx`;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}.sprawdzony.xlsx`;
  taken.add(name);
  return name;
}

/**
 * Writes the annotated copies; returns their paths. Files that could not be read are skipped;
 * the others are read again under the limits the validation used.
 */
/** Messages and notes are in `lang`, the language of the run (the copy is the user's own working file). */
export async function writeAnnotatedCopies(platform: Platform, files: readonly DataFile[], issues: readonly Issue[], outDir: string, unreadable: ReadonlySet<string>, limits: Limits, lang: Lang): Promise<string[]> {
  const written: string[] = [];
  const taken = new Set<string>();
  for (const file of files) {
    if (unreadable.has(file.label)) continue;
    const target = path.join(outDir, annotatedName(file.label, taken));
    const mine = issues.filter((i) => i.file === file.label);
    let bytes: Uint8Array;
    try {
      const copy = await openAsWorkbook(platform, file, limits);
      markCells(copy, mine, lang);
      addIssuesSheet(copy, mine, lang);
      bytes = await (await loadWorkbooks()).workbookBytes(copy.wb);
    } catch (e) {
      // a workbook exceljs cannot rebuild or write: that copy fails, by name, not the run
      if (e instanceof InputFileError) throw e;
      throw new OutputError(target, 'failed', e instanceof Error ? e.message : String(e));
    }
    await writeFileAtomic(platform, target, bytes);
    written.push(target);
  }
  if (written.length > 0) await sweepTemporaries(platform, outDir, (name) => name.endsWith('.sprawdzony.xlsx'));
  return written;
}
