/**
 * The scanner of content.xml, sheet by sheet. `scan` takes the text decoded so far (what it left
 * over last time plus a new chunk), handles every complete unit (a row, a tag) and returns where
 * the unfinished rest begins; `needle` says what that rest waits for, so the caller rescans only
 * when it comes. A sheet nobody wants is skipped by searching for its end tag only.
 */
import type { RowCallback } from '../cell.js';
import { odsBroken } from '../errors.js';
import { isElement, nextTag, selfClosing, special, tagEnd, type Tag, UNBOUND } from '../xml.js';
import { names, prefixes, type Names } from './names.js';
import { RowReader, type OdsSheet } from './rows.js';
import { styleTag } from './styles.js';
import { attrText } from './text.js';

type Mode = 'root' | 'head' | 'body' | 'table' | 'skip' | 'done';

export class ContentScanner {
  readonly sheets: OdsSheet[] = [];
  needle = '<';
  private mode: Mode = 'root';
  private n: Names = names(prefixes(''));
  private rows: RowReader | undefined;
  private waiting = false;
  private inTableStyle: string | undefined;
  private skipUntil = '';
  private sheet: OdsSheet | undefined;
  /** In table mode: the last complete row end in the text (rows after it are not tried). */
  private limit = -1;

  constructor(
    private readonly visit: (sheet: OdsSheet) => RowCallback | undefined,
    private readonly hiddenStyles: Set<string>,
    private readonly maxCellChars: number,
    private readonly maxBytes: number = Number.MAX_SAFE_INTEGER,
  ) {}

  /** Number of the next row of the sheet being read, as LibreOffice shows it. */
  get row(): number {
    return this.rows?.row ?? 1;
  }

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
    if (this.mode === 'root') throw odsBroken('content.xml has no root element');
    if (this.sheet && (this.mode === 'table' || this.mode === 'skip')) {
      throw odsBroken(`content.xml ends inside sheet "${this.sheet.name}"`, this.mode === 'table' ? this.row : undefined);
    }
  }

  private wait(at: number, needle: string): number {
    this.waiting = true;
    this.needle = needle;
    return at;
  }

  /** The next tag from `pos`, or (waiting for more text) the position to resume from. */
  private nextTag(text: string, pos: number): Tag | number {
    const t = nextTag(text, pos);
    return 'at' in t ? this.wait(t.at, t.needle) : t;
  }

  /** The first element: its xmlns declarations give the prefixes of everything else. */
  private root(text: string, pos: number): number {
    const tag = this.nextTag(text, pos);
    if (typeof tag === 'number') return tag;
    const { lt, gt } = tag;
    const p = prefixes(text.slice(lt, gt));
    if (p.table === UNBOUND) throw odsBroken('content.xml does not declare the OpenDocument table namespace');
    this.n = names(p);
    this.rows = new RowReader(this.n, this.maxCellChars, this.maxBytes);
    this.mode = 'head';
    return gt + 1;
  }

  /** Automatic styles (hidden sheets), up to the spreadsheet body. */
  private head(text: string, pos: number): number {
    const n = this.n;
    return this.eachTag(text, pos, (lt, gt) => {
      if (isElement(text, lt, n.spreadsheet)) {
        this.mode = selfClosing(text, gt) ? 'done' : 'body';
        return true;
      }
      this.inTableStyle = styleTag(text, lt, gt, n, this.inTableStyle, this.hiddenStyles);
      return false;
    });
  }

  /** Each tag from `pos` to `onTag` until it says the mode changed (then: just past that tag), or the text ends. */
  private eachTag(text: string, pos: number, onTag: (lt: number, gt: number) => boolean): number {
    for (;;) {
      const tag = this.nextTag(text, pos);
      if (typeof tag === 'number') return tag;
      pos = tag.gt + 1;
      if (onTag(tag.lt, tag.gt)) return pos;
    }
  }

  /** Between sheets: a sheet starts, or the spreadsheet ends. */
  private body(text: string, pos: number): number {
    const n = this.n;
    return this.eachTag(text, pos, (lt, gt) => {
      const empty = selfClosing(text, gt);
      if (isElement(text, lt, n.table)) {
        const start = text.slice(lt, gt);
        const style = attrText(start, n.aStyleName);
        const sheet: OdsSheet = { index: this.sheets.length, name: attrText(start, n.aName) ?? '', hidden: style !== undefined && this.hiddenStyles.has(style), merges: [] };
        this.sheets.push(sheet);
        const onRow = this.visit(sheet);
        if (empty) return false;
        this.sheet = sheet;
        if (onRow) {
          this.rows?.start(sheet, onRow);
          this.mode = 'table';
        } else {
          this.skipUntil = n.tableEnd;
          this.mode = 'skip';
        }
        return true;
      }
      if (!empty && (isElement(text, lt, n.ddeLinks) || isElement(text, lt, n.trackedChanges))) {
        // cached tables of DDE links and tracked changes are not sheets
        this.skipUntil = isElement(text, lt, n.ddeLinks) ? n.ddeLinksEnd : n.trackedChangesEnd;
        this.mode = 'skip';
        return true;
      }
      if (text.startsWith(n.spreadsheetEnd, lt)) {
        this.mode = 'done';
        return true;
      }
      return false;
    });
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
    const rows = this.rows as RowReader;
    if (this.limit === -2) this.limit = final ? text.length : text.lastIndexOf(n.rowEnd);
    for (;;) {
      const lt = text.indexOf('<', pos);
      if (lt < 0) return this.wait(text.length, '<');
      if (isElement(text, lt, n.row)) {
        if (lt > this.limit) {
          // no complete row after this point unless it is an empty element
          const gt = tagEnd(text, lt);
          if (gt < 0 || !selfClosing(text, gt)) return this.wait(lt, gt < 0 ? '>' : n.rowEnd);
        }
        const end = rows.parseRow(text, lt);
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
        rows.end();
        return lt + n.tableEnd.length;
      }
      // columns, row groups, shapes, forms: nothing to read in the tags themselves
      const gt = tagEnd(text, lt);
      if (gt < 0) return this.wait(lt, '>');
      pos = gt + 1;
    }
  }
}
