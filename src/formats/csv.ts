/**
 * CSV as people's spreadsheets write it, streamed: bytes are decoded chunk by chunk (BOM →
 * UTF-8/UTF-16; otherwise UTF-8 until a byte sequence proves it is Windows-1250) and split
 * into records by a hand-written tokenizer (quotes, `""` escapes, line breaks inside quotes,
 * CRLF, LF or classic Mac CR). A record number is the row Excel shows. csv-parse costs more
 * than everything else a large validation does (issue 5), hence this reader; a differential
 * test holds it to csv-parse's records. A field longer than the limit is FormatError
 * 'cell-too-long' (the record is the row), a quote never closed 'csv-quote' (with its line).
 *
 * Reading a file (`readCsv`), the bytes of UTF-8 and Windows-1250 are split as one character
 * per byte (`StreamDecoder.piece`, `CsvTokenizer.pushBytes`: what CSV's syntax needs is ASCII in
 * both) and only a field holding other bytes is decoded, once per distinct field
 * (`StreamDecoder.field`): decoding whole chunks made every chunk with one `ę` a two-byte string
 * and cost more than the split itself (issue 20).
 */
import type { ByteSource } from '../platform/index.js';
import { DecodedValues, fromMarkup, markup } from './bytes.js';
import type { Cell, RowCallback } from './cell.js';
import { cellTooLong, FormatError } from './errors.js';

/** A field's text from its raw characters; asked only for fields with a character ≥ 0x80. */
export type FieldDecoder = (raw: string) => string;

/** Splits decoded text into records; feed it with `push`, finish with `end`. */
export class CsvTokenizer {
  private carry = '';
  private record = 0;
  /** Physical line where the next record starts (for the unclosed-quote message). */
  private line = 1;
  private readonly cells: Cell[] = [];
  /** Each column's last field in a line without quotes: as written, and as text. */
  private readonly above = { raw: [] as string[], text: [] as string[] };
  /** What ends a record: LF (also CRLF, the CR dropped) or, in old Mac files, a lone CR; 0 until seen. */
  private eol: 0 | typeof LF | typeof CR = 0;
  /** `decodeField`: the text of a field holding characters ≥ 0x80 (pushed text is one character per byte). */
  constructor(
    private readonly delimiter: string,
    private readonly onRow: RowCallback,
    private readonly maxCell = Number.MAX_SAFE_INTEGER,
    private readonly decodeField?: FieldDecoder,
  ) {}

  push(text: string): void {
    const s = this.carry ? this.carry + text : text;
    this.above.raw.length = 0;
    this.above.text.length = 0;
    if (this.eol === 0) this.eol = recordEnd(s, this.delimiter);
    const used = this.parse(s, false);
    this.carry = used < s.length ? s.slice(used) : '';
    this.checkCarry(this.carry.length);
  }

  /**
   * Bytes to split as they are, one character per byte (UTF-8, Windows-1250: the syntax is
   * ASCII); fields with other bytes go through `decodeField`. Returns how many bytes made whole
   * records: the caller gives the unfinished rest again with what follows (joining it here
   * would copy every piece, and a joined string is slower to read character by character).
   */
  pushBytes(bytes: Uint8Array, final: boolean): number {
    // fields kept from the last piece would keep its whole text alive
    this.above.raw.length = 0;
    this.above.text.length = 0;
    const s = markup(bytes);
    if (this.eol === 0) this.eol = recordEnd(s, this.delimiter);
    const used = this.parse(s, false);
    this.checkCarry(bytes.length - used);
    if (!final || used === s.length) return used;
    this.parse(s.slice(used), true);
    return s.length;
  }

  end(): void {
    if (this.carry) this.parse(this.carry, true);
    this.carry = '';
  }

  /** An unfinished record this long cannot hold fields within the limit: runaway input. */
  private checkCarry(length: number): void {
    if (length > Math.min(this.maxCell, 1 << 24) * 64) throw cellTooLong(this.record + 1);
  }

  private emit(): void {
    this.record++;
    this.onRow(this.record, this.cells);
  }

  /** A field's text: decoded where the pushed text is bytes and it holds others than ASCII. */
  private text(raw: string): string {
    return this.decodeField && nextHigh(raw, 0) >= 0 ? this.decodeField(raw) : raw;
  }

