/**
 * Telling compound files (OLE2 / CFB) apart: real files written by LibreOffice (fixtures/formats,
 * see its README), compound files built here byte by byte, and hostile ones that must give
 * 'other' quickly instead of looping, allocating or throwing.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../fixtures/random.js';
import { classifyOle2, type Ole2Kind } from '../../src/formats/ole2.js';
import { openFile } from '../../src/node/files.js';
import { memorySource } from '../helpers/memory.js';

const FORMATS = path.resolve(import.meta.dirname, '../../fixtures/formats');

/** Classifies bytes in memory. */
const classifyBytes = (bytes: Uint8Array, maxBytes = 1 << 20): Promise<Ole2Kind> => classifyOle2(memorySource(bytes), maxBytes);

/** Classifies a file on disk, read in ranges. */
async function classifyFile(file: string, maxBytes = 1 << 20): Promise<Ole2Kind> {
  const source = await openFile(file);
  try {
    return await classifyOle2(source, maxBytes);
  } finally {
    await source.close();
  }
}
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(FORMATS, name)));

const ENDOFCHAIN = 0xfffffffe;
const FREESECT = 0xffffffff;
const FATSECT = 0xfffffffd;
const DIFSECT = 0xfffffffc;

const getU32 = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset).getUint32(at, true);
const setU32 = (b: Uint8Array, at: number, v: number): void => new DataView(b.buffer, b.byteOffset).setUint32(at, v, true);
const setU16 = (b: Uint8Array, at: number, v: number): void => new DataView(b.buffer, b.byteOffset).setUint16(at, v, true);

interface EntrySpec {
  name: string;
  /** 1 storage, 2 stream (default). */
  type?: number;
  /** Overrides the name length field (bytes with the terminator). */
  nameBytes?: number;
}

interface Cfb {
  bytes: Uint8Array;
  sectorSize: number;
  /** Byte offset of sector n. */
  at: (n: number) => number;
  fatSectors: number[];
  difatSectors: number[];
  dirSectors: number[];
}

/**
 * A well-formed compound file whose directory holds a root entry and `entries` (no stream data):
 * FAT sectors first, then DIFAT sectors, filler, and the directory chain in the last sectors, so
 * that with `minSectors` large enough the directory's FAT entries sit in a DIFAT-listed FAT sector.
 */
