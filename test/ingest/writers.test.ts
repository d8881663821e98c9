/**
 * Same data, any writer, same results (SPEC §3.1): the demo project as generated (exceljs), as
 * LibreOffice saves it in XLSX and in ODS gives the same indicators and the same issues at the
 * same cells; a participant list with realistic mistakes gives the same issues whether
 * LibreOffice saved it as XLSX, ODS or "Text CSV", or it is a CSV as Excel's "CSV UTF-8" writes
 * it. The fixtures are made by fixtures/ods/make.sh; test/clients/writers.test.ts converts afresh.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ISSUES_SHEET } from '../../src/annotate/annotate.js';
import { ATTENDANCE_LINE, TEST_DEFINITION } from '../helpers/fixtures.js';
import { DEMO, demoSavedAs, DEMO_MID, indicatorsOf, issuesAt, ROOT, run } from '../helpers/writers.js';

const LO = path.join(ROOT, 'fixtures', 'ods');

describe('the demo project saved by another program', () => {
  it('LibreOffice XLSX and ODS give the indicators and the issues of the original', async () => {
    const expectedIssues = await issuesAt(DEMO, DEMO_MID);
    // errors in every data file, the grid and the long attendance layouts among them
    expect(expectedIssues.length).toBeGreaterThan(3000);
    for (const file of ['dane/uczestnicy', 'dane/obecnosci/akademia-lidera', 'dane/obecnosci/imprezy']) expect(expectedIssues.some((i) => i.startsWith(`${file} `)), file).toBe(true);
    const expectedIndicators = await indicatorsOf(DEMO);
    for (const ext of ['xlsx', 'ods'] as const) {
      const dir = await demoSavedAs(path.join(LO, 'klobuck'), ext);
      expect(await issuesAt(dir, DEMO_MID), ext).toEqual(expectedIssues);
      expect(await indicatorsOf(dir), ext).toEqual(expectedIndicators);
      await rm(dir, { recursive: true });
    }
  }, 60_000);
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
      await writeFile(path.join(dir, 'pal-report.yaml'), TEST_DEFINITION.replace(ATTENDANCE_LINE, '').replace('Testowo, streets: [Długa, Krótka]', 'Kłobuck').replace('participants: uczestnicy.xlsx', `participants: ${target}`));
      results[name] = await issuesAt(dir, '2023-03-31');
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
      await writeFile(path.join(dir, 'pal-report.yaml'), TEST_DEFINITION.replace(ATTENDANCE_LINE, '').replace('Testowo, streets: [Długa, Krótka]', 'Kłobuck').replace('participants: uczestnicy.xlsx', `participants: uczestnicy-bledy.${ext}`));
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
  it('keeps the merged title of a LibreOffice sheet merged, and makes columns as wide as their values', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pal-annotate-'));
    await cp(path.join(LO, 'klobuck', 'uczestnicy.ods'), path.join(dir, 'uczestnicy.ods'));
    await writeFile(path.join(dir, 'pal-report.yaml'), TEST_DEFINITION.replace(ATTENDANCE_LINE, '').replace('participants: uczestnicy.xlsx', 'participants: uczestnicy.ods'));
    await run(['validate', '--project', dir, '--as-of', '2023-03-31', '--annotate', path.join(dir, 'sprawdzone')]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'sprawdzone', 'uczestnicy.sprawdzony.xlsx'));
    const ws = wb.getWorksheet('Uczestnicy') as ExcelJS.Worksheet;
    expect(ws.model.merges).toEqual(['A1:J1']);
    expect(String(ws.getCell('A1').value)).toMatch(/^Lista uczestników projektu/);
    expect(ws.getCell('B1').value).toBe(ws.getCell('A1').value);
    // "Rodzaj uczestnika" and "indywidualny": wider than the default, not as wide as the title
    expect(ws.getColumn(2).width).toBeGreaterThan(15);
    expect(ws.getColumn(1).width).toBeLessThan(12);
    await rm(dir, { recursive: true });
  });
});
