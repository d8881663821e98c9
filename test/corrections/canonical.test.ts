/**
 * A snapshot's digest is checked over its canonical form (SPEC §8): what an editor or `jq` does to
 * the file — other indents, one line, keys in another order — is accepted; a changed value is
 * still refused. Snapshots written before (the demo's) are accepted as they are.
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../src/corrections/snapshot.js';
import { cli, corrections, makeCorrectionsProject, submitQ1 } from './helpers.js';
import { nodeCrypto } from '../../src/node/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Every object with its keys in reverse order. */
function reversed(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversed);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).reverse().map((k) => [k, reversed((v as Record<string, unknown>)[k])]));
  return v;
}

function hasJq(): boolean {
  try {
    execFileSync('jq', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('snapshot digest over the canonical form', () => {
  it('re-indented, on one line, keys re-ordered: accepted by corrections and validate; a changed value is refused', async () => {
    const dir = await makeCorrectionsProject();
    expect((await submitQ1(dir)).code).toBe(0);
    const file = path.join(dir, 'zlozone', '2021-Q1.json');
    const original = await readFile(file, 'utf8');
    const value = JSON.parse(original) as unknown;
    const forms = [
      JSON.stringify(value, null, 4),
      JSON.stringify(value, null, '\t'),
      JSON.stringify(value),
      `${JSON.stringify(reversed(value), null, 2)}\n`,
      JSON.stringify(reversed(value), null, 2).replace(/\n/g, '\r\n'),
    ];
    for (const text of forms) {
      await writeFile(file, text);
      const r = await corrections(dir);
      expect(r.corrections).toEqual([]);
      expect((await cli(['validate', '--project', dir, '--as-of', '2021-07-01'])).code).toBe(0);
    }
    // a value changed in a re-formatted file is still a hand edit
    const edited = JSON.parse(original) as { values: { indicators: { id: string; period: { O: number } }[] } };
    const u1 = edited.values.indicators.find((i) => i.id === 'U1');
    if (!u1) throw new Error('no U1');
    u1.period.O += 1;
    for (const text of [JSON.stringify(edited, null, 4), JSON.stringify(reversed(edited))]) {
      await writeFile(file, text);
      const r = await cli(['corrections', '--project', dir]);
      expect(r.code).toBe(2);
      expect(r.err).toBe('zlozone/2021-Q1.json: migawka została zmieniona ręcznie (suma kontrolna się nie zgadza) — przywróć ją z repozytorium albo złóż okres ponownie z --replace\n');
    }
  });

  it.skipIf(!hasJq())('what jq writes (default, -S, -c) is accepted', async () => {
    const dir = await makeCorrectionsProject();
    expect((await submitQ1(dir)).code).toBe(0);
    const file = path.join(dir, 'zlozone', '2021-Q1.json');
    const original = await readFile(file, 'utf8');
    for (const args of [['.'], ['-S', '.'], ['-c', '.'], ['--indent', '4', '.']]) {
      await writeFile(file, execFileSync('jq', args, { input: original }));
      expect((await corrections(dir)).corrections).toEqual([]);
    }
  });

  it('the demo snapshot written before is accepted as it is', async () => {
    const text = await readFile(path.join(ROOT, 'fixtures/klobuck/zlozone/2022-Q1.json'), 'utf8');
    const number = (JSON.parse(text) as { project: string }).project;
    expect(parseSnapshot(nodeCrypto, text, number).ok).toBe(true);
    // and so is the same snapshot re-indented
    expect(parseSnapshot(nodeCrypto, JSON.stringify(JSON.parse(text), null, 4), number).ok).toBe(true);
  });
});
