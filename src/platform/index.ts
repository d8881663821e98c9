/**
 * What the core needs from the platform it runs on, as types only: Node implements them in
 * src/node/, tests and a browser with what they have. Nothing here imports `node:*`.
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
  deflateRaw(data: Uint8Array, level?: number): Promise<Uint8Array>;
}
