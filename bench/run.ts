/**
 * `npm run bench [-- --rows N --participants M --runs R]`: generates seeded data, then times
 * whole processes side by side — the bare csv-parse and exceljs streaming baselines and
 * `pal-report validate` / `indicators --period all` / `report final` (XLSX + PDF) — as
 * wall-time medians with peak RSS, at N rows and at N/10 rows (cost per row must stay flat).
 * Prints a table, the report's cost against validate's (targets: at most 2× the time, at most
 * 400 MB), and writes bench/results.json. `corrections` is timed over one submitted period
 * (2022-Q2, submitted unmeasured just before) against `indicators --period all` (target: ≤ 2×).
 * `report final` is also measured on an XLSX where every row is its own session (200,000 rows
 * by default, `--session-rows`), the shape that makes the audit trail longest (target: ≤ 400 MB);
 * `--sessions-only` measures just that case. Then the floors (bench/floors.ts, issue 20): DuckDB
 * and csv-parse on the CSV, `unzip -p | wc -c` on the XLSX (shared and inline strings) and ODS,
 * side by side with validate and indicators, with the ratios against their targets, at both
 * sizes, and how validate's time grows from N/10 to N rows on each input; `--floors-only`
 * measures just those.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { floorLines, floors, VALIDATE, type FloorRow } from './floors.js';
import { generateBenchData, generateSessionBenchData, type BenchFiles } from './generate.js';
import { writeInlineXlsx } from './inline-xlsx.js';
import { writeBenchOds } from './ods-writer.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const BIN = path.join(ROOT, 'bin', 'pal-report.js');
const RSS = path.join(HERE, 'rss.cjs');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

interface Measurement {
  name: string;
  input: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
  exitCode: number;
}

function measure(name: string, input: string, rows: number, args: string[], runs: number): Measurement {
  const times: number[] = [];
  let rss = 0;
  let exitCode = 0;
  const rssFile = path.join(tmpdir(), `pal-bench-rss-${process.pid}`);
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, {
      env: { ...process.env, NODE_OPTIONS: `--require ${RSS}`, PAL_BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 1 << 26,
    });
    times.push(Number(process.hrtime.bigint() - started) / 1e9);
    exitCode = r.status ?? -1;
    if (exitCode !== 0 && exitCode !== 1) process.stderr.write(`${name}: exit ${exitCode}\n${r.stderr?.toString().slice(0, 2000)}\n`);
    if (existsSync(rssFile)) {
      rss = Math.max(rss, Number(readFileSync(rssFile, 'utf8')) / 1024);
      rmSync(rssFile);
    }
  }
  times.sort((a, b) => a - b);
  const seconds = times[Math.floor(times.length / 2)] ?? NaN;
  return { name, input, rows, seconds, rowsPerSecond: rows / seconds, peakRssMb: Math.round(rss), exitCode };
}

/**
 * The ODS input: LibreOffice pads every row to column XFD, so its content.xml is about 1 KB a
 * row and a million rows need a higher --max-input-mb than the default 256 MB.
 */
const ODS_LIMIT = ['--max-input-mb', '4096'];

/** The input where every attendance row is its own session (individual consultations). */
const SESSIONS_INPUT = 'XLSX, 1 session a row';
const INDIVIDUAL_INPUT = 'XLSX, individual form';

