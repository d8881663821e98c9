/**
 * LibreOffice opens, prints and exports a workbook of the streaming writer and recalculates
 * every formula to the cached result (the writer's own tests are in test/io/xlsx-writer.test.ts).
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { XlsxWriter } from '../../src/io/xlsx-writer.js';
import { CSV_ALL_SHEETS, pdftotext, soffice, sofficeRecalculated } from '../helpers/clients.js';
import { CREATED, excel, NBSP, sheet, writeReport } from '../helpers/xlsx-sample.js';
import { fileSink } from '../../src/node/zip-file.js';
import { nodeCodec } from '../../src/node/codec.js';

let dir = '';
let report = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pal-xlsx-writer-lo-'));
  report = path.join(dir, 'raport.xlsx');
  await writeReport(report);
});

describe('LibreOffice and the streaming writer', () => {
  it('prints it to PDF with every sheet, Polish text intact', async () => {
    const [pdf, ...more] = await soffice(report, 'pdf');
    expect(more).toEqual([]);
    expect(path.extname(pdf ?? '')).toBe('.pdf');
    const text = (await pdftotext(pdf as string)).replace(/\s+/g, ' ');
    for (const s of ['Raport końcowy z realizacji projektu', 'zażółć gęślą jaźń', 'Kowalski 300', 'Brak danych w tej części raportu.']) expect(text).toContain(s);
  }, 120_000);

  it('exports every sheet to CSV as shown: Polish number formats, texts exactly as written, nothing computed from text', async () => {
    const files = await soffice(report, CSV_ALL_SHEETS);
    expect(files.map((f) => path.basename(f)).sort()).toEqual(['raport-Jakość danych.csv', 'raport-Podsumowanie.csv', 'raport-Ślad audytowy.csv']);
    const csv = async (name: string) => (await readFile(files.find((f) => f.endsWith(`-${name}.csv`)) as string, 'utf8')).split('\n');
    const summary = await csv('Podsumowanie');
    expect(summary[0]).toBe('Raport końcowy z realizacji projektu;;;;');
    expect(summary[2]).toBe('Wskaźnik;K;M;O;Realizacja');
    expect(summary[3]).toBe(`  Liczba osób zagrożonych ubóstwem;1${NBSP}234;567,5;1${NBSP}801,5;90,1%`);
    expect(summary[4]).toBe('=SUM(B4:C4);zażółć gęślą jaźń ;;=SUM(B4:C4)!;');
    // `_x0041_` is not decoded as an escaped "A"
    expect(summary[5]).toBe('ctlok;"a_x0041_b <&> ""q""";;;');
    const audit = await csv('Ślad audytowy');
    expect(audit[1]).toBe('P1;Kowalski 1;2023-01-02');
    expect(audit[300]).toBe('P300;Kowalski 300;2023-10-28');
  }, 120_000);

  it('recalculates every formula to the cached result (and a wrong cached result would show)', async () => {
    const ours = await excel(report);
    const [recalculatedFile] = await sofficeRecalculated(report, 'xlsx');
    const theirs = await excel(recalculatedFile as string);
    let formulas = 0;
    for (const ws of ours.worksheets) {
      ws.eachRow((row) => row.eachCell((cell) => {
        const v = cell.value;
        if (v === null || typeof v !== 'object' || !('formula' in v)) return;
        formulas++;
        const recalculated = sheet(theirs, ws.name).getCell(cell.address).value as ExcelJS.CellFormulaValue;
        if (typeof v.result === 'number') expect(recalculated.result, cell.address).toBeCloseTo(v.result, 12);
        else expect(recalculated.result, cell.address).toBe(v.result);
      }));
    }
    expect(formulas).toBe(3);

    const wrong = path.join(dir, 'wrong.xlsx');
    const w = await XlsxWriter.create(fileSink(wrong), nodeCodec, { created: CREATED });
    w.sheet({ name: 'A', columnWidths: [] }).row([{ value: 1 }, { value: { formula: 'A1+1', result: 5 } }]);
    await w.close();
    const [fixed] = await sofficeRecalculated(wrong, 'xlsx');
    expect(((await excel(fixed as string)).worksheets[0]?.getCell('B1').value as ExcelJS.CellFormulaValue).result).toBe(2);
  }, 180_000);
});

