/**
 * The docs travel with the repository: what the code cites (`SPEC §N`, `DOMAIN.md §N`) is a
 * heading of the project's own docs, and nothing points outside the repository.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p, ext) : ext.test(name) ? [p] : [];
  });
}

/** The section numbers of a Markdown file's numbered headings: `## 4.` → 4, `### 4.4 …` → 4.4. */
function sections(doc: string): Set<string> {
  const out = new Set<string>();
  for (const m of readFileSync(path.join(ROOT, 'docs', doc), 'utf8').matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)) out.add(m[1] as string);
  return out;
}

function citations(pattern: RegExp): { file: string; section: string }[] {
  return files(path.join(ROOT, 'src'), /\.ts$/).flatMap((f) =>
    [...readFileSync(f, 'utf8').matchAll(pattern)].map((m) => ({ file: path.relative(ROOT, f), section: m[1] as string })));
}

describe('docs', () => {
  it('every "SPEC §N" cited in src is a numbered heading of docs/SPEC.md', () => {
    const known = sections('SPEC.md');
    const cited = citations(/SPEC §(\d+(?:\.\d+)?)/g);
    expect(cited.length).toBeGreaterThan(50);
    expect(cited.filter((c) => !known.has(c.section))).toEqual([]);
  });

  it('every "DOMAIN.md §N" cited in src is a numbered heading of docs/DOMAIN.md', () => {
    const known = sections('DOMAIN.md');
    expect(citations(/DOMAIN\.md §(\d+(?:\.\d+)?)/g).filter((c) => !known.has(c.section))).toEqual([]);
  });

  it('the README, the docs and the code point at nothing outside the repository', () => {
    const texts = [path.join(ROOT, 'README.md'), ...files(path.join(ROOT, 'docs'), /\.md$/), ...files(path.join(ROOT, 'src'), /\.ts$/)];
    const outside = texts.filter((f) => /\.\.\/shared\b/.test(readFileSync(f, 'utf8'))).map((f) => path.relative(ROOT, f));
    expect(outside).toEqual([]);
  });
});
