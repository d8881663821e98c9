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
import { closeSync, openSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import { constants, crc32, deflateRaw } from 'node:zlib';

const deflateAsync = promisify(deflateRaw);

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
  name: Buffer;
  /** 0 stored, 8 deflated */
  method: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

interface OpenEntry {
  name: Buffer;
  offset: number;
  crc: number;
  size: number;
  compressed: number;
  pending: Buffer[];
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

  private constructor(private readonly fd: number, options: ZipWriterOptions) {
    ({ time: this.time, date: this.date } = dosDateTime(options.modified));
    this.level = options.level ?? 6;
  }

  /** Creates (or truncates) `file`. */
  static open(file: string, options: ZipWriterOptions): ZipWriter {
    return new ZipWriter(openSync(file, 'w'), options);
  }

  /** Starts an entry; its data follows with `write`, and `end` closes it. */
  begin(name: string): void {
    this.guard(() => {
      if (this.entry) throw new Error(`zip entry ${this.entry.name.toString('utf8')} is still open`);
      const nameBytes = Buffer.from(name, 'utf8');
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(20, 4);
      header.writeUInt16LE(0x0808, 6); // sizes in a data descriptor; UTF-8 names
      header.writeUInt16LE(8, 8);
      header.writeUInt16LE(this.time, 10);
      header.writeUInt16LE(this.date, 12);
      header.writeUInt16LE(nameBytes.length, 26);
      const e: OpenEntry = { name: nameBytes, offset: 0, crc: 0, size: 0, compressed: 0, pending: [], pendingBytes: 0 };
      this.entry = e;
      this.then(() => {
        e.offset = this.offset;
        this.raw(header);
        this.raw(nameBytes);
      });
    });
  }

  /** Appends to the open entry; full chunks go to deflate at once. */
  write(data: string | Uint8Array): void {
    this.guard(() => {
      const e = this.open();
      // a caller's array is copied: it may reuse it while the chunk waits for deflate
      const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
      if (b.length === 0) return;
      e.crc = crc32(b, e.crc);
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
      this.then(() => {
        if (e.size > MAX_32 || e.compressed > MAX_32 || e.offset > MAX_32) throw new Error('zip entry beyond 4 GB (zip64 is not written)');
        const descriptor = Buffer.alloc(16);
        descriptor.writeUInt32LE(0x08074b50, 0);
        descriptor.writeUInt32LE(e.crc >>> 0, 4);
        descriptor.writeUInt32LE(e.compressed, 8);
        descriptor.writeUInt32LE(e.size, 12);
        this.raw(descriptor);
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
      if (this.entry) throw new Error(`zip entry ${this.entry.name.toString('utf8')} is still open`);
      const nameBytes = Buffer.from(name, 'utf8');
      const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
      const crc = crc32(b) >>> 0;
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(10, 4);
      header.writeUInt16LE(0x0800, 6); // UTF-8 names
      header.writeUInt16LE(0, 8);
      header.writeUInt16LE(this.time, 10);
      header.writeUInt16LE(this.date, 12);
      header.writeUInt32LE(crc, 14);
      header.writeUInt32LE(b.length, 18);
      header.writeUInt32LE(b.length, 22);
      header.writeUInt16LE(nameBytes.length, 26);
      this.then(() => {
        this.entries.push({ name: nameBytes, method: 0, crc, compressed: b.length, size: b.length, offset: this.offset });
        this.raw(header);
        this.raw(nameBytes);
        this.raw(b);
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
      if (this.entry) throw new Error(`zip entry ${this.entry.name.toString('utf8')} is still open`);
      this.then(() => {
        const start = this.offset;
        for (const e of this.entries) {
          const h = Buffer.alloc(46);
          h.writeUInt32LE(0x02014b50, 0);
          h.writeUInt16LE(20, 4);
          h.writeUInt16LE(20, 6);
          h.writeUInt16LE(e.method === 0 ? 0x0800 : 0x0808, 8);
          h.writeUInt16LE(e.method, 10);
          h.writeUInt16LE(this.time, 12);
          h.writeUInt16LE(this.date, 14);
          h.writeUInt32LE(e.crc, 16);
          h.writeUInt32LE(e.compressed, 20);
          h.writeUInt32LE(Math.min(e.size, 0xfffffffe), 24);
          h.writeUInt16LE(e.name.length, 28);
          h.writeUInt32LE(e.offset, 42);
          this.raw(h);
          this.raw(e.name);
        }
        if (this.offset > MAX_32 || this.entries.length > 0xffff) throw new Error('zip beyond 4 GB or 65535 entries (zip64 is not written)');
        const end = Buffer.alloc(22);
        end.writeUInt32LE(0x06054b50, 0);
        end.writeUInt16LE(this.entries.length, 8);
        end.writeUInt16LE(this.entries.length, 10);
        end.writeUInt32LE(this.offset - start, 12);
        end.writeUInt32LE(start, 16);
        this.raw(end);
        this.close();
      });
    });
    await this.queue;
  }

  /** Closes the file without finishing it (the caller removes it). Safe to call twice. */
  abort(): void {
    this.entry = undefined;
    this.close();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
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
    const data = e.pending.length === 1 ? (e.pending[0] as Buffer) : Buffer.concat(e.pending, e.pendingBytes);
    e.pending = [];
    e.pendingBytes = 0;
    // deflating starts now, in the thread pool; the write waits for its turn
    const out = deflateAsync(data, { level: this.level, finishFlush: final ? constants.Z_FINISH : constants.Z_SYNC_FLUSH });
    out.catch(() => undefined);
    this.queued += data.length;
    const written = this.then(async () => {
      const bytes = await out;
      this.queued -= data.length;
      e.compressed += bytes.length;
      this.raw(bytes);
    });
    if (!final) this.chunks.push(written);
  }

  private raw(b: Uint8Array): void {
    let done = 0;
    while (done < b.length) done += writeSync(this.fd, b, done, b.length - done);
    this.offset += b.length;
  }
}
