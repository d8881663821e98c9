/**
 * Input files on disk as ByteSources: one descriptor, positioned reads of the ranges asked for,
 * never the whole file. Opening fails as the file system says (ENOENT, EACCES, …; a directory
 * gives EISDIR at once rather than at the first read); the caller names the reason.
 */
import { open } from 'node:fs/promises';
import type { ByteSource } from '../platform/index.js';

export async function openFile(path: string): Promise<ByteSource> {
  const handle = await open(path, 'r');
  let size: number;
  try {
    const st = await handle.stat();
    if (st.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, open '${path}'`), { code: 'EISDIR', syscall: 'open', path });
    size = st.size;
  } catch (e) {
    await handle.close();
    throw e;
  }
  let closed = false;
  return {
    size,
    async read(offset, length) {
      const want = Math.max(0, Math.min(length, size - offset));
      const buf = Buffer.allocUnsafe(want);
      let got = 0;
      // a positioned read may return less than asked before the end: read on until full or at the end
      while (got < want) {
        const { bytesRead } = await handle.read(buf, got, want - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return got < want ? buf.subarray(0, got) : buf;
    },
    async close() {
      if (closed) return;
      closed = true;
      await handle.close();
    },
  };
}