  /** Parses whole records of `s`; returns where the first incomplete one starts. */
  private parse(s: string, final: boolean): number {
    const d = this.delimiter;
    const dc = d.charCodeAt(0);
    const dl = d.length;
    const len = s.length;
    const cells = this.cells;
    const ec = this.eol === CR ? CR : LF;
    const dropCr = this.eol !== CR;
    const { raw, text } = this.above;
    let i = 0;
    while (i < len) {
      // fast path: a line without quotes, split in the one pass that finds its end
      cells.length = 0;
      let p = i;
      let k = 0;
      let high = false;
      let j = i;
      for (; j < len; j++) {
        if (j === p && dl === 1) {
          // a field as in the row above is compared, not scanned (raw fields hold no quote)
          const before = raw[k];
          const e = before === undefined ? len : p + before.length;
          if (before !== undefined && e < len && sameAt(s, p, e, before)) {
            const t = s.charCodeAt(e);
            if (t === dc) {
              cells.push(text[k] as string);
              k++;
              p = e + 1;
              j = e;
              continue;
            }
            // at the line's end only when no CR is to be dropped from it (the field then differs)
            if (t === ec && !(dropCr && before.charCodeAt(before.length - 1) === CR)) {
              j = e;
              break;
            }
          }
        }
        const c = s.charCodeAt(j);
        if (c === ec || c === QUOTE) break;
        if (c === dc && (dl === 1 || s.startsWith(d, j))) {
          cells.push(this.field(s, p, j, k++, high));
          high = false;
          j += dl - 1;
          p = j + 1;
        } else if (c >= 0x80) high = true;
      }
      if (j < len && s.charCodeAt(j) === QUOTE) {
        const next = this.quoted(s, i, final);
        if (next < 0) return i;
        i = next;
        continue;
      }
      if (j >= len && !final) return i;
      let end = j;
      if (dropCr && end > p && s.charCodeAt(end - 1) === CR) end--;
      cells.push(this.field(s, p, end, k, high));
      this.emit();
      this.line++;
      i = j + 1;
    }
    return Math.min(i, len);
  }

