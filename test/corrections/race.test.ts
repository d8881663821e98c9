/**
 * Two people submitting the same period at the same moment (two terminals, a shared drive): real
 * processes of the built CLI started together, many times. Exactly one is told "saved" (exit 0),
 * the other "already submitted" (exit 2), and the file holds the winner's snapshot — no submission
 * is silently lost. The same holds for two `--replace` at once, whose history file is never
 * overwritten, and for the project key both first submissions would create. Each pair is held
 * (test/helpers/race-barrier.cjs) until both have looked at the period's snapshot, so every race
 * is a real one even when a loaded machine starts one process late.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyFingerprint } from '../../src/corrections/keys.js';
import { basePeople, baseRows, DEFINITION, LIST_HEADER, type Person } from './helpers.js';
import { csvText, participantsProject, PARTICIPANT_TEST_HEADERS } from '../helpers/fixtures.js';
import { nodeCrypto } from '../../src/node/index.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/pal-report.js');
const RACES = 20;
/** Each replace race copies a submitted project; fewer of them keep the suite's time (a process starts in ~0.7 s). */
const REPLACE_RACES = 10;

interface Run {
  code: number;
  out: string;
  err: string;
  note: string;
}

const BARRIER = path.resolve(import.meta.dirname, '../helpers/race-barrier.cjs');

/** `submit` of 2021-Q1 as a real process; with `barrier`, it waits at its first look at the snapshot until the other one is there too. */
function submit(dir: string, note: string, extra: string[] = [], barrier?: string): Promise<Run> {
  const args = [BIN, 'submit', '--project', dir, '--period', '2021-Q1', '--as-of', '2021-04-15', '--note', note, ...extra];
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  if (barrier) Object.assign(env, { NODE_OPTIONS: `--require ${BARRIER}`, PAL_BARRIER_FILE: path.join(dir, 'zlozone', '2021-Q1.json'), PAL_BARRIER_DIR: barrier, PAL_BARRIER_PARTIES: '2' });
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env }, (error, out, err) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, out, err, note });
    });
  });
}

/** Two submissions started together, both held until each has looked at the period's snapshot. */
async function race(dir: string, a: [string, string[]], b: [string, string[]]): Promise<Run[]> {
  const barrier = await mkdtemp(path.join(tmpdir(), 'pal-barrier-'));
  const runs = await Promise.all([submit(dir, a[0], a[1], barrier), submit(dir, b[0], b[1], barrier)]);
  await rm(barrier, { recursive: true, force: true });
  return runs;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Persons without an Identyfikator: the first submission also creates the project key. */
async function hashedProject(): Promise<string> {
  const people: Person[] = basePeople().map((p) => ({ ...p, Identyfikator: undefined }));
  const rows = baseRows().map((r) => { const n = Number(String(r[5]).slice(1)); return [...r.slice(0, 5), String(people[n - 1]?.PESEL), r[6]]; });
  return participantsProject(people, { 'obecnosci/lista.csv': csvText([[...LIST_HEADER.slice(0, 5), 'PESEL', 'Obecność'], ...rows]) }, PARTICIPANT_TEST_HEADERS, DEFINITION);
}

/** Lines a run said on stderr. */
const lines = (r: Run) => r.err.trim().split('\n');

/** The snapshot in the file is the winner's, hashed under the key that stays; nothing temporary is left. */
async function expectWinner(dir: string, winner: Run) {
  expect(winner.out).toBe('zlozone/2021-Q1.json\n');
  const snap = JSON.parse(await readFile(path.join(dir, 'zlozone', '2021-Q1.json'), 'utf8')) as { note: string; keyCheck: string };
  expect(snap.note).toBe(winner.note);
  const key = (await readFile(path.join(dir, 'zlozone', '.klucz'), 'utf8')).trim();
  expect(snap.keyCheck).toBe(keyFingerprint(nodeCrypto, key));
  expect((await readdir(path.join(dir, 'zlozone'))).filter((n) => n.endsWith('.tmp') || n.endsWith('.lock'))).toEqual([]);
}

describe('two submissions of one period at the same moment', () => {
  let template: string;
  beforeAll(async () => {
    template = await hashedProject();
  });

  it(`exactly one is saved, the other exits 2 with "already submitted" (${RACES} races of real processes)`, async () => {
    for (let i = 0; i < RACES; i++) {
      const dir = await mkdtemp(path.join(tmpdir(), 'pal-race-'));
      await cp(template, dir, { recursive: true });
      const runs = await race(dir, [`A${i}`, []], [`B${i}`, []]);
      expect(runs.map((r) => r.code).sort(), runs.map((r) => r.err).join('\n')).toEqual([0, 2]);
      const loser = runs.find((r) => r.code === 2) as Run;
      // the loser may have made the project key both use ("Utworzono klucz…"); its verdict is the usual line
      expect(lines(loser).at(-1)).toMatch(/^pal-report: okres 2021-Q1 już złożono \(zlozone\/2021-Q1\.json, \d\d\.\d\d\.\d{4}\); aby zastąpić/);
      await expectWinner(dir, runs.find((r) => r.code === 0) as Run);
      await rm(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it(`two --replace at once: one replaces, the other exits 2; no snapshot is lost and a history file is never overwritten (${REPLACE_RACES} races)`, async () => {
    const base = await mkdtemp(path.join(tmpdir(), 'pal-race-'));
    await cp(template, base, { recursive: true });
    expect((await submit(base, 'pierwsza')).code).toBe(0);
    for (let i = 0; i < REPLACE_RACES; i++) {
      const dir = await mkdtemp(path.join(tmpdir(), 'pal-race-'));
      await cp(base, dir, { recursive: true });
      const file = (name: string) => path.join(dir, 'zlozone', name);
      const first = await readFile(file('2021-Q1.json'));
      const runs = await race(dir, [`A${i}`, ['--replace', '--reason', 'A']], [`B${i}`, ['--replace', '--reason', 'B']]);
      expect(runs.map((r) => r.code).sort(), runs.map((r) => r.err).join('\n')).toEqual([0, 2]);
      const loser = runs.find((r) => r.code === 2) as Run;
      expect(lines(loser)).toEqual([expect.stringMatching(/^pal-report: okres 2021-Q1 został w międzyczasie zastąpiony inną migawką \(zlozone\/2021-Q1\.json, /)]);
      await expectWinner(dir, runs.find((r) => r.code === 0) as Run);
      // the first snapshot is kept under the history name, never overwritten, and only once
      expect(await readFile(file('2021-Q1.1.json'))).toEqual(first);
      expect((await readdir(path.join(dir, 'zlozone'))).filter((n) => n.endsWith('.json')).sort()).toEqual(['2021-Q1.1.json', '2021-Q1.json']);
      const current = JSON.parse(await readFile(file('2021-Q1.json'), 'utf8')) as { replaces: { file: string; sha256: string } };
      expect(current.replaces).toMatchObject({ file: '2021-Q1.1.json', sha256: sha(first) });
      await rm(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
