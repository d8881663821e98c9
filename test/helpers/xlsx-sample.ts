/** A small report written by the streaming workbook writer, and ways to read workbooks back: shared by the writer's tests and the real-client tests. */
import ExcelJS from 'exceljs';
import { XlsxWriter, type CellSpec, type CellStyle } from '../../src/io/xlsx-writer.js';
import { fileSink } from '../../src/node/zip-file.js';
import { nodeCodec } from '../../src/node/codec.js';

export const CREATED = new Date(Date.UTC(2023, 5, 30, 12, 34, 56));
export const NBSP = '\u00a0';

export const HEADER: CellStyle = { bold: true, fill: 'FFD9E1F2', border: true, wrap: true, vertical: 'middle', horizontal: 'center' };
export const TEXT: CellStyle = { wrap: true, vertical: 'top', border: true };
export const INT: CellStyle = { numFmt: '[$-415]#,##0', border: true };
export const DECIMAL: CellStyle = { numFmt: '[$-415]#,##0.0#', border: true };
export const PERCENT: CellStyle = { numFmt: '[$-415]0.0%', border: true };

export const head = (texts: string[]): CellSpec[] => texts.map((value) => ({ value, style: HEADER }));

/** A small report: a summary with a title, a table with formulas, and traps; a long audit trail; a note. */
export async function writeReport(file: string, created = CREATED): Promise<void> {
  const w = await XlsxWriter.create(fileSink(file), nodeCodec, { created, title: 'Raport końcowy — RPSL.09.01.01-24-0000/20' });
  try {
    const summary = w.sheet({ name: 'Podsumowanie', columnWidths: [40, 12, 12, 14, 12], landscape: true, fitToWidth: true });
    summary.merge(1, 1, 1, 5);
    summary.row([{ value: 'Raport końcowy z realizacji projektu', style: { bold: true, size: 14 } }], { height: 20 });
    summary.blank();
    summary.freezeRowsAbove(4);
    summary.row(head(['Wskaźnik', 'K', 'M', 'O', 'Realizacja']), { height: 30 });
    summary.row([
      { value: '  Liczba osób zagrożonych ubóstwem', style: TEXT }, { value: 1234, style: INT }, { value: 567.5, style: DECIMAL },
      { value: { formula: 'B4+C4', result: 1801.5 }, style: DECIMAL }, { value: { formula: 'D4/2000', result: 1801.5 / 2000 }, style: PERCENT },
    ]);
    summary.row([
      { value: '=SUM(B4:C4)', style: TEXT }, { value: 'zażółć gęślą jaźń ', style: { ...TEXT } }, { value: Number.NaN, style: INT },
      { value: { formula: 'A5&"!"', result: '=SUM(B4:C4)!' }, style: TEXT }, null,
    ]);
    summary.row([{ value: 'ctl\u0001\u0008ok\uffff' }, { value: 'a_x0041_b <&> "q"' }, { value: '' }, { value: null, style: INT }]);
    const audit = w.sheet({ name: 'Ślad audytowy', columnWidths: [10, 30, 14] });
    audit.freezeRowsAbove(2);
    audit.row(head(['ID', 'Nazwisko', 'Data']));
    for (let i = 1; i <= 300; i++) audit.row([{ value: `P${i}` }, { value: `Kowalski ${i}` }, { value: 44927 + i, style: { numFmt: 'yyyy-mm-dd' } }]);
    const quality = w.sheet({ name: 'Jakość danych', columnWidths: [] });
    quality.row([{ value: 'Brak danych w tej części raportu.', style: { italic: true, size: 9, color: 'FF7F7F7F' } }]);
    await w.close();
  } catch (e) {
    await w.abort();
    throw e;
  }
}

export async function excel(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

export function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

