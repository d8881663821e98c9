/**
 * The reports of the demo project: golden dumps of the workbooks, reproducible bytes, the same
 * numbers as `indicators --format json`, no personal data, safe writing. What poppler and
 * LibreOffice make of them is in test/clients/.
 */
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { loadProject } from '../../src/project/load.js';
import { check } from '../../src/validate/check.js';
import { dumpXlsx } from '../helpers/dump.js';
import type { ReportModel } from '../../src/report/model.js';
import { NUMBER_FORMATS } from '../../src/report/xlsx.js';
import { participantsProject, person } from '../helpers/fixtures.js';
import { digest } from '../helpers/bytes.js';
import { disk } from '../helpers/platform.js';

const DEMO = path.resolve(import.meta.dirname, '../../fixtures/klobuck');
const GOLDEN = path.resolve(import.meta.dirname, '../golden');
const EPOCH = '1672531200';
const AS_OF = '2023-06-30';
const REPORTS = [
  { name: 'raport-okresowy-2021-Q3', args: ['report', 'progress', '--period', '2021-Q3'], period: '2021-Q3' },
  { name: 'raport-koncowy', args: ['report', 'final'], period: 'all' },
];

async function cli(args: string[], env: Record<string, string> = { SOURCE_DATE_EPOCH: EPOCH }) {
  const io = memoryIO(process.cwd(), env);
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

let out = '';
beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'pal-reports-'));
  for (const r of REPORTS) {
    const res = await cli([...r.args, '--project', DEMO, '--as-of', AS_OF, '--out', out, '--formats', 'xlsx,pdf,json']);
    expect(res.code, res.err).toBe(0);
    expect(res.out.trim().split('\n').map((l) => path.basename(l))).toEqual([`${r.name}.xlsx`, `${r.name}.pdf`, `${r.name}.json`]);
  }
}, 120_000);

async function golden(name: string, actual: string): Promise<void> {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') await writeFile(file, actual);
  expect(actual).toBe(await readFile(file, 'utf8'));
}

describe('golden dumps', () => {
  for (const r of REPORTS) {
    it(`${r.name}.xlsx: cell values per sheet`, async () => {
      await golden(`${r.name}.xlsx.txt`, await dumpXlsx(path.join(out, `${r.name}.xlsx`), { 'Ślad audytowy': 60 }));
    });
  }
});

describe('reproducible output, in Polish whatever --lang says', () => {
  it('later runs with --lang en give byte-identical XLSX, PDF and JSON, pinned by SOURCE_DATE_EPOCH or by the same --generated-at', async () => {
    const again = await mkdtemp(path.join(tmpdir(), 'pal-reports-again-'));
    await new Promise((r) => setTimeout(r, 2100)); // zip entries have 2-second resolution
    // the progress report pinned by SOURCE_DATE_EPOCH, the final one by --generated-at (the same instant) without it
    const runs: { report: (typeof REPORTS)[number] | undefined; pin: string[]; env: Record<string, string> }[] = [
      { report: REPORTS[0], pin: [], env: { SOURCE_DATE_EPOCH: EPOCH } },
      { report: REPORTS[1], pin: ['--generated-at', '2023-01-01T00:00:00Z'], env: {} },
    ];
    for (const { report, pin, env } of runs) {
      const r = report as (typeof REPORTS)[number];
      const res = await cli([...r.args, '--project', DEMO, '--as-of', AS_OF, '--out', again, '--formats', 'xlsx,pdf,json', '--lang', 'en', ...pin], env);
      expect(res.code, res.err).toBe(0);
      for (const ext of ['xlsx', 'pdf', 'json']) {
        const f = `${r.name}.${ext}`;
        expect(await digest(path.join(again, f)), f).toBe(await digest(path.join(out, f)));
      }
    }
  }, 60_000);
});

