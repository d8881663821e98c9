/**
 * What an OLE2 / Compound File Binary ([MS-CFB]) file is, to tell a user who gave us one instead
 * of a workbook: a password-protected XLSX (encrypted OOXML is an `EncryptedPackage` stream beside
 * `EncryptionInfo` in a CFB), a legacy XLS (a `Workbook` stream, BIFF8, or `Book`, BIFF5) or
 * anything else (Word .doc, Outlook .msg, damaged, not CFB at all).
 *
 * A minimal, bounded CFB reader: the header, the DIFAT, the FAT sectors the directory chain goes
 * through and the directory sectors; no stream is ever read. Every sector number is checked
 * against the file size, chains are followed with a visited set and a sector cap, and any problem
 * in the content gives 'other', never an exception.
 */
import type { ByteSource } from '../platform/index.js';
import { u16, u32 } from './bytes.js';

export type Ole2Kind = 'encrypted' | 'xls' | 'other';

const SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const HEADER_SIZE = 512;
const HEADER_DIFAT_ENTRIES = 109;
const ENDOFCHAIN = 0xfffffffe;
const ENTRY_SIZE = 128;
const STORAGE = 1;
const STREAM = 2;
const ROOT = 5;
/** Directory sectors read at most (1024 entries with 512-byte sectors); a workbook needs a few. */
const MAX_DIR_SECTORS = 256;

/** A request for `length` bytes at `offset`; the reply is what the file has there (short at its end). */
interface Read {
  offset: number;
  length: number;
}
type Reading<T> = Generator<Read, T, Uint8Array>;

class Damaged extends Error {}
function damaged(): never {
  throw new Damaged('damaged compound file');
}

/**
 * The classifier itself: it yields the byte ranges it needs and the driver sends them back (the
 * reads stay in one place, under a budget). Throws Damaged on bad content.
 */
function* classify(size: number): Reading<Ole2Kind> {
  const header = yield { offset: 0, length: HEADER_SIZE };
  if (header.length < HEADER_SIZE || SIGNATURE.some((b, i) => header[i] !== b)) return 'other';
  if (u16(header, 0x1c) !== 0xfffe) return 'other'; // byte order mark
  const shift = u16(header, 0x1e);
  if (shift !== 9 && shift !== 12) return 'other'; // 512-byte (v3) or 4096-byte (v4) sectors
  const sectorSize = 1 << shift;
  const perSector = sectorSize / 4; // 32-bit sector numbers in a FAT or DIFAT sector
  // Sector n starts at (n + 1) * sectorSize: the header takes the first sector (all 4096 bytes in v4).
  // A last sector cut short is tolerated (zero-filled), any sector number beyond it is not.
  const sectorCount = Math.ceil((size - sectorSize) / sectorSize);
  if (sectorCount <= 0) return 'other';

  function* sector(n: number): Reading<Uint8Array> {
    if (!Number.isInteger(n) || n < 0 || n >= sectorCount) damaged(); // also FREESECT, ENDOFCHAIN...
    const got = yield { offset: (n + 1) * sectorSize, length: sectorSize };
    if (got.length === sectorSize) return got;
    const padded = new Uint8Array(sectorSize);
    padded.set(got.subarray(0, sectorSize));
    return padded;
  }

  // Where the FAT sectors are: the first 109 in the header, the rest in the DIFAT chain (each
  // DIFAT sector lists perSector - 1 of them, then the next DIFAT sector). Only as many as can
  // describe this file's sectors are needed, whatever the header claims.
  const fatCount = Math.min(u32(header, 0x2c), Math.ceil(sectorCount / perSector));
  const fatSectors: number[] = [];
  for (let i = 0; i < HEADER_DIFAT_ENTRIES && fatSectors.length < fatCount; i++) fatSectors.push(u32(header, 0x4c + 4 * i));
  const difatSeen = new Set<number>();
  for (let n = u32(header, 0x44); fatSectors.length < fatCount; ) {
    if (difatSeen.has(n)) damaged(); // a DIFAT chain cycle
    difatSeen.add(n);
    const difat = yield* sector(n);
    for (let i = 0; i < perSector - 1 && fatSectors.length < fatCount; i++) fatSectors.push(u32(difat, 4 * i));
    n = u32(difat, sectorSize - 4);
  }

  // The next sector of a chain, from the FAT sector that covers n (read once, then cached).
  const fatCache = new Map<number, Uint8Array>();
  function* next(n: number): Reading<number> {
    const fatSector = fatSectors[Math.floor(n / perSector)] ?? damaged();
    let fat = fatCache.get(fatSector);
    if (!fat) fatCache.set(fatSector, (fat = yield* sector(fatSector)));
    return u32(fat, (n % perSector) * 4);
  }

  // The directory: 128-byte entries in a chain of sectors. The entries are scanned in order, not
  // through their red-black tree, so any storage level counts and a tree cycle cannot loop.
  let kind: Ole2Kind = 'other';
  const dirSeen = new Set<number>();
  for (let n = u32(header, 0x30); n !== ENDOFCHAIN && dirSeen.size < MAX_DIR_SECTORS; n = yield* next(n)) {
    if (dirSeen.has(n)) damaged(); // a FAT chain cycle
    const dir = yield* sector(n);
    if (dirSeen.size === 0 && dir[0x42] !== ROOT) damaged(); // the first entry is the root storage
    dirSeen.add(n);
    for (let at = 0; at < sectorSize; at += ENTRY_SIZE) {
      const type = dir[at + 0x42];
      if (type !== STORAGE && type !== STREAM) continue; // unused, root, lock bytes, property
      const name = entryName(dir, at)?.toLowerCase();
      if (name === 'encryptedpackage') return 'encrypted';
      if (type === STREAM && (name === 'workbook' || name === 'book')) kind = 'xls';
    }
  }
  return kind; // past MAX_DIR_SECTORS: what the first sectors said
}

/** An entry's UTF-16LE name; its length is in bytes with the terminator, at most 64. */
function entryName(dir: Uint8Array, at: number): string | undefined {
  const bytes = u16(dir, at + 0x40);
  if (bytes < 2 || bytes > 64 || bytes % 2 !== 0) return undefined;
  let name = '';
  for (let i = 0; i < bytes - 2; i += 2) name += String.fromCharCode(u16(dir, at + i));
  return name;
}

/** The classifier's next read, or its answer: a failure inside it is 'other'. */
function advance(reading: Reading<Ole2Kind>, reply: Uint8Array): Read | Ole2Kind {
  try {
    return reading.next(reply).value;
  } catch {
    return 'other';
  }
}

/**
 * Classifies a compound file by the reads of the header, DIFAT, FAT and directory sectors it
 * needs, `maxBytes` at most in all (beyond: 'other'). Content problems give 'other'; a failing
 * read throws as the source does.
 */
export async function classifyOle2(source: ByteSource, maxBytes: number): Promise<Ole2Kind> {
  const reading = classify(source.size);
  let budget = maxBytes;
  let step = advance(reading, new Uint8Array(0));
  while (typeof step !== 'string') {
    if ((budget -= step.length) < 0) return 'other';
    step = advance(reading, await source.read(step.offset, step.length));
  }
  return step;
}