function suite(data: BenchFiles, ods: string, runs: number): Measurement[] {
  const n = data.rows;
  const out: Measurement[] = [];
  const reports = path.join(tmpdir(), `pal-bench-out-${process.pid}`);
  const ours = (project: string) => [
    ['validate', [BIN, 'validate', '--project', project, '--quiet', '--as-of', '2026-01-01', '--max-issues', '10']],
    ['indicators --period all', [BIN, 'indicators', '--project', project, '--period', 'all', '--format', 'json', '--as-of', '2026-01-01']],
    ['report final', [BIN, 'report', 'final', '--project', project, '--out', reports, '--quiet', '--as-of', '2026-01-01']],
  ] as const;
  out.push(measure('csv-parse (baseline)', 'CSV UTF-8', n, [path.join(HERE, 'baseline-csv.mjs'), data.files.csvUtf8, 'utf-8'], runs));
  for (const [name, args] of ours(data.projects.csvUtf8)) out.push(measure(`pal-report ${name}`, 'CSV UTF-8', n, [...args], runs));
  out.push(measure('csv-parse (baseline)', 'CSV Windows-1250', n, [path.join(HERE, 'baseline-csv.mjs'), data.files.csvCp1250, 'windows-1250'], runs));
  for (const [name, args] of ours(data.projects.csvCp1250)) out.push(measure(`pal-report ${name}`, 'CSV Windows-1250', n, [...args], runs));
  out.push(measure('exceljs stream (baseline)', 'XLSX', n, [path.join(HERE, 'baseline-exceljs.mjs'), data.files.xlsx], runs));
  for (const [name, args] of ours(data.projects.xlsx)) out.push(measure(`pal-report ${name}`, 'XLSX', n, [...args], runs));
  for (const [name, args] of ours(ods)) out.push(measure(`pal-report ${name}`, 'ODS', n, [...args, ...ODS_LIMIT], runs));
  rmSync(reports, { recursive: true, force: true });
  for (const [input, project] of [['CSV UTF-8', data.projects.csvUtf8], ['CSV Windows-1250', data.projects.csvCp1250], ['XLSX', data.projects.xlsx]] as const) {
    out.push(correctionsRun(input, project, n, runs));
  }
  return out;
}

