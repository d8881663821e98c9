/**
 * A streaming reader of ODS (OpenDocument spreadsheet) files, the sibling of xlsx-stream.ts.
 * Every sheet of an ODS is in one `content.xml`, so it is inflated once and scanned row by row:
 * a sheet the caller does not want is skipped by searching for its end tag only. Repeated rows
 * and columns (LibreOffice ends each row with ~16,000 repeated empty cells and each sheet with
 * ~1,000,000 repeated empty rows) cost nothing; covered (merged) cells take their top-left value;
 * typed cells are read by `office:value-type`, formula cells by their cached value.
 *
 * The XML is scanned as Latin-1 text, one character per byte: markup is ASCII, so positions are
 * right, one-byte strings search fastest, and decoding is a copy. Only the values taken out of
 * it (texts, names) are decoded from UTF-8, and only when they hold a byte above 0x7F.
 */
import { ZipFile, ZipLimitError } from '../io/zip.js';
import type { Cell, RowCallback } from './values.js';
import { CellTooLongError, decodeXml } from './xlsx-stream.js';

export interface OdsSheet {
  /** Position among the sheets, in document order (0-based). */
  index: number;
  name: string;
  hidden: boolean;
  /**
   * Merged areas with a value, of a sheet that was read (rows as shown, columns 0-based), for a
   * copy that looks like the original; at most MAX_MERGES are kept.
   */
  merges: Merge[];
}

