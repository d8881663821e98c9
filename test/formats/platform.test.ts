/**
 * The seams under the readers: bytes helpers (the portable versions a browser uses give what
 * Node's Buffer gives), Node's files as ByteSources and zlib as the Codec.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concat, fromLatin1, fromMarkup, indexOf, latin1, markup, portable, utf8 } from '../../src/formats/bytes.js';
import { nodeCodec } from '../../src/node/codec.js';
import { openFile } from '../../src/node/files.js';
import { openDescriptors } from '../helpers/fds.js';

describe('bytes', () => {
  it('the portable conversions and search give what the native ones give', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40_000 }), fc.uint8Array({ minLength: 1, maxLength: 4 }), fc.nat(), (b, needle, from) => {
      expect(portable.latin1(b)).toBe(latin1(b));
      expect(portable.latin1(b, 1, b.length >> 1)).toBe(latin1(b, 1, b.length >> 1));
      expect(portable.fromLatin1(latin1(b))).toEqual(new Uint8Array(fromLatin1(latin1(b))));
      expect(portable.utf8(b)).toBe(utf8(b));
      expect(portable.concat([b, needle, b])).toEqual(new Uint8Array(concat([b, needle, b])));
      const at = from % (b.length + 1);
      expect(portable.indexOf(b, needle, at)).toBe(indexOf(b, needle, at));
      // a needle that is there
      const joined = portable.concat([b, needle]);
      expect(portable.indexOf(joined, needle)).toBe(indexOf(joined, needle));
    }), { numRuns: 300 });
  });

  it('markup text, native and portable: one character per byte, ASCII as itself, every other byte above it', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const text of [markup(all), portable.markup(all)]) {
      expect(text.length).toBe(256);
      for (let i = 0; i < 256; i++) expect(i < 128 ? text.charCodeAt(i) === i : text.charCodeAt(i) >= 128).toBe(true);
    }
    // and back to the very bytes (a CSV field is decoded from them)
    expect(Uint8Array.from(fromMarkup(markup(all)))).toEqual(all);
    expect(portable.fromMarkup(portable.markup(all))).toEqual(all);
  });
});

describe('Node platform', () => {
  it('a file as a ByteSource: ranges, short only at the end, one descriptor until closed', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pal-files-'));
    const file = path.join(dir, 'dane.bin');
    const bytes = Uint8Array.from({ length: 3000 }, (_, i) => i % 256);
    await writeFile(file, bytes);
    const source = await openFile(file);
    expect(source.size).toBe(3000);
    expect(new Uint8Array(await source.read(100, 10))).toEqual(bytes.subarray(100, 110));
    expect(new Uint8Array(await source.read(2990, 100))).toEqual(bytes.subarray(2990));
    expect((await source.read(5000, 10)).length).toBe(0);
    expect(openDescriptors(file) ?? 1).toBe(1);
    await source.close();
    await source.close();
    expect(openDescriptors(file) ?? 0).toBe(0);
    await expect(openFile(path.join(dir, 'brak.bin'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(openFile(dir)).rejects.toMatchObject({ code: 'EISDIR' });
    expect(openDescriptors(dir) ?? 0).toBe(0);
  });

  it('zlib as the Codec: what deflateRaw writes, inflateRaw gives back fed in pieces, in pieces of at most 1 MB', async () => {
    const text = new TextEncoder().encode('zażółć gęślą jaźń; '.repeat(200_000));
    const deflated = await nodeCodec.deflateRaw(text, 9);
    expect(deflated.length).toBeLessThan(text.length / 50);
    const pieces = async function* () {
      for (let i = 0; i < deflated.length; i += 1000) yield deflated.subarray(i, i + 1000);
    };
    const out: Uint8Array[] = [];
    for await (const c of nodeCodec.inflateRaw(pieces())) out.push(c);
    expect(Buffer.concat(out).equals(Buffer.from(text))).toBe(true);
    expect(Math.max(...out.map((c) => c.length))).toBeLessThanOrEqual(1 << 20);
    await expect((async () => {
      for await (const _ of nodeCodec.inflateRaw((async function* () { yield Uint8Array.from([0xff, 0xff, 0xff]); })())) { /* read on */ }
    })()).rejects.toThrow();
  });
});
