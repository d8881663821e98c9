/**
 * What the core needs from the platform it runs on, as types only: Node implements them in
 * src/node/, the offline page over the folder the user chose, tests in memory. Nothing here
 * imports `node:*`, and nothing in the core reaches the outside world any other way.
 *
 * Paths are `/`-separated strings. Relative ones are relative to the platform's working folder
 * (the CLI's current directory; the page's chosen folder, whose name is its first part). An
 * output may be anywhere the platform can write (`--out /tmp/x`); the page keeps what is written
 * in memory and offers it for download.
 *
 * Failures are `PlatformError`s with an errno-like `code` (ENOENT, EACCES, EISDIR, ENOTDIR,
 * EEXIST, ENOSPC, EROFS, EBUSY, …): the core says them in the user's words (src/errors.ts).
 */

/** Random-access reading of one input's bytes (a file on disk, a Blob in the browser, a buffer in tests). */
export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes from `offset`; fewer only at the end of the input. */
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Compression, the same bytes on every platform (Node's zlib and pako give identical raw deflate). */
export interface Codec {
  /** A raw DEFLATE stream inflated as it comes (zip entries are read in chunks, never whole). */
  inflateRaw(input: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array>;
  /**
   * `data` deflated raw. `flush: 'sync'` ends the piece with a sync flush and no final bit, so
   * that pieces deflated one by one concatenate into one stream (the zip writer streams so);
   * `'finish'` (the default) ends the stream.
   */
  deflateRaw(data: Uint8Array, level?: number, flush?: 'sync' | 'finish'): Promise<Uint8Array>;
  /** The CRC-32 of `data` (zip's), continuing from `value` (0 to start). */
  crc32(data: Uint8Array, value?: number): number;
}

/** A failure of the platform, as the file system said it. */
export interface PlatformError extends Error {
  /** `ENOENT`, `EACCES`, `EISDIR`, `ENOTDIR`, `EEXIST`, `ENOSPC`, `EROFS`, `EBUSY`, `EPERM`, … */
  readonly code: string;
  readonly path?: string;
}

export type EntryKind = 'file' | 'directory' | 'other';

export interface DirEntry {
  readonly name: string;
  readonly kind: EntryKind;
}

/** Reading the inputs: the definition, the data, the descriptions, the snapshots. */
export interface Inputs {
  /** One input for random-access reading (never read whole by the caller unless it is small). */
  open(path: string): Promise<ByteSource>;
  /** The entries of a folder, in no particular order; fails (ENOENT, ENOTDIR) when it is none. */
  list(dir: string): Promise<DirEntry[]>;
  /** What is at `path` (following symbolic links), or undefined when nothing is. */
  kind(path: string): Promise<EntryKind | undefined>;
  /** `path` resolved through symbolic links, absolute; itself where the platform has none. */
  realPath(path: string): Promise<string>;
  /** `path` as absolute (the CLI's current directory, the page's folder root). */
  resolve(path: string): string;
}

/** Writing the outputs: never a partial file, never a file replaced that must not be. */
export interface Outputs {
  /** Makes the folder and its parents (no error when it is there). */
  mkdir(dir: string): Promise<void>;
  /**
   * Writes `data` completely, then puts it at `path` in one step (a temporary file beside it,
   * renamed over it): a failed write leaves the earlier file as it was.
   */
  writeAtomic(path: string, data: Uint8Array | AsyncIterable<Uint8Array>, mode?: number): Promise<void>;
  /** Writes `data` to `path` only when nothing is there, in one step: false when something was (the other writer won). */
  createExclusive(path: string, data: Uint8Array, mode?: number): Promise<boolean>;
  /**
   * Writes `data` completely beside `path` (a hidden temporary file; the folder must exist) and
   * puts it in place only when told: several outputs staged first are all complete before any
   * replaces its earlier version, and a snapshot is written before the lock is taken to publish it.
   */
  stage(path: string, data: Uint8Array | AsyncIterable<Uint8Array>, mode?: number): Promise<Staged>;
  /** Removes a file; nothing when it is not there. */
  remove(path: string): Promise<void>;
  /**
   * Removes from `dir` the temporary files this platform left beside outputs when a run was
   * killed mid-write, only for targets `own` names and only those no running process is writing;
   * returns their paths. Best effort: nothing when the folder cannot be listed.
   */
  sweep(dir: string, own: (target: string) => boolean): Promise<string[]>;
  /**
   * Takes the lock file `path` (created only if absent). A lock that another run holds is waited
   * for up to `waitMs`; a lock left by a run that is dead (the platform can tell only for its own
   * machine) is refused at once. The core decides the words; the platform says which case it is.
   */
  lock(path: string, waitMs: number): Promise<Lock>;
  /** Who holds the lock at `path` when it was left by a run that no longer exists; undefined otherwise. */
  leftLock(path: string): Promise<LockHolder | undefined>;
}

/** A complete output waiting to be put in place (`Outputs.stage`). Exactly one of the three, once. */
export interface Staged {
  /** Puts it at its path, over an earlier file (which stays as it was when this fails). */
  commit(): Promise<void>;
  /** Puts it at its path only when nothing is there, in one step: false when something was. */
  commitIfAbsent(): Promise<boolean>;
  /** Drops it. */
  discard(): Promise<void>;
}

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** ISO time the lock was taken. */
  readonly since: string;
}

export type Lock =
  | { readonly taken: true; release(): Promise<void> }
  | { readonly taken: false; readonly reason: 'left' | 'busy'; readonly holder: LockHolder | undefined };

/** An incremental hash; `digest()` once, as lowercase hex. */
export interface Hasher {
  update(data: Uint8Array | string): Hasher;
  digest(): string;
}

export interface Crypto {
  sha256(): Hasher;
  /** HMAC-SHA-256 under `key` (its bytes, or its UTF-8 text). */
  hmacSha256(key: Uint8Array | string): Hasher;
  /** `n` cryptographically random bytes (the project key). */
  randomBytes(n: number): Uint8Array;
}

export interface Clock {
  /** Now (the default day of the data, the generation time when none is given). */
  now(): Date;
}

/** The program's own files that are not code: the PDF fonts, the definition template of `init`. */
export type AssetName =
  | 'DejaVuSans.ttf' | 'DejaVuSans-Bold.ttf' | 'DejaVuSansCondensed.ttf' | 'DejaVuSansCondensed-Bold.ttf'
  | 'DejaVuSans-Oblique.ttf' | 'DejaVuSans-BoldOblique.ttf' | 'klobuck-pal-2021-2022.yaml';

export interface Assets {
  /** The bytes of one of the program's files (Node: its package folder; the page: bundled with it). */
  read(name: AssetName): Promise<Uint8Array>;
}

/**
 * A second thread for reading large inputs (src/formats/threaded.ts): Node's worker_threads, a
 * Web Worker in the page. It runs the formats' `serveReads` with this platform's codec.
 */
export interface Thread {
  post(message: unknown, transfer?: ArrayBuffer[]): void;
  onMessage(handler: (message: unknown) => void): void;
  /** The thread itself failed (not the file: a file's failure comes as a message). */
  onError(handler: (error: unknown) => void): void;
  end(): void;
}

export interface Threads {
  /** The least work worth a thread here, in bytes of sheet XML (workbookWork): a thread costs its start and a second JS heap. */
  readonly minBytes: number;
  /** A new reading thread, or undefined where none can be started (the read stays on this thread). */
  start(): Thread | undefined;
  /** What the thread opens the input at `path` by (sent to it: a path, a File), or undefined where it cannot. */
  handle(path: string): unknown;
}

/** Everything the core reaches outside itself through. */
export interface Platform {
  readonly inputs: Inputs;
  readonly outputs: Outputs;
  readonly codec: Codec;
  readonly crypto: Crypto;
  readonly clock: Clock;
  readonly assets: Assets;
  /** Where absent, everything runs on one thread. */
  readonly threads?: Threads;
}

// the folder's helpers over these types, for every layer: `/`-separated paths (Node takes them on
// every OS), small inputs read whole
export * as path from './path.js';
export { onlyOnce, readBytes, readText } from './read.js';
export { collect, crc32, joinBytes } from './bytes.js';
/** Hashing in pure JS: the in-memory platform's, and the offline page's. */
export { nobleCrypto } from './memory.js';
