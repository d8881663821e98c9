/**
 * The streaming XLSX reader against exceljs (the reference) on every fixture workbook, and on
 * hand-written sheet XML with the shapes other spreadsheet programs produce.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { glob } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { openWorkbook, readSheets, type WorkbookSource } from '../../src/formats/index.js';
import { isDateFormat } from '../../src/formats/xlsx.js';
import { ZipFile } from '../../src/formats/zip.js';
import { DEFAULT_LIMITS } from '../../src/ingest/limits.js';
import { cellText, type Cell } from '../../src/ingest/values.js';
import { nodeCodec } from '../../src/node/codec.js';
import { memorySource } from '../helpers/memory.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A workbook's bytes opened in memory, as the formats read any input. */
const openBytes = (bytes: Uint8Array, name: string): Promise<WorkbookSource> => openWorkbook(memorySource(bytes), name, nodeCodec, DEFAULT_LIMITS);

function show(c: Cell | undefined): string {
  return c instanceof Date ? c.toISOString().slice(0, 10) : cellText(c ?? null);
}

/** Every sheet's display lines (`n:a|b|c`), of a workbook file or its bytes. */
async function ours(file: string | Uint8Array): Promise<Map<string, string[]>> {
  const src = await openBytes(typeof file === 'string' ? new Uint8Array(await readFile(file)) : file, 'test.xlsx');
  const out = new Map<string, string[]>();
  for (const sheet of await readSheets(src)) {
    const rows: string[] = [];
    for (const { n, cells } of sheet.rows) {
      const line = cells.map(show).join('|').replace(/\|+$/, '');
      if (line) rows.push(`${n}:${line}`);
    }
    out.set(sheet.name, rows);
  }
  await src.close();
  return out;
}

/** exceljs's view; formula cells whose cached result exceljs drops (a 0) are left out of both. */
async function reference(file: string): Promise<{ rows: Map<string, string[]>; skip: Set<string> }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows = new Map<string, string[]>();
  const skip = new Set<string>();
  wb.eachSheet((ws) => {
    const list: string[] = [];
    ws.eachRow((row, n) => {
      const cells: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) {
        const v = row.getCell(c).value;
        if (v !== null && typeof v === 'object' && 'formula' in v && v.result === undefined) {
          skip.add(`${ws.name}!${n}:${c}`);
          cells.push('#');
          continue;
        }
        const plain = v !== null && typeof v === 'object' && !(v instanceof Date)
          ? ('result' in v ? v.result : 'richText' in v ? v.richText.map((r) => r.text).join('') : 'text' in v ? v.text : null) as Cell
          : v as Cell;
        cells.push(show(plain));
      }
      const line = cells.join('|').replace(/\|+$/, '');
      if (line) list.push(`${n}:${line}`);
    });
    rows.set(ws.name, list);
  });
  return { rows, skip };
}

