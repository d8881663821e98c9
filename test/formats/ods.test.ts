/**
 * The streaming ODS reader on files LibreOffice wrote (the fixtures, and the demo workbooks
 * converted: row for row what the XLSX reader reads from the originals), on hand-written
 * content.xml with the shapes the format allows, and on hostile packages.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvRows, typedField, writeOds } from '../../bench/ods-writer.js';
import { FormatError, type FormatProblem } from '../../src/formats/index.js';
import { MAX_ROWS, OdsReader, parseOdsDate, parseOdsDuration, type OdsSheet } from '../../src/formats/ods/index.js';
import { XlsxReader } from '../../src/formats/xlsx.js';
import { ZipFile } from '../../src/formats/zip.js';
import { cellText, type Cell, type RowCallback } from '../../src/ingest/values.js';
import { nodeCodec } from '../../src/node/codec.js';
import { openFile } from '../../src/node/files.js';
import type { ByteSource } from '../../src/platform/index.js';
import { memorySource } from '../helpers/memory.js';
import { zipFile } from '../../src/node/zip-file.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(ROOT, 'fixtures', 'ods');
const DEMO = path.join(ROOT, 'fixtures', 'klobuck', 'dane');

const MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';
const NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
  + 'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
  + 'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
  + 'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"';

function show(c: Cell | undefined): string {
  return c instanceof Date ? c.toISOString().slice(0, 10) : cellText(c ?? null);
}

const cell = (text: string, attrs = '') => `<table:table-cell office:value-type="string"${attrs}><text:p>${text}</text:p></table:table-cell>`;
const num = (v: number, attrs = '') => `<table:table-cell office:value-type="float" office:value="${v}"${attrs}><text:p>${v}</text:p></table:table-cell>`;
const row = (cells: string, attrs = '') => `<table:table-row${attrs}>${cells}</table:table-row>`;
const table = (name: string, rows: string, attrs = '') => `<table:table table:name="${name}"${attrs}>${rows}</table:table>`;
const content = (tables: string, styles = '') => `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${NS} office:version="1.3">`
  + `<office:automatic-styles>${styles}</office:automatic-styles><office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body></office:document-content>`;

let scratch = '';
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'pal-ods-'));
});

let counter = 0;
/** An ODS package around the given content.xml, in memory (JSZip: mimetype stored first). */
async function odsFile(contentXml: string | null, extra: Record<string, string> = {}, mimetype: string | null = MIMETYPE): Promise<Uint8Array> {
  const zip = new JSZip();
  if (mimetype !== null) zip.file('mimetype', mimetype, { compression: 'STORE' });
  if (contentXml !== null) zip.file('content.xml', contentXml);
  for (const [name, text] of Object.entries(extra)) zip.file(name, text);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** A package in memory, or a file on disk (read in ranges as any input is). */
async function zipOf(file: string | Uint8Array): Promise<{ zip: ZipFile; source: ByteSource }> {
  const source = typeof file === 'string' ? await openFile(file) : memorySource(file);
  return { zip: await ZipFile.open(source, nodeCodec), source };
}

/** What a reading fails with. */
async function problem(p: Promise<unknown>): Promise<FormatProblem> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  if (e instanceof FormatError) return e.problem;
  throw new Error(`not a FormatError: ${String(e)}`);
}

interface Read {
  sheets: OdsSheet[];
  rows: Map<string, [number, Cell[]][]>;
}

/** Every sheet's rows (copied: the reader reuses its array). */
async function readOds(file: string | Uint8Array, opts: { maxBytes?: number; maxCellChars?: number; skip?: (s: OdsSheet) => boolean } = {}): Promise<Read> {
  const { zip, source } = await zipOf(file);
  try {
    const reader = await OdsReader.open(zip, opts.maxBytes, opts.maxCellChars);
    const rows = new Map<string, [number, Cell[]][]>();
    const sheets = await reader.read((s) => {
      if (opts.skip?.(s)) return undefined;
      const list: [number, Cell[]][] = [];
      rows.set(s.name, list);
      return (n, cells) => list.push([n, cells.slice()]);
    });
    return { sheets, rows };
  } finally {
    await source.close();
  }
}

