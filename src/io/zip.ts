/**
 * Reading a zip (an XLSX, an ODS) without loading it. yauzl reads the central directory and
 * the local headers (zip64, name encodings, broken or hostile directories), so every entry's
 * declared sizes are known before anything is inflated. An entry's bytes are then streamed
 * straight from the file through zlib in 1 MB chunks: yauzl's own entry stream reads in small
 * pieces and inflated the bench workbook's 259 MB sheet four times slower (README, Zależności).
 */
import { createReadStream } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import yauzl from 'yauzl';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  encrypted: boolean;
  /** yauzl's entry, for the local header. */
  raw: yauzl.Entry;
}

export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

/** An entry inflates to more than it declares, or more than allowed: a decompression bomb. */
export class ZipLimitError extends ZipFormatError {
  override name = 'ZipLimitError';
}

/** More entries than any spreadsheet has: a directory made to exhaust memory. */
const MAX_ENTRIES = 100_000;
const CHUNK = 1 << 20;

/** Inflated bytes counted as they come; the stream (and the file under it) stops past the limit. */
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

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) => (err ? reject(err) : resolve(zip)));
  });
}

function readEntries(zip: yauzl.ZipFile): Promise<Map<string, ZipEntry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, ZipEntry>();
    zip.on('entry', (e: yauzl.Entry) => {
      if (entries.size >= MAX_ENTRIES) return reject(new ZipFormatError(`more than ${MAX_ENTRIES} entries`));
      entries.set(e.fileName.replace(/^\//, ''), {
        name: e.fileName, method: e.compressionMethod, compressedSize: e.compressedSize, uncompressedSize: e.uncompressedSize, encrypted: e.isEncrypted(), raw: e,
      });
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

function dataStart(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<number> {
  return new Promise((resolve, reject) => {
    zip.readLocalFileHeader(entry, { minimal: true }, (err, header) => (err ? reject(err) : resolve(header.fileDataStart)));
  });
}

/** yauzl's and the file system's failures as a broken file (the reason, never the library's words, reaches the user). */
function asFormatError(e: unknown): ZipFormatError {
  return e instanceof ZipFormatError ? e : new ZipFormatError(e instanceof Error ? e.message : String(e));
}

export class ZipFile {
  private constructor(readonly path: string, private readonly zip: yauzl.ZipFile, readonly entries: Map<string, ZipEntry>) {}

  static async open(path: string): Promise<ZipFile> {
    let zip: yauzl.ZipFile;
    try {
      zip = await openZip(path);
    } catch (e) {
      throw asFormatError(e);
    }
    try {
      return new ZipFile(path, zip, await readEntries(zip));
    } catch (e) {
      zip.close();
      throw asFormatError(e);
    }
  }

  async close(): Promise<void> {
    if (this.zip.isOpen) this.zip.close();
  }

  /** The sum of the declared uncompressed sizes: checked against limits before inflating. */
  declaredSize(): number {
    let total = 0;
    for (const e of this.entries.values()) total += e.uncompressedSize;
    return total;
  }

  /**
   * The inflated bytes of an entry, never more than it declares (plus a little) nor than
   * `maxBytes`; `onCompressedBytes` reports read progress. Stopping early (or failing) closes
   * the file stream under it.
   */
  async stream(name: string, onCompressedBytes?: (n: number) => void, maxBytes = Number.MAX_SAFE_INTEGER): Promise<AsyncIterable<Buffer>> {
    const e = this.entries.get(name);
    if (!e) throw new ZipFormatError(`no entry ${name}`);
    return limited(await this.raw(e, onCompressedBytes), Math.min(maxBytes, e.uncompressedSize + 65_536));
  }

  private async raw(e: ZipEntry, onCompressedBytes?: (n: number) => void): Promise<Readable> {
    if (e.encrypted) throw new ZipFormatError('encrypted entry');
    if (e.method !== 0 && e.method !== 8) throw new ZipFormatError(`compression method ${e.method}`);
    let start: number;
    try {
      start = await dataStart(this.zip, e.raw);
    } catch (err) {
      throw asFormatError(err);
    }
    if (e.compressedSize === 0) return Readable.from([]);
    const file = createReadStream(this.path, { start, end: start + e.compressedSize - 1, highWaterMark: CHUNK });
    if (onCompressedBytes) file.on('data', (c: Buffer | string) => onCompressedBytes(c.length));
    if (e.method === 0) return file;
    // pipeline destroys both streams when either ends early or fails: no file left open
    return pipeline(file, createInflateRaw({ chunkSize: CHUNK }), () => {});
  }

  /** A small entry read whole, as text (at most `maxBytes`). */
  async text(name: string, maxBytes?: number): Promise<string | undefined> {
    if (!this.entries.has(name)) return undefined;
    const chunks: Buffer[] = [];
    for await (const c of await this.stream(name, undefined, maxBytes)) chunks.push(c);
    return Buffer.concat(chunks).toString('utf8');
  }
}
