/**
 * Running the demo project as another program saved it, and what a user compares: the issues by
 * place and the indicators (test/ingest/writers.test.ts on committed files, test/clients/writers.test.ts
 * on files LibreOffice converts during the run).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const DEMO = path.join(ROOT, 'fixtures', 'klobuck');
export const DEMO_WORKBOOKS = ['uczestnicy', 'obecnosci/akademia-lidera', 'obecnosci/imprezy', 'obecnosci/prozatrudnieniowe', 'obecnosci/srodowiskowe', 'obecnosci/wolontariat'];

export async function run(args: string[]) {
  const io = memoryIO(process.cwd());
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

/**
 * A copy of the demo project whose workbooks are the ones in `from` (named like the demo's,
 * basename only) with extension `ext`; the definition's paths follow the extension.
 */
export async function demoSavedAs(from: string, ext: 'xlsx' | 'ods'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `pal-writers-${ext}-`));
  await cp(DEMO, dir, { recursive: true });
  for (const w of DEMO_WORKBOOKS) {
    await rm(path.join(dir, 'dane', `${w}.xlsx`));
    await cp(path.join(from, `${path.basename(w)}.${ext}`), path.join(dir, 'dane', `${w}.${ext}`));
  }
  const definition = await readFile(path.join(dir, 'pal-report.yaml'), 'utf8');
  await writeFile(path.join(dir, 'pal-report.yaml'), definition.replaceAll('.xlsx', `.${ext}`));
  return dir;
}

/**
 * The data day that makes the demo's data wrong in every file (whatever happened after it is an
 * error: thousands of cells in participants and in both layouts of attendance lists), so that
 * "the same issues at the same cells" compares places, not an empty list.
 */
export const DEMO_MID = '2022-06-30';

/** What `validate --format json` says, by place: file without extension, sheet, cell, code, severity. */
export async function issuesAt(dir: string, asOf: string): Promise<string[]> {
  const r = await run(['validate', '--project', dir, '--format', 'json', '--as-of', asOf, '--max-issues', '100000']);
  expect(r.err).toBe('');
  const json = JSON.parse(r.out) as { issues: { file: string; sheet: string | null; row: number | null; column: string | null; code: string; severity: string }[] };
  return json.issues.map((i) => [i.file.replace(/\.(xlsx|ods|csv)$/, ''), i.sheet ?? '', `${i.column ?? ''}${i.row ?? ''}`, i.code, i.severity].join(' '));
}

export async function indicatorsOf(dir: string): Promise<unknown> {
  const r = await run(['indicators', '--project', dir, '--period', 'all', '--format', 'json', '--as-of', '2023-03-31']);
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
}

