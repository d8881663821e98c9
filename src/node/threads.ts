/**
 * Reading threads on Node: a worker_threads Worker running read-thread.js (the formats' reader
 * with zlib). Where a worker cannot be started, there is none and the read stays on this thread.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Thread, Threads } from '../platform/index.js';

/**
 * The compiled entry beside this file; run from the sources (tests), the build's (`npm test`
 * builds first). Without either there are no threads.
 */
const ENTRY = [new URL('./read-thread.js', import.meta.url), new URL('../../dist/node/read-thread.js', import.meta.url)].find((u) => existsSync(u));

/** Threads reading files by their path, relative ones from `resolve`. */
export const nodeThreads = (resolve: (path: string) => string): Threads => ({
  handle: (path) => resolve(path),
  start(): Thread | undefined {
    if (!ENTRY) return undefined;
    let worker: Worker;
    try {
      worker = new Worker(ENTRY, { resourceLimits: { maxYoungGenerationSizeMb: 2 } });
    } catch {
      return undefined;
    }
    // the worker never keeps the process alive on its own
    worker.unref();
    return {
      post: (message, transfer) => worker.postMessage(message, transfer),
      onMessage: (handler) => worker.on('message', handler),
      onError: (handler) => worker.on('error', handler),
      end: () => void worker.terminate(),
    };
  },
});
