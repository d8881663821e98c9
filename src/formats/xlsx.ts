/**
 * A streaming reader of XLSX sheets: the sheet XML is inflated and scanned row by row, so a
 * million rows never sit in memory. exceljs stays for writing; its streaming reader costs
 * ~45 µs per row, which is most of a large run (issue 5), hence this dedicated reader.
 * Handles shared and inline strings, date styles (1900 and 1904 systems), formula cells by
 * their cached value (a formula saved without one is named, never read as 0), and merged
 * cells by their top-left value. Elements are found by namespace (xml.ts), so `<x:row>` of the
 * .NET OpenXML SDK reads as `<row>`.
 */
import { excelSerialToIso } from '../dates.js';
import { detach } from '../text.js';
import { concat, fromLatin1, indexOf, lastIndexOf, latin1, markup, pieces, utf8, type Pieces } from './bytes.js';
import { columnIndex, type Cell, type RowCallback } from './cell.js';
import { broken, cellTooLong } from './errors.js';
import { attr, bindPrefixes, decodeXml, isElement, nameEnds, rootTag, selfClosing, tagEnd, tags, UNBOUND } from './xml.js';
import type { ZipFile } from './zip.js';

export interface XlsxSheet {
  name: string;
  hidden: boolean;
  /** Entry name inside the zip, e.g. `xl/worksheets/sheet1.xml`. */
  entry: string;
}

/** The longest row XML kept while waiting for its end: beyond it the file is runaway input. */
const MAX_ROW_CHARS = 64 * 1024 * 1024;
/** Excel's last column is XFD: a cell or merged area beyond it is broken (or hostile) markup. */
const MAX_COLUMNS = 16_384;

/** The namespaces of SpreadsheetML (transitional and strict) and of relationships. */
const NAMESPACES = {
  main: ['http://schemas.openxmlformats.org/spreadsheetml/2006/main', 'http://purl.oclc.org/ooxml/spreadsheetml/main'],
  rel: ['http://schemas.openxmlformats.org/officeDocument/2006/relationships', 'http://purl.oclc.org/ooxml/officeDocument/relationships'],
} as const;
const PACKAGE = { rels: ['http://schemas.openxmlformats.org/package/2006/relationships'] } as const;

/**
 * The prefix of SpreadsheetML elements in a part: `x:` for `xmlns:x="…"` on the root element,
 * '' for the default namespace, and '' too when the part declares neither (plain `<row>`).
 */
function mainPrefix(xml: string): string {
  const p = bindPrefixes(rootTag(xml), NAMESPACES, true).main;
  return p === UNBOUND ? '' : p;
}

/** An attribute's value with entities resolved. */
function attrText(tag: string, name: string): string | undefined {
  const v = attr(tag, name);
  return v === undefined ? undefined : decodeXml(v);
}

const runPatterns = new Map<string, { phonetic: RegExp; text: RegExp }>();

/** Text of all `<t>` runs of a string item (elements with prefix `p`), phonetic runs (`<rPh>`) left out. */
function runsText(xml: string, p: string): string {
  let re = runPatterns.get(p);
  if (!re) {
    re = { phonetic: new RegExp(`<${p}rPh\\b[\\s\\S]*?<\\/${p}rPh>`, 'g'), text: new RegExp(`<${p}t(?:\\s[^>]*)?>([\\s\\S]*?)<\\/${p}t>`, 'g') };
    runPatterns.set(p, re);
  }
  const clean = xml.indexOf(`<${p}rPh`) >= 0 ? xml.replace(re.phonetic, '') : xml;
  let out = '';
  for (const m of clean.matchAll(re.text)) out += m[1] ?? '';
  return decodeXml(out);
}

const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a number format shows a date or time (quoted text, escapes and [..] blocks ignored). */
export function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[[^\]]*\]/g, '').replace(/_.|\*./g, '');
  if (/^general$/i.test(bare.trim())) return false;
  return /[dmyhs]/i.test(bare);
}

function rowOf(ref: string): number {
  let i = 0;
  while (i < ref.length && ref.charCodeAt(i) >= 65) i++;
  return Number(ref.slice(i));
}

interface Merge {
  r1: number;
  r2: number;
  c1: number;
  c2: number;
  value: Cell;
}

