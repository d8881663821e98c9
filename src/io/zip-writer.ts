/**
 * A streaming zip writer (deflate, data descriptors): the workbooks we generate, however many
 * rows they have, and the hostile archives of the tests (`declare` writes a false uncompressed
 * size into the central directory).
 *
 * Callers write synchronously (the XLSX writer's `row()` is synchronous for speed). Data is cut
 * into chunks of about 1 MB, each deflated on its own with a sync flush (no final bit), so the
 * pieces concatenate into one valid deflate stream; the chunks are deflated in zlib's thread
 * pool while the caller builds the next ones, and written in order. A caller keeps memory flat
 * by awaiting `drain()` now and then; `finish()` resolves when the file is complete. Every entry
 * carries the same fixed date, so the same input gives the same bytes.
 */
import { concat } from '../formats/index.js';
import type { Codec } from '../platform/index.js';

/** Where the zip's bytes go, in order: a file, or a channel to an output being written. */
export interface ByteSink {
  write(bytes: Uint8Array): void | Promise<void>;
  /** The zip is complete. */
  end(): void | Promise<void>;
  /** The zip failed: what was written is to be dropped. */
  abort(): void;
}

const utf8 = new TextEncoder();

/** A little-endian header of `size` bytes, filled by `fill`. */
function header(size: number, fill: (v: DataView) => void): Uint8Array {
  const b = new Uint8Array(size);
  fill(new DataView(b.buffer));
  return b;
}

/** Input collected before it is deflated: large enough that a chunk's fresh dictionary costs little. */
const CHUNK = 1 << 20;
/** Input bytes queued for deflating before `drain()` makes the caller wait. */
const QUEUED_MAX = 8 * CHUNK;
const MAX_32 = 0xffffffff;

export interface ZipWriterOptions {
  /** The modification date of every entry (UTC fields, DOS precision: 2 s, 1980–2107). */
  modified: Date;
  /** zlib level, 0–9; 6 by default. */
  level?: number;
}

interface CentralEntry {
  name: Uint8Array;
  /** 0 stored, 8 deflated */
  method: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

interface OpenEntry {
  label: string;
  name: Uint8Array;
  offset: number;
  crc: number;
  size: number;
  compressed: number;
  pending: Uint8Array[];
  pendingBytes: number;
}

/** DOS time and date fields of a date, read in UTC (as JSZip does); clamped to what DOS can say. */
export function dosDateTime(d: Date): { time: number; date: number } {
  const t = Math.min(Math.max(d.getTime(), Date.UTC(1980, 0, 1)), Date.UTC(2107, 11, 31, 23, 59, 58));
  const u = new Date(t);
  return {
    time: (u.getUTCHours() << 11) | (u.getUTCMinutes() << 5) | (u.getUTCSeconds() >> 1),
    date: ((u.getUTCFullYear() - 1980) << 9) | ((u.getUTCMonth() + 1) << 5) | u.getUTCDate(),
  };
}

export class ZipWriter {
  private offset = 0;
  private readonly entries: CentralEntry[] = [];
  private entry: OpenEntry | undefined;
  private closed = false;
  private readonly time: number;
  private readonly date: number;
  private readonly level: number;
  /** File writes in order: each step waits for the one before (and its chunk's deflate). */
  private queue: Promise<void> = Promise.resolve();
  /** Input bytes handed to deflate and not yet written. */
  private queued = 0;
  /** The write steps of chunks in flight, oldest first. */
  private readonly chunks: Promise<void>[] = [];
  private failure: unknown;

  private constructor(private readonly sink: ByteSink, private readonly codec: Codec, options: ZipWriterOptions) {
    ({ time: this.time, date: this.date } = dosDateTime(options.modified));
    this.level = options.level ?? 6;
  }

  /** A zip written to `sink`, deflated by `codec`. */
  static to(sink: ByteSink, codec: Codec, options: ZipWriterOptions): ZipWriter {
    return new ZipWriter(sink, codec, options);
  }

