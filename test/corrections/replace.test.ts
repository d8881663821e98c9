/**
 * `submit --replace` when publishing the new snapshot fails: the period stays submitted (its
 * old snapshot is still `<P>.json`), never a moment without one.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { describe, expect, it } from 'vitest';
import { makeCorrectionsProject, submitQ1 } from './helpers.js';

// vitest runs files with `isolate: false`, so vi.mock would not reach a store.ts another file already
// imported; node's own binding is swapped instead (and put back)
const require = createRequire(import.meta.url);
const fsp = require('node:fs/promises') as typeof import('node:fs/promises');

async function withRenameFailingTo<T>(target: string, run: () => Promise<T>): Promise<T> {
  const original = fsp.rename;
  fsp.rename = async (from, to) => {
    if (String(to) === target) throw Object.assign(new Error('EIO: simulated'), { code: 'EIO' });
    return original(from, to);
  };
  syncBuiltinESMExports();
  try {
    return await run();
  } finally {
    fsp.rename = original;
    syncBuiltinESMExports();
  }
}

describe('submit --replace', () => {
  it('keeps the old snapshot as <P>.json when the new one cannot be put in place, with no history copy or temporary file left behind', async () => {
    const dir = await makeCorrectionsProject();
    expect((await submitQ1(dir)).code).toBe(0);
    const file = path.join(dir, 'zlozone', '2021-Q1.json');
    const first = await readFile(file);
    const r = await withRenameFailingTo(file, () => submitQ1(dir, ['--replace', '--reason', 'korekta']));
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('2021-Q1.json');
    // the period is still submitted, with its old snapshot
    expect(await readFile(file)).toEqual(first);
    expect((await readdir(path.join(dir, 'zlozone'))).sort()).toEqual(['.gitattributes', '.gitignore', '2021-Q1.json']);
    // and a replace that works keeps the old one as <P>.1.json
    expect((await submitQ1(dir, ['--replace', '--reason', 'korekta'])).code).toBe(0);
    expect(await readFile(path.join(dir, 'zlozone', '2021-Q1.1.json'))).toEqual(first);
  });
});
