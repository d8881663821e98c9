/**
 * The platform of the offline page: the inputs are the files of the folder the user chose (Blobs,
 * read by ranges with `slice`, never whole), the outputs stay in memory until they are offered
 * for download, compression is pako (byte for byte Node's zlib at the same level; the browser's
 * CompressionStream is not), hashes are pure JS (the in-memory platform's). Nothing here reaches the network.
 *
 * Paths are `/`-separated and relative to the root above the chosen folder: the folder's own name
 * is their first part (`klobuck/dane/uczestnicy.xlsx`), as the browser gives them.
 */
import { Deflate, Inflate, Z_SYNC_FLUSH, deflateRaw } from 'pako';
import { collect, crc32, nobleCrypto, type Assets, type ByteSource, type Codec, type DirEntry, type EntryKind, type Inputs, type Lock, type Outputs, type Platform, type PlatformError, type Staged, type Thread, type Threads } from '../platform/index.js';

/** The reading thread's script (read-thread.ts bundled), put here by the build; absent outside the page. */
declare const __READ_THREAD__: string | undefined;

function platformError(code: string, path: string): PlatformError {
  return Object.assign(new Error(`${code}: ${path}`), { code, path });
}

/** `a/./b/../c` → `a/c`; leading and doubled slashes dropped (everything hangs from one root). */
function normalize(p: string): string {
  const out: string[] = [];
  for (const part of p.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/** Bytes read from a Blob at once: each read costs the browser a trip to the file, whatever its size. */
const WINDOW = 1 << 20;

/**
 * A Blob read by ranges (`slice`), never whole: small reads (a zip's headers, the pieces of an
 * entry) are served from one window of up to 1 MB read ahead, so memory stays bounded.
 */
export function blobSource(blob: Blob): ByteSource {
  let windowAt = 0;
  let window = new Uint8Array(0);
  return {
    size: blob.size,
    async read(offset, length) {
      const end = Math.min(blob.size, offset + Math.max(0, length));
      if (offset >= end) return new Uint8Array(0);
      if (offset >= windowAt && end <= windowAt + window.length) return window.slice(offset - windowAt, end - windowAt);
      if (end - offset >= WINDOW) return new Uint8Array(await blob.slice(offset, end).arrayBuffer());
      windowAt = offset;
      window = new Uint8Array(await blob.slice(offset, Math.min(blob.size, offset + WINDOW)).arrayBuffer());
      return window.slice(0, end - offset);
    },
    async close() {
      window = new Uint8Array(0);
    },
  };
}

/** The chosen folder's files, by their relative paths. */
export class FolderInputs implements Inputs {
  private readonly dirs = new Map<string, Map<string, EntryKind>>();

  constructor(private readonly files: ReadonlyMap<string, Blob>) {
    this.dirs.set('', new Map());
    for (const p of files.keys()) {
      const parts = p.split('/');
      for (let i = 0; i < parts.length; i++) {
        const dir = parts.slice(0, i).join('/');
        const children = this.dirs.get(dir) ?? new Map<string, EntryKind>();
        this.dirs.set(dir, children);
        children.set(parts[i] as string, i === parts.length - 1 ? 'file' : 'directory');
      }
    }
  }

  /** The File at `path`, as a reading thread opens it. */
  blob(path: string): Blob | undefined {
    return this.files.get(normalize(path));
  }

  async open(path: string): Promise<ByteSource> {
    const p = normalize(path);
    const blob = this.files.get(p);
    if (blob === undefined) throw platformError(this.dirs.has(p) ? 'EISDIR' : 'ENOENT', path);
    return blobSource(blob);
  }

  async list(dir: string): Promise<DirEntry[]> {
    const d = normalize(dir);
    const children = this.dirs.get(d);
    if (children === undefined) throw platformError(this.files.has(d) ? 'ENOTDIR' : 'ENOENT', dir);
    return [...children].map(([name, kind]) => ({ name, kind }));
  }

  async kind(path: string): Promise<EntryKind | undefined> {
    const p = normalize(path);
    return this.files.has(p) ? 'file' : this.dirs.has(p) ? 'directory' : undefined;
  }

  async realPath(path: string): Promise<string> {
    return this.resolve(path);
  }

  resolve(path: string): string {
    return `/${normalize(path)}`;
  }
}

/** What a run wrote, kept until the user downloads it; there is one user, so locks are always free. */
export class MemoryOutputs implements Outputs {
  readonly files = new Map<string, Uint8Array>();

  async mkdir(): Promise<void> {}

  async writeAtomic(path: string, data: Uint8Array | AsyncIterable<Uint8Array>): Promise<void> {
    this.files.set(normalize(path), await collect(data));
  }

  async createExclusive(path: string, data: Uint8Array): Promise<boolean> {
    const p = normalize(path);
    if (this.files.has(p)) return false;
    this.files.set(p, data);
    return true;
  }

  async stage(path: string, data: Uint8Array | AsyncIterable<Uint8Array>): Promise<Staged> {
    const p = normalize(path);
    let bytes: Uint8Array | undefined = await collect(data);
    const take = (): Uint8Array => {
      if (bytes === undefined) throw new Error(`staged output ${path} was already put in place or dropped`);
      const b = bytes;
      bytes = undefined;
      return b;
    };
    return {
      commit: async () => {
        this.files.set(p, take());
      },
      commitIfAbsent: async () => {
        const b = take();
        if (this.files.has(p)) return false;
        this.files.set(p, b);
        return true;
      },
      discard: async () => {
        bytes = undefined;
      },
    };
  }

  /** Nothing is ever left half-written in memory. */
  async sweep(): Promise<string[]> {
    return [];
  }

  async remove(path: string): Promise<void> {
    this.files.delete(normalize(path));
  }

  async lock(): Promise<Lock> {
    return { taken: true, release: async () => {} };
  }

  async leftLock(): Promise<undefined> {
    return undefined;
  }
}

/** Compressed input fed to pako in small pieces: a bomb's 1 MB chunk would otherwise inflate to a gigabyte at once. */
const FEED = 16 * 1024;
/** Output pieces as large as Node's (1 MB): the sheet scanner is slower on small ones. */
const OUT_CHUNK = 1 << 20;

type Level = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;


export const pakoCodec: Codec = {
  async *inflateRaw(input) {
    const inflate = new Inflate({ raw: true, chunkSize: OUT_CHUNK });
    let ready: Uint8Array[] = [];
    inflate.onData = (chunk: Uint8Array) => {
      ready.push(chunk);
    };
    const failed = () => new Error(inflate.msg || `inflate error ${inflate.err}`);
    for await (const chunk of input) {
      for (let at = 0; at < chunk.length; at += FEED) {
        inflate.push(chunk.subarray(at, Math.min(chunk.length, at + FEED)), false);
        if (inflate.err) throw failed();
        if (ready.length > 0) {
          const out = ready;
          ready = [];
          yield* out;
        }
      }
      if (inflate.ended) break;
    }
    if (!inflate.ended) inflate.push(new Uint8Array(0), true);
    if (inflate.err) throw failed();
    yield* ready;
  },
  async deflateRaw(data: Uint8Array, level?: number, flush: 'sync' | 'finish' = 'finish') {
    const options = level === undefined ? { raw: true } : { raw: true, level: level as Level };
    if (flush === 'finish') return deflateRaw(data, options);
    // a piece of a longer stream: ended by a sync flush, without the final bit, as Node's zlib with finishFlush Z_SYNC_FLUSH
    const deflate = new Deflate(options);
    const parts: Uint8Array[] = [];
    deflate.onData = (chunk: Uint8Array) => {
      parts.push(chunk);
    };
    deflate.push(data, Z_SYNC_FLUSH);
    if (deflate.err) throw new Error(deflate.msg || `deflate error ${deflate.err}`);
    return collect(parts);
  },
  crc32,
};

export interface WebPlatform extends Platform {
  readonly inputs: FolderInputs;
  readonly outputs: MemoryOutputs;
}

/** The page's platform: hashes in pure JS as the in-memory platform's (the key is never read here, but snapshots are hashed). */
let readThreadUrl: string | undefined;

/** A Web Worker as started from a worker (the worker scope's types do not declare it). */
interface NestedWorker {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  onmessage: ((e: MessageEvent) => void) | null;
  onerror: ((e: { message: string }) => void) | null;
  terminate(): void;
}
const WorkerClass = (globalThis as unknown as { Worker?: new (url: string) => NestedWorker }).Worker;

/**
 * Reading threads in the page: Web Workers started from the bundled read-thread script (a blob:
 * URL, as the page's own worker), each given the File it reads. None outside the page's build,
 * or where the browser cannot start a worker from a worker.
 */
function webThreads(inputs: FolderInputs): Threads | undefined {
  if (typeof __READ_THREAD__ === 'undefined' || !WorkerClass) return undefined;
  const [code, Start] = [__READ_THREAD__, WorkerClass];
  return {
    // the page has room (its budget is 1 GB) and gains the most: a thread from 16 MB inflated
    minBytes: 16 * 1024 * 1024,
    handle: (path) => inputs.blob(path),
    start(): Thread | undefined {
      let worker: NestedWorker;
      try {
        readThreadUrl ??= URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
        worker = new Start(readThreadUrl);
      } catch {
        return undefined;
      }
      return {
        post: (message, transfer) => worker.postMessage(message, transfer ?? []),
        onMessage: (handler) => {
          worker.onmessage = (e) => handler(e.data);
        },
        onError: (handler) => {
          worker.onerror = (e) => handler(new Error(e.message));
        },
        end: () => worker.terminate(),
      };
    },
  };
}

export function webPlatform(files: ReadonlyMap<string, Blob>, assets: Assets, now: () => Date = () => new Date()): WebPlatform {
  const inputs = new FolderInputs(files);
  const threads = webThreads(inputs);
  return { inputs, outputs: new MemoryOutputs(), codec: pakoCodec, crypto: nobleCrypto, clock: { now }, assets, ...(threads ? { threads } : {}) };
}
