/**
 * Same data, any writer, same results (SPEC §3.1): the demo project as generated (exceljs), as
 * LibreOffice saves it in XLSX and in ODS gives the same indicators and the same issues at the
 * same cells; a participant list with realistic mistakes gives the same issues whether
 * LibreOffice saved it as XLSX, ODS or "Text CSV", or it is a CSV as Excel's "CSV UTF-8" writes
 * it. The fixtures are made by fixtures/ods/make.sh; test/clients/writers.test.ts converts afresh.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ISSUES_SHEET } from '../../src/annotate/annotate.js';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { TEST_DEFINITION } from '../helpers/fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DEMO = path.join(ROOT, 'fixtures', 'klobuck');
const LO = path.join(ROOT, 'fixtures', 'ods');
export const DEMO_WORKBOOKS = ['uczestnicy', 'obecnosci/akademia-lidera', 'obecnosci/imprezy', 'obecnosci/prozatrudnieniowe', 'obecnosci/srodowiskowe', 'obecnosci/wolontariat'];

async function run(args: string[]) {
  const io = memoryIO(process.cwd());
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

/**
 * A copy of the demo project whose workbooks are the ones in `from` (named like the demo's,
 * basename only) with extension `ext`; the definition's paths follow the extension.
 */
export async function demoSavedAs(from: string, ext: 'xlsx' | 'ods'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `pal-writers-${ext}-`));
  await cp(DEMO, dir, { recursive: true });
  for (const w of DEMO_WORKBOOKS) {
    await rm(path.join(dir, 'dane', `${w}.xlsx`));
    await cp(path.join(from, `${path.basename(w)}.${ext}`), path.join(dir, 'dane', `${w}.${ext}`));
  }
  const definition = await readFile(path.join(dir, 'pal-report.yaml'), 'utf8');
  await writeFile(path.join(dir, 'pal-report.yaml'), definition.replaceAll('.xlsx', `.${ext}`));
  return dir;
}

/** What `validate --format json` says, by place: file without extension, sheet, cell, code, severity. */
export async function issuesAt(dir: string): Promise<string[]> {
  const r = await run(['validate', '--project', dir, '--format', 'json', '--as-of', '2023-03-31']);
  expect(r.err).toBe('');
  const json = JSON.parse(r.out) as { issues: { file: string; sheet: string | null; row: number | null; column: string | null; code: string; severity: string }[] };
  return json.issues.map((i) => [i.file.replace(/\.(xlsx|ods|csv)$/, ''), i.sheet ?? '', `${i.column ?? ''}${i.row ?? ''}`, i.code, i.severity].join(' '));
}

export async function indicatorsOf(dir: string): Promise<unknown> {
  const r = await run(['indicators', '--project', dir, '--period', 'all', '--format', 'json', '--as-of', '2023-03-31']);
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
}

describe('the demo project saved by another program', () => {
  it('LibreOffice XLSX and ODS give the indicators and the issues of the original', async () => {
    const expectedIssues = await issuesAt(DEMO);
    const expectedIndicators = await indicatorsOf(DEMO);
    for (const ext of ['xlsx', 'ods'] as const) {
      const dir = await demoSavedAs(path.join(LO, 'klobuck'), ext);
      expect(await issuesAt(dir), ext).toEqual(expectedIssues);
      expect(await indicatorsOf(dir), ext).toEqual(expectedIndicators);
      await rm(dir, { recursive: true });
    }
  });
});

