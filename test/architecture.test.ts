/**
 * The layers in the imports: the README's "Dla programistów" lists once what each part of src may
 * import, and the imports are exactly that list (none more, none listed and unused); no loops;
 * a folder is entered only through its index.ts; only src/node and src/cli reach Node.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const SRC = path.join(ROOT, 'src');

/** Part of src a file belongs to: its top folder, or the file itself at the top. */
function partOf(file: string): string {
  const [first] = path.relative(SRC, file).split(path.sep);
  return (first ?? '').replace(/\.ts$/, '');
}

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

interface Edge {
  from: string;
  file: string;
  target: string;
}

/** Every relative import (static, dynamic, re-export) between two parts of src. */
function crossImports(): Edge[] {
  const out: Edge[] = [];
  for (const file of sourceFiles()) {
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)) {
      const target = path.join(path.dirname(file), (m[1] ?? '').replace(/\.js$/, '.ts'));
      if (partOf(file) !== partOf(target)) out.push({ from: partOf(file), file: path.relative(SRC, file), target });
    }
  }
  return out;
}

/** The README's list: one line per part, `part  what it may import` (`-`: nothing). */
function readmeLayers(): Map<string, Set<string>> {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = /```importy\n([\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error('README: no ```importy block');
  const layers = new Map<string, Set<string>>();
  for (const line of block.split('\n').filter((l) => l.trim() !== '')) {
    const [part, ...allowed] = line.trim().split(/\s+/);
    layers.set(part as string, new Set(allowed.filter((a) => a !== '-')));
  }
  return layers;
}

describe('architecture', () => {
  const edges = crossImports();
  const graph = new Map<string, Map<string, string[]>>();
  for (const e of edges) {
    const to = graph.get(e.from) ?? new Map<string, string[]>();
    const b = partOf(e.target);
    to.set(b, [...(to.get(b) ?? []), e.file]);
    graph.set(e.from, to);
  }

  it('no two parts of src import each other, directly or in a loop', () => {
    const cycles: string[] = [];
    const visit = (node: string, trail: string[]) => {
      for (const next of graph.get(node)?.keys() ?? []) {
        if (next === trail[0]) cycles.push([...trail, next].join(' → '));
        else if (!trail.includes(next)) visit(next, [...trail, next]);
      }
    };
    for (const node of graph.keys()) visit(node, [node]);
    expect(cycles).toEqual([]);
  });

  it('each part imports exactly what the README lists for it', () => {
    const layers = readmeLayers();
    const parts = [...new Set(sourceFiles().map(partOf))].sort();
    expect([...layers.keys()].sort(), 'the README lists every part of src, and only those').toEqual(parts);
    const wrong: string[] = [];
    for (const part of parts) {
      const used = graph.get(part) ?? new Map<string, string[]>();
      const allowed = layers.get(part) ?? new Set<string>();
      for (const [target, files] of used) if (!allowed.has(target)) wrong.push(`${part} → ${target} not listed (${[...new Set(files)].join(', ')})`);
      for (const target of allowed) if (!used.has(target)) wrong.push(`${part} → ${target} listed but not imported`);
    }
    expect(wrong).toEqual([]);
  });

  it('a folder is entered only through its index.ts', () => {
    const deep = edges
      .filter((e) => statSync(path.join(SRC, partOf(e.target)), { throwIfNoEntry: false })?.isDirectory())
      .filter((e) => path.relative(SRC, e.target) !== path.join(partOf(e.target), 'index.ts'))
      .map((e) => `${e.file} → ${path.relative(SRC, e.target)}`);
    expect(deep).toEqual([]);
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
