/**
 * Real clients on every kind of file pal-report writes (`npm run test:clients`): LibreOffice
 * converts each workbook — reports, annotated copies, `init` workbooks — to PDF and to CSV
 * without error, and recalculates their formulas to our cached values; poppler finds every font
 * of our PDFs embedded and extracts correct Polish text. These tools must be installed: a
 * missing one fails the run (`.ci/run` installs them).
 */
import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { CSV_ALL_SHEETS, CSV_POLISH_IMPORT, pdffonts, pdftotext, soffice, sofficeRecalculated } from '../helpers/clients.js';
import { formulaCells, normaliseText } from '../helpers/dump.js';
import { hostileProject } from '../helpers/hostile.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DEMO = path.join(ROOT, 'fixtures', 'klobuck');
const GOLDEN = path.join(ROOT, 'test', 'golden');
const AS_OF = '2023-06-30';

async function cli(args: string[]) {
  const io = memoryIO(process.cwd(), { SOURCE_DATE_EPOCH: '1672531200' });
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

let out = '';
const workbooks: string[] = [];
const pdfs: string[] = [];

beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'pal-clients-'));
  // reports
  const reports = path.join(out, 'raporty');
  expect((await cli(['report', 'progress', '--period', '2021-Q3', '--project', DEMO, '--as-of', AS_OF, '--out', reports])).code).toBe(0);
  expect((await cli(['report', 'final', '--project', DEMO, '--as-of', AS_OF, '--out', reports])).code).toBe(0);
  // annotated copies of a demo project with a few broken cells
  const broken = path.join(out, 'demo');
  await cp(DEMO, broken, { recursive: true });
  const csv = path.join(broken, 'dane', 'obecnosci', 'spotkania.csv');
  const lines = new TextDecoder('windows-1250').decode(await readFile(csv)).split('\r\n');
  lines[5] = (lines[5] ?? '').replace(';A2;', ';A12;');
  await writeFile(csv, Uint8Array.from([...lines.join('\r\n')].map((c) => (c.charCodeAt(0) < 128 ? c.charCodeAt(0) : 63))));
  const annotated = path.join(out, 'sprawdzone');
  expect((await cli(['validate', '--project', broken, '--annotate', annotated])).code).toBe(1);
  // a new project
  const fresh = path.join(out, 'nowy');
  expect((await cli(['init', fresh])).code).toBe(0);
  for (const dir of [reports, annotated, path.join(fresh, 'dane'), path.join(fresh, 'dane', 'obecnosci')]) {
    for (const f of await readdir(dir)) {
      if (f.endsWith('.xlsx')) workbooks.push(path.join(dir, f));
      if (f.endsWith('.pdf')) pdfs.push(path.join(dir, f));
    }
  }
  expect(workbooks.length).toBe(2 + 7 + 2);
  expect(pdfs.length).toBe(2);
}, 180_000);

describe('LibreOffice', () => {
  it('forced recalculation really recalculates (so the check below can fail)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('A').getCell('A1').value = { formula: '1+1', result: 5 } as ExcelJS.CellFormulaValue;
    const file = path.join(out, 'wrong.xlsx');
    await wb.xlsx.writeFile(file);
    const [recalculated] = await sofficeRecalculated(file, 'xlsx');
    expect((await formulaCells(await readFile(recalculated as string))).get('A')?.get('A1')?.cached).toBe(2);
  }, 60_000);

  it('converts every generated workbook to PDF and to CSV (every sheet) without error', async () => {
    for (const file of workbooks) {
      expect((await soffice(file, 'pdf')).map((f) => path.extname(f)), file).toEqual(['.pdf']);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const visible = wb.worksheets.length;
      const csvs = await soffice(file, CSV_ALL_SHEETS);
      expect(csvs.length, file).toBe(visible);
      for (const c of csvs) expect(await readFile(c, 'utf8'), c).not.toContain('\uFFFD');
    }
  }, 600_000);

  it('recalculates every formula of every generated workbook to our cached value', async () => {
    let formulas = 0;
    for (const file of workbooks) {
      const ours = await formulaCells(await readFile(file));
      const [recalculated] = await sofficeRecalculated(file, 'xlsx');
      const theirs = await formulaCells(await readFile(recalculated as string));
      for (const [sheet, cells] of ours) {
        for (const [address, cell] of cells) {
          if (cell.formula.startsWith('HYPERLINK(')) continue; // a link's value is its text
          formulas++;
          expect(cell.cached, `${file} ${sheet}!${address} has a cached value`).toBeTypeOf('number');
          expect(theirs.get(sheet)?.get(address)?.cached, `${path.basename(file)} ${sheet}!${address} ${cell.formula}`).toBeCloseTo(cell.cached as number, 9);
        }
      }
    }
    expect(formulas).toBeGreaterThan(100);
  }, 600_000);

  it('opens the indicators CSV with the Polish locale, numbers as numbers', async () => {
    const json = JSON.parse((await cli(['indicators', '--project', DEMO, '--period', '2021-Q3', '--format', 'json'])).out);
    const file = path.join(out, 'wskazniki.csv');
    await writeFile(file, (await cli(['indicators', '--project', DEMO, '--period', '2021-Q3', '--format', 'csv'])).out);
    const [xlsx] = await soffice(file, 'xlsx:Calc MS Excel 2007 XML', CSV_POLISH_IMPORT);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx as string);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header[0]).toBe('ID');
    expect(ws.getRow(2).getCell(1).value).toBe('WP1');
    expect(ws.getRow(2).getCell(header.indexOf('Okres O') + 1).value).toBe(json.indicators[0].period.O);
    expect(ws.getRow(2).getCell(header.indexOf('Realizacja') + 1).value).toBeCloseTo(json.indicators[0].realisation, 12);
  }, 60_000);
});

