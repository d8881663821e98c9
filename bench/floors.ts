/**
 * The floors (issue 20): what the machine can do on each input, measured side by side with
 * `pal-report validate` and `indicators --period all` in one run, interleaved (floor, validate,
 * indicators; again; again), medians of RUNS, peak RSS of ours. On a bench data directory
 * (DIR/csv-utf8, DIR/xlsx as bench/generate.ts writes them, DIR/xlsx-inline, DIR/ods):
 * - CSV: DuckDB `read_csv` + a group-by per participant, 2 threads (bench/baseline-duckdb.mjs,
 *   when the dev dependency `@duckdb/node-api` is installed), and a bare csv-parse pass;
 * - XLSX, ODS: `unzip -p FILE PART | wc -c`, inflating the sheet (content.xml); beside it, the
 *   same part inflated by our zip reader and Node's zlib, bytes discarded.
 * Targets: validate ≤ 2.0× DuckDB (CSV), ≤ 3.0× unzip (XLSX, ODS); indicators ≤ 1.2× validate;
 * peak ≤ 400 MB. `tsx bench/floors.ts DIR [RUNS]` alone; `npm run bench` runs it at both sizes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ZipFile } from '../src/formats/zip.js';
import { nodeCodec } from '../src/node/codec.js';
import { openFile } from '../src/node/files.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.join(HERE, '..', 'bin', 'pal-report.js');
const RSS = path.join(HERE, 'rss.cjs');

export interface FloorRow {
  input: string;
  step: string;
  seconds: number;
  /** Ours only. */
  peakRssMb?: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** One step, run once: its wall time in seconds and (for a node process) its peak RSS in MB. */
type Step = () => Promise<{ seconds: number; peakRssMb?: number }>;

