/**
 * A streaming reader of XLSX sheets: the sheet XML is inflated and scanned row by row, so a
 * million rows never sit in memory. exceljs stays for writing; its streaming reader costs
 * ~45 µs per row, which is most of a large run (issue 5), hence this dedicated reader.
 * Handles shared and inline strings, date styles (1900 and 1904 systems), formula cells by
 * their cached value (a formula saved without one is named, never read as 0), and merged
 * cells by their top-left value.
 */
import { excelSerialToIso } from '../dates.js';
import { ZipFile, ZipFormatError } from '../io/zip.js';
import { detach } from '../text.js';
import { columnIndex, type Cell, type RowCallback } from './values.js';

export interface XlsxSheet {
  name: string;
  hidden: boolean;
  /** Entry name inside the zip, e.g. `xl/worksheets/sheet1.xml`. */
  entry: string;
}

/** A cell longer than the limit (the row is given for the message). */
export class CellTooLongError extends Error {
  constructor(readonly row: number) {
    super(`cell too long in row ${row}`);
  }
}

/** The longest row XML kept while waiting for its end: beyond it the file is runaway input. */
const MAX_ROW_CHARS = 64 * 1024 * 1024;

const ENTITY = /&(amp|lt|gt|quot|apos|#x[0-9a-fA-F]+|#\d+);/g;

export function decodeXml(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (_, e: string) => {
    switch (e) {
      case 'amp': return '&';
      case 'lt': return '<';
      case 'gt': return '>';
      case 'quot': return '"';
      case 'apos': return "'";
      default: {
        // a reference to no character (past U+10FFFF, or 0) is shown as the replacement character
        const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
      }
    }
  });
}

function attrs(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:]+)="([^"]*)"/g)) out.set(m[1] ?? '', decodeXml(m[2] ?? ''));
  return out;
}

/** The namespaces of SpreadsheetML (transitional and strict) and of relationships. */
const MAIN_NS = ['http://schemas.openxmlformats.org/spreadsheetml/2006/main', 'http://purl.oclc.org/ooxml/spreadsheetml/main'];
const REL_NS = ['http://schemas.openxmlformats.org/officeDocument/2006/relationships', 'http://purl.oclc.org/ooxml/officeDocument/relationships'];
const PACKAGE_REL_NS = ['http://schemas.openxmlformats.org/package/2006/relationships'];

/**
 * The prefix bound to one of `uris` on the root element: `x:` for `xmlns:x="…"`, '' for the
 * default namespace. Excel writes `<row>`, the .NET OpenXML SDK and some exporters `<x:row>`:
 * both are the same element.
 */