describe('PDF tables', () => {
  it('no header word is broken: every word of every header fits its column', async () => {
    const { loadFonts, tableLayout } = await import('../../src/report/pdf.js');
    const PDFDocument = (await import('pdfkit')).default;
    const doc = new PDFDocument({ size: 'A4', margins: { top: 62, bottom: 56, left: 45, right: 45 } });
    for (const [name, bytes] of Object.entries(await loadFonts(disk))) doc.registerFont(name, bytes as Buffer);
    let checked = 0;
    for (const r of REPORTS) {
      const model = JSON.parse(await readFile(path.join(out, `${r.name}.json`), 'utf8')) as ReportModel;
      for (const section of model.sections.filter((x) => !x.xlsxOnly)) {
        for (const block of section.blocks) {
          if (block.kind !== 'table') continue;
          const size = block.table.columns.length > 10 ? 6.5 : 7.5;
          const { widths, headerSize } = tableLayout(doc, block.table, size);
          doc.font('condensedBold').fontSize(headerSize);
          block.table.columns.forEach((c, i) => {
            for (const word of c.header.split(/\s+/)) {
              expect(doc.widthOfString(word), `${block.table.title} › ${c.header}`).toBeLessThanOrEqual((widths[i] ?? 0) - 5);
              checked++;
            }
          });
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });
});

/** The first row of each indicator (F.1/F.2) on the Wskaźniki sheet of a report, by ID. */
async function indicatorRows(name: string): Promise<Map<string, ExcelJS.Row>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(out, `${name}.xlsx`));
  const rows = new Map<string, ExcelJS.Row>();
  (wb.getWorksheet('Wskaźniki') as ExcelJS.Worksheet).eachRow((row) => {
    const id = row.getCell(1).value;
    if (typeof id === 'string' && !rows.has(id)) rows.set(id, row);
  });
  return rows;
}

/** A cell's number, the cached result for a formula. */
function num(c: ExcelJS.Cell): ExcelJS.CellValue {
  const v = c.value as ExcelJS.CellValue;
  return v !== null && typeof v === 'object' && 'result' in v ? v.result : v;
}

describe('the same numbers as indicators --format json', () => {
  for (const r of REPORTS) {
    it(`${r.name}: JSON dump and the Wskaźniki sheet`, async () => {
      const res = await cli(['indicators', '--project', DEMO, '--period', r.period, '--as-of', AS_OF, '--format', 'json']);
      const expected = JSON.parse(res.out).indicators as { id: string; period: Record<string, number | null> | null; cumulative: Record<string, number | null> | null; realisation: number | null }[];
      const dump = JSON.parse(await readFile(path.join(out, `${r.name}.json`), 'utf8'));
      expect(dump.indicators).toEqual(expected);
      const rows = await indicatorRows(r.name);
      for (const v of expected) {
        const row = rows.get(v.id);
        expect(row, v.id).toBeDefined();
        if (!row || !v.cumulative) continue;
        if ('value' in v.cumulative) {
          expect(num(row.getCell(8))).toBeCloseTo(v.cumulative.value as number, 12);
          expect(num(row.getCell(10))).toBe((v.cumulative.denominator as unknown as { O: number }).O);
        } else {
          expect(num(row.getCell(11)), `${v.id} period O`).toBe(v.period?.O);
          expect(num(row.getCell(15)), `${v.id} cumulative O`).toBe(v.cumulative.O);
          if (v.realisation !== null) expect(num(row.getCell(16)), `${v.id} realisation`).toBeCloseTo(v.realisation, 12);
        }
      }
    });
  }
});

describe('hours keep their decimals in every table (issue 16)', () => {
  type Kmo = { K?: number; M?: number; O: number };
  for (const r of REPORTS) {
    it(`${r.name}: each indicator value in the model's tables and the XLSX cells as indicators --format json gives it, in a format that shows its decimals`, async () => {
      const res = await cli(['indicators', '--project', DEMO, '--period', r.period, '--as-of', AS_OF, '--format', 'json']);
      const expected = (JSON.parse(res.out).indicators as { id: string; period: Kmo | { value: number } | null; cumulative: Kmo | { value: number } | null }[])
        .filter((v) => v.cumulative && !('value' in v.cumulative)) as { id: string; period: Kmo; cumulative: Kmo }[];
      const model = JSON.parse(await readFile(path.join(out, `${r.name}.json`), 'utf8')) as ReportModel;
      const tables = model.sections.filter((s) => s.sheet === 'Wskaźniki').flatMap((s) => s.blocks)
        .flatMap((b) => (b.kind === 'table' && b.table.columns.some((c) => c.key === 'cumulative.O') ? [b.table] : []));
      const sheetRows = await indicatorRows(r.name);
      let fractions = 0;
      for (const v of expected) {
        const table = tables.find((t) => (t.rows as { cells: unknown[] }[]).some((row) => row.cells[0] === v.id));
        expect(table, v.id).toBeDefined();
        const columns = table?.columns ?? [];
        const modelRow = (table?.rows as { cells: unknown[] }[]).find((row) => row.cells[0] === v.id);
        const sheetRow = sheetRows.get(v.id) as ExcelJS.Row;
        for (const side of ['period', 'cumulative'] as const) {
          for (const key of ['K', 'M', 'O'] as const) {
            const value = v[side][key];
            if (value === undefined) continue;
            const col = columns.findIndex((c) => c.key === `${side}.${key}`);
            expect(modelRow?.cells[col], `${v.id} ${side}.${key} in the model`).toBe(value);
            const cell = sheetRow.getCell(col + 1);
            expect(num(cell), `${v.id} ${side}.${key} in the sheet`).toBe(value);
            const fraction = Math.round(value * 100) % 100 !== 0;
            if (fraction) fractions++;
            expect(cell.numFmt, `${v.id} ${side}.${key} = ${value}: its format`).toBe(fraction ? NUMBER_FORMATS.fraction : NUMBER_FORMATS.whole);
          }
        }
      }
      expect(fractions).toBeGreaterThan(0);
    });
  }
});

describe('privacy', () => {
  it('no PESEL, name or e-mail of any participant in the PDF text, the XLSX parts or the JSON', async () => {
    const { dataset } = await check(disk, await loadProject(disk.inputs, DEMO), AS_OF, false);
    const secrets = new Set<string>();
    for (const p of dataset.participants) {
      for (const v of [p.pesel, p.text.lastName, p.text.email, p.text.phone]) if (v) secrets.add(v);
    }
    expect(secrets.size).toBeGreaterThan(300);
    for (const r of REPORTS) {
      const parts: string[] = [await readFile(path.join(out, `${r.name}.json`), 'utf8')];
      const zip = await JSZip.loadAsync(await readFile(path.join(out, `${r.name}.xlsx`)));
      for (const f of Object.values(zip.files)) if (!f.dir) parts.push(await f.async('string'));
      const all = parts.join('\n');
      for (const s of secrets) expect(all.includes(s), `${r.name} contains a participant's data`).toBe(false);
    }
  });
});

describe('safe writing and --allow-errors', () => {
  it('a failed run leaves no partial file and keeps the earlier complete report', async () => {
    const dir = await participantsProject([person(1), person(2)]);
    const target = path.join(dir, 'raporty');
    expect((await cli(['report', 'final', '--project', dir, '--out', target])).code).toBe(0);
    const before = await digest(path.join(target, 'raport-koncowy.pdf'));
    const broken = await participantsProject([person(1), person(2, { Płeć: 'Kobieta' })]);
    const res = await cli(['report', 'final', '--project', broken, '--out', target]);
    expect(res.code).toBe(1);
    expect(await digest(path.join(target, 'raport-koncowy.pdf'))).toBe(before);
    expect((await readdir(target)).sort()).toEqual(['raport-koncowy.pdf', 'raport-koncowy.xlsx']);
  });
  it('an output directory that cannot be written: exit 2 with one line', async () => {
    const dir = await participantsProject([person(1)]);
    const file = path.join(dir, 'plik');
    await writeFile(file, 'x');
    const res = await cli(['report', 'final', '--project', dir, '--out', path.join(file, 'raporty')]);
    expect(res.code).toBe(2);
    expect(res.err.trim().split('\n')).toHaveLength(1);
    expect((await stat(file)).isFile()).toBe(true);
  });
  it('--allow-errors: a visible banner and the validation list', async () => {
    const dir = await participantsProject([person(1), person(2, { Płeć: 'Kobieta' })]);
    const target = path.join(dir, 'raporty');
    const res = await cli(['report', 'progress', '--period', '2021-Q1', '--project', dir, '--out', target, '--allow-errors', '--formats', 'xlsx,json']);
    expect(res.code).toBe(0);
    const model = JSON.parse(await readFile(path.join(target, 'raport-okresowy-2021-Q1.json'), 'utf8'));
    expect(model.notices[0]).toMatchObject({ level: 'error' });
    expect(model.notices[0].text).toContain('DANE ZAWIERAJĄ BŁĘDY');
    const dump = await dumpXlsx(path.join(target, 'raport-okresowy-2021-Q1.xlsx'));
    expect(dump).toContain('DANE ZAWIERAJĄ BŁĘDY');
    expect(dump).toContain('pesel-sex-mismatch');
  });
});