export interface Merge {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

const MAX_MERGES = 10_000;

/** Broken or hostile structure (the row is given when known, for the message). */
export class OdsFormatError extends Error {
  override name = 'OdsFormatError';
  constructor(message: string, readonly row?: number) {
    super(row === undefined ? message : `row ${row}: ${message}`);
  }
}

/** A password-protected package: nothing in it can be read without the password. */
export class OdsEncryptedError extends Error {
  override name = 'OdsEncryptedError';
}

/** LibreOffice's and Excel's last column (XFD): a value beyond it is hostile input. */
export const MAX_COLUMNS = 16_384;
/**
 * The most rows a repeated non-empty row may reach (LibreOffice's largest sheet, with "jumbo
 * sheets" on): the caller's row limit normally stops far earlier, this bounds the loop anyway.
 */
export const MAX_ROWS = 16_777_216;
/** The most text kept while waiting for the end of a row (or of any markup): beyond it, runaway input. */
const MAX_PENDING = 64 * 1024 * 1024;
/** Unfinished text shorter than this is simply rescanned with the next chunk. */
const RESCAN_BELOW = 64 * 1024;

const NS = {
  office: 'urn:oasis:names:tc:opendocument:xmlns:office:1.0',
  table: 'urn:oasis:names:tc:opendocument:xmlns:table:1.0',
  text: 'urn:oasis:names:tc:opendocument:xmlns:text:1.0',
  style: 'urn:oasis:names:tc:opendocument:xmlns:style:1.0',
  draw: 'urn:oasis:names:tc:opendocument:xmlns:drawing:1.0',
  calcext: 'urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0',
} as const;
type Namespace = keyof typeof NS;

/** A prefix no element can have: stands for a namespace the file does not declare. */
const UNBOUND = '\u0000:';

/**
 * The prefix (`table:`) bound to each namespace on the element `tag` (the root's start tag);
 * elements and attributes are found by namespace URI, whatever prefix the producer chose.
 */
function prefixes(tag: string): Record<Namespace, string> {
  const out = { office: UNBOUND, table: UNBOUND, text: UNBOUND, style: UNBOUND, draw: UNBOUND, calcext: UNBOUND };
  const byUri = new Map<string, Namespace>(Object.entries(NS).map(([k, v]) => [v, k as Namespace]));
  for (const m of tag.matchAll(/xmlns:([\w.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const ns = byUri.get(decodeXml(m[2] ?? m[3] ?? ''));
    // the first binding wins (attributes need a prefix, so the default namespace is no use)
    if (ns && out[ns] === UNBOUND) out[ns] = `${m[1]}:`;
  }
  return out;
}

/** Element and attribute names as this file spells them. */
function names(p: Record<Namespace, string>) {
  const { office: o, table: t, text: x, style: s, calcext: c } = p;
  return {
    table: `<${t}table`, tableEnd: `</${t}table>`, anyTable: `<${t}`, tableNameAt: t.length + 1,
    row: `<${t}table-row`, rowEnd: `</${t}table-row>`,
    cell: `<${t}table-cell`, cellEnd: `</${t}table-cell>`,
    covered: `<${t}covered-table-cell`, coveredEnd: `</${t}covered-table-cell>`,
    ddeLinks: `<${t}dde-links`, ddeLinksEnd: `</${t}dde-links>`,
    trackedChanges: `<${t}tracked-changes`, trackedChangesEnd: `</${t}tracked-changes>`,
    spreadsheet: `<${o}spreadsheet`, spreadsheetEnd: `</${o}spreadsheet>`,
    style: `<${s}style`, styleEnd: `</${s}style>`, tableProperties: `<${s}table-properties`,
    p: `<${x}p`, pOpen: `<${x}p>`, pEnd: `</${x}p>`, h: `<${x}h`, hEnd: `</${x}h>`,
    s: `<${x}s`, tab: `<${x}tab`, lineBreak: `<${x}line-break`,
    noteBody: `<${x}note-body`, rubyText: `<${x}ruby-text`, annotation: `<${o}annotation`, draw: `<${p.draw}`,
    aName: `${t}name=`, aStyleName: `${t}style-name=`, aNumber: `${t}number-`,
    aRowsRepeated: `${t}number-rows-repeated=`, aColumnsRepeated: `${t}number-columns-repeated=`,
    aColumnsSpanned: `${t}number-columns-spanned=`, aRowsSpanned: `${t}number-rows-spanned=`,
    aValueType: `${o}value-type=`, aValue: `${o}value=`, aDateValue: `${o}date-value=`, aTimeValue: `${o}time-value=`,
    aBooleanValue: `${o}boolean-value=`, aStringValue: `${o}string-value=`, errorType: `${c}value-type="error"`,
    aFormula: `${t}formula=`, aFamily: `${s}family=`, aStyleNameOfStyle: `${s}name=`, aDisplay: `${t}display=`, aCount: `${x}c=`,
  };
}
type Names = ReturnType<typeof names>;

/** Whether the character ends an element name (whitespace, `>` or `/`). */
function nameEnds(code: number): boolean {
  return code === 32 || code === 62 || code === 47 || code === 10 || code === 9 || code === 13;
}

/** Whether the element `<name` starts at `at`. */
function isElement(text: string, at: number, open: string): boolean {
  return text.startsWith(open, at) && nameEnds(text.charCodeAt(at + open.length));
}

/**
 * The `>` that ends the tag starting at `lt`, or -1 when the text ends first. A `>` may stand
 * unescaped inside an attribute value (a formula `of:=[.A1]>0`), so unless the tag plainly ends
 * after a closing quote, quotes are followed.
 */
function tagEnd(text: string, lt: number): number {
  const gt = text.indexOf('>', lt);
  if (gt < 0) return -1;
  const c = text.charCodeAt(gt - 1);
  const b = text.charCodeAt(gt - 2);
  if ((c === 34 || c === 39) && b !== 61) return gt;
  if (c === 47 && (b === 34 || b === 39)) return gt;
  let quote = 0;
  for (let i = lt + 1; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (quote) {
      if (ch === quote) quote = 0;
    } else if (ch === 34 || ch === 39) quote = ch;
    else if (ch === 62) return i;
  }
  return -1;
}

const NON_ASCII = /[\u0080-\u00ff]/;

/** Recent non-ASCII texts decoded: the same names and titles come back row after row. */
const decoded = new Map<string, string>();

/**
 * Text scanned as Latin-1 back to what its UTF-8 bytes say, never a slice of the chunk it came
 * from: V8 keeps a long slice as a view that holds its whole parent (a megabyte of XML) alive
 * for as long as the caller keeps the value.
 */
function utf8(latin1: string): string {
  if (!NON_ASCII.test(latin1)) return latin1.length < 13 ? latin1 : (' ' + latin1).slice(1);
  let s = decoded.get(latin1);
  if (s === undefined) {
    const bytes = Buffer.from(latin1, 'latin1');
    s = bytes.toString('utf8');
    if (latin1.length <= 256) {
      if (decoded.size >= 4096) decoded.clear();
      decoded.set(bytes.toString('latin1'), s);
    }
  }
  return s;
}

/** Character data or an attribute value as text: UTF-8 decoded first, then its entities. */
function xmlText(raw: string): string {
  const s = utf8(raw);
  return s.indexOf('&') >= 0 ? decodeXml(s) : s;
}

/** The value of attribute `name` (given with its `=`) in a start tag, as written (see xmlText). */
function attr(tag: string, name: string): string | undefined {
  for (let i = tag.indexOf(name); i >= 0; i = tag.indexOf(name, i + 1)) {
    if (!nameEnds(tag.charCodeAt(i - 1))) continue;
    const from = i + name.length;
    const q = tag.charCodeAt(from);
    if (q !== 34 && q !== 39) continue;
    const end = tag.indexOf(q === 34 ? '"' : "'", from + 1);
    if (end < 0) return undefined;
    return tag.slice(from + 1, end);
  }
  return undefined;
}

/** An attribute's value as text (names), or undefined. */
function attrText(tag: string, name: string): string | undefined {
  const raw = attr(tag, name);
  return raw === undefined ? undefined : xmlText(raw);
}

const enum ValueType { None, Float, String, Date, Time, Boolean, Other }

const VALUE_TYPES: [string, ValueType][] = [
  ['float"', ValueType.Float], ['string"', ValueType.String], ['date"', ValueType.Date], ['percentage"', ValueType.Float],
  ['currency"', ValueType.Float], ['time"', ValueType.Time], ['boolean"', ValueType.Boolean],
];

/** `office:value-type` of a cell's start tag, compared where it stands (no string made per cell). */
function valueType(tag: string, name: string): ValueType {
  for (let i = tag.indexOf(name); i >= 0; i = tag.indexOf(name, i + 1)) {
    if (!nameEnds(tag.charCodeAt(i - 1))) continue;
    const from = i + name.length + 1;
    const q = tag.charCodeAt(from - 1);
    if (q !== 34 && q !== 39) continue;
    for (const [word, type] of VALUE_TYPES) {
      if (tag.startsWith(word, from) || (q === 39 && tag.startsWith(`${word.slice(0, -1)}'`, from))) return type;
    }
    return ValueType.Other;
  }
  return ValueType.None;
}

/** A repeat or span count: a positive integer, 1 when absent or unreadable. */
function count(v: string | undefined): number {
  if (v === undefined) return 1;
  const n = Math.floor(Number(v));
  return Number.isFinite(n) && n >= 1 ? n : 1;
}

const DATE_RE = /^(-?\d{4,})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:\d{2})?$/;

/** `office:date-value` (`2021-03-15`, `2021-03-15T10:30:00`) as a UTC date-time, or null. */
export function parseOdsDate(v: string): Date | null {
  // the common case, a plain date, without a regular expression
  if (v.length === 10 && v.charCodeAt(4) === 45 && v.charCodeAt(7) === 45) {
    const y = Number(v.slice(0, 4));
    const m = Number(v.slice(5, 7));
    const d = Number(v.slice(8, 10));
    if (y >= 100 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
      const t = Date.UTC(y, m - 1, d);
      return Number.isNaN(t) ? null : new Date(t);
    }
  }
  const m = DATE_RE.exec(v);
  if (!m) return null;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  // Date.UTC reads years 0–99 as 1900–1999: the year is set apart
  const d = new Date(Date.UTC(2000, month - 1, day, Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), Math.round(Number(m[7] ?? 0) * 1000)));
  d.setUTCFullYear(Number(m[1]));
  const zone = m[8];
  if (zone && zone !== 'Z') {
    // an explicit offset: the same instant in UTC
    const minutes = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6));
    d.setTime(d.getTime() - (zone[0] === '-' ? -1 : 1) * minutes * 60_000);
  }
  return Number.isNaN(d.getTime()) ? null : d;
}

