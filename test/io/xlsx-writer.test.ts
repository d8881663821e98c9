/**
 * The streaming workbook writer, judged by what readers show: exceljs and our own streaming
 * reader read back values, formulas with their results, merges, the frozen pane, widths,
 * heights and styles; the same calls give the same bytes; a million rows stay in flat memory;
 * a failed write leaves nothing behind. What LibreOffice makes of it: test/clients/xlsx-writer.test.ts.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, MB } from '../../src/ingest/limits.js';
import { openWorkbook, readSheets } from '../../src/ingest/source.js';
import type { Cell } from '../../src/ingest/values.js';
import { ZipFile } from '../../src/formats/zip.js';
import { nodeCodec } from '../../src/node/codec.js';
import { openFile } from '../../src/node/files.js';
import { XlsxWriter } from '../../src/io/xlsx-writer.js';
import { openDescriptors } from '../helpers/fds.js';
import { CREATED, excel, sheet, writeReport } from '../helpers/xlsx-sample.js';
import { fileSink, zipFile } from '../../src/node/zip-file.js';
import { disk } from '../helpers/platform.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
let dir = '';
let report = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pal-xlsx-writer-'));
  report = path.join(dir, 'raport.xlsx');
  await writeReport(report);
});

describe('read back with exceljs', () => {
  it('has the sheets in order, the document properties, page setup, merges, frozen panes, widths and heights', async () => {
    const wb = await excel(report);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['Podsumowanie', 'Ślad audytowy', 'Jakość danych']);
    expect(wb.title).toBe('Raport końcowy — RPSL.09.01.01-24-0000/20');
    expect(wb.creator).toBe('pal-report');
    expect(wb.created.toISOString()).toBe('2023-06-30T12:34:56.000Z');
    const ws = sheet(wb, 'Podsumowanie');
    expect(ws.model.merges).toEqual(['A1:E1']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3, topLeftCell: 'A4' });
    expect(sheet(wb, 'Ślad audytowy').views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet(wb, 'Jakość danych').views[0]?.state).not.toBe('frozen');
    expect([1, 2, 3, 4, 5].map((c) => ws.getColumn(c).width)).toEqual([40, 12, 12, 14, 12]);
    expect(sheet(wb, 'Ślad audytowy').getColumn(2).width).toBe(30);
    expect(ws.getRow(1).height).toBe(20);
    expect(ws.getRow(3).height).toBe(30);
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(sheet(wb, 'Jakość danych').pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToPage: false });
  });

  it('has the values: text as text (leading spaces, Polish letters, "=" at the start), numbers, formulas with results', async () => {
    const ws = sheet(await excel(report), 'Podsumowanie');
    expect(ws.getCell('A1').value).toBe('Raport końcowy z realizacji projektu');
    expect(ws.getRow(3).values).toEqual([undefined, 'Wskaźnik', 'K', 'M', 'O', 'Realizacja']);
    expect(ws.getCell('A4').value).toBe('  Liczba osób zagrożonych ubóstwem');
    expect(ws.getCell('B4').value).toBe(1234);
    expect(ws.getCell('C4').value).toBe(567.5);
    expect(ws.getCell('D4').value).toEqual({ formula: 'B4+C4', result: 1801.5 });
    expect(ws.getCell('E4').value).toEqual({ formula: 'D4/2000', result: 1801.5 / 2000 });
    // formula injection: a text that looks like a formula stays text
    expect(ws.getCell('A5').value).toBe('=SUM(B4:C4)');
    expect(ws.getCell('A5').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('B5').value).toBe('zażółć gęślą jaźń ');
    // NaN is no number: an empty cell that keeps its look
    expect(ws.getCell('C5').value).toBeNull();
    expect(ws.getCell('C5').numFmt).toBe('[$-415]#,##0');
    expect(ws.getCell('D5').value).toEqual({ formula: 'A5&"!"', result: '=SUM(B4:C4)!' });
    expect(ws.getCell('E5').value).toBeNull();
    // characters XML cannot hold are dropped
    expect(ws.getCell('A6').value).toBe('ctlok');
    expect(ws.getCell('C6').value).toBeNull();
    const audit = sheet(await excel(report), 'Ślad audytowy');
    expect(audit.rowCount).toBe(301);
    // a serial day with a date format is a date
    expect(audit.getRow(301).values).toEqual([undefined, 'P300', 'Kowalski 300', new Date('2023-10-28T00:00:00Z')]);
  });

  it('has the styles: header font, fill, border and alignment; Polish number formats; a small grey italic note', async () => {
    const wb = await excel(report);
    const ws = sheet(wb, 'Podsumowanie');
    const h = ws.getCell('C3');
    expect(h.font).toMatchObject({ bold: true, size: 11, name: 'Calibri' });
    expect(h.fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } });
    const thin = { style: 'thin', color: { argb: 'FFBFBFBF' } };
    expect(h.border).toEqual({ top: thin, left: thin, bottom: thin, right: thin });
    expect(h.alignment).toEqual({ horizontal: 'center', vertical: 'middle', wrapText: true });
    expect(ws.getCell('A1').font).toMatchObject({ bold: true, size: 14 });
    expect(ws.getCell('A4').alignment).toEqual({ vertical: 'top', wrapText: true });
    expect(ws.getCell('B4').numFmt).toBe('[$-415]#,##0');
    expect(ws.getCell('C4').numFmt).toBe('[$-415]#,##0.0#');
    expect(ws.getCell('D4').numFmt).toBe('[$-415]#,##0.0#');
    expect(ws.getCell('E4').numFmt).toBe('[$-415]0.0%');
    expect(ws.getCell('A6').font?.bold).toBeFalsy();
    expect(sheet(wb, 'Ślad audytowy').getCell('C2').numFmt).toBe('yyyy-mm-dd');
    expect(sheet(wb, 'Jakość danych').getCell('A1').font).toMatchObject({ italic: true, size: 9, color: { argb: 'FF7F7F7F' } });
  });

  it('writes each distinct look once (styles.xml), whichever object carries it', async () => {
    const zip = await JSZip.loadAsync(await readFile(report));
    const styles = (await zip.file('xl/styles.xml')?.async('string')) ?? '';
    const xfs = /<cellXfs count="(\d+)">(.*?)<\/cellXfs>/.exec(styles);
    // default, title, header, text, int, decimal, percent, date, note: `{ ...TEXT }` is TEXT again
    expect(Number(xfs?.[1])).toBe(9);
    expect(xfs?.[2]?.match(/<xf /g)?.length).toBe(9);
    expect(styles).toContain('<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>');
    expect(styles).toContain('<numFmt numFmtId="164" formatCode="[$-415]#,##0"/>');
    const sheet1 = (await zip.file('xl/worksheets/sheet1.xml')?.async('string')) ?? '';
    const style = (ref: string) => new RegExp(`<c r="${ref}"( s="\\d+")?`).exec(sheet1)?.[1];
    expect(style('B5')).toBe(style('A4'));
  });
});

describe('the sheet XML', () => {
  it('keeps what Excel itself would change: spaces at the ends (xml:space) and a literal `_xHHHH_` (underscore escaped)', async () => {
    const zip = await JSZip.loadAsync(await readFile(report));
    const xml = (await zip.file('xl/worksheets/sheet1.xml')?.async('string')) ?? '';
    expect(xml).toContain('<is><t xml:space="preserve">  Liczba osób zagrożonych ubóstwem</t></is>');
    expect(xml).toContain('<is><t xml:space="preserve">zażółć gęślą jaźń </t></is>');
    expect(xml).toContain('<is><t>a_x005F_x0041_b &lt;&amp;&gt; "q"</t></is>');
    // the order SpreadsheetML requires: view and columns before the rows, merges after them
    expect(xml.indexOf('<sheetViews>')).toBeLessThan(xml.indexOf('<cols>'));
    expect(xml.indexOf('<cols>')).toBeLessThan(xml.indexOf('<sheetData>'));
    expect(xml.indexOf('</sheetData>')).toBeLessThan(xml.indexOf('<mergeCells'));
  });
});

describe('rich text', () => {
  it('writes runs of one cell in the cell\'s font, each bold or italic as asked, escaped; an indented cell is left-aligned', async () => {
    const file = path.join(dir, 'rich.xlsx');
    const w = await XlsxWriter.create(fileSink(file), nodeCodec, { created: CREATED });
    const ws = w.sheet({ name: 'Opis', columnWidths: [40] });
    ws.row([{ value: { runs: [{ text: 'W 2021 r. ' }, { text: 'część <zajęć>', bold: true }, { text: ' & ' }, { text: 'ograniczeń', italic: true }, { text: '' }, { text: 'obu', bold: true, italic: true }] }, style: { size: 11, wrap: true } }]);
    ws.row([{ value: { runs: [{ text: '• ' }, { text: 'punkt' }] }, style: { indent: 1, horizontal: 'left' } }]);
    await w.close();
    const wb = await excel(file);
    const sheetRead = wb.getWorksheet('Opis') as ExcelJS.Worksheet;
    const first = sheetRead.getCell('A1').value as ExcelJS.CellRichTextValue;
    expect(first.richText.map((r) => [r.text, Boolean(r.font?.bold), Boolean(r.font?.italic), r.font?.size])).toEqual([
      ['W 2021 r. ', false, false, 11], ['część <zajęć>', true, false, 11], [' & ', false, false, 11], ['ograniczeń', false, true, 11], ['obu', true, true, 11],
    ]);
    expect(sheetRead.getCell('A2').alignment).toMatchObject({ indent: 1, horizontal: 'left' });
    // our own reader sees the text
    const src = await openWorkbook(disk, file, 'rich.xlsx');
    const rows = (await readSheets(src))[0]?.rows.map((r) => r.cells[0]);
    await src.close();
    expect(rows).toEqual(['W 2021 r. część <zajęć> & ograniczeńobu', '• punkt']);
  });
});

describe('read back with our own streaming reader', () => {
  it('sees the same sheets and values, merged title across its range, dates as dates', async () => {
    const src = await openWorkbook(disk, report, 'raport.xlsx');
    try {
      const sheets = await readSheets(src);
      expect(sheets.map((s) => s.name)).toEqual(['Podsumowanie', 'Ślad audytowy', 'Jakość danych']);
      const rows: Cell[][][] = sheets.map((s) => {
        const got: Cell[][] = [];
        for (const r of s.rows) got[r.n] = r.cells;
        return got;
      });
      const [summary, audit, quality] = rows;
      const title = 'Raport końcowy z realizacji projektu';
      expect(summary?.[1]).toEqual([title, title, title, title, title]);
      expect(summary?.[3]).toEqual(['Wskaźnik', 'K', 'M', 'O', 'Realizacja']);
      expect(summary?.[4]).toEqual(['  Liczba osób zagrożonych ubóstwem', 1234, 567.5, 1801.5, 1801.5 / 2000]);
      expect(summary?.[5]).toEqual(['=SUM(B4:C4)', 'zażółć gęślą jaźń ', null, '=SUM(B4:C4)!']);
      expect(summary?.[6]?.[0]).toBe('ctlok');
      expect(audit?.filter(Boolean).length).toBe(301);
      expect(audit?.[2]).toEqual(['P1', 'Kowalski 1', new Date('2023-01-02T00:00:00Z')]);
      expect(audit?.[301]).toEqual(['P300', 'Kowalski 300', new Date('2023-10-28T00:00:00Z')]);
      expect(quality?.[1]).toEqual(['Brak danych w tej części raportu.']);
    } finally {
      await src.close();
    }
  });
});


describe('reproducible output', () => {
  it('gives the same bytes for the same calls; another date changes only the document dates and the entry times', async () => {
    const again = path.join(dir, 'again.xlsx');
    await writeReport(again);
    expect(Buffer.compare(await readFile(again), await readFile(report))).toBe(0);

    const later = path.join(dir, 'later.xlsx');
    await writeReport(later, new Date(Date.UTC(2024, 0, 15, 8, 0, 2)));
    const [a, b] = await Promise.all([report, later].map(async (f) => JSZip.loadAsync(await readFile(f))));
    const names = Object.keys(a?.files ?? {});
    expect(Object.keys(b?.files ?? {})).toEqual(names);
    for (const name of names) {
      const [x, y] = await Promise.all([a, b].map((z) => z?.file(name)?.async('string')));
      if (name === 'docProps/core.xml') {
        expect(x).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2023-06-30T12:34:56Z</dcterms:created>');
        expect(y).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2024-01-15T08:00:02Z</dcterms:modified>');
        expect(y?.replaceAll('2024-01-15T08:00:02Z', '2023-06-30T12:34:56Z')).toBe(x);
      } else {
        expect(y, name).toBe(x);
      }
      expect(a?.files[name]?.date.toISOString()).toBe('2023-06-30T12:34:56.000Z');
      expect(b?.files[name]?.date.toISOString()).toBe('2024-01-15T08:00:02.000Z');
    }
  });
});

describe('scale', () => {
  // XLSX_WRITER_ROWS=1000000 checks the full million (10 s to write, 12 s to read back here); the default keeps the suite quick
  const rows = Number(process.env.XLSX_WRITER_ROWS ?? 200_000);

  it(`writes ${rows.toLocaleString('en-US')} rows × 7 cells in flat memory, and every row reads back`, async () => {
    const file = path.join(dir, 'duzy.xlsx');
    const script = `
      import { XlsxWriter } from ${JSON.stringify(path.join(ROOT, 'src/io/xlsx-writer.ts'))};
      import { fileSink } from ${JSON.stringify(path.join(ROOT, 'src/node/zip-file.ts'))};
      import { nodeCodec } from ${JSON.stringify(path.join(ROOT, 'src/node/codec.ts'))};
      const base = process.memoryUsage.rss();
      const started = performance.now();
      const styles = [{ border: true }, { numFmt: '[$-415]#,##0', border: true }, { numFmt: '[$-415]#,##0.0#', border: true }, { border: true, fill: 'FFFFC7CE' }];
      const names = ['Kowalski', 'Wiśniewska', 'Wójcik', 'Zieliński'];
      const w = await XlsxWriter.create(fileSink(${JSON.stringify(file)}), nodeCodec, { created: new Date(0) });
      const s = w.sheet({ name: 'Ślad audytowy', columnWidths: [10, 20, 10, 12, 8, 10, 24] });
      for (let r = 1; r <= ${rows}; r++) {
        s.row([
          { value: 'P' + (r % 10000), style: styles[0] }, { value: names[r % 4], style: styles[0] }, { value: 45000 + (r % 700), style: styles[1] },
          { value: r % 3 ? 'obecny' : 'nieobecny', style: r % 50 ? styles[0] : styles[3] }, { value: (r % 97) / 4, style: styles[2] },
          { value: r, style: styles[1] }, { value: 'Zajęcia grupowe ' + (r % 13) },
        ]);
        // compression runs beside the rows; waiting for it now and then keeps memory flat
        if (r % 512 === 0) await w.drain();
      }
      await w.close();
      console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000, growthMb: (process.resourceUsage().maxRSS * 1024 - base) / 2 ** 20 }));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, timeout: 300_000 });
    const measured = JSON.parse(stdout) as { seconds: number; growthMb: number };
    console.log(`${rows} rows × 7 cells: ${measured.seconds.toFixed(2)} s, peak RSS growth ${measured.growthMb.toFixed(0)} MB`);
    expect(measured.growthMb).toBeLessThan(100);

    // a million rows unzip past the default input limit (256 MB)
    const src = await openWorkbook(disk, file, 'duzy.xlsx', { ...DEFAULT_LIMITS, maxInputBytes: 4096 * MB });
    let count = 0;
    let last: Cell[] = [];
    await src.read((s) => (s.index > 0 ? undefined : {
      row: (n, cells) => {
        count++;
        if (n === rows) last = [...cells];
      },
    }));
    await src.close();
    expect(count).toBe(rows);
    expect(last).toEqual([`P${rows % 10000}`, ['Kowalski', 'Wiśniewska', 'Wójcik', 'Zieliński'][rows % 4], 45000 + (rows % 700), rows % 3 ? 'obecny' : 'nieobecny', (rows % 97) / 4, rows, `Zajęcia grupowe ${rows % 13}`]);
  }, 600_000);
});

describe('failures', () => {
  it('abort() removes the partial file and closes it', async () => {
    const file = path.join(dir, 'przerwany.xlsx');
    const w = await XlsxWriter.create(fileSink(file), nodeCodec, { created: CREATED });
    const s = w.sheet({ name: 'Dane', columnWidths: [] });
    for (let i = 0; i < 50_000; i++) s.row([{ value: `wiersz ${i}` }, { value: i }]);
    expect(existsSync(file)).toBe(true);
    await w.abort();
    expect(existsSync(file)).toBe(false);
    expect(openDescriptors(file) ?? 0).toBe(0);
    expect(() => s.row([{ value: 1 }])).toThrow(/finished/);
  });

  it('refuses what Excel would reject or "repair", and the caller can still abort cleanly', async () => {
    const file = path.join(dir, 'zly.xlsx');
    const w = await XlsxWriter.create(fileSink(file), nodeCodec, { created: CREATED });
    expect(() => w.sheet({ name: 'Bardzo długa nazwa arkusza ponad limit', columnWidths: [] })).toThrow(/1–31/);
    expect(() => w.sheet({ name: 'Wyniki [2023]', columnWidths: [] })).toThrow(/forbids/);
    const s = w.sheet({ name: 'Podsumowanie', columnWidths: [] });
    expect(() => w.sheet({ name: 'PODSUMOWANIE', columnWidths: [] })).toThrow(/two sheets/);
    s.merge(1, 1, 1, 4);
    expect(() => s.merge(1, 3, 2, 5)).toThrow(/overlaps/);
    expect(() => s.row([{ value: 'x', style: { fill: 'red' } }])).toThrow(/ARGB/);
    expect(s.row([{ value: 'ok' }])).toBe(1);
    w.sheet({ name: 'Druga', columnWidths: [] });
    expect(() => s.row([{ value: 'late' }])).toThrow(/finished/);
    await w.abort();
    expect(existsSync(file)).toBe(false);
    const empty = await XlsxWriter.create(fileSink(file), nodeCodec, { created: CREATED });
    await expect(empty.close()).rejects.toThrow(/at least one sheet/);
    await empty.abort();
    expect(existsSync(file)).toBe(false);
  });

  it('does not freeze a pane asked for after the first 200 rows (they are already written)', async () => {
    const file = path.join(dir, 'pozno.xlsx');
    const w = await XlsxWriter.create(fileSink(file), nodeCodec, { created: CREATED });
    const s = w.sheet({ name: 'Dane', columnWidths: [] });
    for (let i = 0; i < 250; i++) s.row([{ value: i }]);
    s.freezeRowsAbove(2);
    await w.close();
    const ws = (await excel(file)).worksheets[0];
    expect(ws?.views[0]?.state).not.toBe('frozen');
    expect(ws?.rowCount).toBe(250);
  });
});

describe('zip writer', () => {
  it('deflates a large entry in pieces that inflate to the same bytes, and writes a declared size when asked', async () => {
    const file = path.join(dir, 'archiwum.zip');
    const zip = zipFile(file, { modified: CREATED });
    const line = 'wiersz z polskimi literami: zażółć gęślą jaźń\n';
    const expected = line.repeat(100_000);
    await zip.add('duzy.txt', (function* () {
      for (let i = 0; i < 100; i++) yield line.repeat(1000);
    })());
    await zip.add('bomba.xml', ['<x/>'], 10_000_000);
    await zip.finish();
    const source = await openFile(file);
    try {
      const z = await ZipFile.open(source, nodeCodec);
      expect(z.entries.get('duzy.txt')?.uncompressedSize).toBe(Buffer.byteLength(expected));
      expect(await z.text('duzy.txt')).toBe(expected);
      expect(z.entries.get('bomba.xml')?.uncompressedSize).toBe(10_000_000);
    } finally {
      await source.close();
    }
  });

  it('closes the file when the data fails', async () => {
    const file = path.join(dir, 'blad.zip');
    const zip = zipFile(file, { modified: CREATED });
    await expect(zip.add('a.txt', (async function* () {
      yield 'początek';
      throw new Error('dane się skończyły');
    })())).rejects.toThrow('dane się skończyły');
    expect(openDescriptors(file) ?? 0).toBe(0);
    await expect(zip.finish()).rejects.toThrow(/closed/);
  });
});
