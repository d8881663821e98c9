/**
 * A streaming SpreadsheetML writer for the workbooks we generate: rows go to the zip as they
 * are written, so memory stays flat however many rows a sheet gets (exceljs, even streaming,
 * needs seconds and gigabytes for the audit trail of a large project). exceljs stays for
 * editing users' workbooks.
 *
 * Strings are inline (no shared-string table to hold), styles are deduplicated into one
 * cellXfs entry per distinct look, and nothing depends on the clock: the same calls with the
 * same `created` give the same bytes.
 */
import { writeUtf8 } from '../formats/index.js';
import type { Codec } from '../platform/index.js';
import { ZipWriter, type ByteSink } from './zip-writer.js';

/** A cell's look; every distinct combination becomes one cellXfs entry in styles.xml (deduplicated). */
export interface CellStyle {
  /** Font (default Calibri 11). */
  bold?: boolean;
  italic?: boolean;
  size?: number;
  /** Font colour, ARGB 'FFRRGGBB'. */
  color?: string;
  /** Solid fill, ARGB. */
  fill?: string;
  /** Thin border on all four sides, colour FFBFBFBF. */
  border?: boolean;
  wrap?: boolean;
  vertical?: 'top' | 'middle' | 'bottom';
  horizontal?: 'left' | 'center' | 'right';
  /** textRotation, e.g. 90. */
  rotation?: number;
  /** Indentation of the text, in steps of about three characters (list items). */
  indent?: number;
  /** Custom format code, e.g. '[$-415]#,##0.0#'. */
  numFmt?: string;
}

/** Part of a rich text cell, in the cell's font with its own weight and slant. */
export interface TextRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

/**
 * A formula is written only from `{ formula }` (without the leading `=`); a string is always
 * text; `{ runs }` is text of several looks (bold and italic words in a sentence).
 */
export type CellValue = string | number | null | { formula: string; result: number | string } | { runs: readonly TextRun[] };
export interface CellSpec {
  value: CellValue;
  style?: CellStyle;
}

export interface SheetOptions {
  /** At most 31 characters, none of `: \ / ? * [ ]`, unique in the workbook. */
  name: string;
  /** Character widths, index 0 = column A; a missing or non-positive width leaves the default. */
  columnWidths: number[];
  /** A4 page setup: paperSize 9, portrait unless `landscape`; `fitToWidth`: one page wide. */
  landscape?: boolean;
  fitToWidth?: boolean;
}

export interface WorkbookOptions {
  created: Date;
  title?: string;
  /** 'pal-report' when absent. */
  creator?: string;
}

export interface SheetWriter {
  /** Appends the next row (1-based row numbers, consecutive, no gaps; `null` cells are skipped). Returns its number. */
  row(cells: readonly (CellSpec | null)[], options?: { height?: number }): number;
  /** A blank row (no cells). */
  blank(): number;
  /** Merges a rectangle (1-based rows and columns). */
  merge(fromRow: number, fromCol: number, toRow: number, toCol: number): void;
  /**
   * Freezes the rows above `row` (e.g. 5 keeps rows 1–4 visible). Only the first call counts,
   * and only before the sheet's 200th row (the rows wait for it until then).
   */
  freezeRowsAbove(row: number): void;
}

const MAX_ROWS = 1_048_576;
const MAX_COLS = 16_384;
/** The longest cell text Excel holds; longer text is cut. */
const MAX_TEXT = 32_767;
/** XML bytes handed to the zip at a time (the zip deflates chunks of this size at once). */
const CHUNK_BYTES = 1 << 20;
/**
 * Rows kept back waiting for `freezeRowsAbove`: the pane is written before the rows, and the
 * renderer learns the frozen row only at a sheet's first table header. Past this the pane is
 * simply not frozen.
 */
const HOLD_ROWS = 200;

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

// --- text -------------------------------------------------------------------------------

