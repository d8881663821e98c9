/**
 * Bytes as the readers need them, on plain Uint8Arrays. Where Node's Buffer is there it does the
 * work (its Latin-1 and UTF-8 conversions and byte search are native); elsewhere (a browser) the
 * portable versions below give the same results, more slowly.
 */

import { joinBytes } from '../platform/index.js';
import { detach } from '../text.js';

interface NodeBufferView {
  toString(encoding: 'latin1' | 'utf8', start?: number, end?: number): string;
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
  indexOf(value: Uint8Array, from: number): number;
  lastIndexOf(value: Uint8Array): number;
  write(text: string, offset: number): number;
}
interface NodeBufferClass {
  from(buffer: ArrayBufferLike, offset: number, length: number): NodeBufferView;
  from(text: string, encoding: 'latin1'): Uint8Array;
  concat(list: readonly Uint8Array[], total: number): Uint8Array;
}
const NodeBuffer = (globalThis as unknown as { Buffer?: NodeBufferClass }).Buffer;

const view = (b: Uint8Array): NodeBufferView => (NodeBuffer as NodeBufferClass).from(b.buffer, b.byteOffset, b.byteLength);

const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

/** The portable versions: always what the native ones give (a test holds them to it). */
const singleByte = new TextDecoder('windows-1252');
let singleByteCodes: Map<number, number> | undefined;
/** The characters Windows-1252 reads the bytes 0x80–0x9F as, back to the bytes (where they are not themselves). */
const fromSingleByte = (): Map<number, number> => {
  if (!singleByteCodes) {
    singleByteCodes = new Map();
    for (let b = 0x80; b < 0xa0; b++) singleByteCodes.set(singleByte.decode(Uint8Array.of(b)).charCodeAt(0), b);
  }
  return singleByteCodes;
};

export const portable = {
  markup(b: Uint8Array): string {
    return singleByte.decode(b);
  },
  latin1(b: Uint8Array, start = 0, end = b.length): string {
    let out = '';
    for (let i = start; i < end; i += 8192) out += String.fromCharCode(...b.subarray(i, Math.min(i + 8192, end)));
    return out;
  },
  fromLatin1(s: string): Uint8Array {
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  },
  /** `markup`'s text back to its bytes: Windows-1252 gives 27 of the bytes 0x80–0x9F other characters. */
  fromMarkup(s: string): Uint8Array {
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      out[i] = c < 256 ? c : (fromSingleByte().get(c) as number);
    }
    return out;
  },
  utf8(b: Uint8Array): string {
    return utf8Decoder.decode(b);
  },
  writeUtf8(s: string, into: Uint8Array, at: number): number {
    return utf8Encoder.encodeInto(s, into.subarray(at)).written;
  },
  concat: (parts: readonly Uint8Array[]): Uint8Array => joinBytes(parts),
  lastIndexOf(hay: Uint8Array, needle: Uint8Array): number {
    for (let i = hay.length - needle.length; i >= 0; i--) {
      let k = 0;
      while (k < needle.length && hay[i + k] === needle[k]) k++;
      if (k === needle.length) return i;
    }
    return -1;
  },
  indexOf(hay: Uint8Array, needle: Uint8Array, from = 0): number {
    const first = needle[0];
    if (first === undefined) return Math.min(from, hay.length);
    for (let i = hay.indexOf(first, from); i >= 0 && i + needle.length <= hay.length; i = hay.indexOf(first, i + 1)) {
      let k = 1;
      while (k < needle.length && hay[i + k] === needle[k]) k++;
      if (k === needle.length) return i;
    }
    return -1;
  },
};

/** The bytes as Latin-1 text, one character per byte (markup is ASCII: positions stay right). */
export function latin1(b: Uint8Array, start = 0, end = b.length): string {
  return NodeBuffer ? view(b).toString('latin1', start, end) : portable.latin1(b, start, end);
}