const DURATION_RE = /^(-)?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** `office:time-value` (`PT10H30M00S`) as a fraction of a day, as Excel stores times; or null. */
export function parseOdsDuration(v: string): number | null {
  const m = DURATION_RE.exec(v);
  if (!m || v === 'P' || v.endsWith('T')) return null;
  const seconds = Number(m[2] ?? 0) * 86_400 + Number(m[3] ?? 0) * 3600 + Number(m[4] ?? 0) * 60 + Number(m[5] ?? 0);
  return (m[1] ? -seconds : seconds) / 86_400;
}

/** How a cell's value is had: from its tag alone, or from its text. */
const enum How {
  /** The text; none is an empty cell. */
  TextOrEmpty,
  /** The text, '' when there is none (a string cell). */
  Text,
  /** `value`, given by the tag. */
  Fixed,
  /** A new Date at `time`. */
  Date,
}

/** A cell's start tag read: repeat, spans and where its value comes from. */
interface TagInfo {
  tag: string;
  repeat: number;
  spanColumns: number;
  spanRows: number;
  how: How;
  value: Cell;
  time: number;
  /** A formula without `office:value-type`: saved without its result (scripts do; LibreOffice never). */
  noValue: boolean;
}

/** Reads a cell's start tag: `office:value-type` says which attribute holds the value. */
function describe(tag: string, n: Names): TagInfo {
  const info: TagInfo = { tag, repeat: 1, spanColumns: 1, spanRows: 1, how: How.TextOrEmpty, value: null, time: 0, noValue: false };
  if (tag.indexOf(n.aNumber) >= 0) {
    info.repeat = count(attr(tag, n.aColumnsRepeated));
    if (tag.indexOf('-spanned=') >= 0) {
      info.spanColumns = count(attr(tag, n.aColumnsSpanned));
      info.spanRows = count(attr(tag, n.aRowsSpanned));
    }
  }
  const type = valueType(tag, n.aValueType);
  if (type === ValueType.None && tag.indexOf(n.aFormula) >= 0) info.noValue = true;
  // a formula whose result is an error: LibreOffice writes an empty string value (older ones a 0) and the error text
  if (type === ValueType.None || type === ValueType.Other || tag.indexOf(n.errorType) >= 0) return info;
  const fixed = (value: Cell | undefined) => {
    if (value !== undefined && value !== null) {
      info.how = How.Fixed;
      info.value = value;
    }
    return info;
  };
  switch (type) {
    case ValueType.Float: {
      const v = attr(tag, n.aValue);
      const num = v === undefined || v === '' ? NaN : Number(v);
      return fixed(Number.isFinite(num) ? num : undefined);
    }
    case ValueType.String: {
      const v = attrText(tag, n.aStringValue);
      if (v !== undefined) return fixed(v);
      info.how = How.Text;
      return info;
    }
    case ValueType.Date: {
      const v = attr(tag, n.aDateValue);
      const d = v === undefined ? null : parseOdsDate(v);
      if (d) {
        info.how = How.Date;
        info.time = d.getTime();
      }
      return info;
    }
    case ValueType.Time: {
      const v = attr(tag, n.aTimeValue);
      return fixed(v === undefined ? undefined : parseOdsDuration(v));
    }
    default: {
      const v = attr(tag, n.aBooleanValue);
      return fixed(v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : undefined);
    }
  }
}

/** A merged area: its top-left value, spread over the covered cells. */
interface Span {
  c1: number;
  c2: number;
  r1: number;
  r2: number;
  value: Cell;
}

type Mode = 'root' | 'head' | 'body' | 'table' | 'skip' | 'done';

/**
 * The markup at `lt` that is not an element (comment, CDATA, processing instruction,
 * declaration): where it ends, with what ends it; undefined for an element or end tag.
 */
function special(text: string, lt: number): { end: string; at: number } | undefined {
  const c = text.charCodeAt(lt + 1);
  if (c === 33) {
    if (text.startsWith('<!--', lt)) return { end: '-->', at: text.indexOf('-->', lt + 4) };
    if (text.startsWith('<![CDATA[', lt)) return { end: ']]>', at: text.indexOf(']]>', lt + 9) };
    return { end: '>', at: text.indexOf('>', lt) };
  }
  if (c === 63) return { end: '?>', at: text.indexOf('?>', lt + 2) };
  return undefined;
}