function processStep(cmd: string, args: string[], rss = false): Step {
  return async () => {
    const rssFile = path.join(tmpdir(), `pal-floor-rss-${process.pid}`);
    const env = rss ? { ...process.env, NODE_OPTIONS: `--require ${RSS}`, PAL_BENCH_RSS_FILE: rssFile } : process.env;
    const started = performance.now();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26, env });
    const seconds = (performance.now() - started) / 1000;
    // validate exits 1 on data errors: only a failure to run at all spoils the row
    if (r.status === null || r.status > 1) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr?.toString().trim() || `exit ${r.status}`}`);
    if (!rss || !existsSync(rssFile)) return { seconds };
    const peakRssMb = Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024);
    rmSync(rssFile);
    return { seconds, peakRssMb };
  };
}

function inflateStep(file: string, part: string): Step {
  return async () => {
    const started = performance.now();
    const source = await openFile(file);
    try {
      const zip = await ZipFile.open(source, nodeCodec);
      for await (const chunk of await zip.stream(part)) void chunk;
    } finally {
      await source.close();
    }
    return { seconds: (performance.now() - started) / 1000 };
  };
}

/** Whether `node SCRIPT FILE` runs: the DuckDB baseline exits 3 when `@duckdb/node-api` is not installed. */
function available(script: string, file: string): boolean {
  return spawnSync(process.execPath, [script, file], { stdio: 'ignore' }).status === 0;
}

/** The steps, each once per round, `runs` rounds: every step's median and highest peak. */
async function sideBySide(input: string, steps: [string, Step][], runs: number): Promise<FloorRow[]> {
  const times = steps.map(() => [] as number[]);
  const peaks = steps.map(() => 0);
  for (let r = 0; r < runs; r++) {
    for (const [i, [, step]] of steps.entries()) {
      const m = await step();
      times[i]?.push(m.seconds);
      if (m.peakRssMb !== undefined) peaks[i] = Math.max(peaks[i] ?? 0, m.peakRssMb);
    }
  }
  return steps.map(([name], i) => {
    const row: FloorRow = { input, step: name, seconds: median(times[i] ?? []) };
    if (peaks[i]) row.peakRssMb = peaks[i];
    process.stderr.write(`${input.padEnd(12)} ${name.padEnd(46)} ${row.seconds.toFixed(2).padStart(7)} s${row.peakRssMb ? `, ${row.peakRssMb} MB` : ''}\n`);
    return row;
  });
}

export const VALIDATE = 'pal-report validate';
export const INDICATORS = 'pal-report indicators --period all';

export async function floors(dir: string, runs = 3): Promise<FloorRow[]> {
  const rows: FloorRow[] = [];
  const ours = (project: string): [string, Step][] => [
    [VALIDATE, processStep(process.execPath, [BIN, 'validate', '--project', project, '--quiet', '--as-of', '2026-01-01', '--max-issues', '10', '--max-input-mb', '100000'], true)],
    [INDICATORS, processStep(process.execPath, [BIN, 'indicators', '--project', project, '--period', 'all', '--format', 'json', '--as-of', '2026-01-01', '--max-input-mb', '100000'], true)],
  ];
  const csv = path.join(dir, 'csv-utf8');
  if (existsSync(csv)) {
    const file = path.join(csv, 'obecnosci.csv');
    const node = (script: string) => processStep(process.execPath, [path.join(HERE, script), file]);
    const duck: [string, Step][] = available(path.join(HERE, 'baseline-duckdb.mjs'), file) ? [['DuckDB read_csv + group-by (process)', node('baseline-duckdb.mjs')]] : [];
    if (duck.length === 0) process.stderr.write('DuckDB: @duckdb/node-api is not installed (npm install), no DuckDB row\n');
    rows.push(...await sideBySide('csv-utf8', [...duck, ['csv-parse, bare pass (process)', node('baseline-csv.mjs')], ...ours(csv)], runs));
  }
  for (const [input, file, part] of [
    ['xlsx', 'obecnosci.xlsx', 'xl/worksheets/sheet1.xml'],
    ['xlsx-inline', 'obecnosci.xlsx', 'xl/worksheets/sheet1.xml'],
    ['ods', 'obecnosci.ods', 'content.xml'],
  ] as const) {
    const project = path.join(dir, input);
    const full = path.join(project, file);
    if (!existsSync(full)) continue;
    rows.push(...await sideBySide(input, [
      [`unzip -p ${part} | wc -c`, processStep('bash', ['-c', 'unzip -p "$0" "$1" | wc -c', full, part])],
      [`inflate ${part} (own zip + zlib)`, inflateStep(full, part)],
      ...ours(project),
    ], runs));
  }
  return rows;
}

export interface FloorRatio {
  input: string;
  floor: string;
  validate: number;
  target: number;
  indicators: number;
  peakRssMb: number;
}

/** validate over its floor (unzip for XLSX and ODS, DuckDB, else csv-parse, for CSV), indicators over validate. */
export function ratios(rows: FloorRow[]): FloorRatio[] {
  const out: FloorRatio[] = [];
  for (const input of new Set(rows.map((r) => r.input))) {
    const mine = rows.filter((r) => r.input === input);
    const validate = mine.find((r) => r.step === VALIDATE);
    const indicators = mine.find((r) => r.step === INDICATORS);
    const floor = mine.find((r) => r.step.startsWith('unzip') || r.step.startsWith('DuckDB')) ?? mine.find((r) => r.step.startsWith('csv-parse'));
    if (!validate || !indicators || !floor) continue;
    out.push({
      input, floor: floor.step, validate: validate.seconds / floor.seconds, target: floor.step.startsWith('DuckDB') ? 2 : 3,
      indicators: indicators.seconds / validate.seconds, peakRssMb: Math.max(validate.peakRssMb ?? 0, indicators.peakRssMb ?? 0),
    });
  }
  return out;
}

export function floorLines(rows: FloorRow[]): string {
  const lines = rows.map((r) => `  ${r.input.padEnd(12)} ${r.step.padEnd(46)} ${r.seconds.toFixed(2).padStart(7)} s${r.peakRssMb ? `   peak ${r.peakRssMb} MB` : ''}`);
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const ratioLines = ratios(rows).map((r) => `  ${r.input.padEnd(12)} validate ${r.validate.toFixed(2)}× ${r.floor} (target ≤ ${r.target.toFixed(1)}×: ${met(r.validate <= r.target)}); `
    + `indicators ${r.indicators.toFixed(2)}× validate (≤ 1.2×: ${met(r.indicators <= 1.2)}); peak ${r.peakRssMb} MB (≤ 400: ${met(r.peakRssMb <= 400)})`);
  return `${lines.join('\n')}\n\n${ratioLines.join('\n')}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.resolve(process.argv[2] ?? path.join(HERE, 'data', '100000'));
  process.stdout.write(floorLines(await floors(dir, Number(process.argv[3] ?? 3))));
}