describe('poppler', () => {
  it('finds every font of every report PDF embedded', async () => {
    for (const pdf of pdfs) {
      const fonts = await pdffonts(pdf);
      expect(fonts.length).toBeGreaterThan(0);
      expect(fonts.filter((f) => !f.embedded), pdf).toEqual([]);
    }
  });

  it('extracts correct Polish with the title, number, every indicator name and page numbers', async () => {
    const json = JSON.parse((await cli(['indicators', '--project', DEMO, '--period', 'all', '--format', 'json'])).out);
    for (const pdf of pdfs) {
      const flat = (await pdftotext(pdf)).replace(/\s+/g, ' ');
      for (const letter of ['ą', 'ć', 'ę', 'ł', 'ń', 'ó', 'ś', 'ź', 'ż', 'Ś']) expect(flat, letter).toContain(letter);
      expect(flat).not.toContain('\uFFFD');
      expect(flat).toContain('Centrum Integracji i Aktywności');
      expect(flat).toContain('RPSL.09.01.01-24-0000/20');
      expect(flat).toMatch(/Strona 1 z \d+/);
      expect(flat).toContain('Projekt współfinansowany przez Unię Europejską');
      for (const ind of json.indicators as { name: string }[]) expect(flat, ind.name).toContain(ind.name.replace(/\s+/g, ' '));
    }
  });

  it('the first page says the project number and targets are placeholders; D.2/D.3 come from opisy/', async () => {
    const final = await pdftotext(pdfs.find((p) => p.endsWith('raport-koncowy.pdf')) as string);
    const first = (final.split('\f')[0] ?? '').replace(/\s+/g, ' ');
    expect(first).toContain('jest wypełniaczem z szablonu');
    expect(first).toContain('są przykładowe (z szablonu)');
    const progress = (await pdftotext(pdfs.find((p) => p.includes('okresowy')) as string)).replace(/\s+/g, ' ');
    expect(progress).toContain('D.2 Problemy napotkane w trakcie realizacji projektu');
    expect(progress).toContain('dwie edycje warsztatów Akademii Lidera przeniesiono');
  });

  it('has no personal data in the text of a report built on hostile data', async () => {
    const { dir, secrets } = await hostileProject();
    const target = path.join(out, 'prywatne');
    expect((await cli(['report', 'final', '--allow-errors', '--project', dir, '--out', target, '--formats', 'pdf'])).code).toBe(0);
    const text = await pdftotext(path.join(target, 'raport-koncowy.pdf'));
    expect(text).toContain('DANE ZAWIERAJĄ BŁĘDY');
    for (const s of secrets) expect(text.includes(s), s).toBe(false);
  });

  it('matches the golden text of the demo reports', async () => {
    for (const pdf of pdfs) {
      const name = `${path.basename(pdf)}.txt`;
      const text = normaliseText(await pdftotext(pdf));
      if (process.env.UPDATE_GOLDEN === '1') await writeFile(path.join(GOLDEN, name), text);
      expect(text, name).toBe(await readFile(path.join(GOLDEN, name), 'utf8'));
    }
  });
});
