/**
 * Reading a zip (an XLSX, an ODS) without loading it, through a ByteSource: the end of central
 * directory record (and its zip64 form), the central directory in bounded reads, then for an
 * entry its local header and its data, read in 1 MB pieces and inflated by the Codec as they
 * come. Every entry's declared sizes are known before anything is inflated, and an entry that
 * inflates past what it declares (or past the caller's limit) is stopped at that point.
 *
 * Structure problems are FormatError 'zip-broken'; hostile directories (too many entries, names
 * leaving the archive, sizes past the end of the file) are refused as broken, as yauzl (which read
 * them before) refused them.
 */
import { crc32, type ByteSource, type Codec } from '../platform/index.js';
import { concat, u16, u32, u64, utf8 } from './bytes.js';
import { broken, FormatError, inflatedTooLarge } from './errors.js';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; anything else cannot be read. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  encrypted: boolean;
  /** Where the entry's local header starts. */
  localHeader: number;
}

/** More entries than any spreadsheet has: a directory made to exhaust memory. */
const MAX_ENTRIES = 100_000;
/** Compressed bytes read at once, and the size of the central directory's read window. */
const CHUNK = 1 << 20;
/** Inflated bytes an entry may have beyond what it declares before it counts as a bomb. */
const SLACK = 65_536;

const EOCD = 0x06054b50;
const EOCD_SIZE = 22;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_LOCATOR_SIZE = 20;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const CENTRAL_SIZE = 46;
const LOCAL = 0x04034b50;
const LOCAL_SIZE = 30;

const zipBroken = (detail: string): FormatError => broken('zip-broken', detail);

/** Reads exactly `length` bytes at `offset`, or says the zip ends too soon. */
async function readExactly(source: ByteSource, offset: number, length: number, what: string): Promise<Uint8Array> {
  if (offset < 0 || offset + length > source.size) throw zipBroken(`${what} past the end of the file`);
  const b = await source.read(offset, length);
  if (b.length < length) throw zipBroken(`${what} past the end of the file`);
  return b;
}

/** Where the central directory starts and how many entries it holds, from the end records. */
async function endRecord(source: ByteSource): Promise<{ entries: number; offset: number }> {
  const tailSize = Math.min(source.size, ZIP64_LOCATOR_SIZE + EOCD_SIZE + 0xffff);
  const tailStart = source.size - tailSize;
  const tail = await readExactly(source, tailStart, tailSize, 'end of central directory');
  // searched from the end: the record is followed only by its comment
  for (let i = tailSize - EOCD_SIZE; i >= 0; i--) {
    if (u32(tail, i) !== EOCD) continue;
    if (u16(tail, i + 20) !== tailSize - i - EOCD_SIZE) throw zipBroken('end of central directory: comment length does not match');
    const at = i - ZIP64_LOCATOR_SIZE;
    if (at >= 0 && u32(tail, at) === ZIP64_LOCATOR) {
      const record = await readExactly(source, u64(tail, at + 8), 56, 'zip64 end of central directory');
      if (u32(record, 0) !== ZIP64_EOCD) throw zipBroken('zip64 end of central directory: bad signature');
      if (u32(record, 16) !== 0) throw zipBroken('multi-disk zip');
      return { entries: u64(record, 32), offset: u64(record, 48) };
    }
    if (u16(tail, i + 4) !== 0) throw zipBroken('multi-disk zip');
    return { entries: u16(tail, i + 10), offset: u32(tail, i + 16) };
  }
  throw zipBroken('no end of central directory record');
}

/** Sequential reads of the central directory through a bounded window. */
class Cursor {
  private buf: Uint8Array = new Uint8Array(0);
  private start = 0;
  constructor(private readonly source: ByteSource, private pos: number) {}

  /** The next `n` bytes (n ≤ 64 KB × 3 + 46, a directory record at most). */
  async take(n: number, what: string): Promise<Uint8Array> {
    const from = this.pos - this.start;
    if (from + n > this.buf.length) {
      const want = Math.min(Math.max(n, CHUNK), this.source.size - this.pos);
      if (want < n) throw zipBroken(`${what} past the end of the file`);
      this.buf = await readExactly(this.source, this.pos, want, what);
      this.start = this.pos;
    }
    const at = this.pos - this.start;
    this.pos += n;
    return this.buf.subarray(at, at + n);
  }
}

