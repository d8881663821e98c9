/**
 * `submit --replace` when publishing the new snapshot fails: the period stays submitted (its
 * old snapshot is still `<P>.json`), never a moment without one.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodePlatform } from '../../src/node/index.js';
import type { Platform } from '../../src/platform/index.js';
import { makeCorrectionsProject, submitQ1 } from './helpers.js';

/** The disk, except that putting a staged output in place over `target` fails (EIO) as a file system can. */
function commitFailingTo(target: string): Platform {
  const disk = nodePlatform();
  return {
    ...disk,
    outputs: {
      ...disk.outputs,
      async stage(file, data, mode) {
        const staged = await disk.outputs.stage(file, data, mode);
        if (file !== target) return staged;
        return {
          ...staged,
          async commit() {
            await staged.discard();
            throw Object.assign(new Error('EIO: simulated'), { code: 'EIO' });
          },
        };
      },
    },
  };
}

describe('submit --replace', () => {
  it('keeps the old snapshot as <P>.json when the new one cannot be put in place, with no history copy or temporary file left behind', async () => {
    const dir = await makeCorrectionsProject();
    expect((await submitQ1(dir)).code).toBe(0);
    const file = path.join(dir, 'zlozone', '2021-Q1.json');
    const first = await readFile(file);
    const r = await submitQ1(dir, ['--replace', '--reason', 'korekta'], commitFailingTo(file));
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
