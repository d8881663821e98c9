/**
 * Only real claim periods are submitted (SPEC §8): a period that starts after --as-of, `all`, and a
 * period overlapping a submitted one are refused with exit 2 and one line, writing nothing; the
 * definition's periods are the normal case, and an ad-hoc period overlapping none is accepted
 * with a warning line.
 */
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvText, participantsProject, PARTICIPANT_TEST_HEADERS } from '../helpers/fixtures.js';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { basePeople, baseRows, DEFINITION, LIST_HEADER, makeCorrectionsProject } from './helpers.js';

/** Run on 30.06.2023, after every claim of these tests. */
async function cli(args: string[]) {
  const io = memoryIO(process.cwd(), {}, () => new Date('2023-06-30T10:00:00Z'));
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

/** Half-year claims declared in the definition. */
const DECLARED = DEFINITION.replace('indicators:', `reporting:
  periods:
    - { id: WNP-1, from: 2021-01-01, to: 2021-06-30 }
    - { id: WNP-2, from: 2021-07-01, to: 2021-12-31 }
indicators:`);

async function declaredProject(): Promise<string> {
  return participantsProject(basePeople(), { 'obecnosci/lista.csv': csvText([LIST_HEADER, ...baseRows()]) }, PARTICIPANT_TEST_HEADERS, DECLARED);
}

const submit = (dir: string, period: string, asOf: string) => cli(['submit', '--project', dir, '--period', period, '--as-of', asOf]);

async function listing(dir: string): Promise<string[]> {
  return (await readdir(path.join(dir, 'zlozone')).catch(() => [] as string[])).sort();
}

describe('submit: only claim periods', () => {
  it('a period that starts after --as-of: exit 2, one line, nothing written', async () => {
    const dir = await makeCorrectionsProject();
    const r = await submit(dir, '2021-Q3', '2021-06-30');
    expect(r.code).toBe(2);
    expect(r.err).toBe('pal-report: okres 2021-Q3 zaczyna się 01.07.2021, po dniu stanu danych (30.06.2021) — nie ma jeszcze czego złożyć; sprawdź --period i --as-of\n');
    expect(r.out).toBe('');
    expect(await listing(dir)).toEqual([]);
  });

  it('--period all: exit 2, one line, nothing written', async () => {
    const dir = await makeCorrectionsProject();
    const r = await submit(dir, 'all', '2023-01-31');
    expect(r.code).toBe(2);
    expect(r.err).toBe('pal-report: okresu „all” (cały projekt) nie składa się we wniosku o płatność — podaj okres wniosku, np. 2022-Q1 (lista: pal-report periods)\n');
    expect(await listing(dir)).toEqual([]);
  });

  it('a period overlapping a submitted one (2021-08 inside WNP-2): exit 2 naming the submitted period, nothing written', async () => {
    const dir = await declaredProject();
    const first = await submit(dir, 'WNP-2', '2022-01-15');
    expect(first.code, first.err).toBe(0);
    // a period of the definition: no warning
    expect(first.err).toBe('');
    const before = await listing(dir);
    for (const [period, days] of [['2021-08', '01.08.2021–31.08.2021'], ['2021-06-01..2021-07-31', '01.06.2021–31.07.2021'], ['2021', '01.01.2021–31.12.2021']]) {
      const r = await submit(dir, period as string, '2022-01-15');
      expect(r.code, period).toBe(2);
      expect(r.err).toBe(`pal-report: okres ${period} (${days}) nakłada się na złożony już okres WNP-2 (01.07.2021–31.12.2021, zlozone/WNP-2.json) — dni jednego wniosku nie rozlicza się drugi raz; podaj okres, który go nie obejmuje\n`);
      expect(await listing(dir)).toEqual(before);
    }
    // the period itself again is the usual "already submitted"
    expect((await submit(dir, 'WNP-2', '2022-01-15')).err).toContain('okres WNP-2 już złożono');
    // the next claim of the definition is the normal case
    const next = await submit(dir, 'WNP-1', '2022-01-15');
    expect(next.code, next.err).toBe(0);
    expect(next.err).toBe('');
  });

  it('an ad-hoc period that overlaps none is accepted, with a warning line', async () => {
    const dir = await declaredProject();
    const r = await submit(dir, '2021-03', '2021-04-15');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('zlozone/2021-03.json\n');
    expect(r.err).toBe('Uwaga: okres 2021-03 (01.03.2021–31.03.2021) nie jest okresem sprawozdawczym z definicji (pal-report periods) — złożono go jako okres doraźny.\n');
    // and it counts as submitted: the declared period around it now overlaps it
    const around = await submit(dir, 'WNP-1', '2021-07-15');
    expect(around.code).toBe(2);
    expect(around.err).toContain('nakłada się na złożony już okres 2021-03 (01.03.2021–31.03.2021, zlozone/2021-03.json)');
  });

  it('"złożono go" is said only when it was submitted: not before a run that stops on data errors', async () => {
    const dir = await declaredProject();
    // a session of 40 hours is an error: the run stops with exit 1 and submits nothing
    await writeFile(path.join(dir, 'obecnosci', 'lista.csv'), csvText([LIST_HEADER, ...baseRows(), ['24.03.2021', 'A1', 'warsztat', 'Inny', 40, 'P2', 'x']]));
    const r = await submit(dir, '2021-03', '2021-04-15');
    expect(r.code).toBe(1);
    expect(r.err).not.toContain('złożono go');
    expect(await listing(dir)).toEqual([]);
  });
});

describe('the submissions lock', () => {
  it('a lock left by a submit killed on this machine: exit 2 at once, naming it; the period is not submitted', async () => {
    const dir = await makeCorrectionsProject();
    await mkdir(path.join(dir, 'zlozone'));
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    await writeFile(path.join(dir, 'zlozone', '.lock'), `${dead} ${hostname()} 2021-04-20T08:00:00.000Z\n`);
    const r = await submit(dir, '2021-Q1', '2021-04-15');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n').at(-1)).toBe(`pal-report: zlozone/.lock został po przerwanym poleceniu submit (proces ${dead} już nie działa) — sprawdź migawki w tym katalogu, usuń ten plik i spróbuj ponownie`);
    expect(await listing(dir)).not.toContain('2021-Q1.json');
    expect((await listing(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('the left lock is said before the data is read: nothing is written, not even .gitignore', async () => {
    const dir = await makeCorrectionsProject();
    await mkdir(path.join(dir, 'zlozone'));
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    await writeFile(path.join(dir, 'zlozone', '.lock'), `${dead} ${hostname()} 2021-04-20T08:00:00.000Z\n`);
    // were the data read, the missing participants file would be the one line
    await rm(path.join(dir, 'uczestnicy.xlsx'));
    const r = await submit(dir, '2021-Q1', '2021-04-15');
    expect(r.code).toBe(2);
    expect(r.err).toBe(`pal-report: zlozone/.lock został po przerwanym poleceniu submit (proces ${dead} już nie działa) — sprawdź migawki w tym katalogu, usuń ten plik i spróbuj ponownie\n`);
    expect(await listing(dir)).toEqual(['.lock']);
  });
});
