/**
 * Beside the benchmark's XLSX project (shared strings), an XLSX with the same rows written the
 * way openpyxl's write-only mode writes them: inline strings, date cells, no sharedStrings part.
 *
 * `writeInlineXlsx(DIR)` (npm run bench), or `tsx bench/inline-xlsx.ts DIR`, where DIR is a bench
 * data directory (DIR/xlsx and DIR/csv-utf8 exist); writes DIR/xlsx-inline/.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipFile } from '../src/node/zip-file.js';
import { columnLetter } from '../src/ingest/values.js';
import { isoToExcelSerial, type IsoDate } from '../src/dates.js';
import { csvRows, type OdsValue } from './ods-writer.js';

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function cell(ref: string, v: OdsValue): string {
  if (v === null) return '';
  if (v instanceof Date) return `<c r="${ref}" s="1"><v>${isoToExcelSerial(v.toISOString().slice(0, 10) as IsoDate)}</v></c>`;
  if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
  return `<c r="${ref}" t="inlineStr"><is><t>${xmlEscape(String(v))}</t></is></c>`;
}

async function* sheet(csv: string): AsyncGenerator<string> {
  yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`;
  let chunk = '';
  let n = 0;
  for await (const row of csvRows(csv)) {
    n++;
    chunk += `<row r="${n}">${row.map((v, i) => cell(`${columnLetter(i)}${n}`, v)).join('')}</row>`;
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}</sheetData></worksheet>`;
}

/** Writes DIR/xlsx-inline (the workbook and the definition of DIR/xlsx); returns the workbook's path. */
export async function writeInlineXlsx(dir: string): Promise<string> {
  const out = path.join(dir, 'xlsx-inline');
  await mkdir(out, { recursive: true });
  const zip = zipFile(path.join(out, 'obecnosci.xlsx'), { modified: new Date(Date.UTC(2000, 0, 1)) });
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  await zip.add('[Content_Types].xml', [`${head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`]);
  await zip.add('_rels/.rels', [`${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`]);
  await zip.add('xl/workbook.xml', [`${head}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Obecności" sheetId="1" r:id="rId1"/></sheets></workbook>`]);
  await zip.add('xl/_rels/workbook.xml.rels', [`${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`]);
  await zip.add('xl/styles.xml', [`${head}<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd\\.mm\\.yyyy"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`]);
  await zip.add('xl/worksheets/sheet1.xml', sheet(path.join(dir, 'csv-utf8', 'obecnosci.csv')));
  await zip.finish();
  const definition = await readFile(path.join(dir, 'xlsx', 'pal-report.yaml'), 'utf8');
  await writeFile(path.join(out, 'pal-report.yaml'), definition);
  return path.join(out, 'obecnosci.xlsx');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${await writeInlineXlsx(path.resolve(process.argv[2] ?? 'bench/data/100000'))}\n`);
}
