/**
 * Report memory at real sizes (issue 17): `report final` on 200,000 attendance rows in XLSX,
 * every row its own session (the longest audit trail), stays within 400 MB peak RSS, measured
 * as `npm run bench` measures it (bench/rss.cjs in the process).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSessionBenchData } from '../../bench/generate.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ROWS = 200_000;
let dir = '';

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Peak RSS in MB of `report final` on a project (both formats written). */
function peakOfReport(project: string, name: string): number {
  const rssFile = path.join(dir, `rss-${name}`);
  const out = path.join(dir, `raporty-${name}`);
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'pal-report.js'), 'report', 'final', '--project', project, '--out', out, '--quiet', '--as-of', '2026-01-01'], {
    env: { ...process.env, NODE_OPTIONS: `--require ${path.join(ROOT, 'bench', 'rss.cjs')}`, PAL_BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  expect(readdirSync(out).sort()).toEqual(['raport-koncowy.pdf', 'raport-koncowy.xlsx']);
  return Number(readFileSync(rssFile, 'utf8')) / 1024;
}

describe('report final on 200,000 sessions', () => {
  it('writes the XLSX and PDF within 400 MB peak RSS, sessions told apart by title or by an individual form', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pal-memory-'));
    const { project, individual } = await generateSessionBenchData(dir, ROWS, 10_000);
    expect(peakOfReport(project, 'titles')).toBeLessThanOrEqual(400);
    expect(peakOfReport(individual, 'individual')).toBeLessThanOrEqual(400);
  }, 300_000);
});