describe('streaming XLSX reader', () => {
  it('reads every fixture workbook exactly as exceljs does', async () => {
    // fixtures/formats holds what is not an XLSX whatever its name (an encrypted one); ods/hostile, what exceljs cannot read
    const files = await glob(['fixtures/**/*.xlsx', '!fixtures/formats/**', '!fixtures/ods/hostile/**'], { cwd: ROOT, absolute: true });
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const mine = await ours(file);
      const ref = await reference(file);
      expect([...mine.keys()], file).toEqual([...ref.rows.keys()]);
      for (const [sheet, rows] of ref.rows) {
        const got = mine.get(sheet) ?? [];
        // a formula whose cached result is 0: exceljs shows nothing, we read the 0
        const masked = got.map((line, k) => {
          const want = rows[k] ?? '';
          if (!want.includes('#')) return line;
          const a = line.split('|');
          return want.split('|').map((w, j) => (w === '#' ? '#' : a[j])).join('|');
        });
        expect(masked, `${file} › ${sheet}`).toEqual(rows);
      }
    }
  }, 60_000);

  it('reads inline and rich strings, booleans, errors, ISO dates, gaps, rows without numbers and merges', async () => {
    const zip = new JSZip();
    zip.file('xl/workbook.xml', '<workbook xmlns:r="r"><workbookPr date1904="1"/><sheets><sheet name="A&amp;B" sheetId="1" r:id="rId1"/><sheet name="Ukryty" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>');
    zip.file('xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="x/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId4" Type="x/styles" Target="styles.xml"/></Relationships>');
    zip.file('xl/sharedStrings.xml', '<sst><si><t>Zażółć</t></si><si><r><t>gęślą </t></r><r><rPr><b/></rPr><t xml:space="preserve">jaźń</t></r><rPh><t>IGNORE</t></rPh></si><si/><si><t>a &lt; b &amp; c</t></si></sst>');
    zip.file('xl/styles.xml', '<styleSheet><numFmts><numFmt numFmtId="165" formatCode="[$-415]d\\ mmmm\\ yyyy"/><numFmt numFmtId="166" formatCode="0.0&quot;h&quot;"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="165" applyNumberFormat="1"><alignment/></xf><xf numFmtId="166"/></cellXfs></styleSheet>');
    zip.file('xl/worksheets/sheet1.xml', [
      '<worksheet><sheetData>',
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c><c r="D1" t="s"><v>2</v></c><c r="E1" t="s"><v>3</v></c></row>',
      '<row r="2"><c r="A2" t="inlineStr"><is><t>inline</t></is></c><c r="B2" t="b"><v>1</v></c><c r="C2" t="e"><v>#N/A</v></c><c r="D2" t="str"><f>A1</f><v>wynik</v></c><c r="E2"/></row>',
      '<row r="3"><c r="A3" s="1"><v>42735</v></c><c r="B3" s="2"><v>1.5</v></c><c r="C3" t="d"><v>2021-03-15</v></c></row>',
      '<row><c t="inlineStr"><is><t>bez numeru</t></is></c><c><v>7</v></c></row>',
      '<row r="6" spans="1:2"/>',
      '<row r="7"><c r="B7" t="inlineStr"><is><t>scalone</t></is></c></row>',
      '<row r="8"><c r="A8"><v>1</v></c></row>',
      '</sheetData><mergeCells count="1"><mergeCell ref="B7:C8"/></mergeCells></worksheet>',
    ].join(''));
    zip.file('xl/worksheets/sheet2.xml', '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>');
    const src = await openBytes(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }), 'test.xlsx');
    const sheets = await readSheets(src, (s) => s.index === 0);
    expect(await src.read(() => undefined)).toEqual([{ index: 0, name: 'A&B', hidden: false }, { index: 1, name: 'Ukryty', hidden: true }]);
    expect(src.date1904).toBe(true);
    const rows = (sheets[0]?.rows ?? []).map((r): [number, Cell[]] => [r.n, r.cells]);
    await src.close();
    expect(rows).toEqual([
      [1, ['Zażółć', null, 'gęślą jaźń', '', 'a < b & c']],
      [2, ['inline', true, '#N/A', 'wynik', null]],
      [3, [new Date('2021-01-01T00:00:00Z'), 1.5, new Date('2021-03-15T00:00:00Z')]],
      [4, ['bez numeru', 7]],
      [7, [null, 'scalone', 'scalone']],
      [8, [1, 'scalone', 'scalone']],
    ]);
  });

  it('reads every shared string of a large table, whatever falls on the boundary of two decompressed chunks', async () => {
    // the reader inflates 1 MiB at a time: `<si>` split as `<s` | `i>` between two chunks once
    // dropped that string and shifted every later index by one (a wrong value in every later cell)
    const CHUNK = 1 << 20;
    const strings: string[] = [];
    let xml = '<sst>';
    for (const split of [1, 2, 3]) {
      // filler strings up to where the chunk ends `split` characters into the next `<si>`
      const cell = (t: string) => `<si><t>${t}</t></si>`;
      for (;;) {
        const room = CHUNK * split - xml.length - cell('').length - split;
        const filler = 'f'.repeat(Math.min(room, 1000));
        strings.push(filler);
        xml += cell(filler);
        if (room <= 1000) break;
      }
      for (let i = 0; i < 10; i++) {
        strings.push(`t${split}.${i}`);
        xml += `<si><t>t${split}.${i}</t></si>`;
      }
    }
    xml += '</sst>';
    const zip = new JSZip();
    zip.file('xl/workbook.xml', '<workbook xmlns:r="r"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>');
    zip.file('xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/></Relationships>');
    zip.file('xl/sharedStrings.xml', xml);
    const refs = strings.map((_, i) => i).filter((i) => (strings[i] ?? '').startsWith('t'));
    zip.file('xl/worksheets/sheet1.xml', `<worksheet><sheetData><row r="1">${refs.map((i) => `<c t="s"><v>${i}</v></c>`).join('')}</row></sheetData></worksheet>`);
    const src = await openBytes(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }), 'sst.xlsx');
    const sheets = await readSheets(src);
    const cells = sheets[0]?.rows[0]?.cells;
    await src.close();
    expect(cells).toEqual(refs.map((i) => strings[i]));
  });

  it('a sheet of numbers without style or type attributes (as openpyxl writes them) reads in time linear in its size', async () => {
    // an attribute a cell lacks was once looked for in the text after it, up to the end of the
    // 1 MB chunk: 100,000 such rows took minutes; now only the cell's own tag is searched
    const rows = 60_000;
    const parts = ['<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'];
    for (let r = 1; r <= rows; r++) {
      let row = `<row r="${r}">`;
      for (let c = 0; c < 7; c++) row += `<c r="${String.fromCharCode(65 + c)}${r}"><v>${r * 7 + c}</v></c>`;
      parts.push(`${row}</row>`);
    }
    parts.push('</sheetData></worksheet>');
    const zip = new JSZip();
    zip.file('xl/workbook.xml', '<workbook xmlns:r="r"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>');
    zip.file('xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>');
    zip.file('xl/worksheets/sheet1.xml', parts.join(''));
    const src = await openBytes(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }), 'liczby.xlsx');
    const started = Date.now();
    let n = 0;
    let last: Cell[] = [];
    await src.read(() => ({ row: (_, cells) => { n++; last = cells.slice(); } }));
    expect(n).toBe(rows);
    expect(last).toEqual([0, 1, 2, 3, 4, 5, 6].map((c) => rows * 7 + c));
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 120_000);

  it('reads a sheet with manual page breaks (`<rowBreaks>` after the rows), which is no row', async () => {
    const zip = new JSZip();
    zip.file('xl/workbook.xml', '<workbook xmlns:r="r"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>');
    zip.file('xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>');
    zip.file('xl/worksheets/sheet1.xml', '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Lp.</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row></sheetData>'
      + '<rowBreaks count="1" manualBreakCount="1"><brk id="1" max="16383" man="1"/></rowBreaks><colBreaks count="1" manualBreakCount="1"><brk id="3" max="1048575" man="1"/></colBreaks></worksheet>');
    const src = await openBytes(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }), 'strony.xlsx');
    const sheets = await readSheets(src);
    expect(sheets[0]?.rows.map((r) => [r.n, r.cells])).toEqual([[1, ['Lp.']], [2, [1]]]);
  }, 10_000);

  it('a number padded with non-ASCII white space is still a number; a row tag whose quote is left open is broken markup', async () => {
    const one = async (sheet: string) => {
      const zip = new JSZip();
      zip.file('xl/workbook.xml', '<workbook xmlns:r="r"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>');
      zip.file('xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>');
      zip.file('xl/worksheets/sheet1.xml', `<worksheet><sheetData>${sheet}</sheetData></worksheet>`);
      return readSheets(await openBytes(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }), 'a.xlsx'));
    };
    const padded = await one('<row r="1"><c r="A1"><v>\u00a012</v></c><c r="B1"><v>12\u3000</v></c><c r="C1"><v>12 zł</v></c></row>');
    expect(padded[0]?.rows.map((r) => r.cells)).toEqual([[12, 12, '12 zł']]);
    await expect(one('<row r="1><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>')).rejects.toMatchObject({ problem: { code: 'xlsx-broken' } });
  }, 10_000);

  it('knows date formats from number formats', () => {
    for (const f of ['dd.mm.yyyy', '[$-415]d mmmm yyyy', 'yyyy-mm-dd hh:mm', 'm/d/yy', '[h]:mm']) expect(isDateFormat(f), f).toBe(true);
    for (const f of ['0.00', '#,##0', '"dni"0', 'General', '0.0%', '[$-415]#,##0.00 "zł"']) expect(isDateFormat(f), f).toBe(false);
  });
});

