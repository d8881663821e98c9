/**
 * The offline page's platform (src/web/platform.ts), checked in Node against Node's own: pako
 * deflates to the bytes of Node's zlib (whole and sync-flushed pieces), inflates as it comes in
 * bounded pieces (a bomb is stopped after its first piece, not after a gigabyte), CRC-32 and the
 * hashes match, and the chosen folder is listed and read by ranges with the file system's codes.
 */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { constants, crc32 as zlibCrc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../src/platform/index.js';
import { blobSource, FolderInputs, MemoryOutputs, pakoCodec, webPlatform } from '../../src/web/platform.js';

const webCrypto = webPlatform(new Map(), { read: async () => new Uint8Array(0) }).crypto;

const ROOT = path.resolve(import.meta.dirname, '../..');
const FONT = readFileSync(path.join(ROOT, 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
const XML = Buffer.from(Array.from({ length: 50_000 }, (_, i) => `<row r="${i}"><c r="A${i}"><v>${(i * 7919) % 1000}</v></c></row>`).join(''));

async function all(it: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of it) parts.push(p);
  return Buffer.concat(parts);
}

async function* pieces(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

describe('the page\'s codec is Node\'s zlib, byte for byte', () => {
  it('deflates whole streams and sync-flushed pieces to the same bytes at every level', async () => {
    for (const data of [FONT, XML, Buffer.alloc(0), Buffer.from('Zażółć gęślą jaźń')]) {
      for (const level of [undefined, 1, 6, 9]) {
        expect(Buffer.from(await pakoCodec.deflateRaw(data, level)).equals(deflateRawSync(data, { level }))).toBe(true);
        expect(Buffer.from(await pakoCodec.deflateRaw(data, level, 'sync')).equals(deflateRawSync(data, { level, finishFlush: constants.Z_SYNC_FLUSH }))).toBe(true);
      }
    }
  });

  it('computes zip\'s CRC-32, also continued from a value', () => {
    expect(crc32(XML)).toBe(zlibCrc32(XML));
    expect(crc32(XML.subarray(1000), crc32(XML.subarray(0, 1000)))).toBe(zlibCrc32(XML));
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('inflates a stream fed in small chunks, and fails on a corrupt one', async () => {
    const z = deflateRawSync(XML);
    expect((await all(pakoCodec.inflateRaw(pieces(z, 777)))).equals(XML)).toBe(true);
    const bad = Buffer.from(z);
    bad.fill(0xff, 10, 40);
    await expect(all(pakoCodec.inflateRaw(pieces(bad, 4096)))).rejects.toThrow();
  });

  it('gives a bomb\'s output in pieces of at most 1 MB, so a reader can stop at its limit', async () => {
    // 128 kB of deflate that expands a thousandfold, in one input chunk
    const bomb = deflateRawSync(Buffer.alloc(128 << 20), { level: 1 });
    const started = performance.now();
    let seen = 0;
    for await (const piece of pakoCodec.inflateRaw(pieces(bomb, 1 << 20))) {
      expect(piece.length).toBeLessThanOrEqual(1 << 20);
      seen += piece.length;
      if (seen > 20 << 20) break;
    }
    expect(seen).toBeLessThan(40 << 20);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('the page\'s hashes', () => {
  it('are SHA-256 and HMAC-SHA-256 as Node computes them', () => {
    expect(webCrypto.sha256().update('abc').update(XML).digest()).toBe(createHash('sha256').update('abc').update(XML).digest('hex'));
    expect(webCrypto.hmacSha256('klucz').update('44051401359').digest()).toBe(createHmac('sha256', 'klucz').update('44051401359').digest('hex'));
    expect(webCrypto.randomBytes(32)).toHaveLength(32);
  });
});

describe('the chosen folder', () => {
  const files = new Map<string, Blob>([
    ['projekt/pal-report.yaml', new Blob(['project: {}\n'])],
    ['projekt/dane/uczestnicy.xlsx', new Blob([FONT])],
  ]);
  const inputs = new FolderInputs(files);

  it('is listed and read by ranges under paths that start with its name', async () => {
    expect((await inputs.list('projekt')).sort((a, b) => a.name.localeCompare(b.name))).toEqual([{ name: 'dane', kind: 'directory' }, { name: 'pal-report.yaml', kind: 'file' }]);
    expect(await inputs.list('/')).toEqual([{ name: 'projekt', kind: 'directory' }]);
    expect(await inputs.kind('projekt/dane')).toBe('directory');
    expect(await inputs.kind('/projekt/./dane/../dane/uczestnicy.xlsx')).toBe('file');
    expect(await inputs.kind('projekt/nic')).toBeUndefined();
    expect(inputs.resolve('projekt/dane')).toBe('/projekt/dane');
    const source = await inputs.open('projekt/dane/uczestnicy.xlsx');
    expect(source.size).toBe(FONT.length);
    expect(Buffer.from(await source.read(1000, 5000)).equals(FONT.subarray(1000, 6000))).toBe(true);
    expect(await source.read(FONT.length - 10, 100)).toHaveLength(10);
    expect(await source.read(FONT.length + 10, 100)).toHaveLength(0);
  });

  it('reads a large file by ranges across its read-ahead window, each range exactly', async () => {
    const big = Buffer.concat([FONT, FONT]);
    const source = blobSource(new Blob([big]));
    for (const [at, n] of [[0, 10], [5, 30_000], [(1 << 20) - 7, 20], [(1 << 20) + 3, 1000], [100, 1 << 20], [big.length - 5, 5], [3, 2]]) {
      expect(Buffer.from(await source.read(at as number, n as number)).equals(big.subarray(at as number, (at as number) + (n as number))), `${at}+${n}`).toBe(true);
    }
  });

  it('fails as a file system does: ENOENT, EISDIR, ENOTDIR', async () => {
    await expect(inputs.open('projekt/brak.xlsx')).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(inputs.open('projekt/dane')).rejects.toMatchObject({ code: 'EISDIR' });
    await expect(inputs.list('projekt/pal-report.yaml')).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(inputs.list('projekt/brak')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('outputs in memory', () => {
  it('stage, then commit or commit only when absent; a staged output is used once', async () => {
    const out = new MemoryOutputs();
    const a = await out.stage('raporty/a.pdf', new Uint8Array([1]));
    expect(out.files.size).toBe(0);
    await a.commit();
    expect(out.files.get('raporty/a.pdf')).toEqual(new Uint8Array([1]));
    await expect(a.commit()).rejects.toThrow();
    const b = await out.stage('raporty/a.pdf', (async function* () {
      yield new Uint8Array([2]);
      yield new Uint8Array([3]);
    })());
    expect(await b.commitIfAbsent()).toBe(false);
    expect(await out.createExclusive('raporty/b.pdf', new Uint8Array([4]))).toBe(true);
    expect(await out.createExclusive('raporty/b.pdf', new Uint8Array([5]))).toBe(false);
    await out.writeAtomic('raporty/b.pdf', new Uint8Array([6]));
    expect(out.files.get('raporty/b.pdf')).toEqual(new Uint8Array([6]));
    await out.remove('raporty/b.pdf');
    expect(out.files.has('raporty/b.pdf')).toBe(false);
  });
});