export function prefixOf(xml: string, uris: readonly string[]): string {
  const start = xml.search(/<[A-Za-z_]/);
  if (start < 0) return '';
  const tag = xml.slice(start, xml.indexOf('>', start));
  for (const m of tag.matchAll(/xmlns(?::([\w.-]+))?\s*=\s*["']([^"']*)["']/g)) {
    if (uris.includes(m[2] ?? '')) return m[1] ? `${m[1]}:` : '';
  }
  return '';
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

function parseMerges(xml: string, p: string): Merge[] {
  const out: Merge[] = [];
  for (const m of xml.matchAll(new RegExp(`<${p}mergeCell\\s[^>]*ref="([A-Z]+\\d+):([A-Z]+\\d+)"`, 'g'))) {
    const a = m[1] ?? 'A1';
    const b = m[2] ?? 'A1';
    out.push({ r1: rowOf(a), r2: rowOf(b), c1: columnIndex(a), c2: columnIndex(b), value: null });
  }
  return out.sort((x, y) => x.r1 - y.r1);
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
    if (workbook === undefined) throw new ZipFormatError('no xl/workbook.xml');
    const rels = (await zip.text('xl/_rels/workbook.xml.rels', maxBytes)) ?? '';
    const p = prefixOf(workbook, MAIN_NS);
    const r = prefixOf(workbook, REL_NS) || 'r:';
    const relsPrefix = prefixOf(rels, PACKAGE_REL_NS);
    const targets = new Map<string, string>();
    let sharedStrings: string | undefined;
    let styles: string | undefined;
    for (const m of rels.matchAll(new RegExp(`<${relsPrefix}Relationship\\b[^>]*>`, 'g'))) {
      const a = attrs(m[0]);
      const target = (a.get('Target') ?? '').replace(/^\//, '');
      const full = target.startsWith('xl/') ? target : `xl/${target}`;
      targets.set(a.get('Id') ?? '', full);
      const type = a.get('Type') ?? '';
      if (type.endsWith('/sharedStrings')) sharedStrings = full;
      if (type.endsWith('/styles')) styles = full;
    }
    sharedStrings ??= zip.entries.has('xl/sharedStrings.xml') ? 'xl/sharedStrings.xml' : undefined;
    styles ??= zip.entries.has('xl/styles.xml') ? 'xl/styles.xml' : undefined;
    const sheets: XlsxSheet[] = [];
    for (const m of workbook.matchAll(new RegExp(`<${p}sheet\\b[^>]*>`, 'g'))) {
      const a = attrs(m[0]);
      const entry = targets.get(a.get(`${r}id`) ?? '') ?? '';
      sheets.push({ name: a.get('name') ?? '', hidden: (a.get('state') ?? 'visible') !== 'visible', entry });
    }
    const pr = new RegExp(`<${p}workbookPr\\b[^>]*>`).exec(workbook);
    const date1904v = pr ? attrs(pr[0]).get('date1904') : undefined;
    const date1904 = date1904v === '1' || date1904v === 'true';
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
        p ??= prefixOf(text, MAIN_NS);
        const [open, close] = [`<${p}si`, `</${p}si>`];
        let pos = 0;
        for (;;) {
          const start = text.indexOf(open, pos);
          // the chunk may end inside the next `<si`: its start waits for the rest
          if (start < 0) return final ? '' : text.slice(Math.max(pos, text.length - open.length + 1));
          const gt = text.indexOf('>', start);
          if (gt < 0) return text.slice(start);
          if (text.charCodeAt(gt - 1) === 47) {
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
        if (carry.length > MAX_ROW_CHARS) throw new CellTooLongError(0);
      }
      take(carry + decoder.decode(), true);
    }
    this.sst = out;
    return out;
  }

  /** Merged ranges come after the rows in the XML: a quick byte scan finds them first. */
  private async merges(entry: string): Promise<Merge[]> {
    let p: string | undefined;
    let needle = Buffer.alloc(0);
    let tail: Buffer | undefined;
    let collecting: Buffer[] | undefined;
    for await (const chunk of await this.zip.stream(entry, undefined, this.maxBytes)) {
      const c = chunk;
      if (p === undefined) {
        p = prefixOf(c.toString('utf8', 0, Math.min(c.length, 65_536)), MAIN_NS);
        needle = Buffer.from(`<${p}mergeCells`);
      }
      if (collecting) {
        collecting.push(c);
        continue;
      }
      const joined = tail ? Buffer.concat([tail, c]) : c;
      const at = joined.indexOf(needle);
      if (at >= 0) collecting = [joined.subarray(at)];
      else tail = joined.subarray(Math.max(0, joined.length - needle.length));
    }
    return collecting ? parseMerges(Buffer.concat(collecting).toString('utf8'), p ?? '') : [];
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

    const cellValue = (text: string, tagStart: number, tagEnd: number, selfClosing: boolean, col: number): Cell => {
      if (selfClosing) return null;
      const close = text.indexOf(tag.cEnd, tagEnd);
      const t = attrBetween(text, tagStart, tagEnd, ' t="');
      if (t === 'inlineStr') {
        const is = text.indexOf(tag.is, tagEnd);
        return is >= 0 && is < close ? runsText(text.slice(is, close), tag.prefix) : null;
      }
      const v = text.indexOf(tag.v, tagEnd);
      if (v < 0 || v > close) return formulaWithoutValue(text, tagEnd, close, col);
      const vStart = text.indexOf('>', v) + 1;
      if (text.charCodeAt(vStart - 2) === 47) return formulaWithoutValue(text, tagEnd, close, col); // <v/>
      const raw = text.slice(vStart, text.indexOf(tag.vEnd, vStart));
      // an empty <v></v> is no number (Number('') would be 0); a formula's empty text result is t="str"
      if (raw === '' && t !== 'str') return formulaWithoutValue(text, tagEnd, close, col);
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
          const s = attrBetween(text, tagStart, tagEnd, ' s="');
          if (s !== null && dateStyles[Number(s)]) {
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
        const tagEnd = text.indexOf('>', start);
        const r = attrBetween(text, start, tagEnd, ' r="');
        const n = r !== null ? Number(r) : lastRow + 1;
        lastRow = n;
        if (text.charCodeAt(tagEnd - 1) === 47) {
          pos = tagEnd + 1;
          continue;
        }
        const rowEnd = text.indexOf(tag.rowEnd, tagEnd);
        cells.length = 0;
        noValue.length = 0;
        let p = tagEnd;
        let col = -1;
        for (;;) {
          const c = text.indexOf(tag.c, p);
          if (c < 0 || c > rowEnd) break;
          const next = text.charCodeAt(c + tag.c.length);
          if (next !== 32 && next !== 62 && next !== 47) {
            p = c + tag.c.length;
            continue;
          }
          const cTagEnd = text.indexOf('>', c);
          const selfClosing = text.charCodeAt(cTagEnd - 1) === 47;
          const ref = attrBetween(text, c, cTagEnd, ' r="');
          col = ref !== null ? columnIndex(ref) : col + 1;
          const value = cellValue(text, c, cTagEnd, selfClosing, col);
          if (typeof value === 'string' && value.length > maxCell) throw new CellTooLongError(n);
          while (cells.length < col) cells.push(null);
          cells[col] = value;
          p = selfClosing ? cTagEnd + 1 : text.indexOf(tag.cEnd, cTagEnd) + tag.cEnd.length;
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
        tag = sheetTags(prefixOf(text, MAIN_NS));
        first = false;
      }
      const last = text.lastIndexOf(tag.rowEnd);
      if (last < 0) {
        carry = text;
        if (carry.length > MAX_ROW_CHARS) throw new CellTooLongError(lastRow + 1);
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

/** The value of an attribute (`' r="'`) inside text[start, end), or null. */
function attrBetween(text: string, start: number, end: number, name: string): string | null {
  const p = text.indexOf(name, start);
  if (p < 0 || p > end) return null;
  const from = p + name.length;
  return text.slice(from, text.indexOf('"', from));
}

/** For each cell style index (`s` attribute): does its number format show a date? */
function parseDateStyles(styles: string | undefined): boolean[] {
  if (!styles) return [];
  const p = prefixOf(styles, MAIN_NS);
  const custom = new Map<number, string>();
  for (const m of styles.matchAll(new RegExp(`<${p}numFmt\\b[^>]*>`, 'g'))) {
    const a = attrs(m[0]);
    custom.set(Number(a.get('numFmtId')), a.get('formatCode') ?? '');
  }
  const block = new RegExp(`<${p}cellXfs\\b[^>]*>([\\s\\S]*?)<\\/${p}cellXfs>`).exec(styles)?.[1] ?? '';
  const out: boolean[] = [];
  for (const m of block.matchAll(new RegExp(`<${p}xf\\b[^>]*>`, 'g'))) {
    const id = Number(attrs(m[0]).get('numFmtId') ?? 0);
    const code = custom.get(id);
    out.push(code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id));
  }
  return out;
}
