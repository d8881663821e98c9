/**
 * A streaming writer of large synthetic ODS files (the benchmark's, and hostile ones for tests),
 * so a million-row ODS needs neither LibreOffice nor memory. The XML is shaped as LibreOffice
 * writes it (typed cells with their display text, `calcext:value-type`, runs of equal cells as
 * `number-columns-repeated`, each row padded to column XFD, each sheet to row 1,048,576), so the
 * reader is measured on what users really have.
 *
 * Usage: `tsx bench/ods-writer.ts [ROWS] [DIR]` writes the benchmark data of bench/generate.ts
 * for ROWS rows under DIR (default bench/data) and, beside its XLSX project, an ODS project
 * with the same rows: DIR/ROWS/ods/obecnosci.ods.
 */
import { createReadStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { zipFile } from '../src/node/zip-file.js';
import type { BenchFiles } from './generate.js';

export type OdsValue = string | number | boolean | Date | null;

export interface OdsSheetSource {
  name: string;
  hidden?: boolean;
  rows: Iterable<readonly OdsValue[]> | AsyncIterable<readonly OdsValue[]>;
}

const MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';
const LAST_COLUMN = 16_384;
const LAST_ROW = 1_048_576;

const NAMESPACES = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"',
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
  'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"',
  'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"',
].join(' ');

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Text as paragraphs the way LibreOffice writes it: a line break starts a paragraph, tabs are
 * `text:tab`, and spaces that XML white-space rules would collapse (a run, or one at either end)
 * are `text:s`.
 */
export function odsParagraphs(text: string): string {
  // characters XML 1.0 cannot hold at all
  const clean = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/\r\n?/g, '\n');
  return clean.split('\n').map((line) => {
    const body = escapeXml(line)
      .replace(/\t/g, '<text:tab/>')
      .replace(/ {2,}/g, (run) => ` <text:s text:c="${run.length - 1}"/>`)
      .replace(/^ /, '<text:s/>')
      .replace(/ $/, '<text:s/>');
    return body === '' ? '<text:p/>' : `<text:p>${body}</text:p>`;
  }).join('');
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function isoOf(d: Date): string {
  const day = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 && d.getUTCMilliseconds() === 0) return day;
  return `${day}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function sameValue(a: OdsValue, b: OdsValue): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

/** One cell (repeated `repeat` times) as LibreOffice writes it. */
function cellXml(v: OdsValue, repeat: number): string {
  const r = repeat > 1 ? ` table:number-columns-repeated="${repeat}"` : '';
  if (v === null || (typeof v === 'number' && !Number.isFinite(v)) || (v instanceof Date && Number.isNaN(v.getTime()))) return `<table:table-cell${r}/>`;
  if (typeof v === 'number') return `<table:table-cell${r} office:value-type="float" office:value="${v}" calcext:value-type="float"><text:p>${v}</text:p></table:table-cell>`;
  if (typeof v === 'boolean') return `<table:table-cell${r} office:value-type="boolean" office:boolean-value="${v}" calcext:value-type="boolean"><text:p>${v ? 'PRAWDA' : 'FAŁSZ'}</text:p></table:table-cell>`;
  if (v instanceof Date) {
    const shown = `${pad(v.getUTCDate())}.${pad(v.getUTCMonth() + 1)}.${pad(v.getUTCFullYear(), 4)}`;
    return `<table:table-cell table:style-name="ce1"${r} office:value-type="date" office:date-value="${isoOf(v)}" calcext:value-type="date"><text:p>${shown}</text:p></table:table-cell>`;
  }
  return `<table:table-cell${r} office:value-type="string" calcext:value-type="string">${odsParagraphs(v)}</table:table-cell>`;
}

/** A row: runs of equal cells folded, then empty cells up to column XFD. */
export function rowXml(cells: readonly OdsValue[]): string {
  let out = '<table:table-row table:style-name="ro1">';
  let width = 0;
  for (let i = 0; i < cells.length && i < LAST_COLUMN;) {
    const v = cells[i] ?? null;
    let j = i + 1;
    while (j < cells.length && j < LAST_COLUMN && sameValue(cells[j] ?? null, v)) j++;
    // trailing empty cells join the padding below
    if (v === null && j === cells.length) break;
    out += cellXml(v, j - i);
    width = j;
    i = j;
  }
  return `${out}<table:table-cell table:number-columns-repeated="${LAST_COLUMN - width}"/></table:table-row>`;
}

const AUTOMATIC_STYLES = '<office:automatic-styles>'
  + '<style:style style:name="co1" style:family="table-column"><style:table-column-properties fo:break-before="auto" style:column-width="0.889in"/></style:style>'
  + '<style:style style:name="ro1" style:family="table-row"><style:table-row-properties style:row-height="0.178in" fo:break-before="auto" style:use-optimal-row-height="true"/></style:style>'
  + '<style:style style:name="ta1" style:family="table" style:master-page-name="Default"><style:table-properties table:display="true" style:writing-mode="lr-tb"/></style:style>'
  + '<style:style style:name="ta2" style:family="table" style:master-page-name="Default"><style:table-properties table:display="false" style:writing-mode="lr-tb"/></style:style>'
  + '<number:date-style style:name="N1"><number:day number:style="long"/><number:text>.</number:text><number:month number:style="long"/><number:text>.</number:text><number:year number:style="long"/></number:date-style>'
  + '<style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N1"/>'
  + '</office:automatic-styles>';

async function* contentXml(sheets: OdsSheetSource[]): AsyncGenerator<string> {
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${NAMESPACES} office:version="1.3">${AUTOMATIC_STYLES}<office:body><office:spreadsheet>`;
  for (const sheet of sheets) {
    let chunk = `<table:table table:name="${escapeXml(sheet.name)}" table:style-name="${sheet.hidden ? 'ta2' : 'ta1'}"><table:table-column table:style-name="co1" table:number-columns-repeated="${LAST_COLUMN}" table:default-cell-style-name="Default"/>`;
    let rows = 0;
    for await (const cells of sheet.rows) {
      chunk += rowXml(cells);
      rows++;
      if (chunk.length > 1 << 16) {
        yield chunk;
        chunk = '';
      }
    }
    // LibreOffice pads every sheet to its last row with one repeated empty row
    if (rows < LAST_ROW) chunk += `<table:table-row table:style-name="ro1" table:number-rows-repeated="${LAST_ROW - rows}"><table:table-cell table:number-columns-repeated="${LAST_COLUMN}"/></table:table-row>`;
    yield `${chunk}</table:table>`;
  }
  yield '<table:named-expressions/></office:spreadsheet></office:body></office:document-content>';
}

