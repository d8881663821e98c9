/**
 * Zip archives built byte by byte, for the zip reader's tests: the shapes writers produce (zip64
 * records and extra fields, CP437 and Info-ZIP Unicode names, local headers whose extra field
 * differs from the directory's) and hostile ones (false sizes, offsets past the end).
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface BuildEntry {
  name: string | Uint8Array;
  data: Uint8Array | string;
  /** 0 stored, 8 deflated (default). */
  method?: number;
  /** General purpose flags; the UTF-8 flag (0x800) is set for a string name unless given. */
  flags?: number;
  /** Sizes and offset in a zip64 extra field (0xffffffff in the record). */
  zip64?: boolean;
  /** Extra bytes in the local header only (a writer's alignment padding). */
  localExtra?: Uint8Array;
  /** More extra fields in the directory record. */
  extra?: Uint8Array;
  /** Overrides what the directory says. */
  compressedSize?: number;
  uncompressedSize?: number;
  localHeaderOffset?: number;
  /** Replaces the compressed data (a corrupt stream). */
  raw?: Uint8Array;
}

const le = (n: number, bytes: number): number[] => Array.from({ length: bytes }, (_, i) => Math.floor(n / 2 ** (8 * i)) % 256);

export function extraField(id: number, data: Uint8Array): Uint8Array {
  return Uint8Array.from([...le(id, 2), ...le(data.length, 2), ...data]);
}

/** An Info-ZIP Unicode path extra field (0x7075) for a name whose plain bytes are `plain`. */
export function unicodePath(plain: Uint8Array, name: string): Uint8Array {
  return extraField(0x7075, Uint8Array.from([1, ...le(crc32(plain), 4), ...new TextEncoder().encode(name)]));
}

export function buildZip(entries: BuildEntry[], options: { zip64End?: boolean; comment?: string; entryCount?: number; centralOffset?: number } = {}): Uint8Array {
  const out: number[] = [];
  const central: number[] = [];
  for (const e of entries) {
    const data = typeof e.data === 'string' ? new TextEncoder().encode(e.data) : e.data;
    const method = e.method ?? 8;
    const body = e.raw ?? (method === 8 ? new Uint8Array(deflateRawSync(data)) : data);
    const name = typeof e.name === 'string' ? new TextEncoder().encode(e.name) : e.name;
    const flags = e.flags ?? (typeof e.name === 'string' ? 0x800 : 0);
    const offset = out.length;
    const crc = crc32(data);
    const localExtra = e.localExtra ?? new Uint8Array(0);
    out.push(...le(0x04034b50, 4), ...le(20, 2), ...le(flags, 2), ...le(method, 2), 0, 0, 0x21, 0, ...le(crc, 4),
      ...le(body.length, 4), ...le(data.length, 4), ...le(name.length, 2), ...le(localExtra.length, 2), ...name, ...localExtra, ...body);
    const compressed = e.compressedSize ?? body.length;
    const size = e.uncompressedSize ?? data.length;
    const at = e.localHeaderOffset ?? offset;
    const zip64 = e.zip64 ? extraField(1, Uint8Array.from([...le(size, 8), ...le(compressed, 8), ...le(at, 8)])) : new Uint8Array(0);
    const extra = Uint8Array.from([...zip64, ...(e.extra ?? [])]);
    const sat = (v: number) => (e.zip64 ? 0xffffffff : v);
    central.push(...le(0x02014b50, 4), ...le(20, 2), ...le(20, 2), ...le(flags, 2), ...le(method, 2), 0, 0, 0x21, 0, ...le(crc, 4),
      ...le(sat(compressed), 4), ...le(sat(size), 4), ...le(name.length, 2), ...le(extra.length, 2), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      ...le(sat(at), 4), ...name, ...extra);
  }
  const centralOffset = options.centralOffset ?? out.length;
  const count = options.entryCount ?? entries.length;
  out.push(...central);
  if (options.zip64End) {
    const record = out.length;
    out.push(...le(0x06064b50, 4), ...le(44, 8), ...le(45, 2), ...le(45, 2), ...le(0, 4), ...le(0, 4),
      ...le(count, 8), ...le(count, 8), ...le(central.length, 8), ...le(centralOffset, 8));
    out.push(...le(0x07064b50, 4), ...le(0, 4), ...le(record, 8), ...le(1, 4));
  }
  const comment = new TextEncoder().encode(options.comment ?? '');
  const sat16 = (v: number) => (options.zip64End ? 0xffff : v);
  const sat32 = (v: number) => (options.zip64End ? 0xffffffff : v);
  out.push(...le(0x06054b50, 4), 0, 0, 0, 0, ...le(sat16(count), 2), ...le(sat16(count), 2), ...le(sat32(central.length), 4),
    ...le(sat32(centralOffset), 4), ...le(comment.length, 2), ...comment);
  return Uint8Array.from(out);
}