interface ExtraField {
  id: number;
  data: Uint8Array;
}

function extraFields(b: Uint8Array): ExtraField[] {
  const out: ExtraField[] = [];
  for (let i = 0; i < b.length - 3;) {
    const end = i + 4 + u16(b, i + 2);
    if (end > b.length) throw zipBroken('extra field longer than its record');
    out.push({ id: u16(b, i), data: b.subarray(i + 4, end) });
    i = end;
  }
  return out;
}

/** IBM PC code page 437, the encoding of names without the UTF-8 flag (what unzip tools assume). */
const CP437 = '\u0000☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼ !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~⌂ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

function cp437(b: Uint8Array): string {
  let s = '';
  for (const byte of b) s += CP437[byte];
  return s;
}


/** The entry's name: Info-ZIP's Unicode path when it matches the plain name, else UTF-8 or CP437 by the flag. */
function entryName(raw: Uint8Array, flags: number, extras: readonly ExtraField[]): string {
  let name: string | undefined;
  for (const x of extras) {
    if (x.id !== 0x7075 || x.data.length < 6 || x.data[0] !== 1 || u32(x.data, 1) !== crc32(raw)) continue;
    name = utf8(x.data, 5);
    break;
  }
  name ??= flags & 0x800 ? utf8(raw) : cp437(raw);
  name = name.replace(/\\/g, '/');
  // names that would leave the archive are refused, as unzip tools refuse them
  if (/^[a-zA-Z]:/.test(name) || name.startsWith('/')) throw zipBroken(`absolute path: ${name}`);
  if (name.split('/').includes('..')) throw zipBroken(`relative path leaving the archive: ${name}`);
  return name;
}

/** One central directory record, its zip64 sizes applied. */
async function centralRecord(cursor: Cursor): Promise<ZipEntry> {
  const h = await cursor.take(CENTRAL_SIZE, 'central directory');
  if (u32(h, 0) !== CENTRAL) throw zipBroken('central directory: bad record signature');
  const flags = u16(h, 8);
  if (flags & 0x40) throw zipBroken('strong encryption');
  const method = u16(h, 10);
  let compressedSize = u32(h, 20);
  let uncompressedSize = u32(h, 24);
  const nameLength = u16(h, 28);
  const extraLength = u16(h, 30);
  const commentLength = u16(h, 32);
  let localHeader = u32(h, 42);
  const rest = await cursor.take(nameLength + extraLength + commentLength, 'central directory');
  const raw = rest.subarray(0, nameLength);
  const extras = extraFields(rest.subarray(nameLength, nameLength + extraLength));
  const name = entryName(raw, flags, extras);
  const zip64 = extras.find((x) => x.id === 0x0001);
  if (zip64) {
    // only the fields whose 32-bit value is saturated are there, in this order
    let at = 0;
    const next = (what: string): number => {
      if (at + 8 > zip64.data.length) throw zipBroken(`zip64 extra field without the ${what}`);
      const v = u64(zip64.data, at);
      at += 8;
      return v;
    };
    if (uncompressedSize === 0xffffffff) uncompressedSize = next('uncompressed size');
    if (compressedSize === 0xffffffff) compressedSize = next('compressed size');
    if (localHeader === 0xffffffff) localHeader = next('local header offset');
  }
  const encrypted = (flags & 1) !== 0;
  // a stored entry is its data: sizes that differ are a lie (12 bytes of header when encrypted)
  if (method === 0 && compressedSize !== uncompressedSize + (encrypted ? 12 : 0)) throw zipBroken(`stored entry ${name}: sizes differ`);
  return { name, method, compressedSize, uncompressedSize, encrypted, localHeader };
}

export class ZipFile {
  private readonly dataStarts = new Map<ZipEntry, number>();

  private constructor(private readonly source: ByteSource, private readonly codec: Codec, readonly entries: Map<string, ZipEntry>) {}

