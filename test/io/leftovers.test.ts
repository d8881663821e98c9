/**
 * A run killed mid-write (kill -9, a power cut) leaves its temporary files; the next successful
 * run into the same folder removes those that are pal-report's — its own naming pattern, written
 * before that run started, by a process that no longer runs — and nothing else.
 */
import { spawn, spawnSync } from 'node:child_process';
import { watch } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { HOST_LABEL } from '../../src/node/index.js';
import { basePeople, baseRows, DEFINITION, LIST_HEADER, submitQ1 } from '../corrections/helpers.js';
import { csvText, participantsProject, PARTICIPANT_TEST_HEADERS } from '../helpers/fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/pal-report.js');
const OURS = /^\..+\.\d+@[A-Za-z0-9-]+\.[0-9a-z]+\.tmp$/;

/** The id of a process that has ended (a leftover's writer). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  return r.pid as number;
}

/**
 * Files a user keeps beside outputs that merely end in .tmp or look like a temporary (a hidden
 * note named like one, by a process that is gone), one of a run still going (this test's own
 * process), and one of another computer on a shared drive (its process ids mean nothing here).
 */
async function foreign(dir: string): Promise<string[]> {
  const dead = deadPid();
  const names = ['notatki.tmp', '.raport-koncowy.xlsx.tmp', 'raport-koncowy.xlsx.123.abc.tmp', `.raport-koncowy.pdf.${process.pid}@${HOST_LABEL}.abc.tmp`,
    `.moje.notatki.${dead}.a.tmp`, `.moje.notatki.${dead}@${HOST_LABEL}.a.tmp`, `.raport-koncowy.pdf.${dead}@${HOST_LABEL}x.abc.tmp`];
  const old = new Date(Date.now() - 3600_000);
  for (const n of names) {
    await writeFile(path.join(dir, n), 'cudze');
    await utimes(path.join(dir, n), old, old);
  }
  return names;
}

/** A leftover exactly as a killed run leaves one: the pattern, a process that is gone, written an hour ago. */
async function leftover(dir: string, target: string): Promise<string> {
  const name = `.${target}.${deadPid()}@${HOST_LABEL}.${(Date.now() - 3600_000).toString(36)}.tmp`;
  const old = new Date(Date.now() - 3600_000);
  await writeFile(path.join(dir, name), 'pół pliku');
  await utimes(path.join(dir, name), old, old);
  return name;
}

function runBin(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore', env: { ...process.env, SOURCE_DATE_EPOCH: '1672531200' } });
    child.on('exit', (code) => resolve(code ?? -1));
  });
}

/** Starts `report final` and kills it (SIGKILL) the moment its first temporary file appears in `out`. */
function killMidWrite(project: string, out: string): Promise<{ killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'report', 'final', '--project', project, '--out', out, '--as-of', '2023-06-30'], { stdio: 'ignore' });
    const watcher = watch(out, (_event, name) => {
      if (name && OURS.test(name)) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => {
      watcher.close();
      resolve({ killed: signal === 'SIGKILL' });
    });
  });
}

describe('leftover temporary files', () => {
  it('report: a run killed with kill -9 mid-write leaves .tmp files; the next run removes them and keeps everyone else\'s', async () => {
    const project = await mkdtemp(path.join(tmpdir(), 'pal-kill-'));
    await cp(path.join(ROOT, 'fixtures/klobuck'), project, { recursive: true });
    const out = path.join(project, 'raporty');
    await mkdir(out);
    const keep = await foreign(out);
    const { killed } = await killMidWrite(project, out);
    expect(killed).toBe(true);
    const left = (await readdir(out)).filter((n) => OURS.test(n) && !keep.includes(n));
    expect(left.length).toBeGreaterThan(0);
    expect(await runBin(['report', 'final', '--project', project, '--out', out, '--as-of', '2023-06-30'])).toBe(0);
    expect((await readdir(out)).sort()).toEqual([...keep, 'raport-koncowy.pdf', 'raport-koncowy.xlsx'].sort());
  }, 120_000);

  it('annotated copies, snapshots and init: the leftovers go, foreign files stay; a failed run removes nothing', async () => {
    const dir = await participantsProject(basePeople(), { 'obecnosci/lista.csv': csvText([LIST_HEADER, ...baseRows()]) }, PARTICIPANT_TEST_HEADERS, DEFINITION);
    const run = async (args: string[]) => runCli(args, memoryIO(process.cwd(), {}, () => new Date('2021-07-01T10:00:00Z')));

    const copies = path.join(dir, 'kopie');
    await mkdir(copies);
    const keep = await foreign(copies);
    await leftover(copies, 'uczestnicy.sprawdzony.xlsx');
    expect(await run(['validate', '--project', dir, '--annotate', copies])).toBe(0);
    expect((await readdir(copies)).sort()).toEqual([...keep, 'lista.sprawdzony.xlsx', 'uczestnicy.sprawdzony.xlsx'].sort());

    const submissions = path.join(dir, 'zlozone');
    await mkdir(submissions);
    const keptThere = await foreign(submissions);
    const stale = await leftover(submissions, '2021-Q1.json');
    // refused (a period after --as-of): nothing is touched
    expect(await run(['submit', '--project', dir, '--period', '2021-Q3', '--as-of', '2021-04-15'])).toBe(2);
    expect(await readdir(submissions)).toContain(stale);
    expect((await submitQ1(dir)).code).toBe(0);
    expect((await readdir(submissions)).sort()).toEqual([...keptThere, '.gitattributes', '.gitignore', '2021-Q1.json'].sort());

    const fresh = path.join(await mkdtemp(path.join(tmpdir(), 'pal-init-')), 'nowy');
    await mkdir(path.join(fresh, 'dane', 'obecnosci'), { recursive: true });
    await leftover(fresh, 'pal-report.yaml');
    await leftover(path.join(fresh, 'dane'), 'uczestnicy.xlsx');
    const keptInData = await foreign(path.join(fresh, 'dane', 'obecnosci'));
    expect(await run(['init', fresh])).toBe(0);
    expect((await readdir(fresh)).sort()).toEqual(['dane', 'pal-report.yaml']);
    expect((await readdir(path.join(fresh, 'dane'))).sort()).toEqual(['obecnosci', 'uczestnicy.xlsx']);
    expect((await readdir(path.join(fresh, 'dane', 'obecnosci'))).sort()).toEqual([...keptInData, 'obecnosci.xlsx'].sort());
  });
});
