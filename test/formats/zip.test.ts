/**
 * The zip reader over a ByteSource: entries and sizes from the directory (zip64 too), data from
 * the local header on, streamed inflation under limits in bounded reads, and broken or hostile
 * archives refused as 'zip-broken' without reading past what they claim.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../fixtures/random.js';
import { FormatError } from '../../src/formats/index.js';
import { ZipFile } from '../../src/formats/zip.js';
import { nodeCodec } from '../../src/node/codec.js';
import { openFile } from '../../src/node/files.js';
import { openDescriptors } from '../helpers/fds.js';
import { memorySource } from '../helpers/memory.js';
import { buildZip, extraField, unicodePath } from '../helpers/zip-build.js';

/** 8 MB of varied text: several 1 MB chunks once inflated. */
const BIG = Array.from({ length: 200_000 }, (_, i) => `<row r="${i}"><c>${(i * 7919) % 100_003}</c></row>`).join('');

async function sample(): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file('big.xml', BIG);
  zip.file('small.txt', 'zażółć gęślą jaźń');
  zip.file('stored.txt', 'as is', { compression: 'STORE' });
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

const open = (bytes: Uint8Array) => ZipFile.open(memorySource(bytes), nodeCodec);

async function readAll(zip: ZipFile, name: string, max?: number): Promise<number> {
  let n = 0;
  for await (const c of await zip.stream(name, undefined, max)) n += c.length;
  return n;
}

/** The problem a promise is rejected with. */
async function problem(p: Promise<unknown>): Promise<FormatError['problem']> {
  try {
    await p;
  } catch (e) {
    if (e instanceof FormatError) return e.problem;
    throw e;
  }
  throw new Error('no FormatError');
}

