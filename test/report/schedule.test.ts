/**
 * Words fit the date (issue 17): the schedule's status of each action on the report's data day,
 * in the JSON model and in the XLSX sheet alike. After the project's end an action is done
 * ("zrealizowane") or not ("nie zrealizowano"), never "w realizacji"; before it, "w realizacji"
 * only while the action's window includes the data day.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import type { GanttChart, ReportModel, Table } from '../../src/report/model.js';

const DEMO = path.resolve(import.meta.dirname, '../../fixtures/klobuck');

/** Statuses by action code from the model and from the Harmonogram sheet, and the Gantt chart. */
async function schedule(args: string[], asOf: string, name: string) {
  const out = await mkdtemp(path.join(tmpdir(), 'pal-schedule-'));
  const io = memoryIO(process.cwd(), { SOURCE_DATE_EPOCH: '1672531200' });
  // before the project's end the demo has rows after the data day: errors, left out
  const code = await runCli([...args, '--project', DEMO, '--as-of', asOf, '--out', out, '--formats', 'xlsx,json', '--allow-errors'], io);
  expect(code, io.err).toBe(0);
  const model = JSON.parse(await readFile(path.join(out, `${name}.json`), 'utf8')) as ReportModel;
  const blocks = model.sections.find((s) => s.sheet === 'Harmonogram')?.blocks ?? [];
  const table = (blocks.find((b) => b.kind === 'table') as { table: Table }).table;
  const inModel = Object.fromEntries((table.rows as { cells: unknown[] }[]).map((r) => [r.cells[0], r.cells[3]]));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(out, `${name}.xlsx`));
  const inSheet: Record<string, unknown> = {};
  wb.getWorksheet('Harmonogram')?.eachRow((row) => {
    const code = row.getCell(1).value;
    if (typeof code === 'string' && /^A\d+$/.test(code) && typeof row.getCell(3).value === 'string' && !(code in inSheet)) inSheet[code] = row.getCell(4).value;
  });
  expect(inSheet).toEqual(inModel);
  const gantt = (blocks.find((b) => b.kind === 'chart') as { chart: GanttChart }).chart;
  return { statuses: inModel, note: table.note ?? '', gantt };
}

const ALL_DONE = { A1: 'zrealizowane', A2: 'zrealizowane', A3: 'zrealizowane', A4: 'zrealizowane', A5: 'zrealizowane', A6: 'zrealizowane', A7: 'zrealizowane', A8: 'zrealizowane', A9: 'zrealizowane', A10: 'nie zrealizowano', A11: 'zrealizowane' };

describe('the schedule says what is true on the data day', () => {
  it('a final report after the project\'s end: every action done, or not done when it had no sessions (A10)', async () => {
    const { statuses, note, gantt } = await schedule(['report', 'final'], '2023-06-30', 'raport-koncowy');
    expect(statuses).toEqual(ALL_DONE);
    expect(note).toContain('Status na dzień stanu danych (30.06.2023)');
    expect(gantt.note).toBeUndefined();
  }, 60_000);

  it('a progress report made after the project\'s end: no action "w realizacji" either', async () => {
    const { statuses } = await schedule(['report', 'progress', '--period', '2021-Q3'], '2023-06-30', 'raport-okresowy-2021-Q3');
    expect(statuses).toEqual(ALL_DONE);
  }, 60_000);

  it('before the end: "w realizacji" only for an action whose window includes the data day and that had sessions in the period', async () => {
    const { statuses } = await schedule(['report', 'progress', '--period', '2021-Q3'], '2021-10-15', 'raport-okresowy-2021-Q3');
    expect(statuses).toEqual({
      A1: 'zrealizowane', // window 01–03.2021, over by October
      A2: 'w oknie, bez zajęć w okresie',
      A3: 'zrealizowane', // 01–04.2021
      A4: 'zrealizowane', // 01–03.2021
      A5: 'w realizacji',
      A6: 'w realizacji',
      A7: 'w realizacji',
      A8: 'w realizacji',
      A9: 'w realizacji',
      A10: 'w oknie, bez zajęć w okresie',
      A11: 'zaplanowane', // 12.2022
    });
  }, 60_000);

  it('a final report before the end: its Gantt chart says the months after the data day show only the plan', async () => {
    const { statuses, gantt } = await schedule(['report', 'final'], '2021-10-15', 'raport-koncowy');
    expect(statuses.A11).toBe('zaplanowane');
    expect(statuses.A1).toBe('zrealizowane');
    expect(gantt.note).toBe('Miesiące po dniu stanu danych (15.10.2021) pokazują tylko plan.');
  }, 60_000);
});