/** `corrections` over one submitted period: submitted first (not measured), the snapshots removed after. */
function correctionsRun(input: string, project: string, rows: number, runs: number): Measurement {
  const submissions = path.join(project, 'zlozone');
  rmSync(submissions, { recursive: true, force: true });
  const submit = spawnSync(process.execPath, [BIN, 'submit', '--project', project, '--period', '2022-Q2', '--as-of', '2026-01-01', '--quiet', '--generated-at', '2022-07-15T10:00:00Z'], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (submit.status !== 0) process.stderr.write(`submit: exit ${submit.status}\n${submit.stderr?.toString().slice(0, 2000)}\n`);
  const m = measure('pal-report corrections (1 period)', input, rows, [BIN, 'corrections', '--project', project, '--format', 'json', '--as-of', '2026-01-01'], runs);
  rmSync(submissions, { recursive: true, force: true });
  return m;
}

/** One command against another on the same input and rows: time ratio and the first one's peak RSS. */
function costAgainst(results: Measurement[], rows: number, name: string, base: string): { input: string; ratio: number; peakRssMb: number }[] {
  const at = (n: string, input: string) => results.find((m) => m.rows === rows && m.input === input && m.name === `pal-report ${n}`);
  return [...new Set(results.map((m) => m.input))].flatMap((input) => {
    const m = at(name, input);
    const against = at(base, input);
    return m && against ? [{ input, ratio: m.seconds / against.seconds, peakRssMb: m.peakRssMb }] : [];
  });
}

/** Each command on the ODS input against the same command on the XLSX input with the same rows. */
function odsAgainstXlsx(results: Measurement[], rows: number): { name: string; ratio: number; peakRssMb: number }[] {
  return results.filter((m) => m.rows === rows && m.input === 'ODS').flatMap((ods) => {
    const xlsx = results.find((m) => m.rows === rows && m.input === 'XLSX' && m.name === ods.name);
    return xlsx ? [{ name: ods.name, ratio: ods.seconds / xlsx.seconds, peakRssMb: ods.peakRssMb }] : [];
  });
}

function ratioTo(m: Measurement, all: Measurement[]): number | null {
  const base = all.find((x) => x.input === m.input && x.rows === m.rows && x.name.includes('baseline'));
  return base && !m.name.includes('baseline') ? m.seconds / base.seconds : null;
}

function table(results: Measurement[]): string {
  const head = ['rows', 'input', 'process', 'median s', 'rows/s', 'peak RSS MB', '× baseline'];
  const lines = results.map((m) => [
    m.rows.toLocaleString('en-US'), m.input, m.name, m.seconds.toFixed(2), Math.round(m.rowsPerSecond).toLocaleString('en-US'),
    String(m.peakRssMb), ratioTo(m, results)?.toFixed(2) ?? '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [fmt(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join('\n');
}

/** `validate` and `report final` on the input with one session a row, and `report final` with the form individual. */
async function sessionSuite(dataRoot: string, rows: number, participants: number, runs: number): Promise<Measurement[]> {
  process.stderr.write(`generating ${rows.toLocaleString('en-US')} rows, one session each…\n`);
  const sessions = await generateSessionBenchData(dataRoot, rows, participants);
  const out = path.join(tmpdir(), `pal-bench-sessions-${process.pid}`);
  const measured = [
    measure('pal-report validate', SESSIONS_INPUT, rows, [BIN, 'validate', '--project', sessions.project, '--quiet', '--as-of', '2026-01-01', '--max-issues', '10'], runs),
    measure('pal-report report final', SESSIONS_INPUT, rows, [BIN, 'report', 'final', '--project', sessions.project, '--out', out, '--quiet', '--as-of', '2026-01-01'], runs),
    measure('pal-report report final', INDIVIDUAL_INPUT, rows, [BIN, 'report', 'final', '--project', sessions.individual, '--out', out, '--quiet', '--as-of', '2026-01-01'], runs),
  ];
  rmSync(out, { recursive: true, force: true });
  return measured;
}

function sessionLines(rows: number, measured: readonly Measurement[]): string {
  return `report final on ${rows.toLocaleString('en-US')} rows, one session each (target: ≤ 400 MB):\n`
    + measured.map((m) => `  ${m.input.padEnd(22)} ${m.name.padEnd(26)} ${m.seconds.toFixed(2)} s, peak RSS ${m.peakRssMb} MB\n`).join('');
}

/** The floor rows and ratios at both sizes, and validate's growth between them (target: ≤ 11× for 10× the rows). */
function floorReport(byRows: Map<number, FloorRow[]>, small: number, rows: number): string {
  let out = '';
  for (const [n, list] of byRows) out += `floors at ${n.toLocaleString('en-US')} rows (side by side, medians):\n${floorLines(list)}\n`;
  out += `validate's growth ${small.toLocaleString('en-US')} → ${rows.toLocaleString('en-US')} rows (target: ≤ 11×):\n`;
  for (const big of (byRows.get(rows) ?? []).filter((r) => r.step === VALIDATE)) {
    const little = byRows.get(small)?.find((r) => r.step === VALIDATE && r.input === big.input);
    if (little) out += `  ${big.input.padEnd(12)} ${(big.seconds / little.seconds).toFixed(2)}× (${little.seconds.toFixed(2)} s → ${big.seconds.toFixed(2)} s)\n`;
  }
  return out;
}

async function main(): Promise<void> {
  const rows = arg('rows', 1_000_000);
  const participants = arg('participants', 10_000);
  const runs = arg('runs', 3);
  const sessionRows = arg('session-rows', 200_000);
  const dataRoot = path.join(HERE, 'data');
  if (process.argv.includes('--sessions-only')) {
    // just this case, e.g. after a change to the report: bench/results.json is left as it is
    process.stdout.write(sessionLines(sessionRows, await sessionSuite(dataRoot, sessionRows, participants, runs)));
    return;
  }
  const results: Measurement[] = [];
  const floorRows = new Map<number, FloorRow[]>();
  const floorsOnly = process.argv.includes('--floors-only');
  for (const n of [Math.round(rows / 10), rows]) {
    process.stderr.write(`generating ${n.toLocaleString('en-US')} rows…\n`);
    const data = await generateBenchData(dataRoot, n, participants);
    const ods = await writeBenchOds(data);
    await writeInlineXlsx(data.dir);
    process.stderr.write(`measuring (${runs} runs each)…\n`);
    if (!floorsOnly) results.push(...suite(data, ods, runs));
    floorRows.set(n, await floors(data.dir, runs));
  }
  const floorText = floorReport(floorRows, Math.round(rows / 10), rows);
  if (floorsOnly) {
    process.stdout.write(floorText);
    return;
  }
  const perSession = await sessionSuite(dataRoot, sessionRows, participants, runs);
  results.push(...perSession);
  // the report commands on the demo project (target: under 3 s each)
  const demo = path.join(ROOT, 'fixtures', 'klobuck');
  const out = path.join(tmpdir(), `pal-bench-reports-${process.pid}`);
  const reports = [
    measure('pal-report report progress --period 2022-Q2', 'demo project', 0, [BIN, 'report', 'progress', '--period', '2022-Q2', '--project', demo, '--out', out, '--as-of', '2023-06-30'], runs),
    measure('pal-report report final', 'demo project', 0, [BIN, 'report', 'final', '--project', demo, '--out', out, '--as-of', '2023-06-30'], runs),
  ];
  rmSync(out, { recursive: true, force: true });
  const small = Math.round(rows / 10);
  const growth = results.filter((m) => m.rows === rows && m.input !== SESSIONS_INPUT && m.input !== INDIVIDUAL_INPUT && !m.name.includes('baseline')).map((m) => {
    const s = results.find((x) => x.rows === small && x.name === m.name && x.input === m.input);
    return { name: m.name, input: m.input, growth: s ? m.seconds / s.seconds : null };
  });
  const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? '', memoryGb: Math.round(totalmem() / 2 ** 30), platform: `${process.platform} ${process.arch}` };
  const text = table(results);
  process.stdout.write(`${text}\n\ngrowth ${small.toLocaleString('en-US')} → ${rows.toLocaleString('en-US')} rows (time ratio):\n`);
  for (const g of growth) process.stdout.write(`  ${g.input.padEnd(17)} ${g.name.padEnd(34)} ${g.growth?.toFixed(2) ?? '—'}×\n`);
  const cost = costAgainst(results, rows, 'report final', 'validate');
  process.stdout.write(`\nreport final against validate at ${rows.toLocaleString('en-US')} rows (targets: ≤ 2× the time, ≤ 400 MB):\n`);
  for (const c of cost) process.stdout.write(`  ${c.input.padEnd(17)} ${c.ratio.toFixed(2)}× validate, peak RSS ${c.peakRssMb} MB\n`);
  const odsCost = odsAgainstXlsx(results, rows);
  process.stdout.write(`\nODS against XLSX at ${rows.toLocaleString('en-US')} rows (targets: ≤ 1.5× the time, ≤ 400 MB):\n`);
  for (const c of odsCost) process.stdout.write(`  ${c.name.padEnd(34)} ${c.ratio.toFixed(2)}× XLSX, peak RSS ${c.peakRssMb} MB\n`);
  const corrections = costAgainst(results, rows, 'corrections (1 period)', 'indicators --period all');
  process.stdout.write(`\ncorrections (one submitted period) against indicators --period all at ${rows.toLocaleString('en-US')} rows (target: ≤ 2×):\n`);
  for (const c of corrections) process.stdout.write(`  ${c.input.padEnd(17)} ${c.ratio.toFixed(2)}× indicators, peak RSS ${c.peakRssMb} MB\n`);
  process.stdout.write(`\n${sessionLines(sessionRows, perSession)}`);
  process.stdout.write('\nreports on the demo project (XLSX + PDF):\n');
  for (const r of reports) process.stdout.write(`  ${r.name.padEnd(44)} ${r.seconds.toFixed(2)} s, peak RSS ${r.peakRssMb} MB\n`);
  process.stdout.write(`\n${floorText}`);
  process.stdout.write(`\nmachine: ${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GB, Node ${machine.node}\n`);
  const floorsJson = Object.fromEntries(floorRows);
  await writeFile(path.join(HERE, 'results.json'), `${JSON.stringify({ date: new Date().toISOString(), machine, rows, participants, runs, results, growth, reportCost: cost, odsCost, perSession, reports, floors: floorsJson }, null, 2)}\n`);
}

await main();
