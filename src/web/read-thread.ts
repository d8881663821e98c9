/**
 * The entry of a reading thread in the page (a Web Worker started by the page's worker, see
 * platform.ts `threads`): the formats' reader over the chosen File, inflating with pako.
 */
import { serveReads } from '../formats/index.js';
import { blobSource, pakoCodec } from './platform.js';

const scope = self as unknown as { postMessage(m: unknown, transfer: Transferable[]): void; onmessage: ((e: MessageEvent) => void) | null };

serveReads({
  post: (message, transfer) => scope.postMessage(message, transfer ?? []),
  onMessage: (handler) => {
    scope.onmessage = (e) => handler(e.data);
  },
}, pakoCodec, async (handle) => blobSource(handle as Blob));
