/**
 * The floor rows of issue 20: what each step costs measured alone, beside `validate`, on a
 * bench data directory (`tsx bench/floors.ts DIR [RUNS]`, DIR as bench/generate.ts writes it:
 * DIR/csv-utf8 and DIR/xlsx, plus DIR/xlsx-inline from bench/inline-xlsx.ts and DIR/ods from
 * bench/ods-writer.ts when present). Per input, medians of RUNS (default 3) wall times:
 * - `unzip -p FILE PART | wc -c`, the inflate floor the issue's targets use (XLSX, ODS);
 * - the same part inflated by our own zip reader and Node's zlib, bytes discarded;
 * - whole processes on the CSV: a bare csv-parse pass (bench/baseline-csv.mjs) and, when
 *   `@duckdb/node-api` is installed, DuckDB `read_csv` + a group-by per participant
 *   (bench/baseline-duckdb.mjs);
 * - `pal-report validate --quiet`, and its ratio to the floor.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ZipFile } from '../src/formats/zip.js';
import { nodeCodec } from '../src/node/codec.js';
import { openFile } from '../src/node/files.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.join(HERE, '..', 'bin', 'pal-report.js');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

async function timed(runs: number, f: () => Promise<void> | void): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    times.push((performance.now() - t) / 1000);
  }
  return median(times);
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  // validate exits 1 on data errors: only a failure to run at all spoils the row
  if (r.status === null || r.status > 1) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr?.toString().trim() || `exit ${r.status}`}`);
}

async function inflate(file: string, part: string): Promise<void> {
  const zip = await ZipFile.open(await openFile(file), nodeCodec);
  for await (const chunk of await zip.stream(part)) void chunk;
}

/** Whether `node SCRIPT` runs: the DuckDB baseline exits 3 when `@duckdb/node-api` is not installed. */
function available(script: string, file: string): boolean {
  return spawnSync(process.execPath, [script, file], { stdio: 'ignore' }).status === 0;
}

export interface FloorRow {
  input: string;
  step: string;
  seconds: number;
}

export async function floors(dir: string, runs = 3): Promise<FloorRow[]> {
  const rows: FloorRow[] = [];
  const add = (input: string, step: string, seconds: number) => {
    rows.push({ input, step, seconds });
    process.stderr.write(`${input.padEnd(12)} ${step.padEnd(50)} ${seconds.toFixed(2).padStart(7)} s\n`);
  };
  const validate = (project: string) => timed(runs, () => run(process.execPath, [BIN, 'validate', '--project', project, '--quiet', '--max-input-mb', '100000']));
  const csv = path.join(dir, 'csv-utf8');
  if (existsSync(csv)) {
    const file = path.join(csv, 'obecnosci.csv');
    const node = (script: string) => timed(runs, () => run(process.execPath, [path.join(HERE, script), file]));
    add('csv-utf8', 'csv-parse, bare pass (process)', await node('baseline-csv.mjs'));
    if (available(path.join(HERE, 'baseline-duckdb.mjs'), file)) add('csv-utf8', 'DuckDB read_csv + group-by (process)', await node('baseline-duckdb.mjs'));
    add('csv-utf8', 'pal-report validate', await validate(csv));
  }
  for (const [input, file, part] of [
    ['xlsx', 'obecnosci.xlsx', 'xl/worksheets/sheet1.xml'],
    ['xlsx-inline', 'obecnosci.xlsx', 'xl/worksheets/sheet1.xml'],
    ['ods', 'obecnosci.ods', 'content.xml'],
  ] as const) {
    const project = path.join(dir, input);
    const full = path.join(project, file);
    if (!existsSync(full)) continue;
    add(input, `unzip -p ${part} | wc -c`, await timed(runs, () => run('bash', ['-c', `unzip -p "$0" "$1" | wc -c`, full, part])));
    add(input, `inflate ${part} (own zip + zlib)`, await timed(runs, () => inflate(full, part)));
    add(input, 'pal-report validate', await validate(project));
  }
  return rows;
}

/** validate's time over its floor, per input: unzip for zip formats, DuckDB (else csv-parse) for CSV. */
export function ratios(rows: FloorRow[]): { input: string; floor: string; ratio: number }[] {
  const out: { input: string; floor: string; ratio: number }[] = [];
  for (const input of new Set(rows.map((r) => r.input))) {
    const mine = rows.filter((r) => r.input === input);
    const validate = mine.find((r) => r.step === 'pal-report validate');
    const floor = mine.find((r) => r.step.startsWith('unzip') || r.step.startsWith('DuckDB')) ?? mine.find((r) => r.step.startsWith('csv-parse'));
    if (validate && floor) out.push({ input, floor: floor.step, ratio: validate.seconds / floor.seconds });
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'data', '100000'));
  const rows = await floors(dir, Number(process.argv[3] ?? 3));
  process.stdout.write('\ninput        step                                               seconds\n');
  for (const r of rows) process.stdout.write(`${r.input.padEnd(12)} ${r.step.padEnd(50)} ${r.seconds.toFixed(2).padStart(7)}\n`);
  process.stdout.write('\n');
  for (const r of ratios(rows)) process.stdout.write(`${r.input.padEnd(12)} validate / ${r.floor}: ${r.ratio.toFixed(1)}×\n`);
}
