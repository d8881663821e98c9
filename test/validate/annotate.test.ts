/** `--annotate`: fills and notes at the bad cells, a `Błędy` sheet, readable by LibreOffice. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { writeAnnotatedCopies, FILLS } from '../../src/annotate/annotate.js';
import { DEFAULT_LIMITS } from '../../src/ingest/limits.js';
import { resolveDataFiles } from '../../src/ingest/dataset.js';
import { loadProject } from '../../src/project/load.js';
import { check, participantsProject, person } from '../helpers/fixtures.js';

async function annotated() {
  const dir = await participantsProject([person(1), person(2, { Płeć: 'Kobieta', 'Adres e-mail': 'zly' }), person(3)], {
    'obecnosci/lista.csv': 'Data;Kod działania;Forma;Zajęcia;Liczba godzin;Identyfikator;Obecność\n01.03.2021;A1;spotkanie;S;2;P1;x\n01.03.2021;A1;spotkanie;S;2;P3;?\n',
  });
  const project = loadProject(dir);
  const { issues } = await check(dir);
  const inputBefore = await readFile(path.join(dir, 'uczestnicy.xlsx'));
  const out = path.join(dir, 'out');
  const written = await writeAnnotatedCopies(await resolveDataFiles(project), issues, out, new Set(), DEFAULT_LIMITS);
  expect(await readFile(path.join(dir, 'uczestnicy.xlsx'))).toEqual(inputBefore);
  return { dir, out, written, issues };
}

async function load(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

function argbOf(cell: ExcelJS.Cell): string | undefined {
  const fill = cell.fill as ExcelJS.FillPattern | undefined;
  return fill?.fgColor?.argb;
}

describe('annotated copies', () => {
  it('fill the bad cells red or yellow with a note, leave clean cells alone', async () => {
    const { out } = await annotated();
    const wb = await load(path.join(out, 'uczestnicy.sprawdzony.xlsx'));
    const ws = wb.getWorksheet('Uczestnicy');
    expect(ws).toBeDefined();
    if (!ws) return;
    expect(argbOf(ws.getCell('F3'))).toBe(FILLS.error);
    expect(String(ws.getCell('F3').note)).toContain('pesel-sex-mismatch');
    expect(argbOf(ws.getCell('L3'))).toBe(FILLS.warning);
    expect(String(ws.getCell('L3').note)).toContain('email-format');
    expect(argbOf(ws.getCell('F2'))).toBeUndefined();
    expect(ws.getCell('F2').note).toBeUndefined();
    // the personal data stays: it is the user's own workbook
    expect(ws.getCell('D3').value).toBe('Testowy2');
  });
  it('a CSV becomes a one-sheet workbook with its values as text, plus the Błędy sheet with links', async () => {
    const { out } = await annotated();
    const wb = await load(path.join(out, 'lista.sprawdzony.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['lista', 'Błędy']);
    const sheet = wb.getWorksheet('lista');
    expect(sheet?.getCell('G3').value).toBe('?');
    expect(argbOf(sheet?.getCell('G3') as ExcelJS.Cell)).toBe(FILLS.error);
    const errors = wb.getWorksheet('Błędy');
    const row = errors?.getRow(2);
    expect(row?.getCell(2).value).toBe('lista');
    const link = row?.getCell(3).value as ExcelJS.CellFormulaValue;
    expect(link.formula).toBe('HYPERLINK("#\'lista\'!G3","G3")');
    expect(link.result).toBe('G3');
    expect(row?.getCell(6).value).toBe('invalid-mark');
  });
});
