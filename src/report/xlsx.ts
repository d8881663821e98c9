/**
 * The report model as a workbook, streamed sheet by sheet (src/io/xlsx-writer.ts): one sheet per
 * section group (SPEC §6), styled header rows, frozen panes, column widths, Polish number
 * formats, and O columns and percentages as formulas whose cached results are the real values
 * (an accountant can check them in Excel). Rows go to the file as they are laid out, so the
 * audit trail of a large project costs no more memory than a small one.
 */
import type { Codec } from '../platform/index.js';
import { XlsxWriter, columnLetters, type ByteSink, type CellSpec, type CellStyle, type SheetWriter } from '../io/index.js';
import { OPTIONAL_SHEETS, SHEETS, type Block, type Column, type ColumnKind, type GanttChart, type ReportModel, type RichParagraph, type Row, type Section, type SheetName, type Table, type Value } from './model.js';
import { HEADERS, TABLE_WORDS, monthShort } from './wording.js';

/**
 * `[$-415]` makes any spreadsheet show Polish separators: `1 234,5`, `38,2%`. A number gets the
 * format of its own decimals, as the PDF prints it: `2 035,5` and `2 036` (`#,##0.##` would
 * show Excel's `2 036,`). Differences carry their sign in the format, so they stay numbers.
 */
export const NUMBER_FORMATS = {
  whole: '[$-415]#,##0',
  fraction: '[$-415]#,##0.0#',
  percent: '[$-415]0.0%',
  wholeDifference: '[$-415]+#,##0;"−"#,##0;0',
  fractionDifference: '[$-415]+#,##0.0#;"−"#,##0.0#;0',
  points: '[$-415]+0.0" p.p.";"−"0.0" p.p.";0" p.p."',
} as const;

/** Whether a number prints without decimals (it rounds to a whole one at two decimals). */
function whole(v: number): boolean {
  return Math.round(v * 100) % 100 === 0;
}

/** The format of a value of a kind (none for text). */
export function numberFormat(kind: ColumnKind, v: Value): string | undefined {
  const fraction = typeof v === 'number' && !whole(v);
  switch (kind) {
    case 'text': return undefined;
    case 'number': return fraction ? NUMBER_FORMATS.fraction : NUMBER_FORMATS.whole;
    case 'difference': return fraction ? NUMBER_FORMATS.fractionDifference : NUMBER_FORMATS.wholeDifference;
    case 'percent': return NUMBER_FORMATS.percent;
    case 'points': return NUMBER_FORMATS.points;
  }
}

const HEADER_FILL = 'FFD9E1F2';
const GROUP_FILL = 'FFF2F2F2';
const BANNER_FILL = { warning: 'FFFFEB9C', error: 'FFFFC7CE' } as const;
const GANTT_PLANNED = 'FFDDEBF7';
const GANTT_ACTIVE = 'FF2F5597';
/** Paragraphs span this many columns. */
const TEXT_SPAN = 12;
/** Columns holding the facts' labels, the Gantt chart's months. */
const FACT_LABEL_WIDTH = 30;
const GANTT_MONTH_WIDTH = 4;
const GANTT_FIRST_MONTH = 2;

const TEXT_CELL: CellStyle = { wrap: true, vertical: 'top', border: true };

/** The look of a paragraph of rich text by its indentation, one object each (the writer finds styles by identity). */
const RICH_STYLES: CellStyle[] = [];
function richStyle(indent: number): CellStyle {
  // spreadsheets indent only left-aligned text
  return (RICH_STYLES[indent] ??= { wrap: true, vertical: 'top', size: 11, ...(indent > 0 ? { indent, horizontal: 'left' as const } : {}) });
}
const LINE_HEIGHT = 13;

/**
 * The height of a table row whose text wraps (undefined for one line): Excel fits such a row
 * when it opens the file, LibreOffice does not, and its lines would be drawn over the next row.
 * Lines are estimated from the text's length against the column's width (in characters).
 */
function wrappedHeight(columns: readonly Column[], cells: readonly unknown[]): number | undefined {
  let lines = 1;
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i] as Column;
    const v = cells[i];
    if (c.kind !== 'text' || typeof v !== 'string' || v.length <= c.width) continue;
    lines = Math.max(lines, v.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil(part.length / c.width)), 0));
  }
  return lines > 1 ? Math.min(409, lines * LINE_HEIGHT + 2) : undefined;
}
const GROUP: CellStyle = { bold: true, fill: GROUP_FILL };

// --------------------------------------------------------------------------- widths

/** Character widths a sheet's columns need, known before its first row is written. */
function sheetWidths(sections: readonly Section[]): number[] {
  const widths: number[] = [];
  const widen = (col: number, w: number) => { widths[col] = Math.max(widths[col] ?? 0, w); };
  for (const s of sections) {
    for (const b of s.blocks) {
      if (b.kind === 'table') b.table.columns.forEach((c, i) => widen(i, c.width));
      else if (b.kind === 'facts') widen(0, FACT_LABEL_WIDTH);
      else if (b.kind === 'chart' && b.chart.kind === 'gantt') b.chart.months.forEach((_, i) => widen(GANTT_FIRST_MONTH + i, GANTT_MONTH_WIDTH));
    }
  }
  return Array.from(widths, (w) => (w === undefined ? 0 : Math.min(70, Math.max(8, w))));
}

