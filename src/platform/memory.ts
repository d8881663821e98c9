/**
 * A platform in memory: files are a map of absolute `/` path → bytes, folders are implied by the
 * files under them (or made by `mkdir`). Outputs written are readable back as inputs; a staged
 * output is invisible until committed; the lock behaves as the disk's (taken once, a holder whose
 * run is gone is `left`, a live one is waited for, then `busy`); the clock is fixed. Hashing is
 * pure JS (@noble/hashes), so this runs in a browser too; the codec is given (Node's zlib in
 * tests, the page's own in a browser). Tests make failures happen with `fail`.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type {
  AssetName, ByteSource, Codec, Crypto, DirEntry, EntryKind, Hasher, Lock, LockHolder, Platform, PlatformError, Staged,
} from './index.js';
import { dirname, normalize, resolve } from './path.js';
import { collect } from './bytes.js';
import { onlyOnce } from './read.js';

/** The operations a test can make fail (`fail`). */
export type MemoryOperation = 'open' | 'read' | 'list' | 'mkdir' | 'stage' | 'commit' | 'remove' | 'lock';

export interface MemoryOptions {
  /** Files there from the start, by path (relative ones under `cwd`); text is stored as UTF-8. */
  files?: Record<string, Uint8Array | string>;
  /** The working folder relative paths are taken from (`/work` by default). */
  cwd?: string;
  /** The fixed clock (2024-01-01 by default). */
  now?: Date;
  codec: Codec;
  /** The program's own files (fonts, the template), for what needs them. */
  assets?: Partial<Record<AssetName, Uint8Array>>;
  /**
   * An errno-like code to fail `op` on `path` with (ENOSPC, EACCES, EIO …), or undefined to let
   * it work: called for every operation, so a test can fail the n-th write or one file.
   */
  fail?: (op: MemoryOperation, path: string) => string | undefined;
  /** Whether the run that holds a lock still exists (a lock left by a killed run is `left`); true by default. */
  holderRunning?: (holder: LockHolder) => boolean;
}

export interface MemoryPlatform extends Platform {
  /** The files as they are now, by absolute path. */
  readonly files: Map<string, Uint8Array>;
  /** A file's bytes (relative paths under `cwd`), or undefined. */
  file(path: string): Uint8Array | undefined;
  /** A file's text (UTF-8), or undefined. */
  text(path: string): string | undefined;
  /** Puts a file there (relative paths under `cwd`). */
  put(path: string, data: Uint8Array | string): void;
}

const utf8 = new TextEncoder();
/** How long one turn of waiting for a lock stands for (the clock does not move). */
const LOCK_TURN_MS = 50;
const bytesOf = (data: Uint8Array | string): Uint8Array => (typeof data === 'string' ? utf8.encode(data) : data);
const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

function platformError(code: string, path: string): PlatformError {
  return Object.assign(new Error(`${code}: ${path}`), { code, path });
}

/** A hash over @noble/hashes (SHA-256, HMAC-SHA-256), as the Crypto interface wants it. */
function nobleHasher(h: { update(b: Uint8Array): unknown; digest(): Uint8Array }): Hasher {
  const self: Hasher = {
    update(data) {
      h.update(bytesOf(data));
      return self;
    },
    digest: () => hex(h.digest()),
  };
  return self;
}

/** SHA-256, HMAC and random bytes in pure JS (the page's crypto, and the memory platform's). */
export const nobleCrypto: Crypto = {
  sha256: () => nobleHasher(sha256.create()),
  hmacSha256: (key) => nobleHasher(hmac.create(sha256, bytesOf(key))),
  randomBytes(n) {
    const out = new Uint8Array(n);
    globalThis.crypto.getRandomValues(out);
    return out;
  },
};