/**
 * The scanner of content.xml. `scan` takes the text decoded so far (what it left over last time
 * plus a new chunk), handles every complete unit (a row, a tag) and returns where the unfinished
 * rest begins; `needle` says what that rest waits for, so the caller rescans only when it comes.
 */
class ContentScanner {
  readonly sheets: OdsSheet[] = [];
  needle = '<';
  private mode: Mode = 'root';
  private n: Names = names(prefixes(''));
  private waiting = false;
  private inTableStyle: string | undefined;
  private skipUntil = '';
  private sheet: OdsSheet | undefined;
  private onRow: RowCallback | undefined;
  /** Number of the next row, as LibreOffice shows it. */
  row = 1;
  private readonly cells: Cell[] = [];
  /** Columns of the current row whose cell is a formula without its result. */
  private readonly noValue: number[] = [];
  private filled = false;
  /** Areas spanning rows, by their first column; `current` is the area of the previous cell. */
  private readonly spans = new Map<number, Span>();
  private current: Span | undefined;
  private readonly recentTags: TagInfo[] = [];
  private nextRecent = 0;
  /** In table mode: the last complete row end in the text (rows after it are not tried). */
  private limit = -1;

  /** Bytes a repeated non-empty row would take written out, beyond its one copy: a limit as for inflating. */
  private expanded = 0;

  constructor(
    private readonly visit: (sheet: OdsSheet) => RowCallback | undefined,
    private readonly hiddenStyles: Set<string>,
    private readonly maxCellChars: number,
    private readonly maxBytes: number = Number.MAX_SAFE_INTEGER,
  ) {}

  scan(text: string, final: boolean): number {
    let pos = 0;
    this.waiting = false;
    this.limit = -2;
    while (!this.waiting) {
      switch (this.mode) {
        case 'root': pos = this.root(text, pos); break;
        case 'head': pos = this.head(text, pos); break;
        case 'body': pos = this.body(text, pos); break;
        case 'table': pos = this.table(text, pos, final); break;
        case 'skip': pos = this.skip(text, pos); break;
        case 'done': return text.length;
      }
    }
    return pos;
  }

  /** While a sheet (or another part) is skipped: the end tag that ends the skip. */
  get skipping(): string | undefined {
    return this.mode === 'skip' ? this.skipUntil : undefined;
  }

  /** After the last chunk: the content must not end inside a sheet. */
  finish(): void {
    if (this.mode === 'root') throw new OdsFormatError('content.xml has no root element');
    if (this.sheet && (this.mode === 'table' || this.mode === 'skip')) {
      throw new OdsFormatError(`content.xml ends inside sheet "${this.sheet.name}"`, this.mode === 'table' ? this.row : undefined);
    }
  }

  private wait(at: number, needle: string): number {
    this.waiting = true;
    this.needle = needle;
    return at;
  }

  /**
   * The next start or end tag from `pos` (comments, processing instructions and CDATA skipped):
   * its `<` and `>`; or, when the text ends inside it, the position to resume from.
   */
  private nextTag(text: string, pos: number): { lt: number; gt: number } | number {
    for (;;) {
      const lt = text.indexOf('<', pos);
      if (lt < 0) return this.wait(text.length, '<');
      const sp = special(text, lt);
      if (sp) {
        if (sp.at < 0) return this.wait(lt, sp.end);
        pos = sp.at + sp.end.length;
        continue;
      }
      const gt = tagEnd(text, lt);
      return gt < 0 ? this.wait(lt, '>') : { lt, gt };
    }
  }

  /** The first element: its xmlns declarations give the prefixes of everything else. */
  private root(text: string, pos: number): number {
    for (;;) {
      const tag = this.nextTag(text, pos);
      if (typeof tag === 'number') return tag;
      const { lt, gt } = tag;
      const p = prefixes(text.slice(lt, gt));
      if (p.table === UNBOUND) throw new OdsFormatError('content.xml does not declare the OpenDocument table namespace');
      this.n = names(p);
      this.mode = 'head';
      return gt + 1;
    }
  }

  /** Automatic styles (hidden sheets), up to the spreadsheet body. */
  private head(text: string, pos: number): number {
    const n = this.n;
    for (;;) {
      const tag = this.nextTag(text, pos);
      if (typeof tag === 'number') return tag;
      const { lt, gt } = tag;
      pos = gt + 1;
      if (isElement(text, lt, n.spreadsheet)) {
        this.mode = text.charCodeAt(gt - 1) === 47 ? 'done' : 'body';
        return pos;
      }
      this.inTableStyle = styleTag(text, lt, gt, n, this.inTableStyle, this.hiddenStyles);
    }
  }