/** Characters XML 1.0 forbids: dropped, since no reader shows them usefully. */
const INVALID = '\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff';
/** Text content: markup characters, CR (XML parsers turn it into LF), forbidden characters. */
const SPECIAL_XML = new RegExp(`[&<>\r${INVALID}]`, 'g');
/**
 * Cell text (ST_Xstring) also escapes an underscore that starts `_xHHHH_`: Excel reads such a
 * sequence as an escaped character, and both Excel and LibreOffice read `_x005F_` as `_`.
 */
const SPECIAL_CELL = new RegExp(`[&<>\r${INVALID}]|_(?=x[0-9A-Fa-f]{4}_)`, 'g');
/** Attribute values also keep `"` and whitespace (attribute normalisation turns it into spaces). */
const SPECIAL_ATTR = new RegExp(`[&<>"\r\n\t${INVALID}]|_(?=x[0-9A-Fa-f]{4}_)`, 'g');

function replacement(c: string): string {
  switch (c) {
    case '&': return '&amp;';
    case '<': return '&lt;';
    case '>': return '&gt;';
    case '"': return '&quot;';
    case '\r': return '&#13;';
    case '\n': return '&#10;';
    case '\t': return '&#9;';
    case '_': return '_x005F_';
    default: return '';
  }
}

function escapeWith(re: RegExp, s: string): string {
  re.lastIndex = 0;
  return s.replace(re, replacement);
}

/**
 * Whether a cell text may need escaping: a plain loop, several times faster than a regular
 * expression on the short texts that make up most cells.
 */
function mayNeedEscape(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 ? c !== 9 && c !== 10 : c === 38 || c === 60 || c === 62 || c === 95 || c >= 0xfffe) return true;
  }
  return false;
}

/** Plain XML text content (document properties). */
function escapeXml(s: string): string {
  return escapeWith(SPECIAL_XML, s);
}

/** The text of a cell, a formula or a string result. */
function escapeCellText(s: string): string {
  return mayNeedEscape(s) ? escapeWith(SPECIAL_CELL, s) : s;
}

/** An attribute value (sheet names, format codes). */
function escapeAttr(s: string): string {
  return escapeWith(SPECIAL_ATTR, s);
}

