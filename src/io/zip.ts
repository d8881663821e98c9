/**
 * Reading a zip (an XLSX) without loading it: the central directory gives every entry's
 * declared sizes before anything is inflated, and an entry is streamed through zlib.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createInflateRaw } from 'node:zlib';
import { Readable } from 'node:stream';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  encrypted: boolean;
}

export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

/** An entry inflates to more than it declares, or more than allowed: a decompression bomb. */
export class ZipLimitError extends ZipFormatError {
  override name = 'ZipLimitError';
}

/** Inflated bytes counted as they come; the stream stops past the limit. */
async function* limited(stream: Readable, max: number): AsyncGenerator<Buffer> {
  let n = 0;
  for await (const chunk of stream) {
    n += (chunk as Buffer).length;
    if (n > max) {
      stream.destroy();
      throw new ZipLimitError(`inflates past ${max} bytes`);
    }
    yield chunk as Buffer;
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_EOCD_LOCATOR = 0x07064b50;

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** Values 0xFFFFFFFF in the central directory are in the zip64 extra field (id 0x0001). */
function zip64(extra: Buffer, e: { size: number; compressed: number; offset: number }): void {
  for (let p = 0; p + 4 <= extra.length;) {
    const id = extra.readUInt16LE(p);
    const len = extra.readUInt16LE(p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      const next = () => {
        const v = Number(extra.readBigUInt64LE(q));
        q += 8;
        return v;
      };
      if (e.size === 0xffffffff) e.size = next();
      if (e.compressed === 0xffffffff) e.compressed = next();
      if (e.offset === 0xffffffff) e.offset = next();
      return;
    }
    p += 4 + len;
  }
}

export class ZipFile {
  private constructor(readonly path: string, private readonly fh: FileHandle, readonly entries: Map<string, ZipEntry>) {}

  static async open(path: string): Promise<ZipFile> {
    const fh = await open(path, 'r');
    try {
      const { size } = await fh.stat();
      const tailLength = Math.min(size, 65_557);
      const tail = await readAt(fh, size - tailLength, tailLength);
      let eocd = -1;
      for (let i = tail.length - 22; i >= 0; i--) {
        if (tail.readUInt32LE(i) === EOCD) {
          eocd = i;
          break;
        }
      }
      if (eocd < 0) throw new ZipFormatError('no end of central directory');
      let count = tail.readUInt16LE(eocd + 10);
      let cdSize = tail.readUInt32LE(eocd + 12);
      let cdOffset = tail.readUInt32LE(eocd + 16);
      if (eocd >= 20 && tail.readUInt32LE(eocd - 20) === ZIP64_EOCD_LOCATOR) {
        const z64 = await readAt(fh, Number(tail.readBigUInt64LE(eocd - 12)), 56);
        count = Number(z64.readBigUInt64LE(32));
        cdSize = Number(z64.readBigUInt64LE(40));
        cdOffset = Number(z64.readBigUInt64LE(48));
      }
      if (cdOffset + cdSize > size) throw new ZipFormatError('central directory beyond the end of the file');
      const cd = await readAt(fh, cdOffset, cdSize);
      const entries = new Map<string, ZipEntry>();
      let p = 0;
      for (let i = 0; i < count; i++) {
        if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new ZipFormatError('broken central directory');
        const flags = cd.readUInt16LE(p + 8);
        const method = cd.readUInt16LE(p + 10);
        const e = { compressed: cd.readUInt32LE(p + 20), size: cd.readUInt32LE(p + 24), offset: cd.readUInt32LE(p + 42) };
        const nameLen = cd.readUInt16LE(p + 28);
        const extraLen = cd.readUInt16LE(p + 30);
        const commentLen = cd.readUInt16LE(p + 32);
        const name = cd.subarray(p + 46, p + 46 + nameLen).toString(flags & 0x800 ? 'utf8' : 'latin1');
        zip64(cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen), e);
        entries.set(name.replace(/^\//, ''), {
          name, method, compressedSize: e.compressed, uncompressedSize: e.size, localHeaderOffset: e.offset, encrypted: (flags & 1) === 1,
        });
        p += 46 + nameLen + extraLen + commentLen;
      }
      return new ZipFile(path, fh, entries);
    } catch (e) {
      await fh.close();
      throw e instanceof ZipFormatError ? e : new ZipFormatError((e as Error).message);
    }
  }

  async close(): Promise<void> {
    await this.fh.close();
  }

  /** The sum of the declared uncompressed sizes: checked against limits before inflating. */
  declaredSize(): number {
    let total = 0;
    for (const e of this.entries.values()) total += e.uncompressedSize;
    return total;
  }

  /**
   * The inflated bytes of an entry, never more than it declares (plus a little) nor than
   * `maxBytes`; `onCompressedBytes` reports read progress.
   */
  async stream(name: string, onCompressedBytes?: (n: number) => void, maxBytes = Number.MAX_SAFE_INTEGER): Promise<AsyncIterable<Buffer>> {
    const e = this.entries.get(name);
    if (!e) throw new ZipFormatError(`no entry ${name}`);
    return limited(await this.raw(e, onCompressedBytes), Math.min(maxBytes, e.uncompressedSize + 65_536));
  }

  private async raw(e: ZipEntry, onCompressedBytes?: (n: number) => void): Promise<Readable> {
    if (e.encrypted) throw new ZipFormatError('encrypted entry');
    const local = await readAt(this.fh, e.localHeaderOffset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) throw new ZipFormatError('broken local header');
    const start = e.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (e.compressedSize === 0) return Readable.from([]);
    const raw = createReadStream(this.path, { start, end: start + e.compressedSize - 1, highWaterMark: 1 << 20 });
    if (onCompressedBytes) raw.on('data', (c: Buffer | string) => onCompressedBytes(c.length));
    if (e.method === 0) return raw;
    if (e.method !== 8) throw new ZipFormatError(`compression method ${e.method}`);
    const inflate = createInflateRaw({ chunkSize: 1 << 20 });
    raw.on('error', (err) => inflate.destroy(err));
    return raw.pipe(inflate);
  }

  /** A small entry read whole, as text (at most `maxBytes`). */
  async text(name: string, maxBytes?: number): Promise<string | undefined> {
    if (!this.entries.has(name)) return undefined;
    const chunks: Buffer[] = [];
    for await (const c of await this.stream(name, undefined, maxBytes)) chunks.push(c);
    return Buffer.concat(chunks).toString('utf8');
  }
}
