/**
 * The report model as a workbook: one sheet per section group (SPEC §6), styled header rows,
 * frozen panes, column widths, Polish number formats, and O columns and percentages as
 * formulas whose cached results are the real values (an accountant can check them in Excel).
 */
import ExcelJS from 'exceljs';
import { newWorkbook, workbookBytes } from '../io/xlsx.js';
import { SHEETS, type Block, type Column, type GanttChart, type ReportModel, type SheetName, type Table, type Value } from './model.js';
import { monthShort } from './wording.js';

/** `[$-415]` makes any spreadsheet show Polish separators: `1 234,5`, `38,2%`. */
export const NUMBER_FORMATS = {
  int: '[$-415]#,##0',
  decimal: '[$-415]#,##0.0#',
  percent: '[$-415]0.0%',
} as const;

const HEADER_FILL = 'FFD9E1F2';
const GROUP_FILL = 'FFF2F2F2';
const BANNER_FILL = { warning: 'FFFFEB9C', error: 'FFFFC7CE' } as const;
const GANTT_PLANNED = 'FFDDEBF7';
const GANTT_ACTIVE = 'FF2F5597';
const TEXT_SPAN = 12;

interface SheetState {
  ws: ExcelJS.Worksheet;
  row: number;
  widths: number[];
  frozen: boolean;
}

function border(cell: ExcelJS.Cell): void {
  const thin = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };
  cell.border = { top: thin, left: thin, bottom: thin, right: thin };
}

function widen(state: SheetState, col: number, width: number): void {
  state.widths[col] = Math.max(state.widths[col] ?? 0, width);
}

function mergedText(state: SheetState, text: string, opts: { bold?: boolean; size?: number; fill?: string; italic?: boolean } = {}): void {
  const r = state.row++;
  state.ws.mergeCells(r, 1, r, TEXT_SPAN);
  const cell = state.ws.getCell(r, 1);
  cell.value = text;
  cell.alignment = { wrapText: true, vertical: 'top' };
  cell.font = { bold: opts.bold ?? false, italic: opts.italic ?? false, size: opts.size ?? 11 };
  if (opts.fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: opts.fill } };
  // about 110 characters fit on a line of twelve merged columns
  state.ws.getRow(r).height = Math.max(15, Math.ceil(text.length / 110) * 15);
}

function numberOf(v: Value | undefined): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The columns a formula refers to, by position; a key no column has is a bug in the section. */
function operands(table: Table, col: Column): number[] {
  if (!col.formula) return [];
  const keys = 'sum' in col.formula ? col.formula.sum : col.formula.ratio;
  return keys.map((key) => {
    const i = table.columns.findIndex((c) => c.key === key);
    if (i < 0) throw new Error(`report table "${table.title ?? ''}": no column with key "${key}"`);
    return i;
  });
}

/**
 * A formula replaces a value only when it reproduces it: every referenced cell is a number and
 * the formula's result equals the value we computed.
 */
function formulaFor(col: Column, refs: readonly number[], cells: readonly Value[], letters: readonly string[], row: number): string | undefined {
  if (!col.formula) return undefined;
  const parts = refs.map((i) => numberOf(cells[i]));
  if (parts.some((p) => p === undefined)) return undefined;
  if ('ratio' in col.formula && parts[1] === 0) return undefined;
  return refs.map((i) => `${letters[i]}${row}`).join('sum' in col.formula ? '+' : '/');
}

function computed(col: Column, refs: readonly number[], cells: readonly Value[]): number | undefined {
  if (!col.formula) return undefined;
  const parts = refs.map((i) => numberOf(cells[i]) ?? NaN);
  return 'sum' in col.formula ? parts.reduce((s, x) => s + x, 0) : (parts[0] ?? NaN) / (parts[1] ?? NaN);
}

/** Group headings over adjacent columns, merged. */
function writeGroups(state: SheetState, table: Table): void {
  if (!table.columns.some((c) => c.group)) return;
  const r = state.row++;
  for (let i = 0; i < table.columns.length;) {
    const g = table.columns[i]?.group;
    let j = i;
    while (j < table.columns.length && table.columns[j]?.group === g) j++;
    if (g) {
      if (j - 1 > i) state.ws.mergeCells(r, i + 1, r, j);
      const cell = state.ws.getCell(r, i + 1);
      cell.value = g;
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center' };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
      border(cell);
    }
    i = j;
  }
}

