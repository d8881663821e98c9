/** In-memory inputs for the format readers: a ByteSource over bytes, which also says what was read. */
import type { ByteSource } from '../../src/platform/index.js';

export interface MemorySource extends ByteSource {
  /** Every read asked for, in order. */
  readonly reads: { offset: number; length: number }[];
  readonly closed: boolean;
}

export function memorySource(data: Uint8Array | string): MemorySource {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const reads: { offset: number; length: number }[] = [];
  let closed = false;
  return {
    size: bytes.length,
    reads,
    get closed() {
      return closed;
    },
    async read(offset, length) {
      if (closed) throw new Error('read after close');
      reads.push({ offset, length });
      // a copy, as a file read gives: the reader may keep or change it
      return bytes.slice(offset, Math.min(bytes.length, offset + length));
    },
    async close() {
      closed = true;
    },
  };
}