const STYLES_XML = `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles ${NAMESPACES} office:version="1.3">`
  + '<office:styles><style:default-style style:family="table-cell"><style:text-properties style:font-name="Liberation Sans" fo:language="pl" fo:country="PL"/></style:default-style><style:style style:name="Default" style:family="table-cell"/></office:styles>'
  + '<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties style:writing-mode="lr-tb"/></style:page-layout></office:automatic-styles>'
  + '<office:master-styles><style:master-page style:name="Default" style:page-layout-name="pm1"/></office:master-styles></office:document-styles>';

const MANIFEST_XML = '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
  + `<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="${MIMETYPE}"/>`
  + '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
  + '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
  + '</manifest:manifest>';

/** Writes an ODS: the stored `mimetype` first, as ODF asks, then the deflated parts. */
export async function writeOds(file: string, sheets: OdsSheetSource[]): Promise<void> {
  const zip = zipFile(file, { modified: new Date(Date.UTC(2022, 0, 1)) });
  zip.stored('mimetype', MIMETYPE);
  await zip.add('META-INF/manifest.xml', [MANIFEST_XML]);
  await zip.add('styles.xml', [STYLES_XML]);
  await zip.add('content.xml', contentXml(sheets));
  await zip.finish();
}

const CSV_DATE = /^(\d{2})\.(\d{2})\.(\d{4})$/;
const CSV_NUMBER = /^-?\d+(,\d+)?$/;

/** A field of a Polish CSV as the cell a spreadsheet would hold: dd.mm.yyyy dates, decimal-comma numbers, text. */
export function typedField(field: string): OdsValue {
  if (field === '') return null;
  const d = CSV_DATE.exec(field);
  if (d) return new Date(Date.UTC(Number(d[3]), Number(d[2]) - 1, Number(d[1])));
  if (CSV_NUMBER.test(field)) return Number(field.replace(',', '.'));
  return field;
}

/**
 * The rows of a `;`-separated UTF-8 CSV without quoting (the benchmark's attendance CSV), typed:
 * the header row stays text, as it does in the XLSX the benchmark writes.
 */
export async function* csvRows(file: string): AsyncGenerator<OdsValue[]> {
  let header = true;
  for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    if (line === '') continue;
    const fields = line.split(';');
    yield header ? fields : fields.map(typedField);
    header = false;
  }
}

/**
 * Beside the benchmark's XLSX project, an ODS project with the same rows as LibreOffice lays
 * them out (`<dir>/ods/obecnosci.ods`); returns the project directory.
 */
export async function writeBenchOds(data: BenchFiles): Promise<string> {
  const project = path.join(data.dir, 'ods');
  await mkdir(project, { recursive: true });
  await writeOds(path.join(project, 'obecnosci.ods'), [{ name: 'Obecności', rows: csvRows(data.files.csvUtf8) }]);
  const definition = await readFile(path.join(data.projects.xlsx, 'pal-report.yaml'), 'utf8');
  await writeFile(path.join(project, 'pal-report.yaml'), definition.replace('attendance: obecnosci.xlsx', 'attendance: obecnosci.ods'));
  return project;
}

async function main(): Promise<void> {
  const { generateBenchData } = await import('./generate.js');
  const rows = Number(process.argv[2] ?? 100_000);
  const root = path.resolve(process.argv[3] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'data'));
  const data = await generateBenchData(root, rows, 10_000);
  const project = await writeBenchOds(data);
  process.stdout.write(`${data.files.xlsx}\n${path.join(project, 'obecnosci.ods')}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