describe('zip reader', () => {
  it('lists entries with their declared sizes before inflating anything', async () => {
    const zip = new JSZip();
    zip.file('a.txt', 'x'.repeat(100_000));
    zip.file('b/c.xml', '<c/>');
    const source = memorySource(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
    const z = await ZipFile.open(source, nodeCodec);
    expect(z.entries.get('a.txt')?.uncompressedSize).toBe(100_000);
    expect(z.entries.get('a.txt')?.compressedSize).toBeLessThan(1000);
    expect(z.declaredSize()).toBe(100_004);
    expect(source.reads.reduce((n, r) => n + r.length, 0)).toBeLessThan(1000);
    expect(await z.text('b/c.xml')).toBe('<c/>');
  });
});

/**
 * A copy of a workbook whose XML parts put every SpreadsheetML element under the prefix `x:`
 * (and relationships under `pr:`), as the .NET OpenXML SDK and some exporters write them.
 */
async function prefixedCopy(bytes: Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new JSZip();
  for (const [name, f] of Object.entries(zip.files)) {
    if (f.dir) continue;
    let content: string | Uint8Array = await f.async('uint8array');
    if (/\.(xml|rels)$/.test(name) && name !== '[Content_Types].xml') {
      const xml = new TextDecoder().decode(content);
      const [prefix, ns] = name.endsWith('.rels')
        ? ['pr', 'http://schemas.openxmlformats.org/package/2006/relationships']
        : ['x', 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'];
      if (!xml.includes(`xmlns="${ns}"`)) {
        out.file(name, content);
        continue;
      }
      content = xml
        .replace(`xmlns="${ns}"`, `xmlns:${prefix}="${ns}"`)
        .replace(/<(\/?)([A-Za-z][\w.-]*)(?=[\s/>])/g, (_m, slash: string, el: string) => `<${slash}${prefix}:${el}`);
    }
    out.file(name, content);
  }
  return out.generateAsync({ type: 'uint8array' });
}

describe('XML with a namespace prefix', () => {
  it('a prefixed copy of every demo workbook reads exactly as the original', async () => {
    const files = await glob('fixtures/klobuck/dane/**/*.xlsx', { cwd: ROOT, absolute: true });
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const bytes = await prefixedCopy(new Uint8Array(await readFile(file)));
      expect(await (await JSZip.loadAsync(bytes)).file('xl/workbook.xml')?.async('string')).toContain('<x:sheet ');
      const original = await ours(file);
      expect([...original.values()].flat().length, file).toBeGreaterThan(0);
      expect(await ours(bytes), file).toEqual(original);
    }
  });
});
