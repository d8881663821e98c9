/** `pal-report init`: a usable new project, drop-down lists, never overwriting. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';

async function fresh(): Promise<string> {
  return path.join(await mkdtemp(path.join(tmpdir(), 'pal-init-')), 'projekt');
}

type WithValidations = ExcelJS.Worksheet & { dataValidations: { model: Record<string, ExcelJS.DataValidation> } };

describe('init', () => {
  it('writes the definition and empty workbooks; validate then passes', async () => {
    const dir = await fresh();
    const io = memoryIO(tmpdir());
    expect(await runCli(['init', dir], io)).toBe(0);
    expect(io.err).toContain('pal-report.yaml');
    const yaml = await readFile(path.join(dir, 'pal-report.yaml'), 'utf8');
    expect(yaml).toBe(await readFile(new URL('../../templates/klobuck-pal-2021-2022.yaml', import.meta.url), 'utf8'));
    const check = memoryIO(tmpdir());
    expect(await runCli(['validate', '--project', dir, '--strict', '--format', 'json'], check)).toBe(0);
    // an empty project only says, twice, that there is nothing in it yet
    expect(JSON.parse(check.out).issues.map((i: { code: string; file: string }) => `${i.code} ${i.file}`)).toEqual([
      'no-data dane/uczestnicy.xlsx', 'no-data dane/obecnosci/obecnosci.xlsx',
    ]);
  });
  it('gives dictionary columns drop-down lists from a hidden sheet', async () => {
    const dir = await fresh();
    await runCli(['init', dir], memoryIO(tmpdir()));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'dane', 'uczestnicy.xlsx'));
    const ws = wb.getWorksheet('Uczestnicy') as WithValidations;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const letter = (h: string) => ws.getColumn(header.indexOf(h) + 1).letter;
    const lists = wb.getWorksheet('Słowniki');
    expect(lists?.state).toBe('hidden');
    // exceljs reads a validated range back cell by cell
    const validations = ws.dataValidations.model;
    const sex = letter('Płeć');
    expect(validations[`${sex}2`]?.type).toBe('list');
    expect(validations[`${sex}2000`]?.type).toBe('list');
    const ref = String(validations[`${sex}2`]?.formulae[0]);
    const col = /\$([A-Z]+)\$2/.exec(ref)?.[1] ?? '';
    expect([lists?.getCell(`${col}2`).value, lists?.getCell(`${col}3`).value]).toEqual(['Kobieta', 'Mężczyzna']);
    for (const h of ['Wykształcenie', 'Status osoby na rynku pracy w chwili przystąpienia do projektu', 'Osoba z niepełnosprawnościami', 'Otoczenie']) {
      expect(validations[`${letter(h)}2`]?.type).toBe('list');
    }
    const att = new ExcelJS.Workbook();
    await att.xlsx.readFile(path.join(dir, 'dane', 'obecnosci', 'obecnosci.xlsx'));
    const sheet = att.getWorksheet('Obecności') as WithValidations;
    expect(sheet.dataValidations.model.B2).toBeUndefined();
    expect(sheet.dataValidations.model.C2?.type).toBe('list');
    expect(sheet.dataValidations.model.H2?.type).toBe('list');
  });
  it('refuses to overwrite an existing project', async () => {
    const dir = await fresh();
    await runCli(['init', dir], memoryIO(tmpdir()));
    await writeFile(path.join(dir, 'pal-report.yaml'), 'moje zmiany');
    const io = memoryIO(tmpdir());
    expect(await runCli(['init', dir], io)).toBe(2);
    expect(io.err).toContain('nie nadpiszę istniejącego pliku');
    expect(await readFile(path.join(dir, 'pal-report.yaml'), 'utf8')).toBe('moje zmiany');
  });
});

describe('help and version', () => {
  it('exit 0, Polish headings', async () => {
    const io = memoryIO(tmpdir());
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out).toContain('Polecenia:');
    expect(io.out).toContain('validate');
    const v = memoryIO(tmpdir());
    expect(await runCli(['--version'], v)).toBe(0);
    expect(v.out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
