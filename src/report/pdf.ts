/**
 * The report model as an A4 PDF (pdfkit): DejaVu Sans embedded (the built-in fonts cannot print
 * Polish letters), the project number in the header, `Strona X z Y` in the footer, the funding
 * sentence on the first page, tables that continue across pages with their header repeated,
 * and vector charts.
 */
import PDFDocument from 'pdfkit';
import { concat } from '../formats/index.js';
import type { AssetName, Platform } from '../platform/index.js';
import { formatNumber, formatPercent } from '../i18n/index.js';
import type { BarsChart, Block, Column, ColumnKind, GanttChart, MonthlyChart, ReportModel, RichParagraph, Row, Table, TextRun, Value } from './model.js';
import { TABLE_WORDS, monthShort } from './wording.js';

/** The fonts by the names the drawing uses: the program's own files, read through the platform. */
export const FONTS = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  condensed: 'DejaVuSansCondensed.ttf',
  condensedBold: 'DejaVuSansCondensed-Bold.ttf',
  italic: 'DejaVuSans-Oblique.ttf',
  boldItalic: 'DejaVuSans-BoldOblique.ttf',
} as const satisfies Record<string, AssetName>;

export type Fonts = Record<keyof typeof FONTS, Uint8Array>;

/** The font files' bytes (read once per report; pdfkit embeds the glyphs used). */
export async function loadFonts(platform: Pick<Platform, 'assets'>): Promise<Fonts> {
  const entries = await Promise.all(Object.entries(FONTS).map(async ([name, file]) => [name, await platform.assets.read(file)] as const));
  return Object.fromEntries(entries) as Fonts;
}

type Doc = PDFKit.PDFDocument;

const MARGIN = { top: 62, bottom: 56, left: 45, right: 45 };
const COLORS = {
  text: '#1a1a1a',
  muted: '#595959',
  rule: '#bfbfbf',
  header: '#d9e1f2',
  group: '#f2f2f2',
  accent: '#2f5597',
  light: '#ddebf7',
  warning: '#fff2cc',
  warningLine: '#bf8f00',
  error: '#f8cbad',
  errorLine: '#c00000',
  hundred: '#c00000',
};

function left(doc: Doc): number {
  return doc.page.margins.left;
}

