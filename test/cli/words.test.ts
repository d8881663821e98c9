/**
 * What the command line says and where it writes (issue 9): help in one language, --lang before
 * or after the command, paths as the user typed them, init only where told, "today" in Poland,
 * and a report made before the project's end that says the project is still running.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { warsawDay } from '../../src/dates.js';
import { participantsProject, person } from '../helpers/fixtures.js';

const DEMO = path.resolve(import.meta.dirname, '../../fixtures/klobuck');

async function run(args: string[], cwd = process.cwd(), now?: () => Date) {
  const io = memoryIO(cwd, {}, now);
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

const COMMANDS = [[], ['validate'], ['init'], ['indicators'], ['report'], ['periods']];

describe('help', () => {
  it('Polish help has no English headings, placeholders or "[options]"', async () => {
    for (const cmd of COMMANDS) {
      const r = await run([...cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^Użycie: pal-report/);
      expect(r.out, cmd.join(' ')).not.toMatch(/Usage|Options|Commands|Arguments|\[options\]|\[command\]|<dir>|<file|<date>|<period>|display help/);
    }
  });
  it('English help has English placeholders, with --lang before or after the command', async () => {
    for (const cmd of COMMANDS.slice(1)) {
      for (const args of [['--lang', 'en', ...cmd, '--help'], [...cmd, '--help', '--lang', 'en']]) {
        const r = await run(args);
        expect(r.out, args.join(' ')).toMatch(new RegExp(`^Usage: pal-report ${cmd[0]} \\[options\\]`));
        expect(r.out, args.join(' ')).not.toMatch(/Użycie|Opcje|katalog|<plik|<data>|<okres>|<rodzaj>|pokaż/);
      }
    }
    const init = await run(['--lang', 'en', 'init', '--help']);
    expect(init.out).toContain('Usage: pal-report init [options] [dir]');
  });
  it('--lang before the command switches the messages too', async () => {
    const r = await run(['--lang', 'en', 'validate', '--project', '/nonexistent/x']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('/nonexistent/x: project definition not found (give --project or run "pal-report init")\n');
  });
});

describe('paths as the user gave them', () => {
  it('a missing definition, an absolute --out and an absolute --annotate are printed as typed', async () => {
    expect((await run(['validate', '--project', '/nonexistent/x'])).err).toMatch(/^\/nonexistent\/x: nie znaleziono pliku definicji/);
    const dir = await participantsProject([person(1)]);
    const out = await mkdtemp(path.join(tmpdir(), 'pal-out-'));
    const r = await run(['report', 'final', '--project', dir, '--out', out, '--formats', 'json']);
    expect(r.out).toBe(`${path.join(out, 'raport-koncowy.json')}\n`);
    const relative = await run(['report', 'final', '--project', dir, '--out', 'raporty-testowe', '--formats', 'json'], dir);
    expect(relative.out).toBe('raporty-testowe/raport-koncowy.json\n');
    const checked = await run(['validate', '--project', dir, '--annotate', out]);
    expect(checked.err).toContain(`${path.join(out, 'uczestnicy.sprawdzony.xlsx')}`);
  });
});

describe('init writes only where it is told', () => {
  it('--project names the directory; with the argument both must agree', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'pal-init-cwd-'));
    const r = await run(['init', '--project', 'nowy'], cwd);
    expect(r.code).toBe(0);
    expect((await readdir(cwd)).sort()).toEqual(['nowy']);
    expect((await readdir(path.join(cwd, 'nowy'))).sort()).toEqual(['dane', 'pal-report.yaml']);
    expect(r.err).toContain('  nowy/pal-report.yaml');
    expect((await run(['init', 'drugi', '--project', './drugi'], cwd)).code).toBe(0);
    const clash = await run(['init', 'a', '--project', 'b'], cwd);
    expect(clash.code).toBe(2);
    expect(clash.err).toContain('katalog z argumentu (a) i z opcji --project (b) są różne');
    expect((await readdir(cwd)).sort()).toEqual(['drugi', 'nowy']);
  });
});

describe('"today" is a Polish date', () => {
  it('a machine clock in UTC at 23:30 on 31 December is already 1 January in Warsaw', () => {
    expect(warsawDay(new Date('2022-12-31T23:30:00Z'))).toBe('2023-01-01');
    expect(warsawDay(new Date('2022-06-30T22:30:00Z'))).toBe('2022-07-01');
    // a runner in America at 20:00 on 31 March local time: already 1 April in Poland
    expect(warsawDay(new Date('2022-04-01T00:00:00Z'))).toBe('2022-04-01');
    expect(warsawDay(new Date('2022-03-31T21:59:00Z'))).toBe('2022-03-31');
  });
  it('the default --as-of is today in Warsaw; a later --as-of is accepted with a warning line', async () => {
    const dir = await participantsProject([person(1)]);
    const clock = () => new Date('2022-12-31T23:30:00Z');
    const r = await run(['indicators', '--project', dir, '--period', 'all', '--format', 'json'], process.cwd(), clock);
    expect(JSON.parse(r.out).asOf).toBe('2023-01-01');
    expect(r.err).toBe('');
    const later = await run(['validate', '--project', dir, '--as-of', '2023-06-30'], process.cwd(), clock);
    expect(later.code).toBe(0);
    expect(later.err).toBe('Uwaga: dzień stanu danych 30.06.2023 jest późniejszy niż dzisiejsza data (01.01.2023) — dane z przyszłych dni zostaną przyjęte.\n');
  });
});

describe('a report before the project end says the project is still running', () => {
  it('report final with --as-of before the end: progress, never "nie została osiągnięta"', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'pal-running-'));
    // the demo has data after the data day: those rows are left out (--allow-errors)
    const r = await run(['report', 'final', '--project', DEMO, '--as-of', '2022-06-30', '--out', out, '--formats', 'json', '--allow-errors']);
    expect(r.code, r.err).toBe(0);
    const text = await readFile(path.join(out, 'raport-koncowy.json'), 'utf8');
    expect(text).not.toContain('nie została osiągnięta');
    expect(text).not.toContain('nieosiągnięta');
    expect(text).toContain('Projekt w trakcie realizacji (do 31.12.2022)');
    expect(text).toMatch(/zrealizowano \d+,\d% wartości docelowej \(projekt w trakcie realizacji\)/);
    const after = await run(['report', 'final', '--project', DEMO, '--as-of', '2023-06-30', '--out', out, '--formats', 'json']);
    expect(after.code).toBe(0);
    expect(await readFile(path.join(out, 'raport-koncowy.json'), 'utf8')).not.toContain('Projekt w trakcie realizacji');
  });
});
