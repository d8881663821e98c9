/**
 * A minimal streaming zip writer (deflate, data descriptors): enough to write an XLSX of a
 * million rows without holding it in memory (bench data), and to build hostile archives for
 * tests (`declare` overrides the size written in the central directory).
 */
import { once } from 'node:events';
import type { WriteStream } from 'node:fs';
import { createDeflateRaw, crc32 } from 'node:zlib';

async function write(stream: WriteStream, data: Uint8Array): Promise<void> {
  if (!stream.write(data)) await once(stream, 'drain');
}

interface CentralEntry {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

export class ZipWriter {
  private offset = 0;
  private readonly entries: CentralEntry[] = [];
  constructor(private readonly out: WriteStream) {}

  private async raw(b: Uint8Array): Promise<void> {
    this.offset += b.length;
    await write(this.out, b);
  }

  async add(name: string, chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>, declare?: number): Promise<void> {
    const nameBytes = Buffer.from(name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0808, 6); // data descriptor + UTF-8 names
    header.writeUInt16LE(8, 8);
    header.writeUInt16LE(nameBytes.length, 26);
    const offset = this.offset;
    await this.raw(header);
    await this.raw(nameBytes);
    let crc = 0;
    let size = 0;
    let compressed = 0;
    const deflate = createDeflateRaw({ level: 6 });
    const pending: Buffer[] = [];
    deflate.on('data', (c: Buffer) => pending.push(c));
    const flushPending = async () => {
      while (pending.length) {
        const c = pending.shift() as Buffer;
        compressed += c.length;
        await this.raw(c);
      }
    };
    for await (const text of chunks) {
      const b = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
      crc = crc32(b, crc);
      size += b.length;
      if (!deflate.write(b)) await once(deflate, 'drain');
      await flushPending();
    }
    deflate.end();
    await once(deflate, 'end');
    await flushPending();
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc >>> 0, 4);
    descriptor.writeUInt32LE(compressed, 8);
    descriptor.writeUInt32LE(size, 12);
    await this.raw(descriptor);
    this.entries.push({ name: nameBytes, crc: crc >>> 0, compressed, size: declare ?? size, offset });
  }

  async finish(): Promise<void> {
    const start = this.offset;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4);
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(0x0808, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt32LE(e.crc, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(Math.min(e.size, 0xfffffffe), 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      await this.raw(h);
      await this.raw(e.name);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.raw(end);
    this.out.end();
    await once(this.out, 'finish');
  }
}