/**
 * The bytes as text of one character per byte in which only ASCII is read as itself: enough to
 * scan markup (positions are byte positions) and to see where other bytes are. Latin-1 on Node;
 * in a browser its native single-byte decoder, far faster than building Latin-1 by hand.
 */
export function markup(b: Uint8Array): string {
  return NodeBuffer ? view(b).toString('latin1') : portable.markup(b);
}

/** Text from `markup` back to its bytes. */
export function fromMarkup(s: string): Uint8Array {
  return NodeBuffer ? NodeBuffer.from(s, 'latin1') : portable.fromMarkup(s);
}

/** Latin-1 text (each character below 256) back to its bytes. */
export function fromLatin1(s: string): Uint8Array {
  return NodeBuffer ? NodeBuffer.from(s, 'latin1') : portable.fromLatin1(s);
}

/** UTF-8 bytes as text (invalid sequences as U+FFFD). */
export function utf8(b: Uint8Array, start = 0, end = b.length): string {
  return NodeBuffer ? view(b).toString('utf8', start, end) : portable.utf8(b.subarray(start, end));
}

/** Pieces of one chunk of bytes as text, many times over (one view made per chunk, not per piece). */
export interface Pieces {
  latin1(start: number, end: number): string;
  utf8(start: number, end: number): string;
}

export function pieces(b: Uint8Array): Pieces {
  if (!NodeBuffer) return { latin1: (start, end) => portable.latin1(b, start, end), utf8: (start, end) => portable.utf8(b.subarray(start, end)) };
  const v = view(b);
  return { latin1: (start, end) => v.latin1Slice(start, end), utf8: (start, end) => v.utf8Slice(start, end) };
}

/**
 * `s` as UTF-8 into `into` from `at` (the caller leaves room: 3 bytes per UTF-16 unit); returns
 * the bytes written.
 */
export function writeUtf8(s: string, into: Uint8Array, at: number): number {
  return NodeBuffer ? view(into).write(s, at) : portable.writeUtf8(s, into, at);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  if (!NodeBuffer) return portable.concat(parts);
  let total = 0;
  for (const p of parts) total += p.length;
  return NodeBuffer.concat(parts, total);
}

/** Where `needle` last occurs in `hay`, or -1. */
export function lastIndexOf(hay: Uint8Array, needle: Uint8Array): number {
  return NodeBuffer ? view(hay).lastIndexOf(needle) : portable.lastIndexOf(hay, needle);
}

/** Where `needle` first occurs in `hay` from `from`, or -1. */
export function indexOf(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  return NodeBuffer ? view(hay).indexOf(needle, from) : portable.indexOf(hay, needle, from);
}

/** Little-endian unsigned integers (zip and compound-file headers). */
export const u16 = (b: Uint8Array, at: number): number => (b[at] as number) | ((b[at + 1] as number) << 8);
export const u32 = (b: Uint8Array, at: number): number => (u16(b, at) + u16(b, at + 2) * 0x10000) >>> 0;
/** A 64-bit size or offset; past 2^53 it is no longer exact, and no input is that large. */
export const u64 = (b: Uint8Array, at: number): number => u32(b, at) + u32(b, at + 4) * 0x1_0000_0000;

/**
 * Values scanned one character per byte (Latin-1 or `markup` text) back to what their bytes say,
 * remembered: the same names, titles and codes come back row after row. Only short values are
 * kept, and the memory starts over past `max` of them; a key never holds the chunk it was cut from.
 */
export class DecodedValues {
  private readonly known = new Map<string, string>();
  constructor(
    private readonly decode: (bytes: Uint8Array) => string,
    private readonly bytesOf: (raw: string) => Uint8Array,
    private readonly max = 4096,
  ) {}

  get(raw: string): string {
    let text = this.known.get(raw);
    if (text === undefined) {
      text = this.decode(this.bytesOf(raw));
      if (raw.length <= 256) {
        if (this.known.size >= this.max) this.known.clear();
        this.known.set(detach(raw), text);
      }
    }
    return text;
  }
}
