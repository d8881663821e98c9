/**
 * Small inputs read whole through the platform: the definition, a snapshot, the project key, a
 * report's descriptions. Data files are never read so: their readers take ranges (src/formats).
 */
import type { Inputs } from './index.js';

/** Bytes read per call: a snapshot of a large project is read in a few steps. */
const PIECE = 1 << 20;

export async function readBytes(inputs: Pick<Inputs, 'open'>, path: string): Promise<Uint8Array> {
  const source = await inputs.open(path);
  try {
    const out = new Uint8Array(source.size);
    let at = 0;
    while (at < source.size) {
      const piece = await source.read(at, Math.min(PIECE, source.size - at));
      if (piece.length === 0) break;
      out.set(piece, at);
      at += piece.length;
    }
    return at < out.length ? out.subarray(0, at) : out;
  } finally {
    await source.close();
  }
}

/** As Node's `readFile(…, 'utf8')`: a byte order mark stays (the callers say what they do with it). */
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

export async function readText(inputs: Pick<Inputs, 'open'>, path: string): Promise<string> {
  return decoder.decode(await readBytes(inputs, path));
}

/**
 * A staged output is put in place or dropped once: the guard both platforms call first in
 * commit and commitIfAbsent (a second time throws) and in discard (`quiet`: false when it was
 * already settled, so discarding after a commit does nothing).
 */
export function onlyOnce(target: string): (quiet?: boolean) => boolean {
  let done = false;
  return (quiet = false) => {
    if (done && !quiet) throw new Error(`staged output ${target} was already put in place or dropped`);
    const first = !done;
    done = true;
    return first;
  };
}
