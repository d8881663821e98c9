/** The built CLI as a user runs it: every static import loads, bad input exits 2 without a stack. */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_DEFINITION } from '../helpers/fixtures.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/pal-report.js');

function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } }, (error, out, err) => {
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
  it('validates the demo project with exit 0', async () => {
    const r = await run(['validate', '--project', path.resolve(import.meta.dirname, '../../fixtures/klobuck')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Wynik: dane poprawne');
  });
  it('a corrupt workbook: exit 2, one Polish line naming the file, no stack trace', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pal-bin-'));
    await writeFile(path.join(dir, 'pal-report.yaml'), TEST_DEFINITION);
    await writeFile(path.join(dir, 'uczestnicy.xlsx'), 'PK\u0003\u0004 to nie jest skoroszyt');
    const r = await run(['validate', '--project', dir]);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toMatch(/^uczestnicy\.xlsx: uszkodzony plik XLSX/);
    expect(r.err).not.toMatch(/\bat .+:\d+:\d+/);
  });
});