  /** Starts an entry; its data follows with `write`, and `end` closes it. */
  begin(name: string): void {
    this.guard(() => {
      if (this.entry) throw new Error(`zip entry ${this.entry.label} is still open`);
      const nameBytes = utf8.encode(name);
      const local = header(30, (v) => {
        v.setUint32(0, 0x04034b50, true);
        v.setUint16(4, 20, true);
        v.setUint16(6, 0x0808, true); // sizes in a data descriptor; UTF-8 names
        v.setUint16(8, 8, true);
        v.setUint16(10, this.time, true);
        v.setUint16(12, this.date, true);
        v.setUint16(26, nameBytes.length, true);
      });
      const e: OpenEntry = { label: name, name: nameBytes, offset: 0, crc: 0, size: 0, compressed: 0, pending: [], pendingBytes: 0 };
      this.entry = e;
      this.then(async () => {
        e.offset = this.offset;
        await this.raw(local);
        await this.raw(nameBytes);
      });
    });
  }

  /** Appends to the open entry; full chunks go to deflate at once. */
  write(data: string | Uint8Array): void {
    this.guard(() => {
      const e = this.open();
      // a caller's array is copied: it may reuse it while the chunk waits for deflate
      const b = typeof data === 'string' ? utf8.encode(data) : data.slice();
      if (b.length === 0) return;
      e.crc = this.codec.crc32(b, e.crc);
      e.size += b.length;
      e.pending.push(b);
      e.pendingBytes += b.length;
      if (e.pendingBytes >= CHUNK) this.deflatePending(e, false);
    });
  }

  /** Closes the open entry; `declare` replaces its uncompressed size in the central directory. */
  end(declare?: number): void {
    this.guard(() => {
      const e = this.open();
      this.deflatePending(e, true);
      this.entry = undefined;
      this.then(async () => {
        if (e.size > MAX_32 || e.compressed > MAX_32 || e.offset > MAX_32) throw new Error('zip entry beyond 4 GB (zip64 is not written)');
        await this.raw(header(16, (v) => {
          v.setUint32(0, 0x08074b50, true);
          v.setUint32(4, e.crc >>> 0, true);
          v.setUint32(8, e.compressed, true);
          v.setUint32(12, e.size, true);
        }));
        this.entries.push({ name: e.name, method: 8, crc: e.crc >>> 0, compressed: e.compressed, size: declare ?? e.size, offset: e.offset });
      });
    });
  }

  /**
   * A small entry written as it is, not deflated, with its sizes in the local header: what
   * OpenDocument asks of its first entry, `mimetype`, so a reader can tell the format from the
   * file's first bytes.
   */
  stored(name: string, data: string | Uint8Array): void {
    this.guard(() => {
      if (this.entry) throw new Error(`zip entry ${this.entry.label} is still open`);
      const nameBytes = utf8.encode(name);
      const b = typeof data === 'string' ? utf8.encode(data) : data.slice();
      const crc = this.codec.crc32(b) >>> 0;
      const local = header(30, (v) => {
        v.setUint32(0, 0x04034b50, true);
        v.setUint16(4, 10, true);
        v.setUint16(6, 0x0800, true); // UTF-8 names
        v.setUint16(8, 0, true);
        v.setUint16(10, this.time, true);
        v.setUint16(12, this.date, true);
        v.setUint32(14, crc, true);
        v.setUint32(18, b.length, true);
        v.setUint32(22, b.length, true);
        v.setUint16(26, nameBytes.length, true);
      });
      this.then(async () => {
        this.entries.push({ name: nameBytes, method: 0, crc, compressed: b.length, size: b.length, offset: this.offset });
        await this.raw(local);
        await this.raw(nameBytes);
        await this.raw(b);
      });
    });
  }

  /** A whole entry from chunks; the file is closed if the chunks fail. */
  async add(name: string, chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>, declare?: number): Promise<void> {
    this.begin(name);
    try {
      for await (const c of chunks) {
        this.write(c);
        await this.drain();
      }
    } catch (e) {
      this.abort();
      throw e;
    }
    this.end(declare);
  }