function buildCfb(entries: EntrySpec[], { shift = 9, minSectors = 0 }: { shift?: 9 | 12; minSectors?: number } = {}): Cfb {
  const sectorSize = 1 << shift;
  const perSector = sectorSize / 4;
  const dirCount = Math.ceil((entries.length + 1) / (sectorSize / 128));
  let total = Math.max(minSectors, dirCount + 1);
  let fatCount = 0;
  let difatCount = 0;
  for (;;) {
    fatCount = Math.ceil(total / perSector);
    difatCount = fatCount > 109 ? Math.ceil((fatCount - 109) / (perSector - 1)) : 0;
    if (total >= fatCount + difatCount + dirCount) break;
    total = fatCount + difatCount + dirCount;
  }
  const bytes = new Uint8Array((total + 1) * sectorSize);
  const at = (n: number): number => (n + 1) * sectorSize;
  const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);
  const fatSectors = range(0, fatCount);
  const difatSectors = range(fatCount, difatCount);
  const dirSectors = range(total - dirCount, dirCount);

  // Header
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  setU16(bytes, 0x18, 0x3e);
  setU16(bytes, 0x1a, shift === 9 ? 3 : 4);
  setU16(bytes, 0x1c, 0xfffe);
  setU16(bytes, 0x1e, shift);
  setU16(bytes, 0x20, 6);
  setU32(bytes, 0x2c, fatCount);
  setU32(bytes, 0x30, dirSectors[0]!);
  setU32(bytes, 0x38, 4096);
  setU32(bytes, 0x3c, ENDOFCHAIN);
  setU32(bytes, 0x44, difatSectors[0] ?? ENDOFCHAIN);
  setU32(bytes, 0x48, difatCount);
  for (let i = 0; i < 109; i++) setU32(bytes, 0x4c + 4 * i, fatSectors[i] ?? FREESECT);
  // DIFAT: the FAT sectors beyond the first 109, then the next DIFAT sector
  difatSectors.forEach((d, k) => {
    for (let i = 0; i < perSector - 1; i++) setU32(bytes, at(d) + 4 * i, fatSectors[109 + k * (perSector - 1) + i] ?? FREESECT);
    setU32(bytes, at(d) + sectorSize - 4, difatSectors[k + 1] ?? ENDOFCHAIN);
  });
  // FAT
  const fat = (n: number, v: number): void => setU32(bytes, at(fatSectors[Math.floor(n / perSector)]!) + (n % perSector) * 4, v);
  for (let n = 0; n < fatCount * perSector; n++) fat(n, FREESECT);
  for (const n of fatSectors) fat(n, FATSECT);
  for (const n of difatSectors) fat(n, DIFSECT);
  dirSectors.forEach((n, i) => fat(n, dirSectors[i + 1] ?? ENDOFCHAIN));
  // Directory: the root, then the entries as a chain of right siblings
  const all: EntrySpec[] = [{ name: 'Root Entry', type: 5 }, ...entries];
  all.forEach((e, i) => {
    const base = at(dirSectors[Math.floor(i / (sectorSize / 128))]!) + (i % (sectorSize / 128)) * 128;
    for (let c = 0; c < e.name.length; c++) setU16(bytes, base + 2 * c, e.name.charCodeAt(c));
    setU16(bytes, base + 0x40, e.nameBytes ?? 2 * (e.name.length + 1));
    bytes[base + 0x42] = e.type ?? 2;
    bytes[base + 0x43] = 1; // black
    setU32(bytes, base + 0x44, FREESECT); // left sibling
    setU32(bytes, base + 0x48, i > 0 && i + 1 < all.length ? i + 1 : FREESECT); // right sibling
    setU32(bytes, base + 0x4c, i === 0 && all.length > 1 ? 1 : FREESECT); // child
    setU32(bytes, base + 0x74, ENDOFCHAIN); // start sector (empty streams)
  });
  return { bytes, sectorSize, at, fatSectors, difatSectors, dirSectors };
}

/** Byte offset of the FAT entry of sector n in a real 512-byte-sector file with one FAT sector. */
function fatEntry(bytes: Uint8Array, n: number): number {
  return (getU32(bytes, 0x4c) + 1) * 512 + n * 4;
}

const scratch = mkdtemp(path.join(tmpdir(), 'pal-ole2-'));
afterAll(async () => rm(await scratch, { recursive: true, force: true }));
let written = 0;
async function onDisk(bytes: Uint8Array): Promise<string> {
  const file = path.join(await scratch, `${written++}.bin`);
  await writeFile(file, bytes);
  return file;
}

const workbook: EntrySpec[] = [{ name: '\u0005SummaryInformation' }, { name: 'Workbook' }];
const encrypted: EntrySpec[] = [{ name: 'EncryptionInfo' }, { name: 'EncryptedPackage' }];

describe('classifyOle2 on files written by real programs', () => {
  it.each<[string, Ole2Kind]>([
    ['legacy.xls', 'xls'],
    ['word.doc', 'other'],
    ['encrypted.xlsx', 'encrypted'],
    ['sheet.csv', 'other'],
    ['../libreoffice/uczestnicy.xlsx', 'other'],
  ])('%s → %s', async (name, kind) => {
    expect(await classifyFile(path.join(FORMATS, name))).toBe(kind);
    expect(await classifyBytes(fixture(name))).toBe(kind);
  });

  it('reads only the sectors it needs: a few KB suffice, fewer give other', async () => {
    const file = path.join(FORMATS, 'legacy.xls');
    // the header, the FAT and the two directory sectors: 2 KB of 5.5
    expect(await classifyFile(file, 4 * 512)).toBe('xls');
    expect(await classifyFile(file, 3 * 512)).toBe('other');
    expect(await classifyFile(file, 100)).toBe('other');
  });

  it('throws as the source does when a read fails', async () => {
    const failing = { ...memorySource(fixture('legacy.xls')), read: () => Promise.reject(new Error('EIO: i/o error')) };
    await expect(classifyOle2(failing, 1 << 20)).rejects.toThrow(/EIO/);
  });
});

