/**
 * Outputs that cannot be written, said in words (SPEC §1: exit 2, one line): a directory that is
 * a file, no permission, a full or read-only disk, a file open in another program — for every
 * output (reports, annotated copies, snapshots, init), with the path as the user gave it. The
 * system's code (EACCES …) shows only with --debug. Real files where the machine allows it (a
 * path through a regular file); the codes a test cannot cause as root are the file system's
 * answer swapped in.
 */
import { mkdir, mkdtemp, readdir, rename, writeFile } from 'node:fs/promises';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { basePeople, baseRows, DEFINITION, LIST_HEADER } from '../corrections/helpers.js';
import { csvText, participantsProject, PARTICIPANT_TEST_HEADERS } from '../helpers/fixtures.js';

const NO_STACK = /\bat .+:\d+:\d+/;

async function run(args: string[], cwd: string) {
  const io = memoryIO(cwd, { SOURCE_DATE_EPOCH: '1672531200' }, () => new Date('2021-07-01T10:00:00Z'));
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

/** A small valid project in `<tmp>/projekt`; commands run from `<tmp>` so paths can be given relative to it. */
async function workspace(): Promise<{ cwd: string; project: string }> {
  const dir = await participantsProject(basePeople(), { 'obecnosci/lista.csv': csvText([LIST_HEADER, ...baseRows()]) }, PARTICIPANT_TEST_HEADERS, DEFINITION);
  const cwd = await mkdtemp(path.join(tmpdir(), 'pal-out-'));
  await rename(dir, path.join(cwd, 'projekt'));
  return { cwd, project: 'projekt' };
}

// vitest runs files with `isolate: false`, so node's own binding is swapped (and put back), as in test/corrections/replace.test.ts
const require = createRequire(import.meta.url);
const fsp = require('node:fs/promises') as Record<string, unknown>;

async function failing<T>(fn: 'writeFile' | 'rename', code: string, where: (file: string) => boolean, step: () => Promise<T>): Promise<T> {
  const original = fsp[fn] as (...args: unknown[]) => Promise<unknown>;
  fsp[fn] = async (...args: unknown[]) => {
    const file = String(fn === 'rename' ? args[1] : args[0]);
    if (where(file)) throw Object.assign(new Error(`${code}: simulated, ${fn} '${file}'`), { code, path: file });
    return original(...args);
  };
  syncBuiltinESMExports();
  try {
    return await step();
  } finally {
    fsp[fn] = original;
    syncBuiltinESMExports();
  }
}

describe('a directory that is a file: named as given', () => {
  it('report --out, validate --annotate, init, and the submissions directory', async () => {
    const { cwd, project } = await workspace();
    await writeFile(path.join(cwd, 'out'), 'to jest plik');
    const cases: [string[], string][] = [
      [['report', 'final', '--project', project, '--out', 'out'], 'out'],
      [['report', 'final', '--project', project, '--out', 'out/raporty/2021'], 'out'],
      [['validate', '--project', project, '--annotate', 'out/kopie'], 'out'],
      [['init', 'out/nowy'], 'out'],
      [['report', 'final', '--project', project, '--out', path.join(cwd, 'out')], path.join(cwd, 'out')],
    ];
    for (const [args, shown] of cases) {
      const r = await run(args, cwd);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toBe(`pal-report: ${shown} jest plikiem, a nie katalogiem — podaj inny katalog albo usuń ten plik\n`);
    }
    // the submissions directory (`submissions:` in the definition) is a file: named relative to the project
    await writeFile(path.join(cwd, project, 'zlozone'), 'to jest plik');
    const s = await run(['submit', '--project', project, '--period', '2021-Q1', '--as-of', '2021-04-15'], cwd);
    expect(s.code).toBe(2);
    expect(s.err).toBe('pal-report: zlozone jest plikiem, a nie katalogiem — podaj inny katalog albo usuń ten plik\n');
    const en = await run(['report', 'final', '--project', project, '--out', 'out', '--lang', 'en'], cwd);
    expect(en.err).toBe('pal-report: out is a file, not a directory — name another directory or remove that file\n');
  });

  it('a report file name taken by a directory', async () => {
    const { cwd, project } = await workspace();
    await mkdir(path.join(cwd, 'out', 'raport-koncowy.pdf'), { recursive: true });
    const r = await run(['report', 'final', '--project', project, '--out', 'out', '--formats', 'pdf'], cwd);
    expect(r.code).toBe(2);
    expect(r.err).toBe('pal-report: out/raport-koncowy.pdf jest katalogiem, a nie plikiem — nie można go zastąpić\n');
  });
});

describe('what the file system answers, in words; the code only with --debug', () => {
  const inOut = (file: string) => file.includes(`${path.sep}out${path.sep}`);
  const cases: { fn: 'writeFile' | 'rename'; code: string; pl: string; en: string }[] = [
    { fn: 'writeFile', code: 'EACCES', pl: 'brak uprawnień do zapisu w out', en: 'no permission to write in out' },
    { fn: 'writeFile', code: 'ENOSPC', pl: 'brak miejsca na dysku — nie zapisano out/raport-koncowy.pdf', en: 'no space left on the disk — out/raport-koncowy.pdf was not written' },
    { fn: 'writeFile', code: 'EROFS', pl: 'out jest na dysku tylko do odczytu — nie można tu nic zapisać', en: 'out is on a read-only disk — nothing can be written there' },
    { fn: 'rename', code: 'EBUSY', pl: 'out/raport-koncowy.pdf jest otwarty w innym programie albo zablokowany — zamknij go (np. w Excelu) i spróbuj ponownie', en: 'out/raport-koncowy.pdf is open in another program or locked — close it (e.g. in Excel) and try again' },
  ];
  for (const c of cases) {
    it(`${c.code} (${c.fn}): a report`, async () => {
      const { cwd, project } = await workspace();
      await mkdir(path.join(cwd, 'out'));
      const args = ['report', 'final', '--project', project, '--out', 'out', '--formats', 'pdf'];
      const r = await failing(c.fn, c.code, inOut, () => run(args, cwd));
      expect(r.code).toBe(2);
      expect(r.err).toBe(`pal-report: ${c.pl}\n`);
      expect(r.err).not.toContain(c.code);
      const en = await failing(c.fn, c.code, inOut, () => run([...args, '--lang', 'en'], cwd));
      expect(en.err).toBe(`pal-report: ${c.en}\n`);
      const debug = await failing(c.fn, c.code, inOut, () => run([...args, '--debug'], cwd));
      expect(debug.err).toBe(`pal-report: ${c.pl} (${c.code})\n`);
      expect(debug.err).not.toMatch(NO_STACK);
      // nothing half-written is left
      expect(await readdir(path.join(cwd, 'out'))).toEqual([]);
    });
  }

  it('every output: annotated copies, snapshots, init', async () => {
    const { cwd, project } = await workspace();
    const denied = (dir: string) => (file: string) => file.includes(`${path.sep}${dir}${path.sep}`);
    const a = await failing('writeFile', 'EACCES', denied('kopie'), () => run(['validate', '--project', project, '--annotate', 'kopie'], cwd));
    expect(a.code).toBe(2);
    expect(a.err.trim().split('\n').at(-1)).toBe('pal-report: brak uprawnień do zapisu w kopie');
    const s = await failing('writeFile', 'ENOSPC', denied('zlozone'), () => run(['submit', '--project', project, '--period', '2021-Q1', '--as-of', '2021-04-15'], cwd));
    expect(s.code).toBe(2);
    expect(s.err).toMatch(/^pal-report: brak miejsca na dysku — nie zapisano zlozone\/\.gitignore\n$/);
    const i = await failing('writeFile', 'EROFS', denied('nowy'), () => run(['init', 'nowy'], cwd));
    expect(i.code).toBe(2);
    expect(i.err).toBe('pal-report: nowy jest na dysku tylko do odczytu — nie można tu nic zapisać\n');
  });
});
