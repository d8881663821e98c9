/** The entry of a reading thread on Node (threads.ts): the formats' reader, inflating with zlib. */
import { parentPort } from 'node:worker_threads';
import { serveReads } from '../formats/index.js';
import { nodeCodec } from './codec.js';
import { openFile } from './files.js';

const port = parentPort;
if (port) {
  serveReads({
    post: (message, transfer) => port.postMessage(message, transfer),
    onMessage: (handler) => port.on('message', handler),
  }, nodeCodec, (handle) => openFile(handle as string));
}