  /** Between sheets: a sheet starts, or the spreadsheet ends. */
  private body(text: string, pos: number): number {
    const n = this.n;
    for (;;) {
      const tag = this.nextTag(text, pos);
      if (typeof tag === 'number') return tag;
      const { lt, gt } = tag;
      pos = gt + 1;
      const selfClosing = text.charCodeAt(gt - 1) === 47;
      if (isElement(text, lt, n.table)) {
        const start = text.slice(lt, gt);
        const style = attrText(start, n.aStyleName);
        const sheet: OdsSheet = { index: this.sheets.length, name: attrText(start, n.aName) ?? '', hidden: style !== undefined && this.hiddenStyles.has(style), merges: [] };
        this.sheets.push(sheet);
        const onRow = this.visit(sheet);
        if (selfClosing) continue;
        this.sheet = sheet;
        if (onRow) {
          this.onRow = onRow;
          this.row = 1;
          this.spans.clear();
          this.mode = 'table';
        } else {
          this.skipUntil = n.tableEnd;
          this.mode = 'skip';
        }
        return pos;
      }
      if (!selfClosing && (isElement(text, lt, n.ddeLinks) || isElement(text, lt, n.trackedChanges))) {
        // cached tables of DDE links and tracked changes are not sheets
        this.skipUntil = isElement(text, lt, n.ddeLinks) ? n.ddeLinksEnd : n.trackedChangesEnd;
        this.mode = 'skip';
        return pos;
      }
      if (text.startsWith(n.spreadsheetEnd, lt)) {
        this.mode = 'done';
        return pos;
      }
    }
  }

  /** A sheet nobody wants, or a part that holds no sheet: only its end tag is searched for. */
  private skip(text: string, pos: number): number {
    const end = text.indexOf(this.skipUntil, pos);
    if (end < 0) return this.wait(Math.max(pos, text.length - this.skipUntil.length + 1), this.skipUntil);
    this.mode = 'body';
    this.sheet = undefined;
    return end + this.skipUntil.length;
  }

  /** Inside a wanted sheet: rows (in row groups or header rows alike) until the sheet ends. */
  private table(text: string, pos: number, final: boolean): number {
    const n = this.n;
    if (this.limit === -2) this.limit = final ? text.length : text.lastIndexOf(n.rowEnd);
    for (;;) {
      const lt = text.indexOf('<', pos);
      if (lt < 0) return this.wait(text.length, '<');
      if (isElement(text, lt, n.row)) {
        if (lt > this.limit) {
          // no complete row after this point unless it is an empty element
          const gt = tagEnd(text, lt);
          if (gt < 0 || text.charCodeAt(gt - 1) !== 47) return this.wait(lt, gt < 0 ? '>' : n.rowEnd);
        }
        const end = this.parseRow(text, lt);
        if (end < 0) return this.wait(lt, n.rowEnd);
        pos = end;
        continue;
      }
      const sp = special(text, lt);
      if (sp) {
        if (sp.at < 0) return this.wait(lt, sp.end);
        pos = sp.at + sp.end.length;
        continue;
      }
      if (text.startsWith(n.tableEnd, lt)) {
        this.mode = 'body';
        this.sheet = undefined;
        this.onRow = undefined;
        return lt + n.tableEnd.length;
      }
      // columns, row groups, shapes, forms: nothing to read in the tags themselves
      const gt = tagEnd(text, lt);
      if (gt < 0) return this.wait(lt, '>');
      pos = gt + 1;
    }
  }

  /** One row from `<table:table-row` at `s`: returns the position after it, or -1 when the text ends first. */
  private parseRow(text: string, s: number): number {
    const n = this.n;
    const gt = tagEnd(text, s);
    if (gt < 0) return -1;
    const repeat = count(attr(text.slice(s, gt), n.aRowsRepeated));
    const first = this.row;
    const cells = this.cells;
    cells.length = 0;
    this.noValue.length = 0;
    this.filled = false;
    this.current = undefined;
    let col = 0;
    let p = gt + 1;
    if (text.charCodeAt(gt - 1) !== 47) {
      for (;;) {
        const lt = text.indexOf('<', p);
        if (lt < 0) return -1;
        // one character tells table-cell from covered-table-cell before the full comparison
        const k = text.charCodeAt(lt + n.tableNameAt);
        const covered = k === 99 && isElement(text, lt, n.covered);
        if (covered || (k === 116 && isElement(text, lt, n.cell))) {
          const cgt = tagEnd(text, lt);
          if (cgt < 0) return -1;
          const tag = text.slice(lt, cgt);
          const endTag = covered ? n.coveredEnd : n.cellEnd;
          let content: string | null = null;
          let plain: string | undefined;
          if (text.charCodeAt(cgt - 1) === 47) p = cgt + 1;
          else if (text.startsWith(n.pOpen, cgt + 1)) {
            // the shape nearly every cell has, one plain paragraph: no content to walk
            const e = text.indexOf('<', cgt + 1 + n.pOpen.length);
            if (e < 0) return -1;
            if (text.startsWith(n.pEnd, e) && text.startsWith(endTag, e + n.pEnd.length)) {
              plain = text.slice(cgt + 1 + n.pOpen.length, e);
              p = e + n.pEnd.length + endTag.length;
            }
          }
          if (plain === undefined && text.charCodeAt(cgt - 1) !== 47) {
            let close = text.indexOf(endTag, cgt + 1);
            if (close < 0) return -1;
            content = text.slice(cgt + 1, close);
            if (content.indexOf(n.anyTable) >= 0) {
              // table elements inside the cell (a nested table): find the cell's own end
              close = matchingEnd(text, cgt + 1, covered ? n.covered : n.cell, endTag);
              if (close < 0) return -1;
              content = text.slice(cgt + 1, close);
            }
            p = close + endTag.length;
          }
          const info = this.tagInfo(tag);
          if (covered) this.fillCovered(col, info.repeat, first);
          else {
            const value = this.cellValue(info, content, plain, first);
            this.current = undefined;
            if (info.noValue && value === null) {
              for (let k = 0; k < info.repeat && col + k < MAX_COLUMNS; k++) this.noValue.push(col + k);
              this.filled = true;
            }
            // an empty merged area leaves its covered cells empty: only areas with a value are kept
            if (value !== null) {
              if (info.spanColumns > 1 || info.spanRows > 1) {
                this.current = { c1: col, c2: col + info.spanColumns - 1, r1: first, r2: first + info.spanRows - 1, value };
                if (info.spanRows > 1) this.spans.set(col, this.current);
                const merges = this.sheet?.merges;
                if (merges && merges.length < MAX_MERGES) {
                  merges.push({ r1: first, c1: col, r2: Math.min(first + info.spanRows - 1, MAX_ROWS), c2: Math.min(col + info.spanColumns - 1, MAX_COLUMNS - 1) });
                }
              }
              this.put(col, info.repeat, value, first);
            }
          }
          col += info.repeat;
          continue;
        }
        if (text.charCodeAt(lt + 1) === 47) {
          if (text.startsWith(n.rowEnd, lt)) {
            p = lt + n.rowEnd.length;
            break;
          }
          const e = text.indexOf('>', lt);
          if (e < 0) return -1;
          p = e + 1;
          continue;
        }
        const sp = special(text, lt);
        if (sp) {
          if (sp.at < 0) return -1;
          p = sp.at + sp.end.length;
          continue;
        }
        const e = tagEnd(text, lt);
        if (e < 0) return -1;
        p = e + 1;
      }
    }
    this.row = first + repeat;
    if (this.filled) {
      // a repeated row with values is emitted once per repeat, so the caller's row limit applies;
      // one claiming rows past the largest sheet is refused outright
      if (first + repeat - 1 > MAX_ROWS) throw new OdsFormatError(`a row repeated past row ${MAX_ROWS}`, first);
      if (repeat > 1) {
        // a few hundred bytes may stand for millions of rows: they weigh what they would written out
        this.expanded += (repeat - 1) * Math.max(p - s, cells.length * 16);
        if (this.expanded > this.maxBytes) throw new ZipLimitError(`repeated rows expand past ${this.maxBytes} bytes`);
      }
      const onRow = this.onRow;
      const noValue = this.noValue.length > 0 ? this.noValue : undefined;
      if (onRow) for (let k = 0; k < repeat; k++) onRow(first + k, cells, noValue);
    }
    return p;
  }

