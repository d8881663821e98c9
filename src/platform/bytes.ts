/** Byte helpers every platform needs, in plain JS (the page has no Buffer, nor may the core need one). */

/** The whole output, copied (a writer may reuse its arrays between pieces). */
export async function collect(data: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  if (data instanceof Uint8Array) return data.slice();
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const part of data) {
    parts.push(part.slice());
    total += part.length;
  }
  return parts.length === 1 ? (parts[0] as Uint8Array) : joinBytes(parts, total);
}

/** The parts one after another in a new array (`total`: their length together, when known). */
export function joinBytes(parts: readonly Uint8Array[], total = parts.reduce((n, p) => n + p.length, 0)): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** zip's CRC-32 table (the polynomial 0xEDB88320, reflected). */
const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 of `data`, continuing from `value` (Node's zlib.crc32 gives the same). */
export function crc32(data: Uint8Array, value = 0): number {
  let c = ~value;
  for (let i = 0; i < data.length; i++) c = (CRC_TABLE[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}
