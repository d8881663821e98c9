/**
 * The zip reader: entries and sizes from the directory, streamed inflation under limits, and no
 * file left open when a reader stops early or a limit stops it.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { ZipFile, ZipFormatError, ZipLimitError } from '../../src/io/zip.js';
import { openDescriptors } from '../helpers/fds.js';

const settle = () => new Promise((r) => setTimeout(r, 50));

async function sample(): Promise<string> {
  const zip = new JSZip();
  // 8 MB of varied text: several 1 MB chunks once inflated
  const big = Array.from({ length: 200_000 }, (_, i) => `<row r="${i}"><c>${(i * 7919) % 100_003}</c></row>`).join('');
  zip.file('big.xml', big);
  zip.file('small.txt', 'zażółć gęślą jaźń');
  zip.file('stored.txt', 'as is', { compression: 'STORE' });
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'pal-zip-')), 'sample.zip');
  await writeFile(file, await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
  return file;
}

describe('ZipFile', () => {
  it('lists entries with their sizes and reads them, deflated or stored', async () => {
    const zip = await ZipFile.open(await sample());
    expect([...zip.entries.keys()].sort()).toEqual(['big.xml', 'small.txt', 'stored.txt']);
    expect(await zip.text('small.txt')).toBe('zażółć gęślą jaźń');
    expect(await zip.text('stored.txt')).toBe('as is');
    let n = 0;
    for await (const c of await zip.stream('big.xml')) n += c.length;
    expect(n).toBe(zip.entries.get('big.xml')?.uncompressedSize);
    await zip.close();
  });

  it('closes the file under a stream the reader leaves early', async () => {
    const file = await sample();
    const zip = await ZipFile.open(file);
    const before = openDescriptors(file);
    for (let k = 0; k < 5; k++) {
      for await (const _ of await zip.stream('big.xml')) break;
    }
    await settle();
    expect(openDescriptors(file)).toBe(before);
    await zip.close();
  });

  it('stops at the limit with ZipLimitError and closes the file', async () => {
    const file = await sample();
    const zip = await ZipFile.open(file);
    const before = openDescriptors(file);
    await expect((async () => {
      for await (const _ of await zip.stream('big.xml', undefined, 100_000)) { /* read on */ }
    })()).rejects.toBeInstanceOf(ZipLimitError);
    await settle();
    expect(openDescriptors(file)).toBe(before);
    await zip.close();
  });

  it('a file that is not a zip is a ZipFormatError, with nothing left open', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'pal-zip-')), 'not.zip');
    await writeFile(file, 'PK\u0003\u0004 this is not really a zip'.repeat(100));
    await expect(ZipFile.open(file)).rejects.toBeInstanceOf(ZipFormatError);
    await settle();
    expect(openDescriptors(file)).toBe(0);
  });
});
