/** `--annotate`: fills and notes at the bad cells, a `Błędy` sheet, readable by LibreOffice. */
import { copyFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { writeAnnotatedCopies, FILLS } from '../../src/annotate/annotate.js';
import { DEFAULT_LIMITS } from '../../src/ingest/limits.js';
import { resolveDataFiles } from '../../src/ingest/dataset.js';
import { loadProject } from '../../src/project/load.js';
import { check, makeProject, participantsProject, person, PARTICIPANT_TEST_HEADERS, tableRows, TEST_DEFINITION, type CellValue } from '../helpers/fixtures.js';
import type { Issue, Severity } from '../../src/validate/issue.js';
import { disk } from '../helpers/platform.js';

async function annotated() {
  const dir = await participantsProject([person(1), person(2, { Płeć: 'Kobieta', 'Adres e-mail': 'zly' }), person(3)], {
    'obecnosci/lista.csv': 'Data;Kod działania;Forma;Zajęcia;Liczba godzin;Identyfikator;Obecność\n01.03.2021;A1;spotkanie;S;2;P1;x\n01.03.2021;A1;spotkanie;S;2;P3;?\n',
  });
  const project = await loadProject(disk.inputs, dir);
  const { issues } = await check(dir);
  const inputBefore = await readFile(path.join(dir, 'uczestnicy.xlsx'));
  const out = path.join(dir, 'out');
  const written = await writeAnnotatedCopies(disk, await resolveDataFiles(disk.inputs, project), issues, out, new Set(), DEFAULT_LIMITS, 'pl');
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

/** Every cell of a sheet that has a value or a style, by address. */
function cellsOf(ws: ExcelJS.Worksheet): Map<string, ExcelJS.Cell> {
  const out = new Map<string, ExcelJS.Cell>();
  ws.eachRow({ includeEmpty: true }, (row) => row.eachCell({ includeEmpty: true }, (c) => out.set(c.address, c)));
  return out;
}

/** What the eye sees of a style: fill, number format, font, border, and alignment other than the defaults. */
function visible(style: Partial<ExcelJS.Style>) {
  const defaults: Record<string, unknown> = { horizontal: 'general', vertical: 'bottom', indent: 0, shrinkToFit: false, textRotation: 0, wrapText: false };
  const alignment = Object.fromEntries(Object.entries(style.alignment ?? {}).filter(([k, v]) => defaults[k] !== v));
  return { fill: style.fill, numFmt: style.numFmt, font: style.font, border: style.border, alignment };
}

describe('annotated copies of a workbook whose cells share styles (LibreOffice)', () => {
  it('mark exactly the flagged cells; every other cell keeps its style', async () => {
    const dir = await makeProject({ definition: TEST_DEFINITION.replace('Testowo, streets: [Długa, Krótka]', 'Kłobuck'), files: {} });
    const source = path.join(dir, 'uczestnicy.xlsx');
    await copyFile(path.resolve(import.meta.dirname, '../../fixtures/libreoffice/uczestnicy-bledy.xlsx'), source);
    const { issues } = await check(dir, '2026-01-01');
    const codes = new Set(issues.map((i) => i.code));
    for (const c of ['date-order', 'invalid-date', 'pesel-sex-mismatch', 'dictionary-value', 'postcode-format', 'email-format', 'unknown-column']) expect(codes).toContain(c);
    const out = path.join(dir, 'out');
    await writeAnnotatedCopies(disk, await resolveDataFiles(disk.inputs, await loadProject(disk.inputs, dir)), issues, out, new Set(), DEFAULT_LIMITS, 'pl');

    const original = (await load(source)).worksheets[0] as ExcelJS.Worksheet;
    const copy = (await load(path.join(out, 'uczestnicy.sprawdzony.xlsx'))).getWorksheet(original.name) as ExcelJS.Worksheet;
    const worst = new Map<string, Severity>();
    const rank = { info: 1, warning: 2, error: 3 };
    for (const i of issues as Issue[]) {
      const address = `${i.column ?? 'A'}${i.row}`;
      const before = worst.get(address);
      if (!before || rank[i.severity] > rank[before]) worst.set(address, i.severity);
    }
    // the date-order cell shares its style with every other date cell: the case that went wrong
    const dateStyle = original.getCell('K3').style;
    expect([...cellsOf(original).values()].filter((c) => c.style === dateStyle).length).toBeGreaterThan(3);

    const originalCells = cellsOf(original);
    const copyCells = cellsOf(copy);
    for (const address of new Set([...originalCells.keys(), ...copyCells.keys()])) {
      const before = original.getCell(address);
      const after = copy.getCell(address);
      const severity = worst.get(address);
      expect(after.value, address).toEqual(before.value);
      if (severity) {
        expect(argbOf(after), address).toBe(FILLS[severity]);
        expect(String(after.note ?? ''), address).not.toBe('');
        // the old style plus the fill (an unstyled cell gets the workbook's default font and border)
        const [a, b] = [visible(after.style), visible(before.style)];
        expect([a.numFmt, a.alignment], address).toEqual([b.numFmt, b.alignment]);
        if (b.font) expect(a.font, address).toEqual(b.font);
        if (b.border) expect(a.border, address).toEqual(b.border);
      } else {
        expect(visible(after.style), address).toEqual(visible(before.style));
        expect(after.note, address).toBeUndefined();
      }
    }
  });
  it('an issue about a whole row marks the first cell of its row', async () => {
    // the table starts in column B, as a sheet with a margin column does
    const rows = tableRows(PARTICIPANT_TEST_HEADERS, [person(1), person(2)]).map((r) => [undefined, ...r]);
    (rows[2] as CellValue[])[PARTICIPANT_TEST_HEADERS.length + 2] = 'notatka';
    const dir = await makeProject({ files: { 'uczestnicy.xlsx': [{ name: 'Uczestnicy', rows }] } });
    const { issues } = await check(dir);
    expect(issues.map((i) => `${i.code} ${i.column ?? ''}${i.row}`)).toEqual(['extra-cells 3']);
    const out = path.join(dir, 'out');
    await writeAnnotatedCopies(disk, await resolveDataFiles(disk.inputs, await loadProject(disk.inputs, dir)), issues, out, new Set(), DEFAULT_LIMITS, 'pl');
    const sheet = (await load(path.join(out, 'uczestnicy.sprawdzony.xlsx'))).getWorksheet('Uczestnicy') as ExcelJS.Worksheet;
    expect(argbOf(sheet.getCell('B3'))).toBe(FILLS.error);
    expect(String(sheet.getCell('B3').note)).toContain('extra-cells');
    expect(argbOf(sheet.getCell('A3'))).toBeUndefined();
  });
});