  /** Reads the directory; the source stays the caller's to close. */
  static async open(source: ByteSource, codec: Codec): Promise<ZipFile> {
    try {
      const end = await endRecord(source);
      if (end.entries > MAX_ENTRIES) throw zipBroken(`more than ${MAX_ENTRIES} entries`);
      const cursor = new Cursor(source, end.offset);
      const entries = new Map<string, ZipEntry>();
      for (let i = 0; i < end.entries; i++) {
        const e = await centralRecord(cursor);
        entries.set(e.name, e);
      }
      return new ZipFile(source, codec, entries);
    } catch (e) {
      // whatever stops the directory (a read failing too) means the file cannot be read as a zip
      throw e instanceof FormatError ? e : zipBroken(e instanceof Error ? e.message : String(e));
    }
  }

  /** The sum of the declared uncompressed sizes: checked against limits before inflating. */
  declaredSize(): number {
    let total = 0;
    for (const e of this.entries.values()) total += e.uncompressedSize;
    return total;
  }

  /**
   * The inflated bytes of an entry, never more than it declares (plus a little) nor than
   * `maxBytes`; `onCompressedBytes` reports read progress. A reader that stops early stops the
   * reading under it.
   */
  async stream(name: string, onCompressedBytes?: (n: number) => void, maxBytes = Number.MAX_SAFE_INTEGER): Promise<AsyncIterable<Uint8Array>> {
    const e = this.entries.get(name);
    if (!e) throw zipBroken(`no entry ${name}`);
    if (e.encrypted) throw zipBroken(`encrypted entry ${name}`);
    if (e.method !== 0 && e.method !== 8) throw zipBroken(`compression method ${e.method}`);
    return this.inflated(e, await this.dataStart(e), onCompressedBytes, Math.min(maxBytes, e.uncompressedSize + SLACK));
  }

  /** A small entry read whole, as text (at most `maxBytes`). */
  async text(name: string, maxBytes?: number): Promise<string | undefined> {
    if (!this.entries.has(name)) return undefined;
    const chunks: Uint8Array[] = [];
    for await (const c of await this.stream(name, undefined, maxBytes)) chunks.push(c);
    return utf8(concat(chunks));
  }

  /** Where the entry's data starts, after its local header (whose name and extra lengths may differ from the directory's). */
  private async dataStart(e: ZipEntry): Promise<number> {
    let start = this.dataStarts.get(e);
    if (start === undefined) {
      const h = await readExactly(this.source, e.localHeader, LOCAL_SIZE, `local header of ${e.name}`);
      if (u32(h, 0) !== LOCAL) throw zipBroken(`local header of ${e.name}: bad signature`);
      start = e.localHeader + LOCAL_SIZE + u16(h, 26) + u16(h, 28);
      if (start + e.compressedSize > this.source.size) throw zipBroken(`data of ${e.name} past the end of the file`);
      this.dataStarts.set(e, start);
    }
    return start;
  }

  /** The entry's compressed bytes in CHUNK pieces; a failing read is marked, to pass through as it is. */
  private async *compressed(start: number, length: number, failed: { error?: unknown }, onBytes?: (n: number) => void): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < length;) {
      let chunk: Uint8Array;
      try {
        chunk = await this.source.read(start + at, Math.min(CHUNK, length - at));
      } catch (e) {
        failed.error = e;
        throw e;
      }
      if (chunk.length === 0) throw zipBroken('entry data past the end of the file');
      at += chunk.length;
      onBytes?.(chunk.length);
      yield chunk;
    }
  }

  /** Inflated bytes counted as they come: past `max` the entry is a bomb and reading stops. */
  private async *inflated(e: ZipEntry, start: number, onBytes: ((n: number) => void) | undefined, max: number): AsyncGenerator<Uint8Array> {
    if (e.compressedSize === 0) return;
    const failed: { error?: unknown } = {};
    const raw = this.compressed(start, e.compressedSize, failed, onBytes);
    let n = 0;
    try {
      for await (const chunk of e.method === 0 ? raw : this.codec.inflateRaw(raw)) {
        n += chunk.length;
        if (n > max) throw inflatedTooLarge(max);
        yield chunk;
      }
    } catch (err) {
      // the codec's failures (a corrupt deflate stream) are a broken zip; a failed read is not
      if (err instanceof FormatError || (failed.error !== undefined && err === failed.error)) throw err;
      throw zipBroken(`inflating ${e.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