describe('classifyOle2 on compound files built here', () => {
  it.each<[string, EntrySpec[], Ole2Kind]>([
    ['a Workbook stream (BIFF8)', workbook, 'xls'],
    ['a Book stream (BIFF5)', [{ name: 'Book' }], 'xls'],
    ['names in any case', [{ name: 'WORKBOOK' }], 'xls'],
    ['a storage named Workbook', [{ name: 'Workbook', type: 1 }], 'other'],
    ['EncryptionInfo and EncryptedPackage', encrypted, 'encrypted'],
    ['EncryptedPackage after a Workbook', [...workbook, ...encrypted], 'encrypted'],
    ['a Word document', [{ name: 'WordDocument' }, { name: '1Table' }], 'other'],
    ['only the root', [], 'other'],
  ])('%s → %s', async (_, entries, kind) => {
    expect(await classifyBytes(buildCfb(entries).bytes)).toBe(kind);
    expect(await classifyBytes(buildCfb(entries, { shift: 12 }).bytes)).toBe(kind);
  });

  it('finds entries in later directory sectors, at any level', async () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ name: `Storage ${i}`, type: 1 }));
    const cfb = buildCfb([...many, { name: 'Workbook' }]);
    expect(cfb.dirSectors.length).toBe(6);
    expect(await classifyBytes(cfb.bytes)).toBe('xls');
  });

  it('follows the DIFAT chain to the FAT sectors beyond the first 109', async () => {
    const cfb = buildCfb(workbook, { minSectors: 110 * 128 });
    expect(cfb.difatSectors.length).toBe(1);
    expect(Math.floor(cfb.dirSectors[0]! / 128)).toBeGreaterThanOrEqual(109); // its FAT sector is DIFAT-listed
    expect(await classifyBytes(cfb.bytes)).toBe('xls');
    // a 7 MB file needs a handful of sectors
    expect(await classifyBytes(cfb.bytes, 8 * 512)).toBe('xls');
  });

  it('reads 4096-byte sectors (version 4) from disk', async () => {
    expect(await classifyFile(await onDisk(buildCfb(encrypted, { shift: 12 }).bytes))).toBe('encrypted');
  });
});

