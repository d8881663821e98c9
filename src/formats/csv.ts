/**
 * CSV as people's spreadsheets write it, streamed: bytes are decoded chunk by chunk (BOM →
 * UTF-8/UTF-16; otherwise UTF-8 until a byte sequence proves it is Windows-1250) and split
 * into records by a hand-written tokenizer (quotes, `""` escapes, line breaks inside quotes,
 * CRLF, LF or classic Mac CR). A record number is the row Excel shows. csv-parse costs more
 * than everything else a large validation does (issue 5), hence this reader; a differential
 * test holds it to csv-parse's records. A field longer than the limit is FormatError
 * 'cell-too-long' (the record is the row), a quote never closed 'csv-quote' (with its line).
 */
import type { Cell, RowCallback } from './cell.js';
import { cellTooLong, FormatError } from './errors.js';

/** Splits decoded text into records; feed it with `push`, finish with `end`. */
export class CsvTokenizer {
  private carry = '';
  private record = 0;
  /** Physical line where the next record starts (for the unclosed-quote message). */
  private line = 1;
  private readonly cells: Cell[] = [];
  /** What ends a record: LF (also CRLF, the CR dropped) or, in old Mac files, a lone CR; 0 until seen. */
  private eol: 0 | typeof LF | typeof CR = 0;
  constructor(private readonly delimiter: string, private readonly onRow: RowCallback, private readonly maxCell = Number.MAX_SAFE_INTEGER) {}

  push(text: string): void {
    const s = this.carry ? this.carry + text : text;
    if (this.eol === 0) this.eol = recordEnd(s, this.delimiter);
    const used = this.parse(s, false);
    this.carry = used < s.length ? s.slice(used) : '';
    // an unfinished record this long cannot hold fields within the limit: runaway input
    if (this.carry.length > Math.min(this.maxCell, 1 << 24) * 64) throw cellTooLong(this.record + 1);
  }

  end(): void {
    if (this.carry) this.parse(this.carry, true);
    this.carry = '';
  }

  private emit(): void {
    this.record++;
    this.onRow(this.record, this.cells);
  }

  /** Parses whole records of `s`; returns where the first incomplete one starts. */
  private parse(s: string, final: boolean): number {
    const d = this.delimiter;
    const len = s.length;
    const cells = this.cells;
    let i = 0;
    // position of the next quote, found once and reused until passed (files often have none)
    let quote = -2;
    const eol = this.eol === CR ? '\r' : '\n';
    const dropCr = this.eol !== CR;
    while (i < len) {
      let lineEnd = s.indexOf(eol, i);
      if (lineEnd < 0) {
        if (!final) return i;
        lineEnd = len;
      }
      if (quote !== -1 && quote < i) quote = s.indexOf('"', i);
      if (quote < 0 || quote >= lineEnd) {
        // fast path: no quote in this line
        let end = lineEnd;
        if (dropCr && end > i && s.charCodeAt(end - 1) === CR) end--;
        cells.length = 0;
        let p = i;
        for (;;) {
          let q = s.indexOf(d, p);
          if (q < 0 || q >= end) q = end;
          if (q - p > this.maxCell) throw cellTooLong(this.record + 1);
          cells.push(q > p ? s.slice(p, q) : null);
          if (q === end) break;
          p = q + d.length;
        }
        this.emit();
        this.line++;
        i = lineEnd + 1;
        continue;
      }
      const next = this.quoted(s, i, final);
      if (next < 0) return i;
      i = next;
    }
    return len;
  }

