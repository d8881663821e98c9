/**
 * The definition's patterns are matched by the core over the platform's folder listings
 * (`matchFiles`), no longer by a glob package: the same files, in the same order, as the glob
 * (tinyglobby, with the escaping the definition's literal characters had) gave before.
 */
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { escapePath, glob } from 'tinyglobby';
import { beforeAll, describe, expect, it } from 'vitest';
import { matchFiles } from '../../src/ingest/dataset.js';
import { disk, inMemory } from '../helpers/platform.js';

const FILES = [
  'dane/uczestnicy.xlsx', 'dane/uczestnicy (2).xlsx', 'dane/~$uczestnicy.xlsx', 'dane/.~lock.uczestnicy.xlsx#', 'dane/.ukryty.xlsx',
  'dane/obecnosci/lista1.xlsx', 'dane/obecnosci/lista2.xlsx', 'dane/obecnosci/lista [12].xlsx', 'dane/obecnosci/lista10.csv',
  'dane/obecnosci/2021/styczen.xlsx', 'dane/obecnosci/2021/luty.XLSX', 'dane/obecnosci/2022/q1/marzec.xlsx', 'dane/obecnosci/.stare/x.xlsx',
  'dane/obecnosci/folder.xlsx/w-srodku.xlsx', 'inne/a{b,c}.xlsx', 'inne/ż ółć.xlsx', 'inne/+plus(1).xlsx',
];

const PATTERNS = [
  'dane/*.xlsx', 'dane/obecnosci/*.xlsx', 'dane/obecnosci/lista?.xlsx', 'dane/obecnosci/lista*.*', 'dane/**/*.xlsx', 'dane/**/*', 'dane/**',
  '**/*.xlsx', 'dane/obecnosci/**/*.xlsx', 'dane/obecnosci/*/*.xlsx', 'dane/*/lista?.xlsx', 'dane/obecnosci/*/q?/*.xlsx', '*/*.xlsx',
  'inne/a{b,c}.xlsx', 'inne/*{b,c}*', 'inne/ż*.xlsx', 'inne/+plus(*).xlsx', 'dane/obecnosci/lista [12]*.xlsx', 'dane/brak/*.xlsx',
  'projekt/../dane/*.xlsx', 'dane/obecnosci/**/styczen.xlsx', 'dane/obecnosci/20??/*.xlsx', 'link/*.xlsx', 'link/**/*.xlsx', 'dane/.*.xlsx',
];

let root: string;

/** What the definition's pattern matched before: tinyglobby over the glob with the literal characters escaped. */
async function globbed(pattern: string): Promise<string[]> {
  const g = pattern.split(/([*?]+)/).map((part, i) => (i % 2 === 1 ? part : escapePath(part))).join('');
  return (await glob(g, { cwd: root, absolute: true, onlyFiles: true })).sort();
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pal-patterns-'));
  for (const f of FILES) {
    await mkdir(path.dirname(path.join(root, f)), { recursive: true });
    await writeFile(path.join(root, f), f);
  }
  await mkdir(path.join(root, 'projekt'));
  await symlink(path.join(root, 'dane/obecnosci'), path.join(root, 'link'));
});

describe('patterns matched over the platform', () => {
  it.each(PATTERNS)('%s: the same files in the same order as the glob gave', async (pattern) => {
    expect(await matchFiles(disk.inputs, path.resolve(root, pattern))).toEqual(await globbed(pattern));
  });

  it('match the same in memory as on disk (the offline page lists a chosen folder)', async () => {
    const memory = await inMemory({ cwd: '/p', files: Object.fromEntries(FILES.map((f) => [f, f])) });
    for (const pattern of PATTERNS.filter((p) => !p.startsWith('link'))) {
      // the memory platform has no symbolic links
      const onDisk = (await matchFiles(disk.inputs, path.resolve(root, pattern))).map((f) => path.relative(root, f)).filter((f) => !f.startsWith('link/'));
      const inMem = (await matchFiles(memory.inputs, memory.inputs.resolve(pattern))).map((f) => path.posix.relative('/p', f));
      expect(inMem, pattern).toEqual(onDisk);
    }
  });
});