const RANGE = /^([A-Z]+\d+):([A-Z]+\d+)$/;

function parseMerges(xml: string, p: string): Merge[] {
  const out: Merge[] = [];
  const open = `<${p}mergeCell`;
  for (const { lt, gt } of tags(xml)) {
    if (!isElement(xml, lt, open)) continue;
    const m = RANGE.exec(attr(xml.slice(lt, gt), 'ref=') ?? '');
    if (!m) continue;
    const a = m[1] ?? 'A1';
    const b = m[2] ?? 'A1';
    if (columnIndex(b) >= MAX_COLUMNS) throw broken('xlsx-broken', `merged area ${a}:${b} past column XFD`);
    out.push({ r1: rowOf(a), r2: rowOf(b), c1: columnIndex(a), c2: columnIndex(b), value: null });
  }
  return out.sort((x, y) => x.r1 - y.r1);
}

/** The start tags of elements `<name` (with the prefix) in a whole part. */
function* elements(xml: string, open: string): Generator<string> {
  for (const { lt, gt } of tags(xml)) if (isElement(xml, lt, open)) yield xml.slice(lt, gt);
}

export class XlsxReader {
  private constructor(
    private readonly zip: ZipFile,
    readonly sheets: XlsxSheet[],
    readonly date1904: boolean,
    private readonly dateStyles: boolean[],
    private readonly sharedStringsEntry: string | undefined,
    private readonly maxBytes: number,
    private readonly maxCellChars: number,
  ) {}

  private sst: string[] | undefined;

  /** Scans the pieces of a sheet's rows another thread's readSheet handed over (PieceOffer). */
  pieceScanner(from: { prefix: string; sst: readonly string[] }, onRow: RowCallback): PieceScanner {
    return SheetScan.pieces(from.sst, from.prefix, this.dateStyles, this.date1904, this.maxCellChars, onRow);
  }