  /** A value in `repeat` columns from `col` (never past the last column). */
  private put(col: number, repeat: number, value: Cell, row: number): void {
    if (col + repeat > MAX_COLUMNS) throw new OdsFormatError(`a value repeated past column ${MAX_COLUMNS}`, row);
    const cells = this.cells;
    while (cells.length < col) cells.push(null);
    for (let k = 0; k < repeat; k++) cells[col + k] = value;
    this.filled = true;
  }

  /** Covered cells take the value of the area they belong to (which may change along a repeat). */
  private fillCovered(col: number, repeat: number, row: number): void {
    if (!this.current && this.spans.size === 0) return;
    const end = col + repeat;
    for (let c = col; c < end && c < MAX_COLUMNS;) {
      let span = this.current;
      if (!span || c < span.c1 || c > span.c2 || row < span.r1 || row > span.r2) {
        span = this.spans.get(c);
        if (span && row > span.r2) this.spans.delete(c);
        if (span && (row < span.r1 || row > span.r2)) span = undefined;
        this.current = span;
      }
      if (!span) {
        c++;
        continue;
      }
      const stop = Math.min(span.c2 + 1, end);
      if (span.value !== null) this.put(c, stop - c, span.value, row);
      c = stop;
    }
  }

  /**
   * What a cell's start tag says, from the few recent tags when it is one of them: LibreOffice
   * writes the same tag for every text cell, and numbers and dates repeat down a column.
   */
  private tagInfo(tag: string): TagInfo {
    const recent = this.recentTags;
    for (let i = 0; i < recent.length; i++) {
      const r = recent[i] as TagInfo;
      if (r.tag === tag) return r;
    }
    const info = describe(tag, this.n);
    // a small ring: a kept tag holds on to its chunk of text, so only a few are kept
    if (recent.length < 8) recent.push(info);
    else recent[this.nextRecent] = info;
    this.nextRecent = (this.nextRecent + 1) % 8;
    return info;
  }

  /** A cell's value: from its tag, or from its text (one plain paragraph as written, or any content). */
  private cellValue(info: TagInfo, content: string | null, plain: string | undefined, row: number): Cell {
    switch (info.how) {
      case How.Fixed:
        if (typeof info.value === 'string' && info.value.length > this.maxCellChars) throw new CellTooLongError(row);
        return info.value;
      case How.Date:
        // a new Date each time: callers may keep it
        return new Date(info.time);
      case How.Text:
        if (plain !== undefined) return this.plain(plain, row);
        return content === null ? '' : this.text(content, row);
      default:
        return this.textOrNull(content, plain, row);
    }
  }

  /** The raw character data of a single plain paragraph as text. */
  private plain(raw: string, row: number): string {
    const s = xmlText(raw);
    if (s.length > this.maxCellChars) throw new CellTooLongError(row);
    return s;
  }

  private textOrNull(content: string | null, plain: string | undefined, row: number): Cell {
    const t = plain !== undefined ? this.plain(plain, row) : content !== null ? this.text(content, row) : '';
    return t === '' ? null : t;
  }

