/**
 * The core's `/` paths (src/platform/path.ts) give what Node's POSIX `path` gives, and the
 * built-in dictionaries embedded in the core are the shipped file, byte for byte.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as p from '../../src/platform/path.js';
import { BUILTIN_DICTIONARIES_YAML } from '../../src/project/builtin-dictionaries.js';

const segment = fc.constantFrom('a', 'b', 'dane', 'x.xlsx', '.', '..', '', 'ż ó', '~$u.xlsx');
const relativePath = fc.array(segment, { minLength: 0, maxLength: 6 }).map((s) => s.join('/'));
const absolutePath = relativePath.map((s) => `/${s}`);

describe('/ paths', () => {
  it('normalize, join, resolve, dirname, basename and relative as path.posix', () => {
    fc.assert(fc.property(absolutePath, relativePath, relativePath, (abs, rel, other) => {
      expect(p.normalize(abs)).toBe(path.posix.normalize(abs).replace(/(.)\/$/, '$1'));
      expect(p.resolve(abs, rel)).toBe(path.posix.resolve(abs, rel));
      expect(p.resolve(abs, `/${other}`)).toBe(path.posix.resolve(abs, `/${other}`));
      if (rel !== '' || other !== '') expect(p.join(rel, other)).toBe(path.posix.join(rel, other).replace(/(.)\/$/, '$1'));
      const r = path.posix.resolve(abs, rel);
      expect(p.dirname(r)).toBe(path.posix.dirname(r));
      expect(p.basename(r)).toBe(path.posix.basename(r));
      const to = path.posix.resolve(abs, other);
      expect(p.relative(r, to)).toBe(path.posix.relative(r, to));
    }), { numRuns: 2000 });
  });

  it('takes a drive letter as a root (Windows paths the Node platform gives with /)', () => {
    expect(p.isAbsolute('C:/dane')).toBe(true);
    expect(p.dirname('C:/dane')).toBe('C:/');
    expect(p.dirname('C:/')).toBe('C:/');
    expect(p.resolve('C:/projekt', '../dane/*.xlsx')).toBe('C:/dane/*.xlsx');
    expect(p.relative('C:/projekt', 'C:/projekt/dane/a.xlsx')).toBe('dane/a.xlsx');
  });
});

describe('built-in dictionaries', () => {
  it('embedded in the core exactly as templates/dictionaries.yaml ships them', () => {
    expect(BUILTIN_DICTIONARIES_YAML).toBe(readFileSync(new URL('../../templates/dictionaries.yaml', import.meta.url), 'utf8'));
  });
});