  /** Resolves when little enough waits for deflate (the oldest chunks written); rejects with the writer's failure. */
  async drain(): Promise<void> {
    while (this.queued > QUEUED_MAX && !this.closed && this.chunks.length > 0) await this.chunks.shift()?.catch(() => undefined);
    if (this.failure !== undefined) throw this.failure;
  }

  /** Writes the central directory and closes the file; resolves when it is complete. */
  async finish(): Promise<void> {
    this.guard(() => {
      if (this.entry) throw new Error(`zip entry ${this.entry.label} is still open`);
      this.then(async () => {
        const start = this.offset;
        for (const e of this.entries) {
          await this.raw(header(46, (v) => {
            v.setUint32(0, 0x02014b50, true);
            v.setUint16(4, 20, true);
            v.setUint16(6, 20, true);
            v.setUint16(8, e.method === 0 ? 0x0800 : 0x0808, true);
            v.setUint16(10, e.method, true);
            v.setUint16(12, this.time, true);
            v.setUint16(14, this.date, true);
            v.setUint32(16, e.crc, true);
            v.setUint32(20, e.compressed, true);
            v.setUint32(24, Math.min(e.size, 0xfffffffe), true);
            v.setUint16(28, e.name.length, true);
            v.setUint32(42, e.offset, true);
          }));
          await this.raw(e.name);
        }
        if (this.offset > MAX_32 || this.entries.length > 0xffff) throw new Error('zip beyond 4 GB or 65535 entries (zip64 is not written)');
        const entries = this.entries.length;
        await this.raw(header(22, (v) => {
          v.setUint32(0, 0x06054b50, true);
          v.setUint16(8, entries, true);
          v.setUint16(10, entries, true);
          v.setUint32(12, this.offset - start, true);
          v.setUint32(16, start, true);
        }));
        this.closed = true;
        await this.sink.end();
      });
    });
    await this.queue;
  }

  /** Stops without finishing: the sink drops what it got. Safe to call twice. */
  abort(): void {
    this.entry = undefined;
    if (this.closed) return;
    this.closed = true;
    this.sink.abort();
  }

  /** Any failure closes the file: nothing is left open behind a thrown error. */
  private guard(f: () => void): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.closed) throw new Error('zip writer is closed');
    try {
      f();
    } catch (e) {
      this.abort();
      throw e;
    }
  }

  /** The next step of the file, after every earlier one; a failing step closes the file and stops the rest. */
  private then(step: () => void | Promise<void>): Promise<void> {
    this.queue = this.queue.then(async () => {
      if (this.closed) return;
      try {
        await step();
      } catch (e) {
        this.failure ??= e;
        this.abort();
        throw e;
      }
    });
    // the failure is reported by drain(), finish() and later calls, not as an unhandled rejection
    this.queue.catch(() => undefined);
    return this.queue;
  }

  private open(): OpenEntry {
    if (!this.entry) throw new Error('no zip entry is open');
    return this.entry;
  }

  private deflatePending(e: OpenEntry, final: boolean): void {
    if (e.pendingBytes === 0 && !final) return;
    const data = concat(e.pending);
    e.pending = [];
    e.pendingBytes = 0;
    // deflating starts now, in the thread pool; the write waits for its turn
    const out = this.codec.deflateRaw(data, this.level, final ? 'finish' : 'sync');
    out.catch(() => undefined);
    this.queued += data.length;
    const written = this.then(async () => {
      const bytes = await out;
      this.queued -= data.length;
      e.compressed += bytes.length;
      await this.raw(bytes);
    });
    if (!final) this.chunks.push(written);
  }

  private async raw(b: Uint8Array): Promise<void> {
    // a step still running when the writer was aborted writes nothing more
    if (this.closed) throw new Error('zip writer is closed');
    this.offset += b.length;
    await this.sink.write(b);
  }
}
