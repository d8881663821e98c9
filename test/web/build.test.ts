/**
 * `npm run build:web`: one self-contained file, dist/pal-report.html, and nothing else written in
 * dist/; no script, style, font or image from elsewhere; a Content-Security-Policy that forbids
 * every connection; under 6 MB.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PAGE, ROOT } from './browser.js';

const run = promisify(execFile);

/** Every file under dist/ with its modification time. */
function listing(dir = path.join(ROOT, 'dist')): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const p = path.join(dir, f);
    const st = statSync(p);
    if (st.isFile()) out.set(f, st.mtimeMs);
  }
  return out;
}

describe('npm run build:web', () => {
  it('writes dist/pal-report.html and nothing else in dist/', async () => {
    const before = listing();
    await run(process.execPath, [path.join(ROOT, 'scripts/build-web.mjs')], { cwd: ROOT });
    const after = listing();
    const changed = [...after].filter(([f, t]) => before.get(f) !== t).map(([f]) => f);
    expect(changed).toEqual(['pal-report.html']);
  });

  it('is one file: everything inline, a CSP forbidding connections, under 6 MB', () => {
    const html = readFileSync(PAGE, 'utf8');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    const rules = new Map(csp.split(';').map((r) => r.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    expect(rules.get('default-src')).toEqual(["'none'"]);
    expect(rules.get('connect-src')).toEqual(["'none'"]);
    expect(rules.get('worker-src')).toEqual(['blob:']);
    // scripts and styles only by the hashes of the page's own inline text
    expect(rules.get('script-src')?.every((s) => s.startsWith("'sha256-"))).toBe(true);
    expect(rules.get('style-src')?.every((s) => s.startsWith("'sha256-"))).toBe(true);
    // no element loads anything from outside the file
    expect(html.match(/<(script|link|img|iframe|source|audio|video|embed|object)\b[^>]*\b(src|href|data)=/gi) ?? []).toEqual([]);
    expect(html).not.toMatch(/@import|@font-face/);
    expect(statSync(PAGE).size).toBeLessThan(6 * 1024 * 1024);
  });
});