  static async open(zip: ZipFile, maxBytes = Number.MAX_SAFE_INTEGER, maxCellChars = Number.MAX_SAFE_INTEGER): Promise<XlsxReader> {
    const workbook = await zip.text('xl/workbook.xml', maxBytes);
    if (workbook === undefined) throw broken('xlsx-broken', 'no xl/workbook.xml');
    const rels = (await zip.text('xl/_rels/workbook.xml.rels', maxBytes)) ?? '';
    const ns = bindPrefixes(rootTag(workbook), NAMESPACES, true);
    const p = ns.main === UNBOUND ? '' : ns.main;
    const r = ns.rel === UNBOUND || ns.rel === '' ? 'r:' : ns.rel;
    const relsPrefix = bindPrefixes(rootTag(rels), PACKAGE, true).rels;
    const targets = new Map<string, string>();
    let sharedStrings: string | undefined;
    let styles: string | undefined;
    for (const tag of elements(rels, `<${relsPrefix === UNBOUND ? '' : relsPrefix}Relationship`)) {
      const target = (attrText(tag, 'Target=') ?? '').replace(/^\//, '');
      const full = target.startsWith('xl/') ? target : `xl/${target}`;
      targets.set(attrText(tag, 'Id=') ?? '', full);
      const type = attrText(tag, 'Type=') ?? '';
      if (type.endsWith('/sharedStrings')) sharedStrings = full;
      if (type.endsWith('/styles')) styles = full;
    }
    sharedStrings ??= zip.entries.has('xl/sharedStrings.xml') ? 'xl/sharedStrings.xml' : undefined;
    styles ??= zip.entries.has('xl/styles.xml') ? 'xl/styles.xml' : undefined;
    const sheets: XlsxSheet[] = [];
    let date1904 = false;
    let seenPr = false;
    for (const { lt, gt } of tags(workbook)) {
      if (isElement(workbook, lt, `<${p}sheet`)) {
        const tag = workbook.slice(lt, gt);
        const entry = targets.get(attrText(tag, `${r}id=`) ?? '') ?? '';
        sheets.push({ name: attrText(tag, 'name=') ?? '', hidden: (attrText(tag, 'state=') ?? 'visible') !== 'visible', entry });
      } else if (!seenPr && isElement(workbook, lt, `<${p}workbookPr`)) {
        seenPr = true;
        const v = attrText(workbook.slice(lt, gt), 'date1904=');
        date1904 = v === '1' || v === 'true';
      }
    }
    return new XlsxReader(zip, sheets, date1904, parseDateStyles(styles ? await zip.text(styles, maxBytes) : undefined), sharedStrings, maxBytes, maxCellChars);
  }

  private async sharedStrings(): Promise<string[]> {
    if (this.sst) return this.sst;
    const out: string[] = [];
    if (this.sharedStringsEntry && this.zip.entries.has(this.sharedStringsEntry)) {
      const decoder = new TextDecoder('utf-8');
      let carry = '';
      let p: string | undefined;
      const take = (text: string, final: boolean): string => {
        p ??= mainPrefix(text);
        const [open, close] = [`<${p}si`, `</${p}si>`];
        let pos = 0;
        for (;;) {
          const start = text.indexOf(open, pos);
          // the chunk may end inside the next `<si`: its start waits for the rest
          if (start < 0) return final ? '' : text.slice(Math.max(pos, text.length - open.length + 1));
          const gt = tagEnd(text, start);
          if (gt < 0) return text.slice(start);
          if (selfClosing(text, gt)) {
            out.push('');
            pos = gt + 1;
            continue;
          }
          const end = text.indexOf(close, gt);
          if (end < 0) return final ? '' : text.slice(start);
          out.push(detach(runsText(text.slice(gt + 1, end), p)));
          pos = end + close.length;
        }
      };
      for await (const chunk of await this.zip.stream(this.sharedStringsEntry, undefined, this.maxBytes)) {
        carry = take(carry + decoder.decode(chunk, { stream: true }), false);
        if (carry.length > MAX_ROW_CHARS) throw cellTooLong(0);
      }
      take(carry + decoder.decode(), true);
    }
    this.sst = out;
    return out;
  }

  /**
   * Roughly how many rows the first sheet holds (to size storage once): the rows in its first
   * inflated chunk, scaled by its declared size. Undefined when that chunk holds no whole row or
   * the sheet cannot be read.
   */
  async estimatedRows(): Promise<number | undefined> {
    const first = this.sheets[0];
    const entry = first && this.zip.entries.get(first.entry);
    if (!entry) return undefined;
    let sample: Uint8Array | undefined;
    try {
      for await (const chunk of await this.zip.stream(entry.name, undefined, this.maxBytes)) {
        sample = chunk;
        break;
      }
    } catch {
      // a sheet that cannot be read fails where it is read (if it is), not here
      return undefined;
    }
    if (!sample) return undefined;
    const text = markup(sample);
    const close = `</${mainPrefix(text)}row>`;
    let rows = 0;
    for (let at = text.indexOf(close); at >= 0; at = text.indexOf(close, at + close.length)) rows++;
    if (rows === 0) return undefined;
    return Math.ceil((entry.uncompressedSize / sample.length) * rows * 1.02);
  }

  /**
   * Merged ranges come after the rows in the XML: a byte scan finds them first (inflating in
   * zlib's thread; the search is native and never joins more than the needle's length).
   */
  private async merges(entry: string): Promise<Merge[]> {
    let p: string | undefined;
    let needle: Uint8Array = new Uint8Array(0);
    let tail: Uint8Array = new Uint8Array(0);
    let collecting: Uint8Array[] | undefined;
    for await (const c of await this.zip.stream(entry, undefined, this.maxBytes)) {
      if (p === undefined) {
        p = mainPrefix(utf8(c, 0, Math.min(c.length, 65_536)));
        needle = fromLatin1(`<${p}mergeCells`);
      }
      if (collecting) {
        collecting.push(c);
        continue;
      }
      // the needle may straddle chunks: the bytes before this chunk joined with its first ones
      const seam = concat([tail, c.subarray(0, needle.length)]);
      const across = tail.length > 0 ? indexOf(seam, needle) : -1;
      if (across >= 0) collecting = [seam.subarray(across), c.subarray(needle.length)];
      else {
        const at = indexOf(c, needle);
        if (at >= 0) collecting = [c.subarray(at)];
        // the last bytes seen, over as many chunks as it takes (a chunk may be shorter than the needle)
        else tail = c.length >= needle.length ? c.subarray(c.length - needle.length + 1) : seam.subarray(Math.max(0, seam.length - needle.length + 1));
      }
    }
    return collecting ? parseMerges(utf8(concat(collecting)), p ?? '') : [];
  }

  /**
   * Streams the rows of a sheet in order; `cells` is reused between calls. Merged ranges come
   * after the rows, so they are looked for first (a merged range may reach any row). On a large
   * workbook this runs on the reading thread, started while the participants are read, so the
   * second inflate costs little of the run's time (README, performance).
   */
  async readSheet(index: number, onRow: RowCallback, onCompressedBytes?: (n: number) => void, offer?: PieceOffer): Promise<void> {
    const sheet = this.sheets[index];
    if (!sheet) return;
    const sst = await this.sharedStrings();
    const scan = new SheetScan(sst, await this.merges(sheet.entry), this.dateStyles, this.date1904, this.maxCellChars, onRow);
    let carry: Uint8Array = new Uint8Array(0);
    for await (const chunk of await this.zip.stream(sheet.entry, onCompressedBytes, this.maxBytes)) {
      const buf = carry.length ? concat([carry, chunk]) : chunk;
      const handed = offer?.wanted(sst) ? scan.hand(buf, (piece, lastRow, prefix) => offer.take(piece, { lastRow, prefix, sst })) : -1;
      const done = handed >= 0 ? handed : scan.rows(buf, false);
      carry = buf.subarray(done);
      if (carry.length > MAX_ROW_CHARS) throw cellTooLong(scan.lastRow + 1);
    }
    scan.rows(carry, true);
  }
}

/**
 * Whole rows of a sheet scanned elsewhere instead (another thread, threaded.ts): `wanted` is
 * asked before each chunk, `take` then gets the rows (a copy of their own) with what scanning
 * them takes: the row number before them, the main namespace's prefix, the shared strings.
 */
export interface PieceOffer {
  wanted(sst: readonly string[]): boolean;
  take(piece: Uint8Array, from: { lastRow: number; prefix: string; sst: readonly string[] }): void;
}

/** Scans pieces handed over by another thread's readSheet, giving their rows to `onRow`. */
export type PieceScanner = (piece: Uint8Array, lastRow: number) => void;

/** Attribute values of the start tag last scanned (r, s, t): [from, to) in the text, from -1 when absent. */
interface TagAttributes {
  r0: number;
  r1: number;
  s0: number;
  s1: number;
  t0: number;
  t1: number;
}

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13;

/**
 * Reads the attributes of the start tag whose name ends at `i`, keeping where the values of
 * `r`, `s` and `t` are; returns the position of the tag's `>`, or -1 when the text ends or
 * another tag starts first. Values are quoted, so a `>` inside one does not end the tag.
 */
function scanTag(text: string, i: number, a: TagAttributes): number {
  a.r0 = a.s0 = a.t0 = -1;
  const n = text.length;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c === 62) return i;
    // a `<` outside a value is the next tag: this one never ended
    if (c === 60) return -1;
    if (isSpace(c) || c === 47) {
      i++;
      continue;
    }
    const name = i;
    while (i < n && (c = text.charCodeAt(i)) !== 61 && c !== 62 && c !== 60 && !isSpace(c)) i++;
    const one = i - name === 1 ? text.charCodeAt(name) : 0;
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 61) continue; // a name without a value: broken, read on
    i++;
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    const q = text.charCodeAt(i);
    if (q !== 34 && q !== 39) continue;
    let end = i + 1;
    for (let ch = text.charCodeAt(end); end < n && ch !== q; ch = text.charCodeAt(++end)) {
      // no `<` in a value: a quote left open ran into the next tag
      if (ch === 60) return -1;
    }
    if (end >= n) return -1;
    if (one === 114) [a.r0, a.r1] = [i + 1, end];
    else if (one === 115) [a.s0, a.s1] = [i + 1, end];
    else if (one === 116) [a.t0, a.t1] = [i + 1, end];
    i = end + 1;
  }
  return -1;
}