function width(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

/** A signed number: `+2`, `−0,5`, `0`. */
function signed(v: number, digits: number): string {
  const r = Math.round(v * 10 ** digits) / 10 ** digits;
  return `${r > 0 ? '+' : r < 0 ? '−' : ''}${formatNumber(Math.abs(r), digits, 'pl')}`;
}

function formatValue(v: Value, kind: ColumnKind): string {
  if (v === null) return '—';
  if (typeof v === 'string') return v;
  switch (kind) {
    case 'percent':
      return formatPercent(v, 'pl');
    case 'number':
      return formatNumber(v, 2, 'pl');
    case 'difference':
      return signed(v, 2);
    case 'points':
      return `${signed(v, 1)} p.p.`;
    default:
      return String(v);
  }
}

function cellText(row: Row, i: number, columns: readonly Column[]): string {
  return formatValue(row.cells[i] ?? null, row.kinds?.[i] ?? (columns[i] as Column).kind);
}

function sectionTitle(doc: Doc, text: string): void {
  ensureSpace(doc, 60);
  doc.moveDown(0.6);
  doc.font('bold').fontSize(13).fillColor(COLORS.accent).text(text, left(doc), doc.y, { width: width(doc) });
  const y = doc.y + 2;
  doc.moveTo(left(doc), y).lineTo(left(doc) + width(doc), y).lineWidth(0.7).strokeColor(COLORS.accent).stroke();
  doc.y = y + 6;
  doc.fillColor(COLORS.text);
}

function paragraph(doc: Doc, text: string, opts: { size?: number; font?: string } = {}): void {
  doc.font(opts.font ?? 'regular').fontSize(opts.size ?? 9.5).fillColor(COLORS.text);
  const h = doc.heightOfString(text, { width: width(doc) });
  ensureSpace(doc, Math.min(h, 60));
  doc.text(text, left(doc), doc.y, { width: width(doc), align: 'left' });
  doc.moveDown(0.4);
}

function runFont(r: TextRun): keyof typeof FONTS {
  return r.bold ? (r.italic ? 'boldItalic' : 'bold') : r.italic ? 'italic' : 'regular';
}

/**
 * A paragraph of the coordinator's text as runs of regular, bold and italic type on the same
 * lines (pdfkit's continued text); a list item on a line of its own, its bullet or number
 * hanging before the text, indented by its depth.
 */
function richParagraph(doc: Doc, p: RichParagraph): void {
  const size = 9.5;
  const markerX = left(doc) + (p.item === undefined ? 0 : 12 * (p.depth ?? 0));
  const textX = p.item === undefined ? markerX : markerX + (p.item.length > 1 ? 20 : 12);
  const w = width(doc) - (textX - left(doc));
  doc.font('regular').fontSize(size).fillColor(COLORS.text);
  ensureSpace(doc, Math.min(doc.heightOfString(p.runs.map((r) => r.text).join(''), { width: w }), 60));
  const y = doc.y;
  if (p.item !== undefined) doc.text(p.item, markerX, y, { width: textX - markerX, lineBreak: false });
  p.runs.forEach((r, k) => {
    const continued = k < p.runs.length - 1;
    doc.font(runFont(r));
    if (k === 0) doc.text(r.text, textX, y, { width: w, align: 'left', continued });
    else doc.text(r.text, { continued });
  });
  doc.moveDown(p.item === undefined ? 0.4 : 0.15);
}

function box(doc: Doc, lines: string[], fill: string, line: string): void {
  doc.font('bold').fontSize(9.5);
  const text = lines.join('\n');
  const h = doc.heightOfString(text, { width: width(doc) - 16 }) + 12;
  ensureSpace(doc, h);
  const y = doc.y;
  doc.rect(left(doc), y, width(doc), h).fillAndStroke(fill, line);
  doc.fillColor(COLORS.text).text(text, left(doc) + 8, y + 6, { width: width(doc) - 16 });
  doc.y = y + h + 6;
}

function banner(doc: Doc, level: 'warning' | 'error', lines: string[]): void {
  if (level === 'error') box(doc, lines, COLORS.error, COLORS.errorLine);
  else box(doc, lines, COLORS.warning, COLORS.warningLine);
}

function facts(doc: Doc, items: [string, string][]): void {
  const labelW = 150;
  for (const [label, value] of items) {
    doc.font('bold').fontSize(9.5);
    const labelH = doc.heightOfString(label, { width: labelW - 8 });
    doc.font('regular');
    const h = Math.max(doc.heightOfString(value, { width: width(doc) - labelW }), labelH, 12);
    ensureSpace(doc, h);
    const y = doc.y;
    doc.font('bold').fillColor(COLORS.muted).text(label, left(doc), y, { width: labelW - 8 });
    doc.font('regular').fillColor(COLORS.text).text(value, left(doc) + labelW, y, { width: width(doc) - labelW });
    doc.y = Math.max(doc.y, y + h) + 2;
  }
  doc.moveDown(0.4);
}

// ---------------------------------------------------------------------------------------
// tables

const PAD = 2.5;

/**
 * Widths proportional to `weights` within `total`, none below its minimum: columns that would
 * fall short get their minimum and the others share the rest. Undefined when the minimums
 * alone do not fit.
 */
export function fitWidths(weights: readonly number[], min: readonly number[], total: number): number[] | undefined {
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  if (sum(min) > total) return undefined;
  const fixed = new Set<number>();
  for (;;) {
    const free = total - sum([...fixed].map((i) => min[i] ?? 0));
    const share = sum(weights.filter((_, i) => !fixed.has(i)));
    const widths = weights.map((w, i) => (fixed.has(i) ? (min[i] ?? 0) : (w / share) * free));
    const short = widths.map((w, i) => i).filter((i) => !fixed.has(i) && (widths[i] ?? 0) < (min[i] ?? 0));
    if (short.length === 0) return widths;
    for (const i of short) fixed.add(i);
  }
}

/** A group heading row: its one text spans the table. */
function spansTable(row: Row): boolean {
  return row.style === 'group' && row.cells.slice(1).every((c) => c === null);
}

export interface TableLayout {
  widths: number[];
  /** Font size of the header row: headers wrap at spaces only, never inside a word. */
  headerSize: number;
}

/**
 * Column widths and header size such that every word of every header fits on a line of its
 * column (a narrow column never shows "Realizacj|a"): the widths follow the model's, widened
 * where a header word needs it; when even that does not fit, the header font shrinks.
 */
export function tableLayout(doc: Doc, table: Table, bodySize: number): TableLayout {
  const total = width(doc);
  // where there is room, cells fit too: a number whole, a text's longest word (names wrap at spaces)
  doc.font('condensed').fontSize(bodySize);
  const rows = [...table.rows].filter((r) => !spansTable(r));
  const bodyMin = table.columns.map((c, i) => Math.max(0, ...rows.flatMap((r) => {
    const text = cellText(r, i, table.columns);
    return (c.kind === 'text' ? text.split(/\s+/) : [text]).map((w) => doc.widthOfString(w));
  })));
  let size = bodySize - 0.5;
  for (; size > 4.5; size -= 0.5) {
    doc.font('condensedBold').fontSize(size);
    const min = table.columns.map((c) => Math.max(0, ...c.header.split(/\s+/).map((w) => doc.widthOfString(w))) + 2 * PAD + 0.5);
    const weights = table.columns.map((c) => c.width);
    const widths = fitWidths(weights, min.map((m, i) => Math.max(m, (bodyMin[i] ?? 0) + 2 * PAD + 0.5)), total) ?? fitWidths(weights, min, total);
    if (widths) return { widths, headerSize: size };
  }
  const weights = table.columns.reduce((a, c) => a + c.width, 0);
  return { widths: table.columns.map((c) => (c.width / weights) * total), headerSize: size };
}

function rowHeight(doc: Doc, cells: string[], widths: number[]): number {
  // a text that fits on one line is one line high: only longer ones are laid out in full
  const line = doc.heightOfString(' ');
  let h = line;
  cells.forEach((c, i) => {
    const w = (widths[i] ?? 20) - 2 * PAD;
    if (c.includes('\n') || doc.widthOfString(c) > w) h = Math.max(h, doc.heightOfString(c, { width: w }));
  });
  return h + 2 * PAD;
}

function drawRow(doc: Doc, cells: string[], widths: number[], columns: Column[], y: number, h: number, fill?: string): void {
  let x = left(doc);
  cells.forEach((text, i) => {
    const w = widths[i] ?? 20;
    if (fill) doc.rect(x, y, w, h).fill(fill);
    doc.rect(x, y, w, h).lineWidth(0.4).strokeColor(COLORS.rule).stroke();
    doc.fillColor(COLORS.text).text(text, x + PAD, y + PAD, { width: w - 2 * PAD, align: columns[i]?.kind === 'text' ? 'left' : 'right', lineBreak: true });
    x += w;
  });
}

/** The row of group headings over adjacent columns that share a `group`. */
function drawGroups(doc: Doc, table: Table, widths: number[]): void {
  if (!table.columns.some((c) => c.group)) return;
  const h = doc.heightOfString('X') + 2 * PAD;
  let x = left(doc);
  const y = doc.y;
  for (let i = 0; i < table.columns.length;) {
    const g = table.columns[i]?.group;
    let j = i;
    let w = 0;
    while (j < table.columns.length && table.columns[j]?.group === g) w += widths[j++] ?? 0;
    if (g) {
      doc.rect(x, y, w, h).fill(COLORS.header);
      doc.rect(x, y, w, h).lineWidth(0.4).strokeColor(COLORS.rule).stroke();
      doc.fillColor(COLORS.text).text(g, x + PAD, y + PAD, { width: w - 2 * PAD, align: 'center', lineBreak: false });
    }
    x += w;
    i = j;
  }
  doc.y = y + h;
}

function drawTable(doc: Doc, table: Table): void {
  const size = table.columns.length > 10 ? 6.5 : 7.5;
  const { widths, headerSize } = tableLayout(doc, table, size);
  const headers = table.columns.map((c) => c.header);
  const header = () => {
    doc.font('condensedBold').fontSize(size);
    drawGroups(doc, table, widths);
    doc.fontSize(headerSize);
    const h = rowHeight(doc, headers, widths);
    const y = doc.y;
    drawRow(doc, headers, widths, table.columns.map((c) => ({ ...c, kind: c.kind === 'text' ? 'text' : 'number' })), y, h, COLORS.header);
    doc.y = y + h;
  };
  if (table.title) {
    doc.font('bold').fontSize(10);
    ensureSpace(doc, 60);
    doc.fillColor(COLORS.text).text(table.title, left(doc), doc.y, { width: width(doc) });
    doc.moveDown(0.2);
  }
  doc.font('condensedBold').fontSize(size);
  ensureSpace(doc, rowHeight(doc, headers, widths) + 30);
  header();
  for (const row of table.rows) {
    const cells = row.cells.map((_, i) => cellText(row, i, table.columns));
    doc.font(row.style === 'group' ? 'condensedBold' : 'condensed').fontSize(size);
    const h = rowHeight(doc, cells, widths);
    if (doc.y + h > bottom(doc)) {
      doc.addPage();
      if (table.title) {
        doc.font('bold').fontSize(8.5).fillColor(COLORS.muted).text(`${table.title} (cd.)`, left(doc), doc.y, { width: width(doc) });
        doc.moveDown(0.2);
      }
      header();
      doc.font(row.style === 'group' ? 'condensedBold' : 'condensed').fontSize(size);
    }
    const y = doc.y;
    if (spansTable(row)) {
      // a group heading spans the table
      const total = widths.reduce((a, b) => a + b, 0);
      const spanH = rowHeight(doc, [cells[0] ?? ''], [total]);
      drawRow(doc, [cells[0] ?? ''], [total], [table.columns[0] as Column], y, spanH, COLORS.group);
      doc.y = y + spanH;
      continue;
    }
    drawRow(doc, cells, widths, table.columns, y, h, row.style === 'group' ? COLORS.group : undefined);
    doc.y = y + h;
  }
  if (table.note) {
    doc.moveDown(0.3);
    doc.font('italic').fontSize(7.5).fillColor(COLORS.muted).text(table.note, left(doc), doc.y, { width: width(doc) });
  }
  doc.fillColor(COLORS.text);
  doc.moveDown(0.8);
}

// ---------------------------------------------------------------------------------------
// charts (vector)

function chartTitle(doc: Doc, title: string, height: number): number {
  ensureSpace(doc, height + 24);
  doc.font('bold').fontSize(10).fillColor(COLORS.text).text(title, left(doc), doc.y, { width: width(doc) });
  doc.moveDown(0.3);
  return doc.y;
}

function barsChart(doc: Doc, chart: BarsChart): void {
  const rowH = 13;
  const height = chart.items.length * rowH + 20;
  const top = chartTitle(doc, chart.title, height);
  const labelW = 40;
  const valueW = 50;
  const plotW = width(doc) - labelW - valueW;
  const max = Math.min(3, Math.max(1.2, ...chart.items.map((i) => i.value ?? 0)));
  const x0 = left(doc) + labelW;
  const scale = plotW / max;
  chart.items.forEach((item, k) => {
    const y = top + k * rowH;
    doc.font('condensed').fontSize(7.5).fillColor(COLORS.text).text(item.label, left(doc), y + 2, { width: labelW - 4, align: 'right' });
    const v = item.value ?? 0;
    doc.rect(x0, y + 2, Math.min(v, max) * scale, rowH - 4).fill(v >= 1 ? COLORS.accent : '#8faadc');
    doc.fillColor(COLORS.text).text(item.value === null ? '—' : formatPercent(item.value, 'pl'), x0 + Math.min(v, max) * scale + 3, y + 2, { width: valueW, lineBreak: false });
  });
  const x100 = x0 + scale;
  const yEnd = top + chart.items.length * rowH;
  doc.moveTo(x100, top - 2).lineTo(x100, yEnd + 2).dash(3, { space: 2 }).lineWidth(1).strokeColor(COLORS.hundred).stroke().undash();
  doc.font('condensed').fontSize(7).fillColor(COLORS.hundred).text('100%', x100 - 15, yEnd + 4, { width: 30, align: 'center' });
  doc.y = yEnd + 18;
  doc.fillColor(COLORS.text);
}

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function monthlyChart(doc: Doc, chart: MonthlyChart): void {
  const plotH = 150;
  const top = chartTitle(doc, chart.title, plotH + 40);
  const axisW = 32;
  const x0 = left(doc) + axisW;
  const plotW = width(doc) - 2 * axisW;
  const n = chart.months.length;
  const step = plotW / Math.max(n, 1);
  const barMax = niceMax(Math.max(...chart.bars.values, 1));
  const lineMax = niceMax(Math.max(...chart.line.values, 1));
  const yBase = top + plotH;
  doc.lineWidth(0.4).strokeColor(COLORS.rule);
  for (let k = 0; k <= 4; k++) {
    const y = yBase - (plotH * k) / 4;
    doc.moveTo(x0, y).lineTo(x0 + plotW, y).stroke();
    doc.font('condensed').fontSize(6.5).fillColor(COLORS.accent).text(formatNumber((barMax * k) / 4, 0, 'pl'), left(doc), y - 3, { width: axisW - 3, align: 'right', lineBreak: false });
    doc.fillColor('#c55a11').text(formatNumber((lineMax * k) / 4, 0, 'pl'), x0 + plotW + 3, y - 3, { width: axisW - 3, lineBreak: false });
  }
  chart.bars.values.forEach((v, i) => {
    const h = (v / barMax) * plotH;
    doc.rect(x0 + i * step + step * 0.15, yBase - h, step * 0.7, h).fill('#8faadc');
  });
  doc.lineWidth(1.4).strokeColor('#c55a11');
  chart.line.values.forEach((v, i) => {
    const x = x0 + i * step + step / 2;
    const y = yBase - (v / lineMax) * plotH;
    if (i === 0) doc.moveTo(x, y);
    else doc.lineTo(x, y);
  });
  doc.stroke();
  const every = Math.max(1, Math.ceil(n / 12));
  chart.months.forEach((m, i) => {
    if (i % every !== 0) return;
    doc.font('condensed').fontSize(6.5).fillColor(COLORS.text).text(monthShort(m), x0 + i * step - 4, yBase + 3, { width: step * every, lineBreak: false });
  });
  const ly = yBase + 16;
  doc.rect(x0, ly, 8, 8).fill('#8faadc');
  doc.fillColor(COLORS.text).font('condensed').fontSize(7.5).text(`${chart.bars.label} (oś lewa)`, x0 + 11, ly, { lineBreak: false });
  doc.moveTo(x0 + 160, ly + 4).lineTo(x0 + 172, ly + 4).lineWidth(1.4).strokeColor('#c55a11').stroke();
  doc.fillColor(COLORS.text).text(`${chart.line.label} (oś prawa)`, x0 + 176, ly, { lineBreak: false });
  doc.y = ly + 18;
}

function ganttChart(doc: Doc, chart: GanttChart): void {
  const rowH = 12;
  const top = chartTitle(doc, chart.title, chart.rows.length * rowH + 40);
  const labelW = 150;
  const x0 = left(doc) + labelW;
  const cellW = (width(doc) - labelW) / Math.max(chart.months.length, 1);
  chart.months.forEach((m, i) => {
    if (m.endsWith('-01') || i === 0) {
      doc.font('condensedBold').fontSize(6.5).fillColor(COLORS.text).text(m.slice(0, 4), x0 + i * cellW, top, { width: cellW * 6, lineBreak: false });
    }
    doc.font('condensed').fontSize(5.5).fillColor(COLORS.muted).text(String(Number(m.slice(5, 7))), x0 + i * cellW, top + 9, { width: cellW, align: 'center', lineBreak: false });
  });
  const y0 = top + 20;
  chart.rows.forEach((r, k) => {
    const y = y0 + k * rowH;
    doc.font('condensed').fontSize(7).fillColor(COLORS.text).text(`${r.label} ${r.name}`, left(doc), y + 2, { width: labelW - 6, height: rowH, ellipsis: true, lineBreak: false });
    r.planned.forEach((p, i) => {
      if (p) doc.rect(x0 + i * cellW, y + 1, cellW, rowH - 2).fill(COLORS.light);
    });
    r.active.forEach((a, i) => {
      if (a) doc.rect(x0 + i * cellW + cellW * 0.2, y + 3, cellW * 0.6, rowH - 6).fill(r.planned[i] ? COLORS.accent : COLORS.hundred);
    });
    doc.moveTo(left(doc), y + rowH).lineTo(x0 + chart.months.length * cellW, y + rowH).lineWidth(0.3).strokeColor(COLORS.rule).stroke();
  });
  const ly = y0 + chart.rows.length * rowH + 6;
  const keys = TABLE_WORDS.ganttKeys;
  doc.rect(x0, ly, 10, 7).fill(COLORS.light);
  doc.fillColor(COLORS.text).font('condensed').fontSize(7).text(keys.planned, x0 + 13, ly, { lineBreak: false });
  doc.rect(x0 + 90, ly, 10, 7).fill(COLORS.accent);
  doc.fillColor(COLORS.text).text(keys.active, x0 + 103, ly, { lineBreak: false });
  doc.rect(x0 + 200, ly, 10, 7).fill(COLORS.hundred);
  doc.fillColor(COLORS.text).text(keys.outside, x0 + 213, ly, { lineBreak: false });
  doc.y = ly + 18;
  if (chart.note) {
    doc.font('italic').fontSize(7.5).fillColor(COLORS.muted).text(chart.note, left(doc), doc.y, { width: width(doc) });
    doc.fillColor(COLORS.text);
    doc.moveDown(0.5);
  }
}

// ---------------------------------------------------------------------------------------

function drawBlock(doc: Doc, block: Block): void {
  switch (block.kind) {
    case 'heading':
      ensureSpace(doc, 40);
      doc.font('bold').fontSize(10).fillColor(COLORS.text).text(block.text, left(doc), doc.y, { width: width(doc) });
      doc.moveDown(0.3);
      break;
    case 'paragraphs':
      for (const line of block.lines) paragraph(doc, line);
      break;
    case 'rich':
      block.paragraphs.forEach((p, k) => {
        // a list ends with a little room before the next paragraph
        if (k > 0 && p.item === undefined && block.paragraphs[k - 1]?.item !== undefined) doc.moveDown(0.25);
        richParagraph(doc, p);
      });
      doc.moveDown(0.3);
      break;
    case 'facts':
      facts(doc, block.items);
      break;
    case 'banner':
      banner(doc, block.level, block.lines);
      break;
    case 'table':
      drawTable(doc, block.table);
      break;
    case 'chart':
      if (block.chart.kind === 'bars') barsChart(doc, block.chart);
      else if (block.chart.kind === 'monthly') monthlyChart(doc, block.chart);
      else ganttChart(doc, block.chart);
      break;
  }
}

function title(doc: Doc, model: ReportModel): void {
  doc.font('bold').fontSize(17).fillColor(COLORS.accent).text(model.title, left(doc), doc.y, { width: width(doc) });
  doc.moveDown(0.2);
  doc.font('regular').fontSize(11).fillColor(COLORS.text).text(`${model.project.programme} „${model.project.title}”`, { width: width(doc) });
  doc.moveDown(0.6);
  for (const n of model.notices) banner(doc, n.level, [n.text]);
}

/** Header (project number) and footer (`Strona X z Y`) on every page, once all pages exist. */
function pageFurniture(doc: Doc, model: ReportModel): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const saved = { ...doc.page.margins };
    doc.page.margins = { top: 0, bottom: 0, left: saved.left, right: saved.right };
    doc.font('regular').fontSize(7.5).fillColor(COLORS.muted);
    doc.text(`${model.project.number} · ${model.project.title} · ${model.title}`, saved.left, 30, { width: width(doc), lineBreak: false, ellipsis: true });
    doc.moveTo(saved.left, 42).lineTo(doc.page.width - saved.right, 42).lineWidth(0.4).strokeColor(COLORS.rule).stroke();
    const fy = doc.page.height - 38;
    doc.moveTo(saved.left, fy - 4).lineTo(doc.page.width - saved.right, fy - 4).lineWidth(0.4).strokeColor(COLORS.rule).stroke();
    doc.fillColor(COLORS.muted).text(`Strona ${i - range.start + 1} z ${range.count}`, saved.left, fy, { width: width(doc), align: 'right', lineBreak: false });
    doc.text(model.project.beneficiary, saved.left, fy, { width: width(doc) * 0.7, lineBreak: false, ellipsis: true });
    doc.page.margins = saved;
  }
}

export function renderPdf(model: ReportModel, fixed: Date, fonts: Fonts): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: 'pl-PL',
    pdfVersion: '1.7',
    info: {
      Title: `${model.title} — ${model.project.title}`,
      Subject: `${model.project.number}, okres ${model.period.id}`,
      Author: model.project.beneficiary,
      Creator: 'pal-report',
      Producer: 'pal-report',
      CreationDate: fixed,
      ModDate: fixed,
    },
  });
  for (const [name, bytes] of Object.entries(fonts)) doc.registerFont(name, bytes as Buffer);
  const chunks: Uint8Array[] = [];
  doc.on('data', (c: Uint8Array) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(concat(chunks))));
    doc.on('error', reject);
  });
  title(doc, model);
  model.sections.forEach((section, i) => {
    if (section.xlsxOnly) return;
    if (i > 0) sectionTitle(doc, section.title);
    for (const block of section.blocks) drawBlock(doc, block);
  });
  pageFurniture(doc, model);
  doc.end();
  return done;
}
