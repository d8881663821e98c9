/**
 * Limits against decompression bombs and runaway input: refused quickly, with exit 2 and a
 * message naming the limit and how to raise it, with memory far below what the input claims.
 */
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeOds, type OdsValue } from '../../bench/ods-writer.js';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { csvText, makeProject, type CellValue, person, PARTICIPANT_TEST_HEADERS, tableRows, TEST_DEFINITION, xlsxBytes } from '../helpers/fixtures.js';
import { zipFile } from '../../src/node/zip-file.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'pal-report.js');

async function run(args: string[]) {
  const io = memoryIO(process.cwd());
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

const WORKBOOK = '<workbook xmlns:r="r"><sheets><sheet name="Uczestnicy" sheetId="1" r:id="rId1"/></sheets></workbook>';
const RELS = '<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';

const ODS_NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"';
const TEXT = 'a'.repeat(60);

/** How each format holds a sheet of one text column: the part, what goes around the rows, a row. */
const LAYOUTS = {
  xlsx: {
    part: 'xl/worksheets/sheet1.xml', open: '<worksheet><sheetData>', close: '</sheetData></worksheet>',
    row: `<row><c t="inlineStr"><is><t>${TEXT}</t></is></c></row>`,
  },
  ods: {
    part: 'content.xml', open: `<office:document-content ${ODS_NS}><office:body><office:spreadsheet><table:table table:name="U">`,
    close: '</table:table></office:spreadsheet></office:body></office:document-content>',
    row: `<table:table-row><table:table-cell office:value-type="string"><text:p>${TEXT}</text:p></table:table-cell></table:table-row>`,
  },
} as const;

/** A workbook whose sheet XML is `rows` copies of a row (a bomb), optionally declaring a false size. */
async function bomb(file: string, rows: number, declare?: number, format: keyof typeof LAYOUTS = 'xlsx'): Promise<void> {
  const zip = zipFile(file, { modified: new Date(Date.UTC(2000, 0, 1)) });
  if (format === 'ods') zip.stored('mimetype', 'application/vnd.oasis.opendocument.spreadsheet');
  else {
    await zip.add('xl/workbook.xml', [WORKBOOK]);
    await zip.add('xl/_rels/workbook.xml.rels', [RELS]);
  }
  const layout = LAYOUTS[format];
  const row = Buffer.from(layout.row.repeat(10_000));
  await zip.add(layout.part, (function* () {
    yield layout.open;
    for (let i = 0; i < rows / 10_000; i++) yield row;
    yield layout.close;
  })(), declare);
  await zip.finish();
}

function peakRss(args: string[]): Promise<{ code: number; err: string; rssMb: number; seconds: number }> {
  return new Promise((resolve) => {
    const rssFile = path.join(tmpdir(), `pal-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
    const started = Date.now();
    execFile(process.execPath, [BIN, ...args], {
      env: { ...process.env, NODE_OPTIONS: `--require ${path.join(ROOT, 'bench', 'rss.cjs')}`, PAL_BENCH_RSS_FILE: rssFile },
    }, async (error, _out, err) => {
      const rss = Number(await readFile(rssFile, 'utf8').catch(() => '0')) / 1024;
      await rm(rssFile, { force: true });
      resolve({ code: error ? Number(error.code) : 0, err, rssMb: rss, seconds: (Date.now() - started) / 1000 });
    });
  });
}

let dir = '';
beforeAll(async () => {
  dir = await makeProject({ files: {} });
  // 11 million rows of ~100 bytes: the sheet XML expands to over a gigabyte
  await bomb(path.join(dir, 'uczestnicy.xlsx'), 11_000_000);
}, 120_000);

describe('decompression bombs', () => {
  it('a workbook whose sheet expands to over a gigabyte is refused in seconds, in little memory', async () => {
    const r = await peakRss(['validate', '--project', dir]);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toMatch(/^uczestnicy\.xlsx: skoroszyt po rozpakowaniu miałby 1\s?\d{3} MB, więcej niż limit 256 MB — .*--max-input-mb$/);
    expect(r.seconds).toBeLessThan(10);
    expect(r.rssMb).toBeLessThan(200);
  }, 60_000);

  it('a workbook that lies about its size is stopped while inflating', async () => {
    const liar = await makeProject({ files: {} });
    await bomb(path.join(liar, 'uczestnicy.xlsx'), 3_000_000, 5_000);
    const r = await peakRss(['validate', '--project', liar]);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toMatch(/^uczestnicy\.xlsx: skoroszyt rozpakowuje się do więcej niż deklaruje .*--max-input-mb/);
    expect(r.rssMb).toBeLessThan(200);
  }, 60_000);
});

describe('ODS bombs', () => {
  const def = TEST_DEFINITION.replace('participants: uczestnicy.xlsx', 'participants: uczestnicy.ods');
  it('a content.xml that expands past the limit is refused in seconds, in little memory', async () => {
    const p = await makeProject({ definition: def, files: {} });
    await bomb(path.join(p, 'uczestnicy.ods'), 2_500_000, undefined, 'ods');
    const r = await peakRss(['validate', '--project', p]);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toMatch(/^uczestnicy\.ods: skoroszyt po rozpakowaniu miałby 4\d\d MB, więcej niż limit 256 MB — .*--max-input-mb$/);
    expect(r.seconds).toBeLessThan(10);
    expect(r.rssMb).toBeLessThan(200);
  }, 60_000);

  it('a content.xml that lies about its size is stopped while inflating', async () => {
    const p = await makeProject({ definition: def, files: {} });
    await bomb(path.join(p, 'uczestnicy.ods'), 3_000_000, 5_000, 'ods');
    const r = await peakRss(['validate', '--project', p]);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toMatch(/^uczestnicy\.ods: skoroszyt rozpakowuje się do więcej niż deklaruje .*--max-input-mb/);
    expect(r.rssMb).toBeLessThan(200);
  }, 60_000);

  it('a non-empty cell repeated a billion times: refused at once, nothing allocated', async () => {
    const p = await makeProject({ definition: def, files: {} });
    const zip = zipFile(path.join(p, 'uczestnicy.ods'), { modified: new Date(Date.UTC(2000, 0, 1)) });
    zip.stored('mimetype', 'application/vnd.oasis.opendocument.spreadsheet');
    await zip.add('content.xml', [`<office:document-content ${ODS_NS}><office:body><office:spreadsheet><table:table table:name="U"><table:table-row table:number-rows-repeated="1000000000"><table:table-cell table:number-columns-repeated="1000000000" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`]);
    await zip.finish();
    const r = await peakRss(['validate', '--project', p]);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toMatch(/^uczestnicy\.ods: uszkodzony plik ODS/);
    expect(r.err).not.toMatch(/\bat .+:\d+:\d+/);
    expect(r.seconds).toBeLessThan(10);
    expect(r.rssMb).toBeLessThan(200);
  }, 60_000);
});

describe('small ODS that would grow large', () => {
  const def = TEST_DEFINITION.replace('participants: uczestnicy.xlsx', 'participants: uczestnicy.ods');
  const HOSTILE = path.join(ROOT, 'fixtures', 'ods', 'hostile');
  it('one participant row repeated five million times (748 bytes) weighs what it would written out', async () => {
    const p = await makeProject({ definition: def, files: { 'uczestnicy.ods': await readFile(path.join(HOSTILE, 'rep_bomb.ods')) } });
    const r = await peakRss(['validate', '--project', p]);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toMatch(/^uczestnicy\.ods: skoroszyt rozpakowuje się do więcej niż deklaruje albo niż limit 256 MB/);
    expect(r.seconds).toBeLessThan(15);
    expect(r.rssMb).toBeLessThan(250);
  }, 60_000);
  it('a 250 MB styles.xml is read only up to its common styles', async () => {
    const p = await makeProject({ definition: def, files: { 'uczestnicy.ods': await readFile(path.join(HOSTILE, 'styles_big.ods')) } });
    const r = await peakRss(['validate', '--project', p]);
    // read whole: it holds no participant table (exit 2, one line), not a limit
    expect(r.code).toBe(2);
    expect(r.err).toContain('nie ma tabeli uczestników');
    expect(r.rssMb).toBeLessThan(250);
  }, 60_000);
});

describe('runaway input', () => {
  const long = 'x'.repeat(40_000);
  it('a cell longer than Excel allows, in CSV and in XLSX; the limit can be raised', async () => {
    const def = TEST_DEFINITION.replace('participants: uczestnicy.xlsx', 'participants: dane.csv');
    const csv = await makeProject({ definition: def, files: { 'dane.csv': csvText(tableRows(PARTICIPANT_TEST_HEADERS, [person(1), person(2, { Nazwisko: long })])) } });
    const r = await run(['validate', '--project', csv]);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe('dane.csv: komórka w wierszu 3 ma ponad 32\u00a0767 znaków (limit Excela) — popraw plik albo zwiększ limit opcją --max-cell-chars');
    expect((await run(['validate', '--project', csv, '--max-cell-chars', '50000'])).code).toBe(0);
    // the annotated copy is read under the same raised limit
    const annotated = await run(['validate', '--project', csv, '--max-cell-chars', '50000', '--annotate', path.join(csv, 'sprawdzone')]);
    expect(annotated.code).toBe(0);
    expect(annotated.err).toContain('dane.sprawdzony.xlsx');
    const xlsx = await makeProject({ files: { 'uczestnicy.xlsx': await xlsxBytes([{ name: 'U', rows: tableRows(PARTICIPANT_TEST_HEADERS, [person(1), person(2, { Nazwisko: long })]) }]) } });
    const x = await run(['validate', '--project', xlsx]);
    expect(x.code).toBe(2);
    expect(x.err).toContain('uczestnicy.xlsx: komórka w wierszu 3 ma ponad 32');
  });
  it('a line without end is refused before it fills the memory', async () => {
    const def = TEST_DEFINITION.replace('participants: uczestnicy.xlsx', 'participants: dane.csv');
    const p = await makeProject({ definition: def, files: { 'dane.csv': `${PARTICIPANT_TEST_HEADERS.join(';')}\n"${'y'.repeat(3_000_000)}` } });
    const r = await run(['validate', '--project', p]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--max-cell-chars/);
  });
  it('the same limits on an ODS: a cell too long, too many rows', async () => {
    const def = TEST_DEFINITION.replace('participants: uczestnicy.xlsx', 'participants: uczestnicy.ods');
    const rowsOf = (people: Partial<Record<string, CellValue>>[]) => tableRows(PARTICIPANT_TEST_HEADERS, people).map((r) => r.map((c) => (c === undefined || (typeof c === 'object' && !(c instanceof Date)) ? null : c)) as OdsValue[]);
    const longCell = await makeProject({ definition: def, files: {} });
    await writeOds(path.join(longCell, 'uczestnicy.ods'), [{ name: 'U', rows: rowsOf([person(1), person(2, { Nazwisko: long })]) }]);
    const r = await run(['validate', '--project', longCell]);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe('uczestnicy.ods: komórka w wierszu 3 ma ponad 32\u00a0767 znaków (limit Excela) — popraw plik albo zwiększ limit opcją --max-cell-chars');
    expect((await run(['validate', '--project', longCell, '--max-cell-chars', '50000'])).code).toBe(0);
    const many = await makeProject({ definition: def, files: {} });
    await writeOds(path.join(many, 'uczestnicy.ods'), [{ name: 'U', rows: rowsOf([1, 2, 3, 4, 5].map((n) => person(n))) }]);
    expect((await run(['validate', '--project', many, '--max-rows', '4'])).err.trim()).toBe('uczestnicy.ods: plik ma więcej niż 4 wierszy — jeśli to prawdziwe dane, zwiększ limit opcją --max-rows');
    expect((await run(['validate', '--project', many, '--max-rows', '6'])).code).toBe(0);
  });
  it('more rows than allowed; the limit can be raised', async () => {
    const many = await makeProject({ files: { 'uczestnicy.xlsx': await xlsxBytes([{ name: 'U', rows: tableRows(PARTICIPANT_TEST_HEADERS, [1, 2, 3, 4, 5].map((n) => person(n))) }]) } });
    const r = await run(['validate', '--project', many, '--max-rows', '4']);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe('uczestnicy.xlsx: plik ma więcej niż 4 wierszy — jeśli to prawdziwe dane, zwiększ limit opcją --max-rows');
    expect((await run(['validate', '--project', many, '--max-rows', '6'])).code).toBe(0);
  });
  it('limit options are checked', async () => {
    const r = await run(['validate', '--project', dir, '--max-input-mb', 'dużo']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('opcja --max-input-mb wymaga liczby całkowitej');
  });
});
