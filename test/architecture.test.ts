/**
 * The pipeline in the imports: each stage uses only the stages before it (ingest → validate →
 * compute → render), and no two parts of src import each other.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../src');

/** Part of src a file belongs to: its top folder, or the file itself at the top. */
function partOf(file: string): string {
  const [first] = path.relative(SRC, file).split(path.sep);
  return (first ?? '').replace(/\.ts$/, '');
}

function imports(): Map<string, Map<string, string[]>> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = path.join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) files.push(p);
    }
  };
  walk(SRC);
  const edges = new Map<string, Map<string, string[]>>();
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)) {
      const target = path.join(path.dirname(file), (m[1] ?? '').replace(/\.js$/, '.ts'));
      const [a, b] = [partOf(file), partOf(target)];
      if (a === b) continue;
      const to = edges.get(a) ?? new Map<string, string[]>();
      to.set(b, [...(to.get(b) ?? []), path.relative(SRC, file)]);
      edges.set(a, to);
    }
  }
  return edges;
}

describe('architecture', () => {
  const edges = imports();
  it('no two parts of src import each other, directly or in a loop', () => {
    const cycles: string[] = [];
    const visit = (node: string, trail: string[]) => {
      for (const next of edges.get(node)?.keys() ?? []) {
        if (next === trail[0]) cycles.push([...trail, next].join(' → '));
        else if (!trail.includes(next)) visit(next, [...trail, next]);
      }
    };
    for (const node of edges.keys()) visit(node, [node]);
    expect(cycles).toEqual([]);
  });
  it('each stage imports only what comes before it', () => {
    const later: Record<string, string[]> = {
      project: ['ingest', 'validate', 'indicators', 'report', 'cli', 'pipeline'],
      ingest: ['validate', 'indicators', 'report', 'cli', 'pipeline'],
      validate: ['indicators', 'report', 'cli', 'pipeline'],
      indicators: ['report', 'cli'],
      // submitted periods (SPEC §8) compare computed values; the report and the CLI show them
      corrections: ['report', 'cli', 'pipeline'],
      report: ['cli'],
    };
    const wrong: string[] = [];
    for (const [stage, forbidden] of Object.entries(later)) {
      for (const [target, files] of edges.get(stage) ?? []) {
        if (forbidden.includes(target)) wrong.push(`${stage} → ${target} (${files.join(', ')})`);
      }
    }
    expect(wrong).toEqual([]);
  });
  it('the formats read only through the platform seam: no node:* module, nothing of the later stages', () => {
    // src/formats may use the platform's types and the leaf modules; src/platform is types only
    const allowed: Record<string, string[]> = { formats: ['platform', 'dates', 'text'], platform: [] };
    const wrong: string[] = [];
    for (const [part, ok] of Object.entries(allowed)) {
      for (const [target, files] of edges.get(part) ?? []) if (!ok.includes(target)) wrong.push(`${part} → ${target} (${files.join(', ')})`);
      const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(path.join(dir, f)).isDirectory() ? walk(path.join(dir, f)) : [path.join(dir, f)]));
      for (const file of walk(path.join(SRC, part))) {
        if (/from 'node:|import\('node:|\brequire\(/.test(readFileSync(file, 'utf8'))) wrong.push(`${path.relative(SRC, file)} imports node:*`);
      }
    }
    expect(wrong).toEqual([]);
  });
  it('only src/node and src/cli reach Node: no other file imports node:*, a Node-only package or uses `process`', () => {
    // the core runs in a browser too (the offline page): the platform it gets is all it has outside
    const NODE_ONLY = ['tinyglobby', 'fast-glob', 'globby', 'glob', 'chalk', 'commander', 'dejavu-fonts-ttf'];
    const edge = new Set(['node', 'cli', 'index']);
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(path.join(dir, f)).isDirectory() ? walk(path.join(dir, f)) : [path.join(dir, f)]));
    const wrong: string[] = [];
    for (const file of walk(SRC).filter((f) => f.endsWith('.ts') && !edge.has(partOf(f)))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from|import\()\s*'([^'.][^']*)'/g)) {
        const name = m[1] as string;
        if (name.startsWith('node:') || NODE_ONLY.some((n) => name === n || name.startsWith(`${n}/`))) wrong.push(`${path.relative(SRC, file)} imports ${name}`);
      }
      if (/\brequire\(|^[^*/]*\bprocess\./m.test(text)) wrong.push(`${path.relative(SRC, file)} uses require or process`);
    }
    expect(wrong).toEqual([]);
  });
});
