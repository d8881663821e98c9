/**
 * Cell typing of ODS: what a cell's start tag says (`office:value-type` names the attribute
 * holding the value, repeat and span counts), and the text of a cell's content (paragraphs,
 * spaces, tabs, line breaks; notes and shapes left out). Dates, times and booleans come from
 * the attributes, never from the displayed text.
 */
import type { Cell } from '../cell.js';
import { cellTooLong } from '../errors.js';
import { attr, elementName, isElement, matchingEnd, nameEnds, special, tagEnd } from '../xml.js';
import type { Names } from './names.js';
import { attrText, utf8, xmlText } from './text.js';

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
export function count(v: string | undefined): number {
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
export interface TagInfo {
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
export function describe(tag: string, n: Names): TagInfo {
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
    if (out.length > max) throw cellTooLong(row);
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
      if (out.length + c > max) throw cellTooLong(row);
      append(' '.repeat(c));
    } else if (isElement(content, lt, n.tab)) append('\t');
    else if (isElement(content, lt, n.lineBreak)) append('\n');
  }
  return out;
}

/** The raw character data of a single plain paragraph as text. */
export function plainText(raw: string, max: number, row: number): string {
  const s = xmlText(raw);
  if (s.length > max) throw cellTooLong(row);
  return s;
}

/** The text of a cell: its paragraphs joined with line breaks. */
export function cellText(content: string, n: Names, max: number, row: number): string {
  // the common case, one plain paragraph: no tag walking
  if (content.startsWith(n.pOpen)) {
    const close = content.length - n.pEnd.length;
    if (content.indexOf('<', n.pOpen.length) === close && content.endsWith(n.pEnd)) {
      return plainText(content.slice(n.pOpen.length, close), max, row);
    }
  }
  return richText(content, n, max, row);
}

/** A cell's value: from its tag, or from its text (one plain paragraph as written, or any content). */
export function cellValue(info: TagInfo, content: string | null, plain: string | undefined, n: Names, max: number, row: number): Cell {
  switch (info.how) {
    case How.Fixed:
      if (typeof info.value === 'string' && info.value.length > max) throw cellTooLong(row);
      return info.value;
    case How.Date:
      // a new Date each time: callers may keep it
      return new Date(info.time);
    case How.Text:
      if (plain !== undefined) return plainText(plain, max, row);
      return content === null ? '' : cellText(content, n, max, row);
    default: {
      const t = plain !== undefined ? plainText(plain, max, row) : content !== null ? cellText(content, n, max, row) : '';
      return t === '' ? null : t;
    }
  }
}
