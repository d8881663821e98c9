/**
 * `submit --replace` when publishing the new snapshot fails: the period stays submitted (its
 * old snapshot is still `<P>.json`), never a moment without one.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { makeCorrectionsProject, submitQ1 } from './helpers.js';

const failing = vi.hoisted(() => ({ target: undefined as string | undefined }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs/promises')>();
  const rename = async (from: string, to: string) => {
    if (failing.target !== undefined && String(to) === failing.target) throw Object.assign(new Error('EIO: simulated'), { code: 'EIO' });
    return original.rename(from, to);
  };
  return { ...original, rename, default: { ...original, rename } };
});

describe('submit --replace', () => {
  it('keeps the old snapshot as <P>.json when the new one cannot be put in place, with no history copy or temporary file left behind', async () => {
    const dir = await makeCorrectionsProject();
    expect((await submitQ1(dir)).code).toBe(0);
    const file = path.join(dir, 'zlozone', '2021-Q1.json');
    const first = await readFile(file);
    failing.target = file;
    try {
      const r = await submitQ1(dir, ['--replace', '--reason', 'korekta']);
      expect(r.code).not.toBe(0);
      expect(r.err).toContain('2021-Q1.json');
    } finally {
      failing.target = undefined;
    }
    // the period is still submitted, with its old snapshot
    expect(await readFile(file)).toEqual(first);
    expect((await readdir(path.join(dir, 'zlozone'))).sort()).toEqual(['.gitattributes', '.gitignore', '2021-Q1.json']);
    // and a replace that works keeps the old one as <P>.1.json
    expect((await submitQ1(dir, ['--replace', '--reason', 'korekta'])).code).toBe(0);
    expect(await readFile(path.join(dir, 'zlozone', '2021-Q1.1.json'))).toEqual(first);
  });
});