/** The cell types (`t` attribute) by their name, read without copying it. */
const enum CellType { Number, Shared, Str, Bool, Error, Date, Inline, Other }

function cellType(text: string, a: number, b: number): CellType {
  if (a < 0) return CellType.Number;
  const c = text.charCodeAt(a);
  if (b - a === 1) return c === 115 ? CellType.Shared : c === 110 ? CellType.Number : c === 98 ? CellType.Bool : c === 101 ? CellType.Error : c === 100 ? CellType.Date : CellType.Other;
  if (b - a === 3 && c === 115 && text.charCodeAt(a + 1) === 116 && text.charCodeAt(a + 2) === 114) return CellType.Str;
  return b - a === 9 && text.slice(a, b) === 'inlineStr' ? CellType.Inline : CellType.Other;
}

/**
 * Where `needle` starts in text[from, to), or -1: a search that ends at the cell's end (an empty
 * cell in a sheet without formulas must not send a search through the rest of the chunk).
 */
function indexWithin(text: string, needle: string, from: number, to: number): number {
  if (to - from < needle.length) return -1;
  const at = text.slice(from, to).indexOf(needle);
  return at < 0 ? -1 : from + at;
}

/** The number written in text[a, b), as `Number()` reads it; plain digits without a copy. */
function numberAt(text: string, a: number, b: number): number {
  if (b - a > 0 && b - a < 16) {
    let n = 0;
    for (let i = a; i < b; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return Number(text.slice(a, b));
      n = n * 10 + d;
    }
    return n;
  }
  return Number(text.slice(a, b));
}

