/**
 * Rows of an ODS sheet expanded: repeated rows and columns (LibreOffice ends each row with
 * ~16,000 repeated empty cells and each sheet with ~1,000,000 repeated empty rows) cost nothing,
 * a repeated row with values is given once per repeat, and covered (merged) cells take the value
 * of their area's top-left cell. Hostile repeats are bounded: no value past column XFD, no row
 * past LibreOffice's last, and repeated rows weigh what they would written out.
 */
import type { Cell, RowCallback } from '../cell.js';
import { inflatedTooLarge, odsBroken } from '../errors.js';
import { attr, isElement, matchingEnd, special, tagEnd } from '../xml.js';
import { cellValue, count, describe, type TagInfo } from './cells.js';
import type { Names } from './names.js';

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

/** LibreOffice's and Excel's last column (XFD): a value beyond it is hostile input. */
export const MAX_COLUMNS = 16_384;
/**
 * The most rows a repeated non-empty row may reach (LibreOffice's largest sheet, with "jumbo
 * sheets" on): the caller's row limit normally stops far earlier, this bounds the loop anyway.
 */
export const MAX_ROWS = 16_777_216;

/** A merged area: its top-left value, spread over the covered cells. */
interface Span {
  c1: number;
  c2: number;
  r1: number;
  r2: number;
  value: Cell;
}

/** The rows of one sheet at a time, from their XML to the caller's callback. */
export class RowReader {
  /** Number of the next row, as LibreOffice shows it. */
  row = 1;
  private sheet: OdsSheet | undefined;
  private onRow: RowCallback | undefined;
  private readonly cells: Cell[] = [];
  /** Columns of the current row whose cell is a formula without its result. */
  private readonly noValue: number[] = [];
  private filled = false;
  /** Areas spanning rows, by their first column; `current` is the area of the previous cell. */
  private readonly spans = new Map<number, Span>();
  private current: Span | undefined;
  private readonly recentTags: TagInfo[] = [];
  private nextRecent = 0;
  /** Bytes a repeated non-empty row would take written out, beyond its one copy: a limit as for inflating. */
  private expanded = 0;

  constructor(private readonly n: Names, private readonly maxCellChars: number, private readonly maxBytes: number) {}

  /** A sheet starts: its rows go to `onRow`, its merged areas to `sheet.merges`. */
  start(sheet: OdsSheet, onRow: RowCallback): void {
    this.sheet = sheet;
    this.onRow = onRow;
    this.row = 1;
    this.spans.clear();
  }

  end(): void {
    this.sheet = undefined;
    this.onRow = undefined;
  }

  /** One row from `<table:table-row` at `s`: returns the position after it, or -1 when the text ends first. */
  parseRow(text: string, s: number): number {
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
            const value = cellValue(info, content, plain, n, this.maxCellChars, first);
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
      if (first + repeat - 1 > MAX_ROWS) throw odsBroken(`a row repeated past row ${MAX_ROWS}`, first);
      if (repeat > 1) {
        // a few hundred bytes may stand for millions of rows: they weigh what they would written out
        this.expanded += (repeat - 1) * Math.max(p - s, cells.length * 16);
        if (this.expanded > this.maxBytes) throw inflatedTooLarge(this.maxBytes);
      }
      const onRow = this.onRow;
      const noValue = this.noValue.length > 0 ? this.noValue : undefined;
      if (onRow) for (let k = 0; k < repeat; k++) onRow(first + k, cells, noValue);
    }
    return p;
  }

  /** A value in `repeat` columns from `col` (never past the last column). */
  private put(col: number, repeat: number, value: Cell, row: number): void {
    if (col + repeat > MAX_COLUMNS) throw odsBroken(`a value repeated past column ${MAX_COLUMNS}`, row);
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
}