function writeTable(state: SheetState, table: Table): void {
  if (table.title) mergedText(state, table.title, { bold: true });
  writeGroups(state, table);
  const headerRow = state.row++;
  const header = state.ws.getRow(headerRow);
  const letters = table.columns.map((_, i) => state.ws.getColumn(i + 1).letter);
  const refs = table.columns.map((c) => operands(table, c));
  table.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: c.kind === 'text' ? 'left' : 'center' };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    border(cell);
    widen(state, i, c.width);
  });
  header.height = Math.max(18, Math.max(...table.columns.map((c) => Math.ceil(c.header.length / Math.max(c.width, 6)))) * 14);
  if (!state.frozen) {
    state.ws.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRow }];
    state.frozen = true;
  }
  for (const r of table.rows) {
    const rowNumber = state.row++;
    const row = state.ws.getRow(rowNumber);
    if (r.style === 'group' && r.cells.slice(1).every((c) => c === null) && table.columns.length > 1) {
      // a group heading spans the table
      state.ws.mergeCells(rowNumber, 1, rowNumber, table.columns.length);
      const cell = row.getCell(1);
      cell.value = r.cells[0] ?? '';
      cell.font = { bold: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: GROUP_FILL } };
      border(cell);
      continue;
    }
    table.columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      const v = r.cells[i] ?? null;
      const f = typeof v === 'number' ? formulaFor(c, refs[i] ?? [], r.cells, letters, rowNumber) : undefined;
      const check = computed(c, refs[i] ?? [], r.cells);
      if (f && typeof v === 'number' && check !== undefined && Math.abs(check - v) < 1e-9) {
        cell.value = { formula: f, result: v } as ExcelJS.CellFormulaValue;
      } else if (v !== null) {
        cell.value = v;
      }
      if (c.kind !== 'text') cell.numFmt = NUMBER_FORMATS[c.kind];
      if (c.kind === 'text') cell.alignment = { wrapText: true, vertical: 'top' };
      if (r.style === 'group') {
        cell.font = { bold: true };
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: GROUP_FILL } };
      }
      border(cell);
    });
  }
  if (table.note) mergedText(state, table.note, { italic: true, size: 9 });
  state.row++;
}

function writeGantt(state: SheetState, chart: GanttChart): void {
  mergedText(state, chart.title, { bold: true });
  const headerRow = state.ws.getRow(state.row++);
  headerRow.getCell(1).value = 'Kod';
  headerRow.getCell(2).value = 'Działanie';
  chart.months.forEach((m, i) => {
    const c = headerRow.getCell(3 + i);
    c.value = monthShort(m);
    c.alignment = { textRotation: 90, horizontal: 'center' };
    widen(state, 2 + i, 4);
  });
  headerRow.font = { bold: true };
  headerRow.height = 42;
  for (const r of chart.rows) {
    const row = state.ws.getRow(state.row++);
    row.getCell(1).value = r.label;
    row.getCell(2).value = r.name;
    chart.months.forEach((_, i) => {
      const c = row.getCell(3 + i);
      const fill = r.active[i] ? GANTT_ACTIVE : r.planned[i] ? GANTT_PLANNED : undefined;
      if (fill) c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
      if (r.active[i]) c.value = r.planned[i] ? '●' : '○';
      c.font = { color: { argb: 'FFFFFFFF' } };
      c.alignment = { horizontal: 'center' };
      border(c);
    });
  }
  mergedText(state, 'Jasne pole: miesiąc w oknie harmonogramu; ciemne: miesiąc z zajęciami (● w oknie, ○ poza oknem).', { italic: true, size: 9 });
  state.row++;
}

function writeBlock(state: SheetState, block: Block): void {
  switch (block.kind) {
    case 'heading':
      mergedText(state, block.text, { bold: true });
      break;
    case 'paragraphs':
      for (const line of block.lines) mergedText(state, line);
      state.row++;
      break;
    case 'banner':
      for (const line of block.lines) mergedText(state, line, { bold: true, fill: BANNER_FILL[block.level] });
      state.row++;
      break;
    case 'facts':
      for (const [label, value] of block.items) {
        const r = state.ws.getRow(state.row++);
        r.getCell(1).value = label;
        r.getCell(1).font = { bold: true };
        state.ws.mergeCells(r.number, 2, r.number, TEXT_SPAN);
        r.getCell(2).value = value;
        r.getCell(2).alignment = { wrapText: true, vertical: 'top' };
        widen(state, 0, 30);
      }
      state.row++;
      break;
    case 'table':
      writeTable(state, block.table);
      break;
    case 'chart':
      if (block.chart.kind === 'gantt') writeGantt(state, block.chart);
      break;
  }
}

export function buildWorkbook(model: ReportModel): ExcelJS.Workbook {
  const wb = newWorkbook();
  wb.title = `${model.title} — ${model.project.number}`;
  const states = new Map<SheetName, SheetState>();
  for (const name of SHEETS) {
    const ws = wb.addWorksheet(name, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
    states.set(name, { ws, row: 1, widths: [], frozen: false });
  }
  const first = states.get('Podsumowanie') as SheetState;
  for (const n of model.notices) mergedText(first, n.text, { bold: true, fill: BANNER_FILL[n.level] });
  if (model.notices.length) first.row++;
  for (const section of model.sections) {
    const state = states.get(section.sheet) as SheetState;
    mergedText(state, section.title, { bold: true, size: 14 });
    for (const block of section.blocks) writeBlock(state, block);
  }
  for (const state of states.values()) {
    if (state.row === 1) mergedText(state, 'Brak danych w tej części raportu.');
    state.widths.forEach((w, i) => {
      state.ws.getColumn(i + 1).width = Math.min(70, Math.max(8, w));
    });
  }
  return wb;
}

export async function renderXlsx(model: ReportModel, fixed: Date): Promise<Uint8Array> {
  return workbookBytes(buildWorkbook(model), fixed);
}