describe('damaged and hostile compound files give other, quickly', () => {
  const legacy = fixture('legacy.xls');
  const patched = (patch: (b: Uint8Array) => void, from: Uint8Array = legacy): Uint8Array => {
    const b = from.slice();
    patch(b);
    return b;
  };

  const cases: [string, () => Uint8Array][] = [
    ['an empty file', () => new Uint8Array(0)],
    ['a truncated header', () => legacy.subarray(0, 300)],
    ['a header and nothing else', () => legacy.subarray(0, 512)],
    ['a bad signature', () => patched((b) => (b[7] = 0))],
    ['a bad byte order mark', () => patched((b) => setU16(b, 0x1c, 0xfeff))],
    ['sector shift 30', () => patched((b) => setU16(b, 0x1e, 30))],
    ['sector shift 16', () => patched((b) => setU16(b, 0x1e, 16))],
    ['sector shift 0', () => patched((b) => setU16(b, 0x1e, 0))],
    ['a 4096-byte-sector file shorter than one sector', () => buildCfb(workbook, { shift: 12 }).bytes.subarray(0, 4000)],
    ['a FAT sector past the end', () => patched((b) => setU32(b, 0x4c, 0x7fffffff))],
    ['a FAT sector that is FREESECT', () => patched((b) => setU32(b, 0x4c, FREESECT))],
    ['no FAT sectors', () => patched((b) => setU32(b, 0x2c, 0))],
    ['the directory past the end', () => patched((b) => setU32(b, 0x30, 1 << 20))],
    ['no directory (ENDOFCHAIN)', () => patched((b) => setU32(b, 0x30, ENDOFCHAIN))],
    ['a directory sector whose FAT entry points to itself', () => patched((b) => setU32(b, fatEntry(b, getU32(b, 0x30)), getU32(b, 0x30)))],
    ['a directory chain that loops back to its start', () => {
      const cfb = buildCfb([...workbook, ...workbook, ...workbook]);
      const [first, second] = cfb.dirSectors;
      setU32(cfb.bytes, cfb.at(cfb.fatSectors[0]!) + second! * 4, first!);
      return cfb.bytes;
    }],
    ['a directory chain into a FREESECT', () => {
      const cfb = buildCfb([...workbook, ...workbook, ...workbook]);
      setU32(cfb.bytes, cfb.at(cfb.fatSectors[0]!) + cfb.dirSectors[0]! * 4, FREESECT);
      return cfb.bytes;
    }],
    ['a directory not starting with the root', () => {
      const cfb = buildCfb(workbook);
      cfb.bytes[cfb.at(cfb.dirSectors[0]!) + 0x42] = 2;
      return cfb.bytes;
    }],
    ['a Workbook entry with a name length of 200', () => buildCfb([{ name: 'Workbook', nameBytes: 200 }]).bytes],
    ['a Workbook entry with an odd name length', () => buildCfb([{ name: 'Workbook', nameBytes: 17 }]).bytes],
    ['a DIFAT chain that points past the end', () => {
      const cfb = buildCfb(workbook, { minSectors: 110 * 128 });
      setU32(cfb.bytes, 0x44, 0x7ffffff0);
      return cfb.bytes;
    }],
    ['a DIFAT sector that points to itself', () => {
      const cfb = buildCfb(workbook, { minSectors: 111 * 128 + 127 * 128 }); // two DIFAT sectors
      const [d] = cfb.difatSectors;
      setU32(cfb.bytes, cfb.at(d!) + cfb.sectorSize - 4, d!);
      return cfb.bytes;
    }],
    ['the Workbook beyond 256 directory sectors', () => {
      const filler = Array.from({ length: 4 * 256 }, (_, i) => ({ name: `S${i}`, type: 1 }));
      return buildCfb([...filler, { name: 'Workbook' }]).bytes;
    }],
  ];

  it.each(cases)('%s', async (_, make) => {
    const bytes = make();
    const started = performance.now();
    expect(await classifyBytes(bytes)).toBe('other');
    expect(performance.now() - started).toBeLessThan(500); // no loop: a few ms here
  });

  it('the same from disk', async () => {
    for (const [name, make] of cases) expect(await classifyFile(await onDisk(make())), name).toBe('other');
  });

  it('never throws on random damage to the header, FAT and directory', async () => {
    const random = mulberry32(0x01e2);
    const seen = new Set<Ole2Kind>();
    const started = performance.now();
    for (let i = 0; i < 3000; i++) {
      const b = legacy.slice();
      const changes = 1 + Math.floor(random() * 4);
      for (let k = 0; k < changes; k++) {
        const at = random() < 0.5 ? Math.floor(random() * 512) : Math.floor(random() * b.length);
        b[at] = random() < 0.5 ? Math.floor(random() * 256) : 0xff;
      }
      seen.add(await classifyBytes(random() < 0.2 ? b.subarray(0, Math.floor(random() * b.length)) : b));
    }
    expect([...seen].every((k) => k === 'xls' || k === 'other')).toBe(true);
    expect(seen.has('other')).toBe(true);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