/** `A` → 0, `AB` → 27, read from the reference at `a` (columnIndex without the copy). */
function columnAt(text: string, a: number, b: number): number {
  let n = 0;
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** Dates of whole-day serials, made once per day (cells are read, never changed). */
class SerialDates {
  private readonly days = new Map<number, Date | null>();
  constructor(private readonly date1904: boolean) {}
  of(serial: number): Date | null {
    const whole = Math.floor(serial);
    let d = this.days.get(whole);
    if (d === undefined) {
      if (this.days.size >= 50_000) this.days.clear();
      const iso = excelSerialToIso(whole, this.date1904);
      d = iso ? new Date(`${iso}T00:00:00Z`) : null;
      this.days.set(whole, d);
    }
    return d;
  }
}

/**
 * The rows of one sheet, scanned from its XML bytes chunk by chunk. Markup is ASCII, so the
 * bytes are scanned as one character per byte (bytes.ts `markup`, no decoding) and only text
 * values with other bytes are decoded as UTF-8, from the bytes.
 */
class SheetScan {
  lastRow = 0;
  private readonly cells: Cell[] = [];
  // columns of the current row holding a formula without its result (what openpyxl writes)
  private readonly noValue: number[] = [];
  private active: Merge[] = [];
  private nextMerge = 0;

  private readonly a: TagAttributes = { r0: -1, r1: -1, s0: -1, s1: -1, t0: -1, t1: -1 };
  private readonly dates: SerialDates;
  // element names with the sheet's prefix for the main namespace, known from the first chunk
  private tag: ReturnType<typeof sheetTags> | undefined;
  private text = '';
  private bytes: Pieces = pieces(new Uint8Array(0));

  constructor(
    private readonly sst: readonly string[],
    private readonly merges: Merge[],
    private readonly dateStyles: readonly boolean[],
    date1904: boolean,
    private readonly maxCell: number,
    private readonly onRow: RowCallback,
  ) {
    this.dates = new SerialDates(date1904);
  }

  /**
   * Gives the whole rows of `bytes` to `take` instead of scanning them, where nothing ties them
   * to the rows before or after: no merged areas, the element names known (a piece scanned here
   * first) and the last row's number written in its tag. Returns where the rest starts, or -1
   * when they are to be scanned here.
   */
  hand(bytes: Uint8Array, take: (piece: Uint8Array, lastRow: number, prefix: string) => void): number {
    const tag = this.tag;
    if (!tag || this.merges.length > 0) return -1;
    const last = lastIndexOf(bytes, fromLatin1(tag.rowEnd));
    if (last < 0) return -1;
    const cut = last + tag.rowEnd.length;
    // the last row's number, from its start tag (near the end: rows are short)
    const from = Math.max(0, last - 16_384);
    const tail = latin1(bytes, from, last);
    let at = tail.lastIndexOf(tag.row);
    while (at >= 0 && !nameEnds(tail.charCodeAt(at + tag.row.length))) at = at > 0 ? tail.lastIndexOf(tag.row, at - 1) : -1;
    if (at < 0 || scanTag(tail, at + tag.row.length, this.a) < 0 || this.a.r0 < 0) return -1;
    const lastRow = numberAt(tail, this.a.r0, this.a.r1);
    if (!Number.isInteger(lastRow) || lastRow <= this.lastRow) return -1;
    // a copy of its own (a Node Buffer's slice would share the chunk's memory)
    take(new Uint8Array(bytes.subarray(0, cut)), this.lastRow, tag.prefix);
    this.lastRow = lastRow;
    return cut;
  }

  /** Scans a piece another thread handed over (hand): its rows are whole, numbered on from `lastRow`. */
  static pieces(sst: readonly string[], prefix: string, dateStyles: readonly boolean[], date1904: boolean, maxCell: number, onRow: RowCallback): PieceScanner {
    const scan = new SheetScan(sst, [], dateStyles, date1904, maxCell, onRow);
    scan.tag = sheetTags(prefix);
    return (piece, lastRow) => {
      scan.lastRow = lastRow;
      if (scan.rows(piece, false) !== piece.length) throw broken('xlsx-broken', `rows after ${lastRow}: a piece does not end with a row`);
    };
  }

  /** Reads every complete row of `bytes` (all of them when `final`); returns where the rest starts. */
  rows(bytes: Uint8Array, final: boolean): number {
    const text = markup(bytes);
    this.text = text;
    this.bytes = pieces(bytes);
    const tag = (this.tag ??= sheetTags(mainPrefix(text)));
    const last = final ? text.length : text.lastIndexOf(tag.rowEnd);
    if (last < 0) return 0;
    const end = final ? last : last + tag.rowEnd.length;
    const cells = this.cells;
    const a = this.a;
    let pos = 0;
    for (;;) {
      // rows follow each other directly in what every writer saves; else search
      const start = text.startsWith(tag.row, pos) ? pos : text.indexOf(tag.row, pos);
      if (start < 0 || start >= end) return end;
      // `<rowBreaks>` (manual page breaks, after the rows) is no row
      if (!nameEnds(text.charCodeAt(start + tag.row.length))) {
        pos = start + tag.row.length;
        continue;
      }
      const rowTagEnd = scanTag(text, start + tag.row.length, a);
      // broken markup must not send the scan back to where it was: it would never end
      if (rowTagEnd < 0 || rowTagEnd >= end) throw broken('xlsx-broken', `row after ${this.lastRow}: its tag does not end`);
      const n = a.r0 >= 0 ? numberAt(text, a.r0, a.r1) : this.lastRow + 1;
      this.lastRow = n;
      if (selfClosing(text, rowTagEnd)) {
        pos = rowTagEnd + 1;
        continue;
      }
      cells.length = 0;
      this.noValue.length = 0;
      let any = false;
      let p = rowTagEnd + 1;
      let col = -1;
      // where the row ends: seen when the cells run into it, searched for only when something else stands between them
      let rowEnd = -1;
      for (;;) {
        let c = p;
        if (!text.startsWith(tag.c, p) || !nameEnds(text.charCodeAt(p + tag.c.length))) {
          if (text.startsWith(tag.rowEnd, p)) {
            rowEnd = p;
            break;
          }
          if (rowEnd < 0) rowEnd = text.indexOf(tag.rowEnd, p);
          if (rowEnd < 0) throw broken('xlsx-broken', `row ${n} does not end`);
          c = text.indexOf(tag.c, p);
          if (c < 0 || c > rowEnd) break;
          if (!nameEnds(text.charCodeAt(c + tag.c.length))) {
            p = c + tag.c.length;
            continue;
          }
        }
        const cTagEnd = scanTag(text, c + tag.c.length, a);
        if (cTagEnd < 0 || (rowEnd >= 0 && cTagEnd > rowEnd)) throw broken('xlsx-broken', `row ${n}: a cell tag does not end`);
        const empty = selfClosing(text, cTagEnd);
        let close = cTagEnd;
        if (!empty && this.plainValue(cTagEnd + 1, tag)) close = this.vEnd + tag.vEnd.length;
        else if (!empty) {
          if (rowEnd < 0) rowEnd = text.indexOf(tag.rowEnd, cTagEnd);
          close = text.indexOf(tag.cEnd, cTagEnd);
          if (close < 0 || rowEnd < 0 || close > rowEnd) throw broken('xlsx-broken', `row ${n}: a cell does not end`);
        }
        col = a.r0 >= 0 ? columnAt(text, a.r0, a.r1) : col + 1;
        if (col >= MAX_COLUMNS) throw broken('xlsx-broken', `row ${n}: a cell past column XFD`);
        const value = empty ? null : this.value(cTagEnd, close, col, tag);
        if (typeof value === 'string' && value.length > this.maxCell) throw cellTooLong(n);
        while (cells.length < col) cells.push(null);
        cells[col] = value;
        if (value !== null) any = true;
        p = empty ? cTagEnd + 1 : close + tag.cEnd.length;
      }
      if (any || this.noValue.length > 0 || this.active.length || this.nextMerge < this.merges.length) this.emit(n);
      pos = rowEnd + tag.rowEnd.length;
    }
  }

  private emit(n: number): void {
    const { merges, cells } = this;
    if (merges.length) {
      while (this.nextMerge < merges.length && (merges[this.nextMerge] as Merge).r1 <= n) this.active.push(merges[this.nextMerge++] as Merge);
      this.active = this.active.filter((m) => m.r2 >= n);
      for (const m of this.active) {
        if (m.r1 === n) m.value = cells[m.c1] ?? null;
        for (let c = m.c1; c <= m.c2; c++) {
          while (cells.length <= c) cells.push(null);
          cells[c] = m.value;
        }
      }
    }
    this.onRow(n, cells, this.noValue.length > 0 ? this.noValue : undefined);
  }

  /** Text[a, b) as a string of its own: UTF-8 decoded from the bytes where it is not plain ASCII, entities resolved. */
  private string(a: number, b: number): string {
    const text = this.text;
    for (let i = a; i < b; i++) {
      const c = text.charCodeAt(i);
      if (c > 127 || c === 38) return decodeXml(this.bytes.utf8(a, b));
    }
    // a short slice is a copy; a longer one would keep the whole chunk alive
    return b - a < 13 ? text.slice(a, b) : this.bytes.latin1(a, b);
  }

  // where the value of a cell read by plainValue starts and ends
  private vStart = -1;
  private vEnd = -1;

  /**
   * Whether the cell's content from `i` is just `<v>…</v></c>` (what most cells hold): then its
   * value is at [vStart, vEnd), found without searching.
   */
  private plainValue(i: number, tag: ReturnType<typeof sheetTags>): boolean {
    const text = this.text;
    this.vEnd = -1;
    if (!text.startsWith(tag.vOpen, i)) return false;
    let e = i + tag.vOpen.length;
    while (e < text.length && text.charCodeAt(e) !== 60) e++;
    if (!text.startsWith(tag.vEnd, e) || !text.startsWith(tag.cEnd, e + tag.vEnd.length)) return false;
    this.vStart = i + tag.vOpen.length;
    this.vEnd = e;
    return true;
  }

  /** A cell without a stored value: a formula there was saved without its result. */
  private formulaWithoutValue(from: number, close: number, col: number, f: string): null {
    if (indexWithin(this.text, f, from, close) >= 0) this.noValue.push(col);
    return null;
  }

  /** The value of the cell whose start tag ends at `end` and whose end tag is at `close` (attributes in this.a). */
  private value(end: number, close: number, col: number, tag: ReturnType<typeof sheetTags>): Cell {
    const { text, a } = this;
    const t = cellType(text, a.t0, a.t1);
    if (t === CellType.Inline) {
      const is = text.indexOf(tag.is, end);
      return is >= 0 && is < close ? this.inline(is + tag.is.length, close, tag) : null;
    }
    let vStart = this.vStart;
    let vEnd = this.vEnd;
    if (vEnd !== close - tag.vEnd.length) {
      const v = indexWithin(text, tag.v, end, close);
      if (v < 0) return this.formulaWithoutValue(end, close, col, tag.f);
      vStart = text.indexOf('>', v) + 1;
      if (text.charCodeAt(vStart - 2) === 47) return this.formulaWithoutValue(end, close, col, tag.f); // <v/>
      vEnd = text.indexOf(tag.vEnd, vStart);
      if (vEnd < 0 || vEnd > close) throw broken('xlsx-broken', `row ${this.lastRow}: a value does not end`);
    }
    // an empty <v></v> is no number (Number('') would be 0); a formula's empty text result is t="str"
    if (vEnd === vStart && t !== CellType.Str) return this.formulaWithoutValue(end, close, col, tag.f);
    switch (t) {
      case CellType.Shared:
        return this.sst[numberAt(text, vStart, vEnd)] ?? null;
      case CellType.Str:
        return this.string(vStart, vEnd);
      case CellType.Bool: {
        const raw = text.slice(vStart, vEnd);
        return raw === '1' || raw === 'true';
      }
      case CellType.Error:
        return this.string(vStart, vEnd);
      case CellType.Date: {
        const raw = this.string(vStart, vEnd);
        const d = new Date(raw.length === 10 ? `${raw}T00:00:00Z` : raw);
        return Number.isNaN(d.getTime()) ? raw : d;
      }
      default: {
        let num = numberAt(text, vStart, vEnd);
        // beyond plain digits, as before: Number() of the decoded text (it trims any white space)
        if (!Number.isFinite(num)) num = Number(this.bytes.utf8(vStart, vEnd));
        if (!Number.isFinite(num)) return this.string(vStart, vEnd);
        if (a.s0 >= 0 && this.dateStyles[numberAt(text, a.s0, a.s1)]) {
          const d = this.dates.of(num);
          if (d) return d;
        }
        return num;
      }
    }
  }

  /** An inline string from just after its `<is>`: one plain `<t>` run read directly, anything richer by its runs. */
  private inline(from: number, close: number, tag: ReturnType<typeof sheetTags>): string {
    const text = this.text;
    if (isElement(text, from, tag.t)) {
      const gt = tagEnd(text, from);
      if (gt >= 0 && gt < close && !selfClosing(text, gt)) {
        const runEnd = text.indexOf(tag.tEnd, gt);
        if (runEnd >= 0 && text.startsWith(tag.isEnd, runEnd + tag.tEnd.length) && runEnd < close) return this.string(gt + 1, runEnd);
      }
    }
    const isEnd = text.indexOf(tag.isEnd, from);
    return runsText(this.bytes.utf8(from, isEnd >= 0 && isEnd < close ? isEnd : close), tag.prefix);
  }
}

/** The sheet elements the reader looks for, with the prefix the file binds to the main namespace. */
function sheetTags(prefix: string) {
  return {
    prefix, row: `<${prefix}row`, rowEnd: `</${prefix}row>`, c: `<${prefix}c`, cEnd: `</${prefix}c>`, is: `<${prefix}is>`, isEnd: `</${prefix}is>`,
    t: `<${prefix}t`, tEnd: `</${prefix}t>`, v: `<${prefix}v`, vOpen: `<${prefix}v>`, vEnd: `</${prefix}v>`, f: `<${prefix}f`,
  };
}

/** For each cell style index (`s` attribute): does its number format show a date? */
function parseDateStyles(styles: string | undefined): boolean[] {
  if (!styles) return [];
  const p = mainPrefix(styles);
  const custom = new Map<number, string>();
  const out: boolean[] = [];
  let inCellXfs = false;
  for (const { lt, gt } of tags(styles)) {
    if (isElement(styles, lt, `<${p}numFmt`)) {
      const tag = styles.slice(lt, gt);
      custom.set(Number(attrText(tag, 'numFmtId=')), attrText(tag, 'formatCode=') ?? '');
    } else if (isElement(styles, lt, `<${p}cellXfs`)) inCellXfs = !selfClosing(styles, gt);
    else if (styles.startsWith(`</${p}cellXfs>`, lt)) inCellXfs = false;
    else if (inCellXfs && isElement(styles, lt, `<${p}xf`)) {
      const id = Number(attrText(styles.slice(lt, gt), 'numFmtId=') ?? 0);
      const code = custom.get(id);
      out.push(code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id));
    }
  }
  return out;
}