  /** The text of a cell: its paragraphs joined with line breaks. */
  private text(content: string, row: number): string {
    const n = this.n;
    // the common case, one plain paragraph: no tag walking
    if (content.startsWith(n.pOpen)) {
      const close = content.length - n.pEnd.length;
      if (content.indexOf('<', n.pOpen.length) === close && content.endsWith(n.pEnd)) {
        return this.plain(content.slice(n.pOpen.length, close), row);
      }
    }
    return richText(content, n, this.maxCellChars, row);
  }
}

/**
 * Tracks the automatic (or common) table styles that hide their sheet: `<style:style
 * style:family="table">` holding `<style:table-properties table:display="false"/>`. Returns the
 * name of the table style the next tags are inside of.
 */
function styleTag(text: string, lt: number, gt: number, n: Names, inTableStyle: string | undefined, hidden: Set<string>): string | undefined {
  if (isElement(text, lt, n.style)) {
    const tag = text.slice(lt, gt);
    if (text.charCodeAt(gt - 1) === 47 || attr(tag, n.aFamily) !== 'table') return undefined;
    return attrText(tag, n.aStyleNameOfStyle);
  }
  if (text.startsWith(n.styleEnd, lt)) return undefined;
  if (inTableStyle !== undefined && isElement(text, lt, n.tableProperties) && attr(text.slice(lt, gt), n.aDisplay) === 'false') hidden.add(inTableStyle);
  return inTableStyle;
}

/** The end tag matching the element opened just before `from` (same-name elements nest). */
function matchingEnd(text: string, from: number, open: string, close: string): number {
  let depth = 1;
  let p = from;
  for (;;) {
    const c = text.indexOf(close, p);
    if (c < 0) return -1;
    let o = text.indexOf(open, p);
    while (o >= 0 && o < c && !nameEnds(text.charCodeAt(o + open.length))) o = text.indexOf(open, o + 1);
    if (o >= 0 && o < c) {
      const gt = tagEnd(text, o);
      if (gt < 0) return -1;
      if (text.charCodeAt(gt - 1) !== 47) depth++;
      p = gt + 1;
      continue;
    }
    if (--depth === 0) return c;
    p = c + close.length;
  }
}

/** The element name of the start tag at `lt` (with its `<`). */
function elementName(text: string, lt: number): string {
  let e = lt + 1;
  while (e < text.length && !nameEnds(text.charCodeAt(e))) e++;
  return text.slice(lt, e);
}

/**
 * The text of cell content in general: paragraphs (`text:p`, `text:h`) joined with `\n`,
 * `text:s` / `text:tab` / `text:line-break` as the characters they stand for, inline wrappers
 * (`text:span`, `text:a`) transparent; comments (`office:annotation`), notes, ruby text and
 * drawing shapes left out. White space inside a paragraph is kept as it is: LibreOffice does not
 * apply ODF's collapsing rule (§6.1.2) either, it writes a trailing space as a plain space and
 * shows `a   b` written literally with its three spaces.
 */
function richText(content: string, n: Names, max: number, row: number): string {
  let out = '';
  let paragraphs = 0;
  let depth = 0;
  const append = (s: string) => {
    out += s;
    if (out.length > max) throw new CellTooLongError(row);
  };
  let pos = 0;
  while (pos < content.length) {
    const lt = content.indexOf('<', pos);
    const stop = lt < 0 ? content.length : lt;
    if (depth > 0 && stop > pos) {
      const raw = content.slice(pos, stop);
      append(xmlText(raw));
    }
    if (lt < 0) break;
    const sp = special(content, lt);
    if (sp) {
      const end = sp.at < 0 ? content.length : sp.at;
      if (sp.end === ']]>' && depth > 0) append(utf8(content.slice(lt + 9, end)));
      pos = end + sp.end.length;
      continue;
    }
    const gt = tagEnd(content, lt);
    if (gt < 0) break;
    pos = gt + 1;
    const selfClosing = content.charCodeAt(gt - 1) === 47;
    if (content.charCodeAt(lt + 1) === 47) {
      if (depth > 0 && (content.startsWith(n.pEnd, lt) || content.startsWith(n.hEnd, lt))) depth--;
      continue;
    }
    if (isElement(content, lt, n.p) || isElement(content, lt, n.h)) {
      if (depth === 0 && paragraphs++ > 0) append('\n');
      if (!selfClosing) depth++;
      continue;
    }
    if (isElement(content, lt, n.annotation) || isElement(content, lt, n.noteBody) || isElement(content, lt, n.rubyText) || content.startsWith(n.draw, lt)) {
      if (!selfClosing) {
        const name = elementName(content, lt);
        const end = matchingEnd(content, pos, name, `</${name.slice(1)}>`);
        pos = end < 0 ? content.length : end + name.length + 2;
      }
      continue;
    }
    if (depth === 0) continue;
    if (isElement(content, lt, n.s)) {
      const c = count(attr(content.slice(lt, gt), n.aCount));
      if (out.length + c > max) throw new CellTooLongError(row);
      append(' '.repeat(c));
    } else if (isElement(content, lt, n.tab)) append('\t');
    else if (isElement(content, lt, n.lineBreak)) append('\n');
  }
  return out;
}

/** An OpenDocument package's mimetype; others than a spreadsheet are refused by name. */
const SPREADSHEET_TYPES = ['application/vnd.oasis.opendocument.spreadsheet', 'application/vnd.oasis.opendocument.spreadsheet-template'];

export class OdsReader {
  private constructor(
    private readonly zip: ZipFile,
    private readonly hiddenStyles: ReadonlySet<string>,
    private readonly maxBytes: number,
    private readonly maxCellChars: number,
  ) {}