/** At most MAX_TEXT UTF-16 units, never half a surrogate pair. */
function clip(s: string): string {
  if (s.length <= MAX_TEXT) return s;
  const high = s.charCodeAt(MAX_TEXT - 1);
  return s.slice(0, high >= 0xd800 && high < 0xdc00 ? MAX_TEXT - 1 : MAX_TEXT);
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Column letters of a 0-based column index: 0 → A, 26 → AA (for the formulas callers write). */
export function columnLetters(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** `<c r="A`, `<c r="B`, …: a cell's start up to its row number, made once per column. */
const cellOpen: string[] = [];

function openCell(index: number): string {
  let s = cellOpen[index];
  if (s === undefined) {
    s = `<c r="${columnLetters(index)}`;
    cellOpen[index] = s;
  }
  return s;
}

function isoSeconds(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

// --- styles ------------------------------------------------------------------------------

/** Formats every spreadsheet knows by number; any other code gets an id from 164 up. */
const BUILTIN_FORMATS = new Map<string, number>([
  ['General', 0], ['0', 1], ['0.00', 2], ['#,##0', 3], ['#,##0.00', 4], ['0%', 9], ['0.00%', 10], ['0.00E+00', 11], ['@', 49],
]);

const DEFAULT_XF = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>';
const THIN = '<color rgb="FFBFBFBF"/>';

function argb(color: string, what: string): string {
  if (/^[0-9A-Fa-f]{8}$/.test(color)) return color.toUpperCase();
  if (/^[0-9A-Fa-f]{6}$/.test(color)) return `FF${color.toUpperCase()}`;
  throw new Error(`${what} colour must be ARGB hex ('FFRRGGBB'): ${color}`);
}

/** A list of XML elements where each distinct element gets one index, in order of first use. */
class Pool {
  private readonly index = new Map<string, number>();
  readonly items: string[] = [];
  constructor(initial: readonly string[]) {
    for (const x of initial) this.id(x);
  }

  id(xml: string): number {
    let i = this.index.get(xml);
    if (i === undefined) {
      i = this.items.length;
      this.items.push(xml);
      this.index.set(xml, i);
    }
    return i;
  }
}

/**
 * The fixed XML of a cell of one look, from the end of its reference to its value: a cell is
 * then `<c r="` + column + row + one of these + value + close, few concatenations per cell.
 */
interface CellParts {
  text: string;
  /** An inline string of runs: `<is>` follows. */
  rich: string;
  /** For text with leading or trailing spaces, which readers would trim otherwise. */
  textKeep: string;
  number: string;
  empty: string;
  formula: string;
  formulaText: string;
}

function cellParts(styleId: number): CellParts {
  const s = styleId ? `" s="${styleId}"` : '"';
  return {
    text: `${s} t="inlineStr"><is><t>`, textKeep: `${s} t="inlineStr"><is><t xml:space="preserve">`, rich: `${s} t="inlineStr"><is>`,
    number: `${s}><v>`, empty: `${s}/>`, formula: `${s}><f>`, formulaText: `${s} t="str"><f>`,
  };
}

const PLAIN = cellParts(0);

class Styles {
  /** Style objects are usually constants reused for many cells: looked up by identity first. */
  private readonly known = new WeakMap<CellStyle, CellParts>();
  private readonly byId: CellParts[] = [PLAIN];
  private readonly xfs = new Pool([DEFAULT_XF]);
  private readonly fonts = new Pool([fontXml({})]);
  private readonly fills = new Pool(['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>']);
  private readonly borders = new Pool(['<border><left/><right/><top/><bottom/><diagonal/></border>']);
  private readonly numFmts = new Map<string, number>();

  parts(style: CellStyle): CellParts {
    let p = this.known.get(style);
    if (p === undefined) {
      const id = this.xfs.id(this.xf(style));
      p = this.byId[id] ?? cellParts(id);
      this.byId[id] = p;
      this.known.set(style, p);
    }
    return p;
  }

  private xf(s: CellStyle): string {
    const font = this.fonts.id(fontXml(s));
    const fill = s.fill !== undefined ? this.fills.id(`<fill><patternFill patternType="solid"><fgColor rgb="${argb(s.fill, 'fill')}"/><bgColor indexed="64"/></patternFill></fill>`) : 0;
    const border = s.border ? this.borders.id(`<border><left style="thin">${THIN}</left><right style="thin">${THIN}</right><top style="thin">${THIN}</top><bottom style="thin">${THIN}</bottom><diagonal/></border>`) : 0;
    const numFmt = s.numFmt !== undefined ? this.numFmt(s.numFmt) : 0;
    let align = '';
    if (s.horizontal) align += ` horizontal="${s.horizontal}"`;
    if (s.vertical) align += ` vertical="${s.vertical === 'middle' ? 'center' : s.vertical}"`;
    if (s.rotation !== undefined && s.rotation !== 0) {
      if (!Number.isInteger(s.rotation) || s.rotation < 0 || (s.rotation > 180 && s.rotation !== 255)) throw new Error(`text rotation must be 0–180 or 255: ${s.rotation}`);
      align += ` textRotation="${s.rotation}"`;
    }
    if (s.indent !== undefined && s.indent > 0) {
      if (!Number.isInteger(s.indent) || s.indent > 250) throw new Error(`indent must be 1–250: ${s.indent}`);
      align += ` indent="${s.indent}"`;
    }
    if (s.wrap) align += ' wrapText="1"';
    let xml = `<xf numFmtId="${numFmt}" fontId="${font}" fillId="${fill}" borderId="${border}" xfId="0"`;
    if (numFmt) xml += ' applyNumberFormat="1"';
    if (font) xml += ' applyFont="1"';
    if (fill) xml += ' applyFill="1"';
    if (border) xml += ' applyBorder="1"';
    return align ? `${xml} applyAlignment="1"><alignment${align}/></xf>` : `${xml}/>`;
  }

  private numFmt(code: string): number {
    const builtin = BUILTIN_FORMATS.get(code);
    if (builtin !== undefined) return builtin;
    let id = this.numFmts.get(code);
    if (id === undefined) {
      id = 164 + this.numFmts.size;
      this.numFmts.set(code, id);
    }
    return id;
  }

  xml(): string {
    const list = (tag: string, items: readonly string[]) => `<${tag} count="${items.length}">${items.join('')}</${tag}>`;
    const numFmts = [...this.numFmts].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${escapeAttr(code)}"/>`);
    return `${XML_DECL}<styleSheet xmlns="${NS_MAIN}">${numFmts.length ? list('numFmts', numFmts) : ''}${list('fonts', this.fonts.items)}${list('fills', this.fills.items)}${list('borders', this.borders.items)}`
      + `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>${list('cellXfs', this.xfs.items)}`
      + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0"/></styleSheet>';
  }
}

/**
 * The runs of a rich text cell. Each run states its whole font (size, colour and name of the
 * cell's style, its own bold and italic): a run without properties would fall back to the
 * workbook's default font, not the cell's.
 */
function richRuns(runs: readonly TextRun[], style: CellStyle | undefined): string {
  const size = style?.size ?? 11;
  const color = style?.color !== undefined ? `<color rgb="${argb(style.color, 'font')}"/>` : '';
  let xml = '';
  let length = 0;
  for (const r of runs) {
    if (r.text === '' || length >= MAX_TEXT) continue;
    const t = r.text.length + length > MAX_TEXT ? clip(r.text.slice(0, MAX_TEXT - length)) : r.text;
    length += t.length;
    const bold = r.bold ?? style?.bold;
    const italic = r.italic ?? style?.italic;
    xml += `<r><rPr>${bold ? '<b/>' : ''}${italic ? '<i/>' : ''}<sz val="${size}"/>${color}<rFont val="Calibri"/><family val="2"/></rPr><t xml:space="preserve">${escapeCellText(t)}</t></r>`;
  }
  return xml || '<t></t>';
}

function fontXml(s: CellStyle): string {
  const size = s.size ?? 11;
  if (!(size > 0 && size <= 409)) throw new Error(`font size must be 1–409: ${size}`);
  return `<font>${s.bold ? '<b/>' : ''}${s.italic ? '<i/>' : ''}<sz val="${size}"/>${s.color !== undefined ? `<color rgb="${argb(s.color, 'font')}"/>` : ''}<name val="Calibri"/><family val="2"/></font>`;
}

// --- sheets ------------------------------------------------------------------------------

function checkSheetName(name: string, taken: readonly string[]): void {
  if (name.length === 0 || name.length > 31) throw new Error(`sheet name must have 1–31 characters: '${name}'`);
  if (/[:\\/?*[\]\u0000-\u001f]/.test(name) || name.startsWith("'") || name.endsWith("'")) throw new Error(`sheet name has a character Excel forbids: '${name}'`);
  const lower = name.toLocaleLowerCase('pl');
  if (taken.some((t) => t.toLocaleLowerCase('pl') === lower)) throw new Error(`two sheets named '${name}'`);
}

function positiveInt(n: number, max: number, what: string): void {
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`${what} must be 1–${max}: ${n}`);
}

class Sheet implements SheetWriter {
  private rows = 0;
  /** Rows kept until the head is written; undefined once it is. */
  private held: string[] | undefined = [];
  private frozenAbove = 0;
  private readonly merges: string[] = [];
  /** Merged column intervals by row, to refuse overlaps (Excel "repairs" such a file). */
  private readonly merged = new Map<number, [number, number][]>();
  finished = false;

  /**
   * `out` holds the UTF-8 of the rows until a chunk is full. Encoding each row on its own is
   * several times faster than joining a megabyte of row strings and encoding that.
   */
  constructor(
    private readonly zip: ZipWriter, private readonly styles: Styles, private readonly out: Uint8Array,
    private readonly options: SheetOptions, private readonly index: number,
  ) {}

  private pos = 0;

  row(cells: readonly (CellSpec | null)[], options?: { height?: number }): number {
    this.usable();
    if (this.rows >= MAX_ROWS) throw new Error(`a sheet has at most ${MAX_ROWS} rows`);
    if (cells.length > MAX_COLS) throw new Error(`a row has at most ${MAX_COLS} cells`);
    const n = this.rows + 1;
    const height = options?.height;
    const rn = String(n);
    let xml = '';
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      if (!cell) continue;
      const p = cell.style ? this.styles.parts(cell.style) : PLAIN;
      const open = cellOpen[i] ?? openCell(i);
      const v = cell.value;
      if (typeof v === 'string') {
        if (v === '') {
          xml += open + rn + p.empty;
          continue;
        }
        const t = clip(v);
        const keep = isSpace(t.charCodeAt(0)) || isSpace(t.charCodeAt(t.length - 1));
        xml += open + rn + (keep ? p.textKeep : p.text) + escapeCellText(t) + '</t></is></c>';
      } else if (typeof v === 'number') {
        // NaN and Infinity are not numbers a spreadsheet can hold: the cell keeps only its look
        xml += Number.isFinite(v) ? open + rn + p.number + v + '</v></c>' : open + rn + p.empty;
      } else if (v === null) {
        xml += open + rn + p.empty;
      } else if ('runs' in v) {
        xml += open + rn + p.rich + richRuns(v.runs, cell.style) + '</is></c>';
      } else {
        const f = escapeCellText(v.formula.replace(/^=/, ''));
        const r = v.result;
        if (typeof r === 'string') xml += `${open}${rn}${p.formulaText}${f}</f><v>${escapeCellText(clip(r))}</v></c>`;
        else xml += Number.isFinite(r) ? `${open}${rn}${p.formula}${f}</f><v>${r}</v></c>` : `${open}${rn}${p.formula}${f}</f></c>`;
      }
    }
    this.rows = n;
    if (height !== undefined && Number.isFinite(height) && height > 0) {
      this.emit(`<row r="${n}" ht="${Math.min(height, 409)}" customHeight="1">${xml}</row>`);
    } else if (xml) {
      this.emit(`<row r="${n}">${xml}</row>`);
    }
    if (this.held && this.rows >= HOLD_ROWS) this.writeHead();
    return n;
  }

  blank(): number {
    return this.row([]);
  }

  merge(fromRow: number, fromCol: number, toRow: number, toCol: number): void {
    this.usable();
    const [r1, r2] = fromRow <= toRow ? [fromRow, toRow] : [toRow, fromRow];
    const [c1, c2] = fromCol <= toCol ? [fromCol, toCol] : [toCol, fromCol];
    for (const r of [r1, r2]) positiveInt(r, MAX_ROWS, 'merged row');
    for (const c of [c1, c2]) positiveInt(c, MAX_COLS, 'merged column');
    if (r1 === r2 && c1 === c2) return; // one cell: nothing to merge
    const ref = `${columnLetters(c1 - 1)}${r1}:${columnLetters(c2 - 1)}${r2}`;
    for (let r = r1; r <= r2; r++) {
      const spans = this.merged.get(r);
      if (spans?.some(([a, b]) => a <= c2 && c1 <= b)) throw new Error(`merged range ${ref} overlaps another`);
    }
    for (let r = r1; r <= r2; r++) {
      const spans = this.merged.get(r);
      if (spans) spans.push([c1, c2]);
      else this.merged.set(r, [[c1, c2]]);
    }
    this.merges.push(ref);
  }

  freezeRowsAbove(row: number): void {
    this.usable();
    if (!this.held || this.frozenAbove) return;
    positiveInt(row, MAX_ROWS, 'frozen row');
    this.frozenAbove = row;
    this.writeHead();
  }

  /** Closes the sheet's XML and its zip entry. */
  finish(): void {
    if (this.finished) return;
    if (this.held) this.writeHead();
    this.finished = true;
    let tail = '</sheetData>';
    if (this.merges.length) tail += `<mergeCells count="${this.merges.length}">${this.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`;
    tail += '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>';
    const o = this.options;
    tail += `<pageSetup paperSize="9"${o.fitToWidth ? ' fitToWidth="1" fitToHeight="0"' : ''} orientation="${o.landscape ? 'landscape' : 'portrait'}"/></worksheet>`;
    this.emit(tail);
    this.flush();
    this.zip.end();
  }

  private usable(): void {
    if (this.finished) throw new Error(`sheet '${this.options.name}' is finished: a later sheet was started or the workbook closed`);
  }

  /** Everything before the first row: fit-to-page, the view with its frozen pane, column widths. */
  private writeHead(): void {
    const o = this.options;
    let head = `${XML_DECL}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">`;
    if (o.fitToWidth) head += '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>';
    head += `<sheetViews><sheetView${this.index === 0 ? ' tabSelected="1"' : ''} workbookViewId="0">`;
    if (this.frozenAbove > 1) {
      const topLeft = `A${this.frozenAbove}`;
      head += `<pane ySplit="${this.frozenAbove - 1}" topLeftCell="${topLeft}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="${topLeft}" sqref="${topLeft}"/>`;
    }
    head += '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>';
    let cols = '';
    o.columnWidths.forEach((w, i) => {
      if (Number.isFinite(w) && w > 0 && i < MAX_COLS) cols += `<col min="${i + 1}" max="${i + 1}" width="${Math.min(w, 255)}" customWidth="1"/>`;
    });
    if (cols) head += `<cols>${cols}</cols>`;
    head += '<sheetData>';
    const held = this.held ?? [];
    this.held = undefined;
    this.emit(head);
    for (const row of held) this.emit(row);
  }

  private emit(xml: string): void {
    if (this.held) {
      this.held.push(xml);
      return;
    }
    // a UTF-16 unit never takes more than 3 bytes of UTF-8
    if (xml.length * 3 > this.out.length - this.pos) {
      this.flush();
      if (xml.length * 3 > this.out.length) {
        this.zip.write(xml);
        return;
      }
    }
    this.pos += writeUtf8(xml, this.out, this.pos);
    if (this.pos >= CHUNK_BYTES) this.flush();
  }

  private flush(): void {
    if (this.pos === 0) return;
    this.zip.write(this.out.subarray(0, this.pos));
    this.pos = 0;
  }
}

// --- the package -------------------------------------------------------------------------

const CT = 'application/vnd.openxmlformats-officedocument';

export class XlsxWriter {
  private readonly styles = new Styles();
  private readonly names: string[] = [];
  /** One output buffer for every sheet: they are written one after another. */
  private readonly out = new Uint8Array(CHUNK_BYTES + (CHUNK_BYTES >> 2));
  private current: Sheet | undefined;
  private done = false;

  private constructor(private readonly zip: ZipWriter, private readonly options: WorkbookOptions) {}

  /** Writes to `sink` (a file, or the channel to an output being staged), deflated by `codec`. */
  static async create(sink: ByteSink, codec: Codec, options: WorkbookOptions): Promise<XlsxWriter> {
    if (Number.isNaN(options.created.getTime())) throw new Error('created is not a valid date');
    const zip = ZipWriter.to(sink, codec, { modified: options.created });
    const w = new XlsxWriter(zip, options);
    try {
      // a package part first and a part under xl/ third: how `file` and upload checks tell an XLSX from a zip
      w.entry('docProps/core.xml', w.coreXml());
      w.entry('_rels/.rels', `${XML_DECL}<Relationships xmlns="${NS_PKG_REL}">`
        + `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/>`
        + `<Relationship Id="rId2" Type="${NS_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>`
        + `<Relationship Id="rId3" Type="${NS_REL}/extended-properties" Target="docProps/app.xml"/></Relationships>`);
    } catch (e) {
      await w.abort();
      throw e;
    }
    return w;
  }

  /** Starts the next sheet; the previous one is finished. Sheets appear in the order they are started. */
  sheet(options: SheetOptions): SheetWriter {
    this.usable();
    checkSheetName(options.name, this.names);
    this.current?.finish();
    const index = this.names.length;
    this.names.push(options.name);
    this.zip.begin(`xl/worksheets/sheet${index + 1}.xml`);
    this.current = new Sheet(this.zip, this.styles, this.out, options, index);
    return this.current;
  }

  /** Finishes the last sheet and the package. */
  async close(): Promise<void> {
    this.usable();
    if (this.names.length === 0) throw new Error('a workbook needs at least one sheet');
    this.current?.finish();
    this.done = true;
    const sheets = this.names.map((_, i) => i + 1);
    this.entry('docProps/app.xml', `${XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>pal-report</Application></Properties>`);
    this.entry('xl/workbook.xml', `${XML_DECL}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><workbookPr/>`
      + '<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="15000" activeTab="0"/></bookViews><sheets>'
      + this.names.map((name, i) => `<sheet name="${escapeAttr(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')
      + '</sheets><calcPr calcId="171027"/></workbook>');
    this.entry('xl/_rels/workbook.xml.rels', `${XML_DECL}<Relationships xmlns="${NS_PKG_REL}">`
      + sheets.map((n) => `<Relationship Id="rId${n}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${n}.xml"/>`).join('')
      + `<Relationship Id="rId${sheets.length + 1}" Type="${NS_REL}/styles" Target="styles.xml"/></Relationships>`);
    this.entry('xl/styles.xml', this.styles.xml());
    this.entry('[Content_Types].xml', `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
      + `<Override PartName="/xl/workbook.xml" ContentType="${CT}.spreadsheetml.sheet.main+xml"/>`
      + sheets.map((n) => `<Override PartName="/xl/worksheets/sheet${n}.xml" ContentType="${CT}.spreadsheetml.worksheet+xml"/>`).join('')
      + `<Override PartName="/xl/styles.xml" ContentType="${CT}.spreadsheetml.styles+xml"/>`
      + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
      + `<Override PartName="/docProps/app.xml" ContentType="${CT}.extended-properties+xml"/></Types>`);
    // a failure aborts the sink: what was written is dropped
    await this.zip.finish();
  }

  /**
   * Waits while too much of what was written is still being compressed: a caller writing many
   * rows awaits this now and then, so memory stays flat while compression runs beside it.
   */
  async drain(): Promise<void> {
    await this.zip.drain();
  }

  /** Stops after a failure: the sink drops what it got. */
  async abort(): Promise<void> {
    this.done = true;
    if (this.current) this.current.finished = true;
    this.zip.abort();
  }

  private usable(): void {
    if (this.done) throw new Error('the workbook is closed');
  }

  private entry(name: string, xml: string): void {
    this.zip.begin(name);
    this.zip.write(xml);
    this.zip.end();
  }

  private coreXml(): string {
    const o = this.options;
    const when = isoSeconds(o.created);
    const creator = escapeXml(o.creator ?? 'pal-report');
    return `${XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`
      + `${o.title !== undefined ? `<dc:title>${escapeXml(o.title)}</dc:title>` : ''}<dc:creator>${creator}</dc:creator><cp:lastModifiedBy>${creator}</cp:lastModifiedBy>`
      + `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified></cp:coreProperties>`;
  }
}