  /** The slow path for a record with quotes; -1 when it continues past the text. */
  private quoted(s: string, start: number, final: boolean): number {
    const d = this.delimiter;
    const len = s.length;
    const cells = this.cells;
    const eol = this.eol === CR ? CR : LF;
    const eolChar = eol === CR ? '\r' : '\n';
    cells.length = 0;
    let i = start;
    let lines = 1;
    for (;;) {
      let value = '';
      if (s.charCodeAt(i) === QUOTE) {
        // quoted field
        i++;
        for (;;) {
          const q = s.indexOf('"', i);
          if (q < 0) {
            if (!final) return -1;
            throw new FormatError({ code: 'csv-quote', line: this.line });
          }
          const chunk = s.slice(i, q);
          for (let k = chunk.indexOf(eolChar); k >= 0; k = chunk.indexOf(eolChar, k + 1)) lines++;
          value += chunk;
          if (s.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            i = q + 2;
            continue;
          }
          if (q + 1 >= len && !final) return -1;
          i = q + 1;
          break;
        }
        // relaxed: text after the closing quote belongs to the field
        while (i < len && !s.startsWith(d, i) && s.charCodeAt(i) !== eol && s.charCodeAt(i) !== CR) value += s[i++];
      } else {
        while (i < len && !s.startsWith(d, i) && s.charCodeAt(i) !== eol) value += s[i++];
        if (eol === LF && value.endsWith('\r')) value = value.slice(0, -1);
      }
      if (value.length > this.maxCell) throw cellTooLong(this.record + 1);
      cells.push(value === '' ? null : value);
      if (i >= len) {
        if (!final) return -1;
        this.emit();
        this.line += lines;
        return len;
      }
      if (s.startsWith(d, i)) {
        i += d.length;
        continue;
      }
      // end of record: LF, CRLF, or CR in a CR file
      if (s.charCodeAt(i) === CR) i++;
      if (eol === LF) {
        if (i < len && s.charCodeAt(i) === LF) i++;
        else if (i >= len && !final) return -1;
      }
      this.emit();
      this.line += lines;
      return i;
    }
  }
}

const LF = 10;
const CR = 13;
const QUOTE = 34;

/**
 * How records end, from the first line break outside quoted fields: CRLF or LF → LF; a CR
 * followed by anything else → CR (classic Mac Excel). 0 while the text holds no decidable line
 * break yet. A quote opens a quoted field only at the field's start, as in the tokenizer.
 */
function recordEnd(s: string, delimiter: string): 0 | typeof LF | typeof CR {
  let quoted = false;
  let atStart = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (quoted) {
      if (c === QUOTE) {
        if (s.charCodeAt(i + 1) === QUOTE) i++;
        else quoted = false;
      }
      continue;
    }
    if (c === QUOTE && atStart) {
      quoted = true;
      atStart = false;
      continue;
    }
    if (c === LF) return LF;
    if (c === CR) return i + 1 < s.length ? (s.charCodeAt(i + 1) === LF ? LF : CR) : 0;
    atStart = s.startsWith(delimiter, i);
    if (atStart) i += delimiter.length - 1;
  }
  return 0;
}

export type Encoding = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE' | 'Windows-1250';

/**
 * Chunked decoding with encoding detection on the way: UTF-8 while every byte is valid;
 * the first invalid sequence before any valid multi-byte one switches to Windows-1250
 * (everything before was ASCII, identical in both), after which it is a guess.
 */
export class StreamDecoder {
  encoding: Encoding = 'UTF-8';
  guessed = false;
  private decoder: InstanceType<typeof TextDecoder> | undefined;
  private sawMultibyte = false;
  private started = false;

  decode(bytes: Uint8Array): string {
    if (!this.started) {
      this.started = true;
      bytes = this.bom(bytes);
    }
    if (this.decoder) {
      try {
        return this.decoder.decode(bytes, { stream: true });
      } catch {
        // proven UTF-8 with a broken sequence later on: replacement characters, not a stop
        this.decoder = new TextDecoder('utf-8');
        return this.decoder.decode(bytes, { stream: true });
      }
    }
    // still UTF-8 by default: prove or refute it
    if (!this.sawMultibyte && !hasHighBytes(bytes)) return asciiDecoder.decode(bytes);
    const fatal = new TextDecoder('utf-8', { fatal: true });
    try {
      const text = fatal.decode(bytes, { stream: true });
      this.sawMultibyte = true;
      this.decoder = fatal;
      return text;
    } catch {
      this.encoding = 'Windows-1250';
      this.guessed = true;
      this.decoder = new TextDecoder('windows-1250');
      return this.decoder.decode(bytes, { stream: true });
    }
  }

  flush(): string {
    try {
      return this.decoder ? this.decoder.decode() : '';
    } catch {
      return '';
    }
  }

  private bom(b: Uint8Array): Uint8Array {
    if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
      this.decoder = new TextDecoder('utf-8');
      return b.subarray(3);
    }
    if (b[0] === 0xff && b[1] === 0xfe) {
      this.encoding = 'UTF-16LE';
      this.decoder = new TextDecoder('utf-16le');
      return b.subarray(2);
    }
    if (b[0] === 0xfe && b[1] === 0xff) {
      this.encoding = 'UTF-16BE';
      this.decoder = new TextDecoder('utf-16be');
      return b.subarray(2);
    }
    return b;
  }
}

const asciiDecoder = new TextDecoder('utf-8');

function hasHighBytes(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if ((b[i] as number) >= 0x80) return true;
  return false;
}