  /**
   * The field `s[p, q)` of column `k` of a line without quotes; `high` when it holds characters
   * ≥ 0x80 (decoded when the text is raw bytes). Most columns repeat the row above: their bytes
   * are compared and the string made then is given again.
   */
  private field(s: string, p: number, q: number, k: number, high: boolean): Cell {
    if (q === p) return null;
    const { raw, text } = this.above;
    const before = raw[k];
    let v: string;
    if (before !== undefined && sameAt(s, p, q, before)) v = text[k] as string;
    else {
      const r = s.slice(p, q);
      v = high && this.decodeField ? this.decodeField(r) : r;
      raw[k] = r;
      text[k] = v;
    }
    if (v.length > this.maxCell) throw cellTooLong(this.record + 1);
    return v;
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
        // relaxed: text after the closing quote belongs to the field (decoded apart: the quote
        // stood between their bytes)
        let after = '';
        while (i < len && !s.startsWith(d, i) && s.charCodeAt(i) !== eol && s.charCodeAt(i) !== CR) after += s[i++];
        value = this.text(value) + this.text(after);
      } else {
        while (i < len && !s.startsWith(d, i) && s.charCodeAt(i) !== eol) value += s[i++];
        if (eol === LF && value.endsWith('\r')) value = value.slice(0, -1);
        value = this.text(value);
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

/**
 * A CSV input through decoder and tokenizer: `first` (its first bytes, in hand already; a BOM
 * is looked for in them, so at least three when the input has them), then
 * pieces of `chunk` bytes, each read from where the last one's whole records end (bytes split
 * as they are) or where it ended (UTF-16 text). `onProgress` gets the bytes done.
 */
export async function readCsv(
  input: Pick<ByteSource, 'size' | 'read'>,
  first: Uint8Array,
  chunk: number,
  decoder: StreamDecoder,
  tokenizer: CsvTokenizer,
  onProgress?: (bytes: number) => void,
): Promise<void> {
  for (let at = 0, bytes = first, size = chunk; bytes.length > 0; bytes = at < input.size ? await input.read(at, size) : new Uint8Array(0)) {
    let next = at + bytes.length;
    const piece = decoder.piece(bytes, next >= input.size);
    if (typeof piece === 'string') tokenizer.push(piece);
    else next = at + (piece.byteOffset - bytes.byteOffset) + tokenizer.pushBytes(piece, next >= input.size);
    // the next piece ends where it would have without going back (a long record grows by `chunk`)
    size = chunk + (at + bytes.length - next);
    onProgress?.(next - at);
    at = next;
  }
  tokenizer.push(decoder.flush());
  tokenizer.end();
}

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Whether `s[p, q)` is `t` (a loop: fields are short, a call costs more than comparing them). */
function sameAt(s: string, p: number, q: number, t: string): boolean {
  if (t.length !== q - p) return false;
  for (let k = 0; k < t.length; k++) if (s.charCodeAt(p + k) !== t.charCodeAt(k)) return false;
  return true;
}

/** Where the first character ≥ 0x80 at or after `from` is, or -1. */
function nextHigh(s: string, from: number): number {
  for (let i = from; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return i;
  return -1;
}

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
 *
 * `piece` is the faster way for the tokenizer: UTF-8 and Windows-1250 bytes as they are
 * (`CsvTokenizer.pushBytes`), `field` decoding a field with other bytes; UTF-16 as text.
 */
export class StreamDecoder {
  encoding: Encoding = 'UTF-8';
  guessed = false;
  private decoder: InstanceType<typeof TextDecoder> | undefined;
  private sawMultibyte = false;
  private started = false;
  /** `piece` gave bytes: nothing is held back in a decoder. */
  private gaveBytes = false;
  /** Fields decoded, by their bytes; made anew when the encoding is known (or changes). */
  private fields: DecodedValues | undefined;
  private fieldEncoding: Encoding | undefined;

  decode(bytes: Uint8Array): string {
    bytes = this.start(bytes);
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
    return this.prove(bytes);
  }

  /** The next bytes as the tokenizer takes them (`last`: the input ends with them): as they are, or (UTF-16) as text. */
  piece(bytes: Uint8Array, last: boolean): Uint8Array | string {
    bytes = this.start(bytes);
    if (this.wide()) return this.decode(bytes);
    this.gaveBytes = true;
    // the bytes are needed as text only to prove UTF-8 or refute it, once: on whole sequences
    // (one the piece cuts off comes whole with the next piece, which starts at its record; at
    // the input's end it is cut off for good, and no UTF-8)
    if (!this.decoder && !this.sawMultibyte) {
      const whole = last ? bytes : bytes.subarray(0, wholeSequences(bytes));
      if (hasHighBytes(whole)) this.prove(whole, false);
    }
    return bytes;
  }

  /** A field's text from its bytes as `piece` gave them (one character per byte). */
  readonly field: FieldDecoder = (raw) => {
    if (this.wide()) return raw;
    // a field of a record a piece cut off may come before the encoding is known: once it is,
    // what was decoded before does not count
    if (!this.fields || this.fieldEncoding !== this.encoding) {
      this.fieldEncoding = this.encoding;
      const decoder = new TextDecoder(this.encoding === 'Windows-1250' ? 'windows-1250' : 'utf-8');
      this.fields = new DecodedValues((bytes) => decoder.decode(bytes), fromMarkup, 65_536);
    }
    return this.fields.get(raw);
  };

  private start(bytes: Uint8Array): Uint8Array {
    if (this.started) return bytes;
    this.started = true;
    return this.bom(bytes);
  }

  private wide(): boolean {
    return this.encoding === 'UTF-16LE' || this.encoding === 'UTF-16BE';
  }

  /** The first bytes that are not ASCII: valid UTF-8 proves it, anything else makes it Windows-1250. */
  private prove(bytes: Uint8Array, stream = true): string {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    try {
      const text = fatal.decode(bytes, { stream });
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
    if (this.gaveBytes) return '';
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

/** Where a UTF-8 sequence cut off by the end of `b` starts (b.length when none is). */
function wholeSequences(b: Uint8Array): number {
  for (let i = b.length - 1; i >= Math.max(0, b.length - 3); i--) {
    const c = b[i] as number;
    if (c < 0x80) return b.length;
    if (c >= 0xc0) return i + (c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2) > b.length ? i : b.length;
  }
  return b.length;
}

function hasHighBytes(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if ((b[i] as number) >= 0x80) return true;
  return false;
}