// --------------------------------------------------------------------------- formulas

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
 * The cell of a computed column: a formula over its row's cells when it reproduces the value
 * (every operand a number, the result equal to ours), else the plain value.
 */
function valueCell(col: Column, refs: readonly number[], cells: readonly Value[], index: number, row: number): CellSpec['value'] {
  const v = cells[index] ?? null;
  if (!col.formula || typeof v !== 'number') return v;
  const parts = refs.map((i) => numberOf(cells[i]));
  if (parts.some((p) => p === undefined)) return v;
  const xs = parts as number[];
  const sum = 'sum' in col.formula;
  if (!sum && xs[1] === 0) return v;
  const result = sum ? xs.reduce((s, x) => s + x, 0) : (xs[0] as number) / (xs[1] as number);
  if (Math.abs(result - v) >= 1e-9) return v;
  return { formula: refs.map((i) => `${columnLetters(i)}${row}`).join(sum ? '+' : '/'), result: v };
}

// --------------------------------------------------------------------------- cell looks

function cellKind(r: Row, c: Column, i: number): ColumnKind {
  return r.kinds?.[i] ?? c.kind;
}

/**
 * The style of a cell by its format and row look, each made once: the writer finds a style it
 * has seen by identity, so the same object serves every cell that looks the same.
 */
class CellLooks {
  private readonly made = new Map<string, CellStyle>();

  of(kind: ColumnKind, v: Value, group: boolean): CellStyle {
    const numFmt = numberFormat(kind, v);
    const key = `${numFmt ?? ''}|${group ? 'g' : ''}`;
    let style = this.made.get(key);
    if (!style) {
      const base: CellStyle = numFmt === undefined ? TEXT_CELL : { numFmt, border: true };
      style = group ? { ...base, ...GROUP } : base;
      this.made.set(key, style);
    }
    return style;
  }
}

// --------------------------------------------------------------------------- one sheet

/** Rows written between two waits for the compression to catch up. */
const ROWS_PER_DRAIN = 512;

class SheetLayout {
  private frozen = false;
  constructor(private readonly sheet: SheetWriter, private readonly drain: () => Promise<void>) {}

  /** The number the next row gets. */
  private next = 1;

  private row(cells: readonly (CellSpec | null)[], height?: number): number {
    const n = this.sheet.row(cells, height === undefined ? undefined : { height });
    this.next = n + 1;
    return n;
  }

  blank(): void {
    this.next = this.sheet.blank() + 1;
  }

  get empty(): boolean {
    return this.next === 1;
  }

  /** A paragraph across the text span; about 110 characters fit on a line of it. */
  text(text: string, style: CellStyle = {}): void {
    const n = this.row([{ value: text, style: { wrap: true, vertical: 'top', size: 11, ...style } }], Math.max(15, Math.ceil(text.length / 110) * 15));
    this.sheet.merge(n, 1, n, TEXT_SPAN);
  }

