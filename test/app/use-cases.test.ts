/**
 * The use cases (src/app) as a front end other than the CLI calls them: options and a platform in,
 * data out; nothing printed. The compute data of a run is built once, whatever reads it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const counted = vi.hoisted(() => ({ builds: 0 }));
vi.mock('../../src/indicators/data.js', async (original) => {
  const m = await original<typeof import('../../src/indicators/data.js')>();
  return {
    ...m,
    buildComputeData: (...args: Parameters<typeof m.buildComputeData>) => {
      counted.builds++;
      return m.buildComputeData(...args);
    },
  };
});

// the test files share their workers' modules (vitest.config.ts): the counting module is imported afresh
vi.resetModules();
const { DEFAULT_LIMITS, listCorrections, listPeriods, progressReport, validateProject } = await import('../../src/app/index.js');
const { memoryIO } = await import('../../src/cli/io.js');
const { runCli } = await import('../../src/cli/run.js');
const { nodePlatform } = await import('../../src/node/index.js');

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');
const platform = nodePlatform({ cwd: FIXTURES, now: () => new Date('2026-01-01T12:00:00Z') });
const data = { project: 'klobuck', asOf: '2023-01-31', strict: false, limits: DEFAULT_LIMITS } as const;
const generatedAt = new Date('2023-01-01T00:00:00Z');

afterEach(() => {
  counted.builds = 0;
});

describe('use cases', () => {
  it('a progress report after a submitted period builds the compute data once (the comparison and the figures share it)', async () => {
    const out = vi.spyOn(process.stdout, 'write');
    const err = vi.spyOn(process.stderr, 'write');
    const r = await progressReport({ ...data, period: '2022-Q2', allowErrors: true, generatedAt }, platform);
    expect(r.gate).toBe('allowed');
    // the submitted 2022-Q1 was compared: its corrections are in the report
    expect(r.report?.model.fileBase).toBe('raport-okresowy-2022-Q2');
    expect(JSON.stringify(r.report?.model)).toContain('2022-Q1');
    expect(counted.builds).toBe(1);
    // prints nothing
    expect(out).not.toHaveBeenCalled();
    expect(err).not.toHaveBeenCalled();
    out.mockRestore();
    err.mockRestore();
  });

  it('the corrections build it once too', async () => {
    const c = await listCorrections(data, platform);
    expect(c.snapshots).toBe(1);
    expect(counted.builds).toBe(1);
  });

  it('`report progress` on the command line builds it once', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pal-once-'));
    try {
      const io = memoryIO(FIXTURES, { SOURCE_DATE_EPOCH: '1672531200' });
      const code = await runCli(['report', 'progress', '--project', 'klobuck', '--period', '2022-Q2', '--as-of', '2023-01-31', '--allow-errors', '--formats', 'json', '--out', dir], io);
      expect(code, io.err).toBe(0);
      expect(io.out).toContain('raport-okresowy-2022-Q2.json');
      expect(counted.builds).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('results are plain data a Web Worker can post (structured clone)', async () => {
    const v = await validateProject(data, platform);
    expect(structuredClone(v)).toEqual(v);
    const p = await listPeriods({ project: 'klobuck' }, platform);
    expect(structuredClone(p)).toEqual(p);
    expect(p.periods.map((x) => x.id)).toContain('2022-Q2');
  });
});
