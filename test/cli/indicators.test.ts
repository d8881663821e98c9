/** `pal-report indicators` end to end on the demo project and on small broken projects. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { CSV_COLUMNS } from '../../src/app/index.js';
import { parseDefinition } from '../../src/project/load.js';
import { loadProject } from '../../src/project/load.js';
import { check } from '../../src/validate/check.js';
import { participantsProject, person } from '../helpers/fixtures.js';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { disk } from '../helpers/platform.js';

const DEMO = path.resolve(import.meta.dirname, '../../fixtures/klobuck');
const TEMPLATE = parseDefinition(readFileSync(path.join(DEMO, 'pal-report.yaml'), 'utf8'), 'x').definition;

async function run(args: string[]) {
  const io = memoryIO(process.cwd());
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

describe('indicators --format json on the demo project', () => {
  it('prints the SPEC §4.4 shape for every indicator of the template', async () => {
    const r = await run(['indicators', '--project', DEMO, '--period', '2021-Q3', '--format', 'json', '--as-of', '2023-06-30']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual(['project', 'period', 'asOf', 'indicators']);
    expect(json.project).toBe('RPSL.09.01.01-24-0000/20');
    expect(json.period).toEqual({ id: '2021-Q3', from: '2021-07-01', to: '2021-09-30' });
    expect(json.asOf).toBe('2023-06-30');
    expect(json.indicators.map((i: { id: string }) => i.id)).toEqual(TEMPLATE.indicators.map((i) => i.id));
    for (const v of json.indicators) {
      expect(Object.keys(v)).toEqual(['id', 'name', 'type', 'unit', 'target', 'period', 'cumulative', 'realisation']);
      if (v.unit === 'osoby') {
        expect(Object.keys(v.period)).toEqual(['K', 'M', 'O']);
        expect(v.period.K + v.period.M).toBeLessThanOrEqual(v.period.O);
      } else if (v.unit === '%') {
        expect(Object.keys(v.cumulative)).toEqual(['value', 'numerator', 'denominator', 'pending']);
      } else {
        expect(Object.keys(v.period)).toEqual(['O']);
      }
      if (v.target?.O) expect(v.realisation).toBeCloseTo((v.cumulative.value ?? v.cumulative.O) / v.target.O, 12);
    }
  });
  it('counts what a plain reading of the data gives (WP1: at-risk people who started in the quarter)', async () => {
    const r = await run(['indicators', '--project', DEMO, '--period', '2021-Q3', '--format', 'json']);
    const wp1 = JSON.parse(r.out).indicators.find((i: { id: string }) => i.id === 'WP1');
    const { dataset } = await check(disk, await loadProject(disk.inputs, DEMO), '2026-01-01', false);
    const started = dataset.participants.filter((p) => p.start && p.start >= '2021-07-01' && p.start <= '2021-09-30' && p.otoczenie !== true);
    const upTo = dataset.participants.filter((p) => p.start && p.start <= '2021-09-30' && p.otoczenie !== true);
    expect(wp1.period).toEqual({ K: started.filter((p) => p.sex === 'K').length, M: started.filter((p) => p.sex === 'M').length, O: started.length });
    expect(wp1.cumulative.O).toBe(upTo.length);
    const pr2 = JSON.parse(r.out).indicators.find((i: { id: string }) => i.id === 'PR2');
    const meetings = new Set(dataset.attendance.toArray().filter((a) => a.form === 'spotkanie' && a.date && a.date >= '2021-07-01' && a.date <= '2021-09-30' && (a.mark === 'present' || (a.headcount ?? 0) > 0)).map((a) => `${a.date} ${a.action} ${a.title}`));
    expect(pr2.period.O).toBe(meetings.size);
  });
});

describe('indicators --format csv', () => {
  it('is ; separated UTF-8 with BOM and decimal commas', async () => {
    const r = await run(['indicators', '--project', DEMO, '--period', '2021-Q3', '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.out.startsWith('\uFEFF')).toBe(true);
    const lines = r.out.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(';'));
    expect(lines).toHaveLength(TEMPLATE.indicators.length + 1);
    const es = lines.find((l) => l.startsWith('ES;'));
    expect(es).toMatch(/;0,\d+;/);
    // the template's example targets stay marked, as the table's * does
    const marker = CSV_COLUMNS.indexOf('Cel przykładowy');
    expect(lines.find((l) => l.startsWith('WP1;'))?.split(';')[marker]).toBe('tak');
  });
});

describe('indicators table and gating', () => {
  it('prints an aligned table with Polish percentages', async () => {
    const r = await run(['indicators', '--project', DEMO, '--period', '2021-Q3']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('okres 2021-Q3 (01.07.2021 – 30.09.2021)');
    expect(r.out).toMatch(/ES\s+Efektywność społeczna\s+%\s+34,0%/);
    expect(r.out).toContain('Efektywność zatrudnieniowa:');
    expect(r.out).toContain('* wartość docelowa przykładowa');
  });
  it('stops with exit 1 and the issue list on data errors; --allow-errors computes anyway', async () => {
    const dir = await participantsProject([person(1), person(2, { Płeć: 'Kobieta' })]);
    const stop = await run(['indicators', '--project', dir, '--period', 'all', '--format', 'json']);
    expect(stop.code).toBe(1);
    expect(stop.out).toBe('');
    expect(stop.err).toContain('pesel-sex-mismatch');
    const go = await run(['indicators', '--project', dir, '--period', 'all', '--format', 'json', '--allow-errors']);
    expect(go.code).toBe(0);
    expect(go.err).toContain('dane zawierają błędy');
    expect(JSON.parse(go.out).indicators).toEqual([]);
  });
  it('usage errors: no period, an unknown period, a period outside the project', async () => {
    expect((await run(['indicators', '--project', DEMO])).code).toBe(2);
    const bad = await run(['indicators', '--project', DEMO, '--period', 'Q5']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('nieznany okres „Q5”');
    const outside = await run(['indicators', '--project', DEMO, '--period', '2019']);
    expect(outside.code).toBe(2);
    expect(outside.err).toContain('poza okresem projektu');
  });
  it('checks every option before reading, also on clean data (indicators and report)', async () => {
    for (const command of [['indicators', '--period', '2021-Q3'], ['report', 'final', '--formats', 'json', '--out', path.join(tmpdir(), 'pal-never')]]) {
      const r = await run([...command, '--project', DEMO, '--max-issues', 'abc']);
      expect(r.code).toBe(2);
      expect(r.err).toBe('pal-report: opcja --max-issues wymaga liczby całkowitej ≥ 0, podano „abc”\n');
      expect(r.out).toBe('');
    }
  });
});