  /**
   * The coordinator's text: a row per paragraph and per list item (its bullet or number first,
   * indented by its depth), bold and italic words as runs of the cell's text.
   */
  rich(paragraphs: readonly RichParagraph[]): void {
    for (const p of paragraphs) {
      const runs = p.item === undefined ? p.runs : [{ text: `${p.item} ` }, ...p.runs];
      const indent = p.item === undefined ? 0 : 1 + (p.depth ?? 0);
      const lines = runs.map((r) => r.text).join('').split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / (110 - 3 * indent))), 0);
      const n = this.row([{ value: { runs }, style: richStyle(indent) }], lines * 15);
      this.sheet.merge(n, 1, n, TEXT_SPAN);
    }
    this.blank();
  }

  facts(items: readonly [string, string][]): void {
    for (const [label, value] of items) {
      const n = this.row([{ value: label, style: { bold: true } }, { value, style: { wrap: true, vertical: 'top' } }]);
      this.sheet.merge(n, 2, n, TEXT_SPAN);
    }
    this.blank();
  }

  /** Group headings over adjacent columns, merged. */
  private groups(table: Table): void {
    if (!table.columns.some((c) => c.group)) return;
    const cells: (CellSpec | null)[] = [];
    const spans: [number, number][] = [];
    for (let i = 0; i < table.columns.length;) {
      const g = table.columns[i]?.group;
      let j = i;
      while (j < table.columns.length && table.columns[j]?.group === g) j++;
      cells[i] = g ? { value: g, style: { bold: true, horizontal: 'center', fill: HEADER_FILL, border: true } } : null;
      for (let k = i + 1; k < j; k++) cells[k] = null;
      if (g && j - 1 > i) spans.push([i + 1, j]);
      i = j;
    }
    const n = this.row(cells);
    for (const [a, b] of spans) this.sheet.merge(n, a, n, b);
  }

  async table(table: Table): Promise<void> {
    if (table.title) this.text(table.title, { bold: true });
    this.groups(table);
    const headerHeight = Math.max(18, Math.max(...table.columns.map((c) => Math.ceil(c.header.length / Math.max(c.width, 6)))) * 14);
    const header = this.row(table.columns.map((c) => ({
      value: c.header,
      style: { bold: true, wrap: true, vertical: 'middle', horizontal: c.kind === 'text' ? 'left' : 'center', fill: HEADER_FILL, border: true },
    })), headerHeight);
    if (!this.frozen) {
      this.sheet.freezeRowsAbove(header + 1);
      this.frozen = true;
    }
    const refs = table.columns.map((c) => operands(table, c));
    const looks = new CellLooks();
    const cells: CellSpec[] = table.columns.map(() => ({ value: null }));
    let k = 0;
    for (const r of table.rows) {
      if (k++ % ROWS_PER_DRAIN === ROWS_PER_DRAIN - 1) await this.drain();
      if (r.style === 'group' && r.cells.slice(1).every((c) => c === null) && table.columns.length > 1) {
        // a group heading spans the table
        const n = this.row([{ value: r.cells[0] ?? '', style: { ...GROUP, border: true } }]);
        this.sheet.merge(n, 1, n, table.columns.length);
        continue;
      }
      // one array of cells reused for every row: the writer takes what it needs at once
      const row = this.next;
      for (const [i, c] of table.columns.entries()) {
        const cell = cells[i] as CellSpec;
        cell.value = valueCell(c, refs[i] as number[], r.cells, i, row);
        cell.style = looks.of(cellKind(r, c, i), r.cells[i] ?? null, r.style === 'group');
      }
      this.row(cells, wrappedHeight(table.columns, r.cells));
    }
    if (table.note) this.text(table.note, { italic: true, size: 9 });
    this.blank();
  }

  gantt(chart: GanttChart): void {
    this.text(chart.title, { bold: true });
    const month: CellStyle = { bold: true, rotation: 90, horizontal: 'center' };
    this.row([{ value: HEADERS.code, style: { bold: true } }, { value: HEADERS.action, style: { bold: true } }, ...chart.months.map((m) => ({ value: monthShort(m), style: month }))], 42);
    const cell = (planned: boolean, active: boolean): CellSpec => {
      const fill = active ? GANTT_ACTIVE : planned ? GANTT_PLANNED : undefined;
      return { value: active ? (planned ? '●' : '○') : null, style: { color: 'FFFFFFFF', horizontal: 'center', border: true, ...(fill ? { fill } : {}) } };
    };
    for (const r of chart.rows) this.row([{ value: r.label }, { value: r.name }, ...chart.months.map((_, i) => cell(r.planned[i] ?? false, r.active[i] ?? false))]);
    this.text(TABLE_WORDS.ganttLegend, { italic: true, size: 9 });
    if (chart.note) this.text(chart.note, { italic: true, size: 9 });
    this.blank();
  }

  async block(block: Block): Promise<void> {
    switch (block.kind) {
      case 'heading':
        this.text(block.text, { bold: true });
        break;
      case 'paragraphs':
        for (const line of block.lines) this.text(line);
        this.blank();
        break;
      case 'rich':
        this.rich(block.paragraphs);
        break;
      case 'banner':
        for (const line of block.lines) this.text(line, { bold: true, fill: BANNER_FILL[block.level] });
        this.blank();
        break;
      case 'facts':
        this.facts(block.items);
        break;
      case 'table':
        await this.table(block.table);
        break;
      case 'chart':
        if (block.chart.kind === 'gantt') this.gantt(block.chart);
        break;
    }
  }
}

async function writeSheet(w: XlsxWriter, model: ReportModel, name: SheetName): Promise<void> {
  const sections = model.sections.filter((s) => s.sheet === name);
  const layout = new SheetLayout(w.sheet({ name, columnWidths: sheetWidths(sections), landscape: true, fitToWidth: true }), () => w.drain());
  if (name === SHEETS[0]) {
    for (const n of model.notices) layout.text(n.text, { bold: true, fill: BANNER_FILL[n.level] });
    if (model.notices.length) layout.blank();
  }
  for (const section of sections) {
    layout.text(section.title, { bold: true, size: 14 });
    for (const block of section.blocks) await layout.block(block);
  }
  if (layout.empty) layout.text(TABLE_WORDS.emptySheet);
}

/** Writes the workbook to `sink` as it is laid out (the caller puts the file in place); a failure aborts it. */
export async function writeXlsx(model: ReportModel, sink: ByteSink, codec: Codec, fixed: Date): Promise<void> {
  const w = await XlsxWriter.create(sink, codec, { created: fixed, title: `${model.title} — ${model.project.number}`, creator: 'pal-report' });
  try {
    for (const name of SHEETS) {
      if (OPTIONAL_SHEETS.has(name) && !model.sections.some((s) => s.sheet === name)) continue;
      await writeSheet(w, model, name);
    }
    await w.close();
  } catch (e) {
    await w.abort();
    throw e;
  }
}
