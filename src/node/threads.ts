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

/**
 * Threads reading files by their path, relative ones from `resolve`. From 100 MB of sheet XML
 * (an XLSX of some 400,000 rows, an ODS of 100,000, a CSV of 25 MB, some 350,000): below it the second heap (~25 MB) would cost
 * more of the 400 MB a run may take than the thread saves time (README, performance).
 */
export const nodeThreads = (resolve: (path: string) => string): Threads => ({
  minBytes: 100 * 1024 * 1024,
  handle: (path) => resolve(path),
  start(): Thread | undefined {
    if (!ENTRY) return undefined;
    let worker: Worker;
    try {
      // a small young generation: the reader's garbage dies young, and the default one added
      // ~50 MB to a run's peak at no gain in speed
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
