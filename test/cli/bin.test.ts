/**
 * The built CLI as a user runs it, one real process per command: every static import loads,
 * output and exit codes are what a shell sees, bad input exits 2 without a stack. Everything else
 * calls the commands in-process (runCli with a memory IO).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvText, participantsProject, person, TEST_DEFINITION } from '../helpers/fixtures.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/pal-report.js');

function run(args: string[], cwd = process.cwd()): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: '1672531200' } }, (error, out, err) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, out, err });
    });
  });
}

describe('bin/pal-report.js', () => {
  it('prints its version', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
  it('a corrupt workbook: exit 2, one Polish line naming the file, no stack trace', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pal-bin-'));
    await writeFile(path.join(dir, 'pal-report.yaml'), TEST_DEFINITION);
    await writeFile(path.join(dir, 'uczestnicy.xlsx'), 'PK\u0003\u0004 to nie jest skoroszyt');
    const r = await run(['validate', '--project', dir]);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toMatch(/^uczestnicy\.xlsx: uszkodzony plik: nie da się go rozpakować/);
    expect(r.err).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it('output piped into a reader that stops early (| head): no EPIPE stack trace, the command\'s own exit code', async () => {
    const demo = path.resolve(import.meta.dirname, '../../fixtures/klobuck');
    const r = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'validate', '--project', demo, '--as-of', '2022-06-30', '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
      });
      // what `head -c 10` does: read a little, then close the pipe while the writer has more to say
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (code) => resolve({ code, err }));
    });
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
  });

  it('init writes a project (that validate accepts: test/cli/init.test.ts)', async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'pal-bin-')), 'nowy');
    const r = await run(['init', dir]);
    expect(r.code, r.err).toBe(0);
    expect((await readdir(dir)).sort()).toContain('pal-report.yaml');
  });

  describe('on a small project', () => {
    let dir = '';
    beforeAll(async () => {
      const definition = TEST_DEFINITION.replace('indicators: []', `indicators:
  - { id: W1, name: Osoby objęte wsparciem, type: produkt, unit: osoby, measure: participants, at: start, target: { K: 1, M: 1 } }`);
      dir = await participantsProject([person(1, { 'Data rozpoczęcia udziału w projekcie': '01.03.2021' })], {
        'obecnosci/lista.csv': csvText([
          ['Data', 'Kod działania', 'Forma', 'Zajęcia', 'Liczba godzin', 'Identyfikator', 'Obecność'],
          ['01.03.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P1', 'x'],
        ]),
      }, undefined, definition);
    });

    it('validate says the data are fine, exit 0', async () => {
      const r = await run(['validate', '--project', dir, '--as-of', '2023-01-01']);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/Wynik: (dane poprawne|brak błędów, są ostrzeżenia)/);
    });

    it('periods prints the reporting periods', async () => {
      const r = await run(['periods', '--project', dir, '--format', 'json']);
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out).periods[0]).toMatchObject({ id: '2021-Q1', from: '2021-01-01', to: '2021-03-31' });
    });

    it('indicators prints JSON with the counted person', async () => {
      const r = await run(['indicators', '--project', dir, '--period', 'all', '--format', 'json', '--as-of', '2023-01-01']);
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out).indicators[0]).toMatchObject({ id: 'W1', cumulative: { O: 1 } });
    });

    it('report final writes the XLSX and the PDF and names them', async () => {
      const out = await mkdtemp(path.join(tmpdir(), 'pal-bin-out-'));
      const r = await run(['report', 'final', '--project', dir, '--out', out, '--as-of', '2023-01-01']);
      expect(r.code, r.err).toBe(0);
      expect(r.out.trim().split('\n').map((l) => path.basename(l))).toEqual(['raport-koncowy.xlsx', 'raport-koncowy.pdf']);
      expect((await readdir(out)).sort()).toEqual(['raport-koncowy.pdf', 'raport-koncowy.xlsx']);
    });
  });
});