  /**
   * Checks the package (content.xml present, the mimetype, when there, a spreadsheet's) and reads
   * the common styles of styles.xml that hide a sheet. The automatic styles, which LibreOffice
   * uses for that, are at the head of content.xml and are read by `read` on its single pass.
   */
  static async open(zip: ZipFile, maxBytes = Number.MAX_SAFE_INTEGER, maxCellChars = Number.MAX_SAFE_INTEGER): Promise<OdsReader> {
    if (!zip.entries.has('content.xml')) throw new OdsFormatError('no content.xml in the package');
    const mimetype = (await zip.text('mimetype', 1024))?.trim();
    if (mimetype && mimetype.startsWith('application/vnd.oasis.opendocument.') && !SPREADSHEET_TYPES.includes(mimetype)) {
      throw new OdsFormatError(`not a spreadsheet: ${mimetype}`);
    }
    // a password-protected package: its parts are encrypted, as the manifest says
    const manifest = await zip.text('META-INF/manifest.xml', MANIFEST_MAX).catch(() => undefined);
    if (manifest !== undefined && /<(?:[\w.-]+:)?encryption-data\b/.test(manifest)) throw new OdsEncryptedError('the package is encrypted');
    const hidden = new Set<string>();
    if (zip.entries.has('styles.xml')) hiddenTableStyles(await commonStyles(zip, maxBytes), hidden);
    return new OdsReader(zip, hidden, maxBytes, maxCellChars);
  }

  /**
   * Streams content.xml once. For each table (sheet) in document order, `visit(sheet)` returns a
   * RowCallback to receive its rows, or undefined to skip the sheet (skipping must be cheap).
   * Returns every sheet seen (for "sheet not found" messages).
   */
  async read(visit: (sheet: OdsSheet) => RowCallback | undefined, onCompressedBytes?: (n: number) => void): Promise<OdsSheet[]> {
    const scanner = new ContentScanner(visit, new Set(this.hiddenStyles), this.maxCellChars, this.maxBytes);
    // the unfinished rest, kept in pieces while what it waits for has not come (no quadratic joins)
    let pending: string[] = [];
    let pendingLength = 0;
    for await (let chunk of await this.zip.stream('content.xml', onCompressedBytes, this.maxBytes)) {
      const skipping = scanner.skipping;
      if (skipping !== undefined) {
        // a sheet nobody wants: its end is searched for in the bytes, no text is made of them
        if (pendingLength > 0) chunk = Buffer.concat([Buffer.from(pending.join(''), 'latin1'), chunk]);
        if (chunk.indexOf(skipping, 0, 'latin1') < 0) {
          pending = [chunk.toString('latin1', Math.max(0, chunk.length - skipping.length + 1))];
          pendingLength = pending[0]?.length ?? 0;
          continue;
        }
        pending = [];
        pendingLength = 0;
      }
      const fresh = chunk.toString('latin1');
      if (pendingLength > RESCAN_BELOW) {
        const needle = scanner.needle;
        const last = pending[pending.length - 1] ?? '';
        const tail = last.length >= needle.length ? last.slice(last.length - needle.length + 1) : pending.join('').slice(-(needle.length - 1));
        if ((tail + fresh.slice(0, needle.length)).indexOf(needle) < 0 && fresh.indexOf(needle) < 0) {
          pending.push(fresh);
          pendingLength += fresh.length;
          if (pendingLength > MAX_PENDING) throw new CellTooLongError(scanner.row);
          continue;
        }
      }
      const text = pendingLength > 0 ? pending.join('') + fresh : fresh;
      const pos = scanner.scan(text, false);
      pending = pos < text.length ? [text.slice(pos)] : [];
      pendingLength = text.length - pos;
      if (pendingLength > MAX_PENDING) throw new CellTooLongError(scanner.row);
    }
    const text = pending.join('');
    scanner.scan(text, true);
    scanner.finish();
    return scanner.sheets;
  }
}

const MANIFEST_MAX = 1 << 20;
/** The most of styles.xml kept while looking for the end of its common styles. */
const STYLES_MAX = 16 << 20;
const COMMON_STYLES_END = /<\/(?:[\w.-]+:)?styles>/;

/**
 * The head of styles.xml up to the end of its common styles (where a style that hides a sheet
 * is), at most STYLES_MAX: what follows (page layouts, master pages) is not read.
 */
async function commonStyles(zip: ZipFile, maxBytes: number): Promise<string> {
  let text = '';
  for await (const c of await zip.stream('styles.xml', undefined, maxBytes)) {
    text += c.toString('latin1');
    if (COMMON_STYLES_END.test(text.slice(-c.length - 32)) || text.length >= STYLES_MAX) break;
  }
  return text.slice(0, STYLES_MAX);
}

/** Table styles that hide their sheet, from a whole styles part. */
function hiddenTableStyles(xml: string, hidden: Set<string>): void {
  let n: Names | undefined;
  let inTableStyle: string | undefined;
  for (let pos = 0; ;) {
    const lt = xml.indexOf('<', pos);
    if (lt < 0) return;
    const sp = special(xml, lt);
    if (sp) {
      if (sp.at < 0) return;
      pos = sp.at + sp.end.length;
      continue;
    }
    const gt = tagEnd(xml, lt);
    if (gt < 0) return;
    pos = gt + 1;
    if (!n) {
      n = names(prefixes(xml.slice(lt, gt)));
      continue;
    }
    inTableStyle = styleTag(xml, lt, gt, n, inTableStyle, hidden);
  }
}
