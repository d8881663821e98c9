/**
 * The Node platform (the CLI's): files on disk relative to the CLI's working directory, zlib,
 * node:crypto, the system clock. Replaced by the full seam implementation (issue 18 item 2).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdir, readdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DirEntry, Hasher, Platform } from '../platform/index.js';
import { nodeCodec } from './codec.js';
import { openFile } from './files.js';

function hasher(h: ReturnType<typeof createHash>): Hasher {
  const self: Hasher = {
    update(data) {
      h.update(data);
      return self;
    },
    digest: () => h.digest('hex'),
  };
  return self;
}

export function nodePlatform(cwd: string = process.cwd(), now: () => Date = () => new Date()): Platform {
  const resolve = (p: string) => path.resolve(cwd, p);
  return {
    inputs: {
      open: (p) => openFile(resolve(p)),
      async list(dir) {
        return (await readdir(resolve(dir), { withFileTypes: true })).map((d): DirEntry => ({ name: d.name, kind: d.isDirectory() ? 'directory' : d.isFile() ? 'file' : 'other' }));
      },
      async kind(p) {
        try {
          const st = await stat(resolve(p));
          return st.isDirectory() ? 'directory' : st.isFile() ? 'file' : 'other';
        } catch {
          return undefined;
        }
      },
      realPath: (p) => realpath(resolve(p)),
      resolve,
    },
    outputs: {
      async mkdir(dir) {
        await mkdir(resolve(dir), { recursive: true });
      },
      async writeAtomic(p, data, mode) {
        const target = resolve(p);
        const temporary = `${target}.${process.pid}.tmp`;
        try {
          await writeFile(temporary, data, mode === undefined ? {} : { mode });
          await rename(temporary, target);
        } finally {
          await rm(temporary, { force: true });
        }
      },
      async createExclusive(p, data, mode) {
        try {
          await writeFile(resolve(p), data, { flag: 'wx', ...(mode === undefined ? {} : { mode }) });
          return true;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
          throw e;
        }
      },
      async remove(p) {
        await rm(resolve(p), { force: true });
      },
      lock: () => Promise.reject(new Error('not implemented here')),
      leftLock: async () => undefined,
    },
    codec: nodeCodec,
    crypto: {
      sha256: () => hasher(createHash('sha256')),
      hmacSha256: (key) => hasher(createHmac('sha256', key) as unknown as ReturnType<typeof createHash>),
      randomBytes: (n) => randomBytes(n),
    },
    clock: { now },
  };
}
