/**
 * The platform on Node: files on disk, zlib, node:crypto, the system clock. The only place
 * besides src/cli that imports `node:*`; the core gets it as a parameter (`nodePlatform()`).
 * Paths are `/`-separated: Node takes them on every OS, and what it gives back is turned so.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AssetName, Crypto, DirEntry, EntryKind, Hasher, Inputs, Platform } from '../platform/index.js';
import { nodeCodec } from './codec.js';
import { openFile } from './files.js';
import { nodeOutputs } from './outputs.js';
import { nodeThreads } from './threads.js';

export { HOST_LABEL } from './outputs.js';

/** A path of the OS as the core writes it: `/` between parts (Windows gives `\`). */
const slashed = path.sep === '/' ? (p: string) => p : (p: string) => p.split(path.sep).join('/');

function kindOf(s: { isFile(): boolean; isDirectory(): boolean }): EntryKind {
  return s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other';
}

function nodeInputs(cwd: string): Inputs {
  const resolve = (p: string) => slashed(path.resolve(cwd, p));
  return {
    open: (p) => openFile(resolve(p)),
    async list(dir) {
      const at = resolve(dir);
      const entries = await readdir(at, { withFileTypes: true });
      return Promise.all(entries.map(async (e): Promise<DirEntry> => {
        // a symbolic link is what it points to (as stat() follows it)
        if (!e.isSymbolicLink()) return { name: e.name, kind: kindOf(e) };
        const target = await stat(path.join(at, e.name)).catch(() => undefined);
        return { name: e.name, kind: target ? kindOf(target) : 'other' };
      }));
    },
    async kind(p) {
      try {
        return kindOf(await stat(resolve(p)));
      } catch {
        return undefined;
      }
    },
    realPath: async (p) => slashed(await realpath(resolve(p))),
    resolve,
  };
}

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

export const nodeCrypto: Crypto = {
  sha256: () => hasher(createHash('sha256')),
  hmacSha256: (key) => hasher(createHmac('sha256', key) as unknown as ReturnType<typeof createHash>),
  randomBytes: (n) => new Uint8Array(randomBytes(n)),
};

const require = createRequire(import.meta.url);
const FONT_DIR = require.resolve('dejavu-fonts-ttf/package.json').replace(/package\.json$/, 'ttf/');
const TEMPLATES = new URL('../../templates/', import.meta.url);

/** Where each of the program's files is: the fonts in their package, the template in templates/. */
export function assetFile(name: AssetName): string | URL {
  return name.endsWith('.ttf') ? `${FONT_DIR}${name}` : new URL(name, TEMPLATES);
}

export interface NodePlatformOptions {
  /** The folder relative paths are taken from (the process's by default). */
  cwd?: string;
  /** The clock (the system's by default). */
  now?: () => Date;
}

export function nodePlatform(options: NodePlatformOptions = {}): Platform {
  const inputs = nodeInputs(options.cwd ?? process.cwd());
  return {
    inputs,
    outputs: nodeOutputs,
    codec: nodeCodec,
    crypto: nodeCrypto,
    clock: { now: options.now ?? (() => new Date()) },
    assets: { read: async (name) => new Uint8Array(await readFile(assetFile(name))) },
    threads: nodeThreads(inputs.resolve),
  };
}