/** Display lines (`n:a|b|c`) of every sheet, as test/formats/xlsx.test.ts compares them. */
function lines(rows: Iterable<[number, readonly Cell[]]>): string[] {
  const out: string[] = [];
  for (const [n, cells] of rows) {
    const line = cells.map(show).join('|').replace(/\|+$/, '');
    if (line) out.push(`${n}:${line}`);
  }
  return out;
}

async function xlsxLines(file: string): Promise<Map<string, string[]>> {
  const { zip, source } = await zipOf(file);
  const reader = await XlsxReader.open(zip);
  const out = new Map<string, string[]>();
  for (let i = 0; i < reader.sheets.length; i++) {
    const rows: [number, Cell[]][] = [];
    await reader.readSheet(i, (n, cells) => rows.push([n, cells.slice()]));
    out.set(reader.sheets[i]?.name ?? '', lines(rows));
  }
  await source.close();
  return out;
}

const utc = (y: number, m: number, d: number, h = 0, min = 0) => new Date(Date.UTC(y, m - 1, d, h, min));

describe('ODS written by LibreOffice', () => {
  it('reads every kind of cell, merged areas, a hidden sheet and an empty one (fixtures/ods/mixed.ods)', async () => {
    const { sheets, rows } = await readOds(path.join(FIXTURES, 'mixed.ods'));
    expect(sheets).toEqual([
      { index: 0, name: 'Dane', hidden: false, merges: [] },
      { index: 1, name: 'Ukryty', hidden: true, merges: [] },
      // the merged areas with a value (rows as shown, columns from 0); the empty one is not kept
      { index: 2, name: 'Scalone', hidden: false, merges: [{ r1: 1, c1: 0, r2: 1, c2: 2 }, { r1: 2, c1: 0, r2: 3, c2: 0 }, { r1: 2, c1: 2, r2: 3, c2: 3 }] },
      { index: 3, name: 'Pusty', hidden: false, merges: [] },
    ]);
    expect(rows.get('Dane')).toEqual([
      [1, ['Data', 'Liczba', 'Procent', 'Kwota', 'Godzina', 'Tak/Nie', 'Tekst', 'Formuła', 'Błąd']],
      [2, [utc(2021, 1, 4), 1.5, 0.25, 1234.5, 10.5 / 24, true, 'a  b   c', 3, '#DIV/0!']],
      [3, [utc(2021, 3, 15, 10, 30), -2, 1, 0, 0.25 / 24, false, ' wcięcie i koniec ', 'xy']],
      // row 4 is empty; LibreOffice dropped the line break and the tab of C5 and D5 on import
      [5, ['A&B <C> Łódź', 'linia 1\nlinia 2', 'ab', 'ab', 'Pogrubiony tekst', 'strona www', 'z komentarzem']],
      [6, ['powtórzony', 7]],
      [7, ['powtórzony', 7]],
      [8, ['powtórzony', 7]],
      [9, ['x', 'x', 'x', 'x', 5]],
      [10, ['ukryty wiersz', 1]],
    ]);
    expect(rows.get('Ukryty')).toEqual([[1, ['tajne', 42]]]);
    const d = utc(2021, 2, 1);
    expect(rows.get('Scalone')).toEqual([
      [1, ['Nagłówek scalony', 'Nagłówek scalony', 'Nagłówek scalony', 'd']],
      [2, ['Pion', 'b2', d, d, 9]],
      [3, ['Pion', 'b3', d, d]],
      [4, ['Lp.', null, null, 'po']],
    ]);
    expect(rows.get('Pusty')).toEqual([]);
  });

  it('reads the demo workbooks converted by LibreOffice exactly as the XLSX reader reads the originals', async () => {
    const sources = (await readFile(path.join(FIXTURES, 'klobuck', 'SOURCES'), 'utf8')).trim().split('\n').map((l) => l.split(/\s+/));
    const xlsx = [path.join(DEMO, 'uczestnicy.xlsx'), ...(await readdir(path.join(DEMO, 'obecnosci'))).filter((f) => f.endsWith('.xlsx')).map((f) => path.join(DEMO, 'obecnosci', f))];
    expect(xlsx.length).toBeGreaterThan(5);
    const stale: string[] = [];
    for (const file of xlsx) {
      const rel = path.relative(DEMO, file);
      const hash = createHash('sha256').update(await readFile(file)).digest('hex');
      if (!sources.some(([h, name]) => h === hash && name === rel)) stale.push(file);
    }
    let fresh = '';
    if (stale.length) {
      // a demo workbook changed since make.sh ran: convert it now, when LibreOffice is there
      expect(spawnSync('soffice', ['--version']).status, `stale ODS of ${stale.join(', ')}: run fixtures/ods/make.sh`).toBe(0);
      fresh = await mkdtemp(path.join(tmpdir(), 'pal-ods-lo-'));
      execFileSync('soffice', [`-env:UserInstallation=file://${fresh}/profile`, '--headless', '--norestore', '--convert-to', 'ods', '--outdir', fresh, ...stale], { stdio: 'ignore' });
    }
    let compared = 0;
    for (const file of xlsx) {
      const ods = path.join(stale.includes(file) ? fresh : path.join(FIXTURES, 'klobuck'), path.basename(file).replace(/\.xlsx$/, '.ods'));
      const want = await xlsxLines(file);
      const got = await readOds(ods);
      expect(got.sheets.map((s) => s.name), file).toEqual([...want.keys()]);
      for (const [sheet, expected] of want) {
        expect(lines(got.rows.get(sheet) ?? []), `${file} › ${sheet}`).toEqual(expected);
        compared += expected.length;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  }, 180_000);

  it('reads the pretty-printed flat source of mixed.ods as its content.xml, differing only where LibreOffice changed it', async () => {
    const source = await readFile(path.join(FIXTURES, 'source', 'mixed.fods'), 'utf8');
    const flat = await readOds(await odsFile(source));
    const converted = await readOds(path.join(FIXTURES, 'mixed.ods'));
    expect(flat.sheets).toEqual(converted.sheets);
    const dane = converted.rows.get('Dane')?.map(([n, cells]) => [n, [...cells]] as [number, Cell[]]) ?? [];
    // what LibreOffice did on import: dropped the line break and the tab, marked 1/0 as an error
    dane[1]?.[1].splice(8, 1, 0);
    dane[3]?.[1].splice(2, 2, 'a\nb', 'a\tb');
    expect(flat.rows.get('Dane')).toEqual(dane);
    for (const sheet of ['Ukryty', 'Scalone', 'Pusty']) expect(flat.rows.get(sheet), sheet).toEqual(converted.rows.get(sheet));
  });

  it('reads a copy whose namespaces have other prefixes (t:, o:, x:, s:) exactly as the original', async () => {
    const original = await JSZip.loadAsync(await readFile(path.join(FIXTURES, 'mixed.ods')));
    const xml = await original.file('content.xml')?.async('string') ?? '';
    const renamed = xml
      .replace(/xmlns:(table|office|text|style)=/g, (_m, p: string) => `xmlns:${{ table: 't', office: 'o', text: 'x', style: 's' }[p]}=`)
      // element and attribute names only: the namespace URIs contain "table:" too
      .replace(/(<\/?|\s)(table|office|text|style):/g, (_m, lead: string, p: string) => `${lead}${{ table: 't', office: 'o', text: 'x', style: 's' }[p]}:`);
    expect(renamed).toContain('<t:table-row');
    expect(renamed).not.toContain('<table:');
    const copy = await odsFile(renamed);
    expect(await readOds(copy)).toEqual(await readOds(path.join(FIXTURES, 'mixed.ods')));
  });
});

describe('ODS structure', () => {
  it('binds elements by namespace URI: a prefix bound elsewhere is not the table namespace', async () => {
    const xml = `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:example:not-odf" `
      + `xmlns:tb="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>`
      + `<table:table table:name="decoy"><table:table-row><table:table-cell><text:p>no</text:p></table:table-cell></table:table-row></table:table>`
      + `<tb:table tb:name="real"><tb:table-row><tb:table-cell office:value-type="string"><text:p>yes</text:p></tb:table-cell></tb:table-row></tb:table>`
      + `</office:spreadsheet></office:body></office:document-content>`;
    const { sheets, rows } = await readOds(await odsFile(xml));
    expect(sheets.map((s) => s.name)).toEqual(['real']);
    expect(rows.get('real')).toEqual([[1, ['yes']]]);
    expect(await problem(readOds(await odsFile('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')))).toEqual({ code: 'ods-broken', detail: 'content.xml does not declare the OpenDocument table namespace' });
  });

  it('expands repeated rows and columns, empty repeats for free, with row numbers as LibreOffice shows them', async () => {
    const xml = content(table('S', [
      row(`${cell('a')}<table:table-cell table:number-columns-repeated="16383"/>`),
      row('<table:table-cell table:number-columns-repeated="16384"/>', ' table:number-rows-repeated="1000000"'),
      row(`<table:table-cell table:number-columns-repeated="2"/>${cell('x', ' table:number-columns-repeated="3"')}<table:table-cell/>${num(5)}<table:table-cell table:number-columns-repeated="16377"/>`),
      row(`${cell('r')}${num(1, ' table:number-columns-repeated="2"')}`, ' table:number-rows-repeated="3"'),
      row('<table:table-cell table:number-columns-repeated="16384"/>', ' table:number-rows-repeated="48571"'),
      row(cell('last')),
      row('<table:table-cell/>', ' table:number-rows-repeated="1000000000"'),
    ].join('')));
    const started = performance.now();
    const { rows } = await readOds(await odsFile(xml));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(rows.get('S')).toEqual([
      [1, ['a']],
      [1_000_002, [null, null, 'x', 'x', 'x', null, 5]],
      [1_000_003, ['r', 1, 1]],
      [1_000_004, ['r', 1, 1]],
      [1_000_005, ['r', 1, 1]],
      [1_048_577, ['last']],
    ]);
  });

  it('hands the same cells array to every row, and skips unwanted sheets without calling back', async () => {
    const xml = content(table('A', row(cell('a1')) + row(cell('a2'))) + table('B', row(cell('b1')) + row(cell('b2'))) + table('C', row(cell('c1'))));
    const { zip } = await zipOf(await odsFile(xml));
    const reader = await OdsReader.open(zip);
    const arrays = new Set<readonly Cell[]>();
    const seen: string[] = [];
    const visited: string[] = [];
    const sheets = await reader.read((s) => {
      visited.push(s.name);
      return s.name === 'B' ? undefined : (n, cells) => {
        arrays.add(cells);
        seen.push(`${s.name}${n}:${String(cells[0])}`);
      };
    });
    expect(visited).toEqual(['A', 'B', 'C']);
    expect(sheets.map((s) => s.name)).toEqual(['A', 'B', 'C']);
    expect(seen).toEqual(['A1:a1', 'A2:a2', 'C1:c1']);
    expect(arrays.size).toBe(1);
  });

  it('finds the end of a skipped sheet, and of a row, where it straddles two inflated chunks', async () => {
    // zlib hands content.xml over in 1 MiB pieces: put the end tags across the first boundary
    const head = `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${NS}><office:body><office:spreadsheet><table:table table:name="A">`;
    const boundary = 1 << 20;
    for (const [cut, skipA] of [[5, true], [3, false]] as const) {
      // `</table:table>` (skipping A) or A's `</table:table-row>` (reading it) begins `cut` characters before the boundary
      const x = 'x'.repeat(boundary - cut - head.length - row(cell('')).length + (skipA ? 0 : '</table:table-row>'.length));
      const xml = `${head}${row(cell(x))}</table:table>${table('B', row(cell('b1')) + row(cell('b2')))}</office:spreadsheet></office:body></office:document-content>`;
      expect(xml.indexOf(skipA ? '</table:table>' : '</table:table-row>')).toBe(boundary - cut);
      const { sheets, rows } = await readOds(await odsFile(xml), { skip: (s) => skipA && s.name === 'A' });
      expect(sheets.map((s) => s.name)).toEqual(['A', 'B']);
      expect(rows.get('A')).toEqual(skipA ? undefined : [[1, [x]]]);
      expect(rows.get('B')).toEqual([[1, ['b1']], [2, ['b2']]]);
    }
  });

  it('emits a repeated non-empty row once per repeat, so the caller\'s row limit stops a huge one', async () => {
    const { zip } = await zipOf(await odsFile(content(table('S', row(cell('spam'), ' table:number-rows-repeated="10000000"')))));
    const reader = await OdsReader.open(zip);
    let calls = 0;
    const limited: RowCallback = () => {
      if (++calls > 5) throw new Error('too many rows');
    };
    await expect(reader.read(() => limited)).rejects.toThrow('too many rows');
    expect(calls).toBe(6);
    // a repeat past the largest sheet LibreOffice makes is refused before any row
    const xml = content(table('S', row(cell('spam'), ' table:number-rows-repeated="1000000000"')));
    expect(await problem(readOds(await odsFile(xml)))).toEqual({ code: 'ods-broken', detail: `a row repeated past row ${MAX_ROWS}`, row: 1 });
  });

  it('gives covered cells the value of their merged area, across columns, rows and repeats', async () => {
    const covered = (attrs = '') => `<table:covered-table-cell${attrs}/>`;
    const xml = content(table('M', [
      // A1:B3 and C1:D2 merged, E1:F1 merged empty
      row(`${cell('AB', ' table:number-columns-spanned="2" table:number-rows-spanned="3"')}${covered()}${num(7, ' table:number-columns-spanned="2" table:number-rows-spanned="2"')}${covered()}<table:table-cell table:number-columns-spanned="2"/>${covered()}${cell('g')}`),
      // one run of covered cells crossing both areas; the row repeated
      row(`${covered(' table:number-columns-repeated="4"')}${cell('e2')}`),
      row(`${covered(' table:number-columns-repeated="2"')}${cell('c3')}`),
      // a covered cell belonging to no area (LibreOffice keeps none such): empty
      row(`${covered()}${cell('b4')}`),
    ].join('')));
    const { rows } = await readOds(await odsFile(xml));
    expect(rows.get('M')).toEqual([
      [1, ['AB', 'AB', 7, 7, null, null, 'g']],
      [2, ['AB', 'AB', 7, 7, 'e2']],
      [3, ['AB', 'AB', 'c3']],
      [4, [null, 'b4']],
    ]);
    const repeatedRows = content(table('R', row(`${cell('v', ' table:number-rows-spanned="4"')}${num(1)}`) + row(`${covered()}${num(2)}`, ' table:number-rows-repeated="3"') + row(`${covered()}${num(3)}`)));
    expect((await readOds(await odsFile(repeatedRows))).rows.get('R')).toEqual([
      [1, ['v', 1]], [2, ['v', 2]], [3, ['v', 2]], [4, ['v', 2]], [5, [null, 3]],
    ]);
  });

  it('reads typed values by office:value-type, formula cells by their cached value', async () => {
    const typed = (type: string, attrs: string, text = '') => `<table:table-cell office:value-type="${type}" ${attrs}><text:p>${text}</text:p></table:table-cell>`;
    const xml = content(table('T', [
      row([
        typed('float', 'office:value="-1.25E3"'),
        typed('percentage', 'office:value="0.5"'),
        typed('currency', 'office:value="12.3" office:currency="PLN"'),
        typed('date', 'office:date-value="2024-02-29"'),
        typed('date', 'office:date-value="2024-02-29T23:59:30.5"'),
        typed('time', 'office:time-value="PT36H00M00S"'),
        typed('boolean', 'office:boolean-value="false"'),
        typed('string', 'office:string-value="from the attribute"', 'shown'),
        `<table:table-cell table:formula="of:=IF([.A1]>0;1;2)" office:value-type="float" office:value="2"><text:p>2</text:p></table:table-cell>`,
        '<table:table-cell><text:p>no type</text:p></table:table-cell>',
        typed('date', 'office:date-value="not a date"', 'as shown'),
        typed('string', ''),
      ].join('')),
    ].join('')));
    const { rows } = await readOds(await odsFile(xml));
    expect(rows.get('T')).toEqual([[1, [-1250, 0.5, 12.3, utc(2024, 2, 29), new Date('2024-02-29T23:59:30.500Z'), 1.5, false, 'from the attribute', 2, 'no type', 'as shown', '']]]);
    expect(parseOdsDate('2021-03-15T10:30:00+02:00')).toEqual(new Date('2021-03-15T08:30:00Z'));
    expect(parseOdsDate('0099-01-01')?.getUTCFullYear()).toBe(99);
    expect(parseOdsDate('2021-13-45x')).toBeNull();
    expect(parseOdsDuration('PT10H30M00S')).toBe(0.4375);
    expect(parseOdsDuration('-PT12H')).toBe(-0.5);
    expect(parseOdsDuration('P1DT6H')).toBe(1.25);
    expect(parseOdsDuration('PT')).toBeNull();
  });

  it('reads text: paragraphs, text:s, tabs, line breaks and inline wrappers; comments, shapes and markup left out', async () => {
    const rich = [
      '<text:p>a<text:s text:c="3"/>b<text:s/>c</text:p>',
      '<text:p>one</text:p><text:p/><text:p>three</text:p>',
      '<text:p>t<text:tab/>ab<text:line-break/>next</text:p>',
      '<text:p text:style-name="P1"><text:span text:style-name="T1">sp<text:span>an</text:span></text:span> and <text:a xlink:href="x">link</text:a></text:p>',
      '\n   <office:annotation><dc:creator>Ktoś</dc:creator><text:p>COMMENT</text:p></office:annotation>\n   <text:p>kept</text:p>\n  ',
      '<draw:frame><draw:text-box><text:p>SHAPE</text:p></draw:text-box></draw:frame><text:p>cell</text:p>',
      '<text:p>&amp;&lt;&gt;&quot;&apos;&#x141;&#261;<!-- COMMENT --><![CDATA[<raw>]]></text:p>',
    ].map((c) => `<table:table-cell office:value-type="string">${c}</table:table-cell>`).join('');
    const { rows } = await readOds(await odsFile(content(table('X', row(rich)))));
    expect(rows.get('X')).toEqual([[1, ['a   b c', 'one\n\nthree', 't\tab\nnext', 'span and link', 'kept', 'cell', '&<>"\'Łą<raw>']]]);
  });

  it('reports sheets hidden by an automatic style or a common one in styles.xml', async () => {
    const automatic = '<style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>'
      + '<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>'
      + '<style:style style:name="ce1" style:family="table-cell"><style:table-properties table:display="false"/></style:style>';
    const styles = `<office:document-styles ${NS}><office:styles><style:style style:name="Ukryte" style:family="table"><style:table-properties table:display="false"/></style:style></office:styles></office:document-styles>`;
    const xml = content(['ta1', 'ta2', 'Ukryte', 'ce1'].map((s) => table(s, row(cell('v')), ` table:style-name="${s}"`)).join(''), automatic);
    const { sheets } = await readOds(await odsFile(xml, { 'styles.xml': styles }));
    expect(sheets.map((s) => [s.name, s.hidden])).toEqual([['ta1', false], ['ta2', true], ['Ukryte', true], ['ce1', false]]);
  });
});

/** A package whose content.xml is written in streamed pieces (a bomb needs no memory to build). */
async function streamedOds(pieces: () => Iterable<string>): Promise<string> {
  const file = path.join(scratch, `s${counter++}.ods`);
  const zip = zipFile(file, { modified: new Date(0) });
  zip.stored('mimetype', MIMETYPE);
  await zip.add('content.xml', pieces());
  await zip.finish();
  return file;
}

describe('ODS limits and hostile input', () => {
  it('refuses a content.xml bomb (a cell of 200 MB of text compressed small) fast, in bounded memory', async () => {
    const file = await streamedOds(function* () {
      yield `<office:document-content ${NS}><office:body><office:spreadsheet><table:table table:name="S"><table:table-row><table:table-cell><text:p>`;
      const mb = 'a'.repeat(1 << 20);
      for (let i = 0; i < 200; i++) yield mb;
      yield '</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>';
    });
    const rss = process.memoryUsage().rss;
    let started = performance.now();
    // under the inflated-bytes limit: the row that never ends within 64 MB
    expect(await problem(readOds(file, { maxBytes: 1 << 30 }))).toEqual({ code: 'cell-too-long', row: 1 });
    expect(performance.now() - started).toBeLessThan(3000);
    // the 64 MB of text kept while waiting for the row to end, and little more
    expect(process.memoryUsage().rss - rss).toBeLessThan(300 * 1024 * 1024);
    started = performance.now();
    expect(await problem(readOds(file, { maxBytes: 16 << 20 }))).toEqual({ code: 'inflated-too-large', limit: 16 << 20 });
    expect(performance.now() - started).toBeLessThan(1000);
  }, 30_000);

  it('refuses a cell longer than the limit, with its row, and a text:s count past it without allocating', async () => {
    const long = content(table('S', row(cell('ok')) + row(cell('x'.repeat(101)))));
    expect(await problem(readOds(await odsFile(long), { maxCellChars: 100 }))).toEqual({ code: 'cell-too-long', row: 2 });
    const spaces = content(table('S', row('<table:table-cell office:value-type="string"><text:p>a<text:s text:c="2000000000"/></text:p></table:table-cell>')));
    expect(await problem(readOds(await odsFile(spaces), { maxCellChars: 32_767 }))).toEqual({ code: 'cell-too-long', row: 1 });
    const attribute = content(table('S', row(cell('shown', ` office:string-value="${'y'.repeat(200)}"`))));
    expect(await problem(readOds(await odsFile(attribute), { maxCellChars: 100 }))).toEqual({ code: 'cell-too-long', row: 1 });
  });

  it('refuses a non-empty cell repeated or spread past column XFD without allocating it', async () => {
    const started = performance.now();
    const bomb = content(table('S', row(cell('boom', ' table:number-columns-repeated="1000000000"'))));
    expect(await problem(readOds(await odsFile(bomb)))).toEqual({ code: 'ods-broken', detail: 'a value repeated past column 16384', row: 1 });
    const late = content(table('S', row(`<table:table-cell table:number-columns-repeated="16384"/>${num(1)}`)));
    expect(await problem(readOds(await odsFile(late)))).toMatchObject({ code: 'ods-broken' });
    const merged = content(table('S', row(`${cell('m', ' table:number-columns-spanned="1000000000"')}<table:covered-table-cell table:number-columns-repeated="999999999"/>`)));
    expect(await problem(readOds(await odsFile(merged)))).toMatchObject({ code: 'ods-broken' });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('fails on a truncated content.xml or a truncated file, and ends garbage without hanging', async () => {
    const whole = await JSZip.loadAsync(await readFile(path.join(FIXTURES, 'mixed.ods')));
    const xml = await whole.file('content.xml')?.async('string') ?? '';
    const cut = xml.slice(0, xml.indexOf('ukryty wiersz'));
    expect(await problem(readOds(await odsFile(cut)))).toMatchObject({ code: 'ods-broken', detail: 'content.xml ends inside sheet "Dane"' });
    const bytes = await readFile(path.join(FIXTURES, 'mixed.ods'));
    expect(await problem(readOds(bytes.subarray(0, Math.floor(bytes.length * 0.6))))).toMatchObject({ code: 'zip-broken' });
    // random markup: an error or some rows, and quickly
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const parts = ['<', '>', '/', '"', "'", 'table:table-row', 'table:table-cell', 'text:p', ' table:number-columns-repeated="9"', '<!--', '-->', 'x', '&amp;', '<table:table table:name="g">'];
    for (let k = 0; k < 20; k++) {
      let garbage = `<office:document-content ${NS}><office:body><office:spreadsheet>`;
      for (let i = 0; i < 3000; i++) garbage += parts[Math.floor(rnd() * parts.length)] ?? '';
      const started = performance.now();
      await readOds(await odsFile(garbage)).catch((e: unknown) => e);
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });

  it('refuses a package without content.xml, and an OpenDocument file that is no spreadsheet', async () => {
    expect(await problem(readOds(await odsFile(null, { 'styles.xml': '<x/>' })))).toEqual({ code: 'ods-broken', detail: 'no content.xml in the package' });
    expect(await problem(readOds(await odsFile(content(''), {}, 'application/vnd.oasis.opendocument.text')))).toEqual({ code: 'ods-broken', detail: 'not a spreadsheet: application/vnd.oasis.opendocument.text' });
  });
});

describe('bench/ods-writer.ts', () => {
  const values: Cell[][] = [
    ['Data', 'Kwota', 'Opis', 'Tak'],
    [utc(2021, 1, 4), 1.5, 'a  b   c', true],
    [utc(2021, 1, 5, 10, 30), -2, ' wcięcie\ttab\nlinia 2 ', false],
    ['x', 'x', 'x', null, null, 7],
    ['A&B <C> "q"', 1e21, '', null],
  ];

  it('writes an ODS the reader reads back cell for cell, across many chunks of content.xml', async () => {
    const file = path.join(scratch, 'written.ods');
    const many = Array.from({ length: 30_000 }, (_, i) => [utc(2022, 1, 1 + (i % 28)), i, `wiersz ${i} – zażółć`]);
    await writeOds(file, [{ name: 'Dane & więcej', rows: values }, { name: 'Ukryty', hidden: true, rows: [['tajne']] }, { name: 'Duży', rows: many }]);
    const { zip, source } = await zipOf(file);
    expect([...zip.entries.keys()][0]).toBe('mimetype');
    expect(zip.entries.get('mimetype')?.method).toBe(0);
    expect(zip.entries.get('content.xml')?.uncompressedSize).toBeGreaterThan(3 << 20);
    await source.close();
    const { sheets, rows } = await readOds(file);
    expect(sheets).toEqual([{ index: 0, name: 'Dane & więcej', hidden: false, merges: [] }, { index: 1, name: 'Ukryty', hidden: true, merges: [] }, { index: 2, name: 'Duży', hidden: false, merges: [] }]);
    expect(rows.get('Dane & więcej')).toEqual([
      [1, values[0]],
      [2, values[1]],
      [3, values[2]],
      [4, ['x', 'x', 'x', null, null, 7]],
      [5, ['A&B <C> "q"', 1e21, '']],
    ]);
    expect(rows.get('Duży')).toEqual(many.map((r, i) => [i + 1, r]));
  });

  it('types the fields of a Polish CSV as a spreadsheet holds them', async () => {
    expect([typedField('04.01.2021'), typedField('1,5'), typedField('2'), typedField('A1'), typedField('')]).toEqual([utc(2021, 1, 4), 1.5, 2, 'A1', null]);
    const csv = path.join(scratch, 'a.csv');
    await writeFile(csv, 'Data;Liczba godzin;Identyfikator\r\n04.01.2021;1,5;U1\r\n');
    const out: Cell[][] = [];
    for await (const r of csvRows(csv)) out.push(r);
    expect(out).toEqual([['Data', 'Liczba godzin', 'Identyfikator'], [utc(2021, 1, 4), 1.5, 'U1']]);
  });

  it.skipIf(spawnSync('soffice', ['--version']).status !== 0)('writes an ODS LibreOffice opens (converted to CSV)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pal-ods-csv-'));
    const file = path.join(dir, 'small.ods');
    await writeOds(file, [{ name: 'Arkusz', rows: values }]);
    execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--norestore', '--convert-to', 'csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,true,false,false,-1', '--outdir', dir, file], { stdio: 'ignore' });
    const csv = await readFile(path.join(dir, 'small-Arkusz.csv'), 'utf8');
    expect(csv.split('\n').slice(0, 2).map((l) => l.replace(/;+$/, ''))).toEqual(['Data;Kwota;Opis;Tak', '04.01.2021;1.5;a  b   c;TRUE']);
    expect(csv).toContain('x;x;x;;;7');
  }, 60_000);
});
