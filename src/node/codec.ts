/**
 * Node's zlib as the Codec. Inflating runs in zlib's thread with 1 MB output chunks: the reader
 * gets few, large pieces (small ones made the sheet XML scan several times slower, README).
 */
import { Readable, pipeline } from 'node:stream';
import { promisify } from 'node:util';
import { constants, crc32, createInflateRaw, deflateRaw, type ZlibOptions } from 'node:zlib';
import type { Codec } from '../platform/index.js';

const CHUNK = 1 << 20;
const deflate = promisify(deflateRaw);

export const nodeCodec: Codec = {
  inflateRaw(input) {
    // one compressed chunk read ahead at most, up to 2 MB inflated ahead of the reader (without,
    // the XLSX scan waited ~0.5 s for zlib at a million rows); pipeline destroys both ends (and
    // ends the input's iterator) when the reader stops early or either side fails. The stream
    // options of a zlib stream are not in its options' type.
    const source = Readable.from(input, { objectMode: true, highWaterMark: 1 });
    return pipeline(source, createInflateRaw({ chunkSize: CHUNK, readableHighWaterMark: 2 * CHUNK } as ZlibOptions), () => {});
  },
  async deflateRaw(data, level, flush = 'finish') {
    return deflate(data, { ...(level === undefined ? {} : { level }), finishFlush: flush === 'sync' ? constants.Z_SYNC_FLUSH : constants.Z_FINISH });
  },
  crc32: (data, value = 0) => crc32(data, value),
};
