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
import { concat, fromLatin1, indexOf, utf8 } from './bytes.js';
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

  /** Merged ranges come after the rows in the XML: a quick byte scan finds them first. */
  private async merges(entry: string): Promise<Merge[]> {
    let p: string | undefined;
    let needle: Uint8Array = new Uint8Array(0);
    let tail: Uint8Array | undefined;
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
      const joined = tail ? concat([tail, c]) : c;
      const at = indexOf(joined, needle);
      if (at >= 0) collecting = [joined.subarray(at)];
      else tail = joined.subarray(Math.max(0, joined.length - needle.length));
    }
    return collecting ? parseMerges(utf8(concat(collecting)), p ?? '') : [];
  }

  /** Streams the rows of a sheet in order; `cells` is reused between calls. */
  async readSheet(index: number, onRow: RowCallback, onCompressedBytes?: (n: number) => void): Promise<void> {
    const sheet = this.sheets[index];
    if (!sheet) return;
    const sst = await this.sharedStrings();
    const merges = await this.merges(sheet.entry);
    const dateStyles = this.dateStyles;
    const date1904 = this.date1904;
    const maxCell = this.maxCellChars;
    const cells: Cell[] = [];
    // columns of the current row holding a formula without its result (what openpyxl writes)
    const noValue: number[] = [];
    let active: Merge[] = [];
    let nextMerge = 0;
    let lastRow = 0;
    // element names with the sheet's prefix for the main namespace, known from the first chunk
    let tag = sheetTags('');

    const emit = (n: number) => {
      if (merges.length) {
        while (nextMerge < merges.length && (merges[nextMerge] as Merge).r1 <= n) active.push(merges[nextMerge++] as Merge);
        active = active.filter((m) => m.r2 >= n);
        for (const m of active) {
          if (m.r1 === n) m.value = cells[m.c1] ?? null;
          for (let c = m.c1; c <= m.c2; c++) {
            while (cells.length <= c) cells.push(null);
            cells[c] = m.value;
          }
        }
      }
      onRow(n, cells, noValue.length > 0 ? noValue : undefined);
    };

    /** A cell without a stored value: a formula there was saved without its result. */
    const formulaWithoutValue = (text: string, tagEnd: number, close: number, col: number): null => {
      const f = text.indexOf(tag.f, tagEnd);
      if (f >= 0 && f < close) noValue.push(col);
      return null;
    };

    /** The value of the cell whose start tag `start` ends at `end` and whose end tag is at `close`. */
    const cellValue = (text: string, start: string, end: number, close: number, col: number): Cell => {
      const t = attr(start, 't=');
      if (t === 'inlineStr') {
        const is = text.indexOf(tag.is, end);
        return is >= 0 && is < close ? runsText(text.slice(is, close), tag.prefix) : null;
      }
      const v = text.indexOf(tag.v, end);
      if (v < 0 || v > close) return formulaWithoutValue(text, end, close, col);
      const vStart = text.indexOf('>', v) + 1;
      if (text.charCodeAt(vStart - 2) === 47) return formulaWithoutValue(text, end, close, col); // <v/>
      const raw = text.slice(vStart, text.indexOf(tag.vEnd, vStart));
      // an empty <v></v> is no number (Number('') would be 0); a formula's empty text result is t="str"
      if (raw === '' && t !== 'str') return formulaWithoutValue(text, end, close, col);
      switch (t) {
        case 's':
          return sst[Number(raw)] ?? null;
        case 'str':
          return decodeXml(raw);
        case 'b':
          return raw === '1' || raw === 'true';
        case 'e':
          return raw;
        case 'd': {
          const d = new Date(raw.length === 10 ? `${raw}T00:00:00Z` : raw);
          return Number.isNaN(d.getTime()) ? raw : d;
        }
        default: {
          const num = Number(raw);
          if (!Number.isFinite(num)) return decodeXml(raw);
          const s = attr(start, 's=');
          if (s !== undefined && dateStyles[Number(s)]) {
            const iso = excelSerialToIso(num, date1904);
            if (iso) return new Date(`${iso}T00:00:00Z`);
          }
          return num;
        }
      }
    };

    /** Parses every complete row in text[0, end). */
    const rows = (text: string, end: number) => {
      let pos = 0;
      for (;;) {
        const start = text.indexOf(tag.row, pos);
        if (start < 0 || start >= end) return;
        // `<rowBreaks>` (manual page breaks, after the rows) is no row
        if (!nameEnds(text.charCodeAt(start + tag.row.length))) {
          pos = start + tag.row.length;
          continue;
        }
        const rowTagEnd = tagEnd(text, start);
        // broken markup must not send the scan back to where it was: it would never end
        if (rowTagEnd < 0 || rowTagEnd >= end) throw broken('xlsx-broken', `row after ${lastRow}: its tag does not end`);
        const r = attr(text.slice(start, rowTagEnd), 'r=');
        const n = r !== undefined ? Number(r) : lastRow + 1;
        lastRow = n;
        if (selfClosing(text, rowTagEnd)) {
          pos = rowTagEnd + 1;
          continue;
        }
        const rowEnd = text.indexOf(tag.rowEnd, rowTagEnd);
        if (rowEnd < 0) throw broken('xlsx-broken', `row ${n} does not end`);
        cells.length = 0;
        noValue.length = 0;
        let p = rowTagEnd;
        let col = -1;
        for (;;) {
          const c = text.indexOf(tag.c, p);
          if (c < 0 || c > rowEnd) break;
          if (!nameEnds(text.charCodeAt(c + tag.c.length))) {
            p = c + tag.c.length;
            continue;
          }
          const cTagEnd = tagEnd(text, c);
          if (cTagEnd < 0 || cTagEnd > rowEnd) throw broken('xlsx-broken', `row ${n}: a cell tag does not end`);
          const empty = selfClosing(text, cTagEnd);
          const close = empty ? cTagEnd : text.indexOf(tag.cEnd, cTagEnd);
          if (close < 0 || close > rowEnd) throw broken('xlsx-broken', `row ${n}: a cell does not end`);
          // the start tag alone: attributes are looked for in it, never in the text after it
          const start = text.slice(c, cTagEnd);
          const ref = attr(start, 'r=');
          col = ref !== undefined ? columnIndex(ref) : col + 1;
          if (col >= MAX_COLUMNS) throw broken('xlsx-broken', `row ${n}: a cell past column XFD`);
          const value = empty ? null : cellValue(text, start, cTagEnd, close, col);
          if (typeof value === 'string' && value.length > maxCell) throw cellTooLong(n);
          while (cells.length < col) cells.push(null);
          cells[col] = value;
          p = empty ? cTagEnd + 1 : close + tag.cEnd.length;
        }
        if (cells.some((x) => x !== null) || noValue.length > 0 || active.length || nextMerge < merges.length) emit(n);
        pos = rowEnd + tag.rowEnd.length;
      }
    };

    const decoder = new TextDecoder('utf-8');
    let carry = '';
    let first = true;
    for await (const chunk of await this.zip.stream(sheet.entry, onCompressedBytes, this.maxBytes)) {
      const text = carry + decoder.decode(chunk, { stream: true });
      if (first) {
        tag = sheetTags(mainPrefix(text));
        first = false;
      }
      const last = text.lastIndexOf(tag.rowEnd);
      if (last < 0) {
        carry = text;
        if (carry.length > MAX_ROW_CHARS) throw cellTooLong(lastRow + 1);
        continue;
      }
      rows(text, last + tag.rowEnd.length);
      carry = text.slice(last + tag.rowEnd.length);
    }
    const rest = carry + decoder.decode();
    rows(rest, rest.length);
  }
}

/** The sheet elements the reader looks for, with the prefix the file binds to the main namespace. */
function sheetTags(prefix: string) {
  return { prefix, row: `<${prefix}row`, rowEnd: `</${prefix}row>`, c: `<${prefix}c`, cEnd: `</${prefix}c>`, is: `<${prefix}is>`, v: `<${prefix}v`, vEnd: `</${prefix}v>`, f: `<${prefix}f` };
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