describe('ZipFile', () => {
  it('lists entries with their sizes and reads them, deflated or stored', async () => {
    const zip = await open(await sample());
    expect([...zip.entries.keys()].sort()).toEqual(['big.xml', 'small.txt', 'stored.txt']);
    expect(await zip.text('small.txt')).toBe('zażółć gęślą jaźń');
    expect(await zip.text('stored.txt')).toBe('as is');
    expect(await readAll(zip, 'big.xml')).toBe(BIG.length);
    expect(zip.entries.get('big.xml')?.uncompressedSize).toBe(BIG.length);
    expect(zip.declaredSize()).toBe(BIG.length + Buffer.byteLength('zażółć gęślą jaźń') + 5);
  });

  it('reads ranges, never the whole file: the directory from the end, an entry in pieces of at most 1 MB', async () => {
    // stored, so that the entry is as large in the file as inflated
    const zip = new JSZip();
    zip.file('a.bin', new Uint8Array(5 << 20).map((_, i) => i % 251), { compression: 'STORE' });
    zip.file('b.txt', 'b');
    const source = memorySource(await zip.generateAsync({ type: 'uint8array' }));
    const z = await ZipFile.open(source, nodeCodec);
    const opening = source.reads.reduce((n, r) => n + r.length, 0);
    expect(opening).toBeLessThan(70_000 + 2 * 1024);
    expect(await z.text('b.txt')).toBe('b');
    expect(await readAll(z, 'a.bin')).toBe(5 << 20);
    expect(Math.max(...source.reads.map((r) => r.length))).toBeLessThanOrEqual(1 << 20);
  });

  it('a reader that leaves early stops the reading under it', async () => {
    // 8 MB that does not compress: as many compressed bytes to read
    const zip = new JSZip();
    const random = mulberry32(7);
    zip.file('noise.bin', new Uint8Array(8 << 20).map(() => random() * 256));
    const source = memorySource(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
    const z = await ZipFile.open(source, nodeCodec);
    expect(z.entries.get('noise.bin')?.compressedSize).toBeGreaterThan(8 << 20);
    const before = source.reads.length;
    for await (const _ of await z.stream('noise.bin')) break;
    await new Promise((r) => setTimeout(r, 100));
    // the local header, the piece inflated and at most a piece or two read ahead of it
    const read = source.reads.slice(before).reduce((n, r) => n + r.length, 0);
    expect(read).toBeLessThanOrEqual((3 << 20) + 100);
  });

  it('stops at the limit with inflated-too-large, and past what an entry declares', async () => {
    const zip = await open(await sample());
    expect(await problem(readAll(zip, 'big.xml', 100_000))).toEqual({ code: 'inflated-too-large', limit: 100_000 });
    const liar = await open(buildZip([{ name: 'x.xml', data: 'x'.repeat(200_000), uncompressedSize: 1000 }]));
    expect(await problem(readAll(liar, 'x.xml'))).toEqual({ code: 'inflated-too-large', limit: 1000 + 65_536 });
  });

  it('zip64: the end record, and sizes and offsets in the extra field', async () => {
    const bytes = buildZip([
      { name: 'mimetype', data: 'text/plain', method: 0, zip64: true },
      { name: 'content.xml', data: BIG.slice(0, 300_000), zip64: true },
    ], { zip64End: true });
    const zip = await open(bytes);
    expect(zip.entries.get('content.xml')?.uncompressedSize).toBe(300_000);
    expect(await zip.text('mimetype')).toBe('text/plain');
    expect(await zip.text('content.xml')).toBe(BIG.slice(0, 300_000));
  });

  it('data starts after the local header as written, whose extra field may differ from the directory', async () => {
    const zip = await open(buildZip([{ name: 'a.txt', data: 'aligned', method: 0, localExtra: new Uint8Array(37) }], { comment: 'a comment' }));
    expect(await zip.text('a.txt')).toBe('aligned');
  });

  it('names: UTF-8 by the flag, CP437 without it, Info-ZIP Unicode path when it matches, backslashes as slashes', async () => {
    const cp437 = Uint8Array.from([0x8f, 0x81, 0x2e, 0x74, 0x78, 0x74]); // Åü.txt
    const plain = new TextEncoder().encode('zle.txt');
    const zip = await open(buildZip([
      { name: 'łódź/ćma.txt', data: '1' },
      { name: cp437, data: '2' },
      { name: plain, data: '3', extra: unicodePath(plain, 'źle.txt') },
      { name: 'xl\\workbook.xml', data: '4' },
    ]));
    expect([...zip.entries.keys()]).toEqual(['łódź/ćma.txt', 'Åü.txt', 'źle.txt', 'xl/workbook.xml']);
    expect(await zip.text('źle.txt')).toBe('3');
  });
});

describe('broken and hostile zips are zip-broken', () => {
  const broken = async (bytes: Uint8Array | string, at: 'open' | 'read' = 'open') => {
    const p = (async () => {
      const zip = await ZipFile.open(memorySource(bytes), nodeCodec);
      for (const name of zip.entries.keys()) await readAll(zip, name);
    })();
    const got = await problem(p);
    expect(got.code, at).toBe('zip-broken');
    return got;
  };

  it('not a zip, a cut one, trailing bytes after the end record', async () => {
    await broken('PK\u0003\u0004 this is not really a zip'.repeat(100));
    const whole = await sample();
    await broken(whole.subarray(0, whole.length - 10));
    await broken(whole.subarray(0, whole.length / 2));
    await broken(Uint8Array.from([...whole, 1, 2, 3]));
  });

  it('a directory or data past the end of the file, more entries than it holds', async () => {
    await broken(buildZip([{ name: 'a', data: 'a' }], { centralOffset: 1 << 30 }));
    await broken(buildZip([{ name: 'a', data: 'a', localHeaderOffset: 1 << 30 }]));
    await broken(buildZip([{ name: 'a', data: 'a'.repeat(1000), compressedSize: 1 << 30 }]));
    await broken(buildZip([{ name: 'a', data: 'a' }], { entryCount: 3 }));
    await broken(buildZip([{ name: 'a', data: 'a' }], { entryCount: 200_000, zip64End: true }));
  });

  it('names leaving the archive, a stored entry whose sizes differ, an extra field longer than its record', async () => {
    await broken(buildZip([{ name: '../evil.xml', data: 'a' }]));
    await broken(buildZip([{ name: '/etc/passwd', data: 'a' }]));
    await broken(buildZip([{ name: 'a', data: 'abc', method: 0, uncompressedSize: 100 }]));
    const bad = extraField(0x1234, new Uint8Array(4)).subarray(0, 6);
    await broken(buildZip([{ name: 'a', data: 'a', extra: bad }]));
    // sizes saturated, but the zip64 field holds only the first of them
    await broken(buildZip([{ name: 'a', data: 'a', compressedSize: 0xffffffff, uncompressedSize: 0xffffffff, extra: extraField(1, new Uint8Array(8)) }]));
  });

  it('an encrypted entry, an unknown method, a corrupt deflate stream: when the entry is read', async () => {
    await broken(buildZip([{ name: 'a', data: 'a', flags: 1 }]), 'read');
    await broken(buildZip([{ name: 'a', data: 'a', method: 12 }]), 'read');
    const corrupt = await broken(buildZip([{ name: 'a.xml', data: 'x'.repeat(10_000), raw: Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256) }]), 'read');
    expect(corrupt).toMatchObject({ detail: expect.stringMatching(/^inflating a\.xml/) });
  });
});

describe('ZipFile over a file on disk', () => {
  it('reads through one descriptor, which closing the source closes, however the readers stopped', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'pal-zip-')), 'sample.zip');
    await writeFile(file, await sample());
    const source = await openFile(file);
    const zip = await ZipFile.open(source, nodeCodec);
    expect(openDescriptors(file) ?? 1).toBe(1);
    for (let k = 0; k < 5; k++) {
      for await (const _ of await zip.stream('big.xml')) break;
    }
    await expect(readAll(zip, 'big.xml', 100_000)).rejects.toBeInstanceOf(FormatError);
    expect(await zip.text('small.txt')).toBe('zażółć gęślą jaźń');
    await source.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(openDescriptors(file) ?? 0).toBe(0);
  });
});