export function memoryPlatform(options: MemoryOptions): MemoryPlatform {
  const cwd = normalize(options.cwd ?? '/work');
  const now = options.now ?? new Date(Date.UTC(2024, 0, 1));
  const files = new Map<string, Uint8Array>();
  const dirs = new Set<string>();
  const abs = (p: string) => resolve(cwd, p);
  const check = (op: MemoryOperation, p: string) => {
    const code = options.fail?.(op, p);
    if (code) throw platformError(code, p);
  };
  const kind = (p: string): EntryKind | undefined => {
    const at = abs(p);
    if (files.has(at)) return 'file';
    if (dirs.has(at) || dirname(at) === at) return 'directory';
    const prefix = `${at}/`;
    for (const f of files.keys()) if (f.startsWith(prefix)) return 'directory';
    for (const d of dirs) if (d.startsWith(prefix)) return 'directory';
    return undefined;
  };
  /** The folder of `p` must be there and be one (as the disk says ENOENT, ENOTDIR). */
  const parentReady = (p: string) => {
    const parent = kind(dirname(p));
    if (parent === undefined) throw platformError('ENOENT', p);
    if (parent !== 'directory') throw platformError('ENOTDIR', p);
  };
  /** Who holds the lock file `at` (`<pid> <host> <time>`, as the disk's lock says it). */
  const holderOf = (at: string): LockHolder | undefined => {
    const bytes = files.get(at);
    const [pid, host, since] = bytes ? new TextDecoder().decode(bytes).trim().split(' ') : [];
    return pid && host && since && /^\d+$/.test(pid) ? { pid: Number(pid), host, since } : undefined;
  };
  const put = (p: string, data: Uint8Array | string) => {
    files.set(abs(p), bytesOf(data));
  };
  for (const [p, data] of Object.entries(options.files ?? {})) put(p, data);

  const platform: MemoryPlatform = {
    files,
    file: (p) => files.get(abs(p)),
    text(p) {
      const b = files.get(abs(p));
      return b === undefined ? undefined : new TextDecoder().decode(b);
    },
    put,
    inputs: {
      async open(p): Promise<ByteSource> {
        const at = abs(p);
        check('open', at);
        const k = kind(at);
        if (k === 'directory') throw platformError('EISDIR', at);
        const bytes = files.get(at);
        if (!bytes) throw platformError('ENOENT', at);
        return {
          size: bytes.length,
          async read(offset, length) {
            check('read', at);
            return bytes.slice(offset, Math.min(bytes.length, offset + length));
          },
          async close() {},
        };
      },
      async list(dir) {
        const at = abs(dir);
        check('list', at);
        const k = kind(at);
        if (k === undefined) throw platformError('ENOENT', at);
        if (k !== 'directory') throw platformError('ENOTDIR', at);
        const prefix = at.endsWith('/') ? at : `${at}/`;
        const out = new Map<string, DirEntry>();
        for (const f of files.keys()) {
          if (!f.startsWith(prefix)) continue;
          const rest = f.slice(prefix.length);
          const name = rest.split('/')[0] as string;
          out.set(name, { name, kind: rest.includes('/') ? 'directory' : 'file' });
        }
        for (const d of dirs) {
          if (d.startsWith(prefix)) {
            const name = d.slice(prefix.length).split('/')[0] as string;
            if (!out.has(name)) out.set(name, { name, kind: 'directory' });
          }
        }
        return [...out.values()];
      },
      kind: async (p) => kind(p),
      realPath: async (p) => abs(p),
      resolve: abs,
    },
    outputs: {
      async mkdir(dir) {
        const at = abs(dir);
        check('mkdir', at);
        for (let d = at; dirname(d) !== d; d = dirname(d)) {
          if (files.has(d)) throw platformError(d === at ? 'EEXIST' : 'ENOTDIR', at);
        }
        for (let d = at; dirname(d) !== d; d = dirname(d)) dirs.add(d);
      },
      async writeAtomic(p, data, mode) {
        await (await platform.outputs.stage(p, data, mode)).commit();
      },
      async createExclusive(p, data, mode) {
        return (await platform.outputs.stage(p, data, mode)).commitIfAbsent();
      },
      async stage(p, data): Promise<Staged> {
        const at = abs(p);
        check('stage', at);
        parentReady(at);
        if (kind(at) === 'directory') throw platformError('EISDIR', at);
        const bytes = await collect(data);
        const once = onlyOnce(at);
        return {
          async commit() {
            once();
            check('commit', at);
            files.set(at, bytes);
          },
          async commitIfAbsent() {
            once();
            check('commit', at);
            if (kind(at) !== undefined) return false;
            files.set(at, bytes);
            return true;
          },
          async discard() {
            once(true);
          },
        };
      },
      async remove(p) {
        const at = abs(p);
        check('remove', at);
        files.delete(at);
      },
      sweep: async () => [],
      async lock(p, waitMs): Promise<Lock> {
        const at = abs(p);
        check('lock', at);
        parentReady(at);
        // the clock is fixed: each turn given to the other runs stands for LOCK_TURN_MS
        for (let waited = 0; ; waited += LOCK_TURN_MS) {
          if (!files.has(at)) {
            files.set(at, utf8.encode(`1 memory ${now.toISOString()}\n`));
            return {
              taken: true,
              async release() {
                files.delete(at);
              },
            };
          }
          const holder = holderOf(at);
          if (holder && !(options.holderRunning?.(holder) ?? true)) return { taken: false, reason: 'left', holder };
          if (waited > waitMs) return { taken: false, reason: 'busy', holder };
          await new Promise((r) => setTimeout(r, 0));
        }
      },
      async leftLock(p) {
        const holder = holderOf(abs(p));
        return holder && !(options.holderRunning?.(holder) ?? true) ? holder : undefined;
      },
    },
    codec: options.codec,
    crypto: nobleCrypto,
    clock: { now: () => new Date(now) },
    assets: {
      async read(name) {
        const bytes = options.assets?.[name];
        if (!bytes) throw platformError('ENOENT', name);
        return bytes;
      },
    },
  };
  return platform;
}
