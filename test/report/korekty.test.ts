/**
 * The Korekty sheet holds numbers (issue 17): Złożono, Obecnie and Różnica are number cells in
 * the formats of the other sheets, the difference signed by its format (`+1`, `−0,5`), a share
 * as percentages with its difference in percentage points — so a column can be summed.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { correctionsSection } from '../../src/report/sections/corrections.js';
import type { ReportInput } from '../../src/report/sections/input.js';
import { NUMBER_FORMATS } from '../../src/report/xlsx.js';
import { baseRows, cli, makeCorrectionsProject, submitQ1, writeRows } from '../corrections/helpers.js';

describe('Korekty sheet', () => {
  it('has number cells: submitted, now and the signed difference, hours with their decimals', async () => {
    const dir = await makeCorrectionsProject();
    expect((await submitQ1(dir)).code).toBe(0);
    // the session of 17.03 lasted 1.5 hours, not 2: hours 10 → 7.5; the one of 10.03 was typed by mistake
    await writeRows(dir, baseRows().filter((r) => r[0] !== '10.03.2021').map((r) => (r[0] === '17.03.2021' ? r.map((c, i) => (i === 4 ? 1.5 : c)) : r)));
    const out = await mkdtemp(path.join(tmpdir(), 'pal-korekty-'));
    const r = await cli(['report', 'progress', '--project', dir, '--period', '2021-Q2', '--as-of', '2021-07-01', '--out', out, '--formats', 'xlsx']);
    expect(r.code, r.err).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, 'raport-okresowy-2021-Q2.xlsx'));
    const sheet = wb.getWorksheet('Korekty') as ExcelJS.Worksheet;
    const row = (indicator: string, side: string) => {
      let found: ExcelJS.Row | undefined;
      sheet.eachRow((x) => { if (x.getCell(2).value === indicator && x.getCell(3).value === side && x.getCell(4).value === 'O') found ??= x; });
      expect(found, `${indicator} ${side}`).toBeDefined();
      return found as ExcelJS.Row;
    };
    const hours = row('G1', 'narastająco');
    expect([5, 6, 7].map((c) => hours.getCell(c).value)).toEqual([10, 7.5, -2.5]);
    expect([5, 6, 7].map((c) => hours.getCell(c).numFmt)).toEqual([NUMBER_FORMATS.whole, NUMBER_FORMATS.fraction, NUMBER_FORMATS.fractionDifference]);
    const sessions = row('Z1', 'w okresie');
    expect([5, 6, 7].map((c) => sessions.getCell(c).value)).toEqual([5, 4, -1]);
    expect(sessions.getCell(7).numFmt).toBe(NUMBER_FORMATS.wholeDifference);
    // the sign comes from the format: positive with +, negative with the minus sign, zero plain
    expect(NUMBER_FORMATS.wholeDifference).toBe('[$-415]+#,##0;"−"#,##0;0');
  });

  it('shows a share as percentages and its difference in percentage points', () => {
    const input = {
      options: {
        kind: 'progress', generatedAt: '2021-07-01T10:00:00Z', allowErrors: false,
        submitted: {
          resolved: 0,
          corrections: [{ period: '2021-Q1', indicator: 'EZ', side: 'cumulative', key: 'value', submitted: 0.4, now: 0.45, difference: 0.05, entered: [], left: [] }],
        },
      },
    } as unknown as ReportInput;
    const table = correctionsSection(input)?.blocks.find((b) => b.kind === 'table');
    expect(table?.kind === 'table' && [...table.table.rows]).toEqual([
      { cells: ['2021-Q1', 'EZ', 'narastająco', 'value', 0.4, 0.45, expect.closeTo(5, 9), null, null], kinds: [undefined, undefined, undefined, undefined, 'percent', 'percent', 'points'] },
    ]);
  });
});