describe('participants with mistakes, saved four ways', () => {
  it('XLSX, ODS, LibreOffice "Text CSV" (UTF-8, `,`) and Excel-style "CSV UTF-8" (BOM, `;`) give the same issues at the same cells', async () => {
    const variants = {
      xlsx: path.join(ROOT, 'fixtures', 'libreoffice', 'uczestnicy-bledy.xlsx'),
      ods: path.join(LO, 'bledy', 'uczestnicy-bledy.ods'),
      'libreoffice.csv': path.join(LO, 'bledy', 'uczestnicy-bledy.libreoffice.csv'),
      'excel.csv': path.join(LO, 'bledy', 'uczestnicy-bledy.excel.csv'),
    };
    const results: Record<string, string[]> = {};
    for (const [name, file] of Object.entries(variants)) {
      const dir = await mkdtemp(path.join(tmpdir(), 'pal-writers-'));
      // one name for all, as the user keeps it: a CSV's sheet is named after its file
      const target = `uczestnicy-bledy.${name.replace(/^.*\./, '')}`;
      await cp(file, path.join(dir, target));
      await writeFile(path.join(dir, 'pal-report.yaml'), TEST_DEFINITION.replace('Testowo, streets: [Długa, Krótka]', 'Kłobuck').replace('participants: uczestnicy.xlsx', `participants: ${target}`));
      results[name] = await issuesAt(dir);
      await rm(dir, { recursive: true });
    }
    const codes = new Set(results.xlsx?.map((l) => l.split(' ')[3]));
    for (const c of ['date-order', 'invalid-date', 'pesel-sex-mismatch', 'dictionary-value', 'postcode-format', 'email-format', 'unknown-column']) expect(codes).toContain(c);
    expect(results.ods).toEqual(results.xlsx);
    expect(results.ods).toContain('uczestnicy-bledy uczestnicy-bledy K3 date-order error');
    expect(results['libreoffice.csv']).toEqual(results.xlsx);
    expect(results['excel.csv']).toEqual(results.xlsx);
  });
});

/** The cells of an annotated copy that carry a fill, with the fill and the first line of the note. */
async function marked(file: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: string[] = [];
  for (const ws of wb.worksheets) {
    if (ws.name === ISSUES_SHEET) continue;
    ws.eachRow((row) => row.eachCell((cell) => {
      const fill = cell.fill as ExcelJS.FillPattern | undefined;
      const note = typeof cell.note === 'string' ? cell.note : '';
      if (fill?.fgColor?.argb) out.push(`${ws.name}!${cell.address} ${fill.fgColor.argb} ${note.split('\n')[0]}`);
    }));
  }
  return out.sort();
}

describe('--annotate on an ODS', () => {
  it('writes <name>.sprawdzony.xlsx with the same cells marked as for the XLSX, values and dates kept', async () => {
    const copies: Record<string, string[]> = {};
    for (const [ext, file] of [['xlsx', path.join(ROOT, 'fixtures', 'libreoffice', 'uczestnicy-bledy.xlsx')], ['ods', path.join(LO, 'bledy', 'uczestnicy-bledy.ods')]] as const) {
      const dir = await mkdtemp(path.join(tmpdir(), 'pal-annotate-'));
      await cp(file, path.join(dir, `uczestnicy-bledy.${ext}`));
      await writeFile(path.join(dir, 'pal-report.yaml'), TEST_DEFINITION.replace('Testowo, streets: [Długa, Krótka]', 'Kłobuck').replace('participants: uczestnicy.xlsx', `participants: uczestnicy-bledy.${ext}`));
      const r = await run(['validate', '--project', dir, '--as-of', '2023-03-31', '--annotate', path.join(dir, 'sprawdzone')]);
      expect(r.code).toBe(1);
      const copy = path.join(dir, 'sprawdzone', 'uczestnicy-bledy.sprawdzony.xlsx');
      copies[ext] = await marked(copy);
      if (ext === 'ods') {
        // the copy holds typed values where the ODS had them: a date cell stays a date, a number a number
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(copy);
        const ws = wb.getWorksheet('uczestnicy-bledy') as ExcelJS.Worksheet;
        expect(ws.getCell('J2').value).toBeInstanceOf(Date);
        expect(typeof ws.getCell('E2').value).toBe('number');
        expect(wb.getWorksheet(ISSUES_SHEET)).toBeDefined();
      }
      await rm(dir, { recursive: true });
    }
    expect(copies.xlsx?.length).toBeGreaterThan(5);
    expect(copies.ods).toEqual(copies.xlsx);
  });
});
