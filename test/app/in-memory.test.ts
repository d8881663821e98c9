/**
 * The use cases on a platform without Node (the offline page's case): the demo project held in
 * memory gives the same issues, values and report bytes as on disk, and `submit` records its
 * snapshot in memory; nothing on disk is touched.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  computeIndicators, DEFAULT_LIMITS, listCorrections, listPeriods, progressReport, submitPeriod, validateProject, writeReportFiles,
} from '../../src/app/index.js';
import { nodePlatform } from '../../src/node/index.js';
import { inMemory } from '../helpers/platform.js';

const DEMO = path.resolve(import.meta.dirname, '../../fixtures/klobuck');

function demoFiles(dir = DEMO, under = 'klobuck'): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) Object.assign(out, demoFiles(p, `${under}/${name}`));
    else out[`${under}/${name}`] = new Uint8Array(readFileSync(p));
  }
  return out;
}

const options = { project: 'klobuck', asOf: '2023-01-31', strict: false, limits: DEFAULT_LIMITS } as const;
const generatedAt = new Date('2023-02-01T00:00:00Z');

describe('the use cases in memory', () => {
  it('validate, indicators and a progress report: the same as on disk', async () => {
    const memory = await inMemory({ files: demoFiles() });
    const disk = nodePlatform({ cwd: path.dirname(DEMO) });
    const [v, vd] = [await validateProject(options, memory), await validateProject(options, disk)];
    expect(v.check.issues.length).toBeGreaterThan(0);
    expect(v).toEqual(vd);
    const i = await computeIndicators({ ...options, period: 'all', allowErrors: true }, memory);
    expect(i).toEqual(await computeIndicators({ ...options, period: 'all', allowErrors: true }, disk));
    expect((await listPeriods({ project: 'klobuck' }, memory)).periods.length).toBeGreaterThan(0);

    const r = await progressReport({ ...options, period: '2022-Q2', allowErrors: true, generatedAt }, memory);
    expect(r.report).toBeDefined();
    const written = await writeReportFiles(r.report!, ['json', 'xlsx'], 'raporty', memory);
    expect(written.map((f) => path.posix.basename(f))).toEqual(['raport-okresowy-2022-Q2.json', 'raport-okresowy-2022-Q2.xlsx']);
    expect(memory.text('raporty/raport-okresowy-2022-Q2.json')).toContain('"fileBase": "raport-okresowy-2022-Q2"');
    expect(memory.file('raporty/raport-okresowy-2022-Q2.xlsx')?.length).toBeGreaterThan(10_000);
  });

  it('submit records the period in memory, and corrections read it back', async () => {
    const memory = await inMemory({ files: demoFiles() });
    const told: string[] = [];
    const s = await submitPeriod({ ...options, period: '2022-Q3', allowErrors: true, submittedAt: generatedAt, onKeyCreated: (f) => told.push(f) }, memory);
    expect(s.outcome).toBe('ok');
    expect(s.file).toBe('zlozone/2022-Q3.json');
    expect(JSON.parse(memory.text('klobuck/zlozone/2022-Q3.json') ?? '{}').period.id).toBe('2022-Q3');
    const c = await listCorrections(options, memory);
    expect(c.snapshots).toBe(2);
    expect(c.outcome).toBe('ok');
  });
});
