/**
 * A corpus of bad input: every case ends with the exit code of SPEC §1 and one clear Polish
 * line naming the file (and line or cell where that makes sense) — never a stack trace.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { csvText, makeProject, participantsProject, person, PARTICIPANT_TEST_HEADERS, tableRows, TEST_DEFINITION, xlsxBytes } from '../helpers/fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function run(args: string[]) {
  const io = memoryIO(process.cwd());
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

const NO_STACK = /\n\s+at\s|\bat .+:\d+:\d+/;

/** Validate a project whose participant file has these bytes (under this name). */
async function validateFile(bytes: Uint8Array | string, name = 'uczestnicy.xlsx') {
  const def = TEST_DEFINITION.replace('participants: uczestnicy.xlsx', `participants: ${name}`);
  const dir = await makeProject({ definition: def, files: { [name]: bytes } });
  return run(['validate', '--project', dir]);
}

function expectRefused(r: { code: number; err: string }, file: string, reason: RegExp) {
  expect(r.code).toBe(2);
  const lines = r.err.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]?.startsWith(`${file}: `)).toBe(true);
  expect(lines[0]).toMatch(reason);
  expect(r.err).not.toMatch(NO_STACK);
}

async function workbookWith(files: Record<string, string>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(files)) zip.file(name, text);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

const HOSTILE_ODS = path.join(ROOT, 'fixtures', 'ods', 'hostile');
const VALID_CSV = csvText(tableRows(PARTICIPANT_TEST_HEADERS, [person(1)]));

describe('files that cannot be read: exit 2 and one line', () => {
  it('random bytes named .xlsx', async () => {
    const bytes = Uint8Array.from({ length: 8192 }, (_, i) => (i * 2654435761) >>> 24);
    expectRefused(await validateFile(bytes), 'uczestnicy.xlsx', /nie jest skoroszytem \(XLSX, ODS\) ani tekstem CSV/);
  });
  it('a truncated XLSX (corrupt zip)', async () => {
    const good = await readFile(path.join(ROOT, 'fixtures', 'libreoffice', 'uczestnicy.xlsx'));
    expectRefused(await validateFile(good.subarray(0, Math.floor(good.length / 2))), 'uczestnicy.xlsx', /uszkodzony plik: nie da się go rozpakować/);
  });
  it('an empty file', async () => {
    expectRefused(await validateFile(new Uint8Array(0)), 'uczestnicy.xlsx', /plik jest pusty/);
  });
  it('an XLSX with no sheets, and one whose only sheet is empty', async () => {
    const none = await workbookWith({ 'xl/workbook.xml': '<workbook><sheets/></workbook>' });
    expectRefused(await validateFile(none), 'uczestnicy.xlsx', /nie ma żadnego arkusza/);
    expectRefused(await validateFile(await xlsxBytes([{ name: 'Arkusz1', rows: [] }])), 'uczestnicy.xlsx', /arkusze skoroszytu są puste/);
  });
  it('a CSV of binary garbage', async () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i % 7 === 0 ? 0 : (i * 31) % 256));
    expectRefused(await validateFile(bytes, 'dane.csv'), 'dane.csv', /dane binarne/);
  });
  it('a CSV with an unclosed quote: the line where it starts', async () => {
    const text = `${PARTICIPANT_TEST_HEADERS.join(';')}\n1;P1;"Jan;Kowalski\n2;P2;Anna;Nowak\n`;
    expectRefused(await validateFile(text, 'dane.csv'), 'dane.csv', /niezamknięty cudzysłów w pliku CSV \(od linii 2\)/);
  });
  it('a data file path that is a directory', async () => {
    const def = TEST_DEFINITION.replace('participants: uczestnicy.xlsx', 'participants: katalog');
    const dir = await makeProject({ definition: def, files: {} });
    await mkdir(path.join(dir, 'katalog'));
    expectRefused(await run(['validate', '--project', dir]), 'katalog', /to katalog, a nie plik/);
  });
});

describe('workbooks of other programs and formats: named and refused, whatever the extension', () => {
  const FORMATS = path.join(ROOT, 'fixtures', 'formats');
  it('a legacy XLS, a password-protected XLSX, a Word .doc (written by LibreOffice, encrypted by it)', async () => {
    expectRefused(await validateFile(await readFile(path.join(FORMATS, 'legacy.xls'))), 'uczestnicy.xlsx', /: to plik w starym formacie XLS \(Excel 97–2003\).* zapisz jako \.xlsx albo \.ods/);
    expectRefused(await validateFile(await readFile(path.join(FORMATS, 'encrypted.xlsx'))), 'uczestnicy.xlsx', /: skoroszyt jest zabezpieczony hasłem .*zapisz jako \.xlsx albo \.ods/);
    expectRefused(await validateFile(await readFile(path.join(FORMATS, 'word.doc'))), 'uczestnicy.xlsx', /: nieznany format: .*zapisz dane w Excelu lub LibreOffice jako \.xlsx albo \.ods/);
    // an OLE2 header with nothing behind it is no workbook either
    const ole = new Uint8Array(1024);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expectRefused(await validateFile(ole), 'uczestnicy.xlsx', /: nieznany format/);
  });
  it('a password-protected ODS (saved so by LibreOffice)', async () => {
    expectRefused(await validateFile(await readFile(path.join(FORMATS, 'encrypted.ods')), 'uczestnicy.ods'), 'uczestnicy.ods', /: skoroszyt jest zabezpieczony hasłem .*w LibreOffice: Plik → Zapisz jako bez „Zapisz z hasłem”/);
  });
  it('Apple Numbers, a Word document, an OpenDocument text: by what the zip holds', async () => {
    const numbers = await workbookWith({ 'Index/Document.iwa': 'x', 'Index/Metadata.iwa': 'x', 'Metadata/Properties.plist': 'x' });
    expectRefused(await validateFile(numbers, 'uczestnicy.numbers'), 'uczestnicy.numbers', /: to plik Apple Numbers.* Eksportuj do → Excel/);
    const docx = await workbookWith({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' });
    expectRefused(await validateFile(docx), 'uczestnicy.xlsx', /: nieznany format/);
    // a flat ODS (one XML file, as LibreOffice saves .fods) and Excel's XML Spreadsheet 2003 are no CSV
    expectRefused(await validateFile(await readFile(path.join(ROOT, 'fixtures', 'ods', 'source', 'mixed.fods')), 'uczestnicy.fods'), 'uczestnicy.fods', /: nieznany format/);
    expectRefused(await validateFile('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook/>', 'uczestnicy.xml'), 'uczestnicy.xml', /: nieznany format/);
    const odt = await workbookWith({ mimetype: 'application/vnd.oasis.opendocument.text', 'content.xml': '<office:document-content/>' });
    expectRefused(await validateFile(odt, 'uczestnicy.ods'), 'uczestnicy.ods', /: nieznany format/);
  });
  it('hostile ODS: truncated, a truncated content.xml, no content.xml, a cell repeated past column XFD', async () => {
    const good = await readFile(path.join(ROOT, 'fixtures', 'ods', 'bledy', 'uczestnicy-bledy.ods'));
    expectRefused(await validateFile(good.subarray(0, Math.floor(good.length / 2)), 'uczestnicy.ods'), 'uczestnicy.ods', /: uszkodzony plik: nie da się go rozpakować/);
    const MIME = 'application/vnd.oasis.opendocument.spreadsheet';
    const NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"';
    const content = (table: string) => `<office:document-content ${NS}><office:body><office:spreadsheet><table:table table:name="U">${table}`;
    const cut = await workbookWith({ mimetype: MIME, 'content.xml': content('<table:table-row><table:table-cell office:value-type="string"><text:p>Lp.</text:p></table:table-cell><table:table-ce') });
    expectRefused(await validateFile(cut, 'uczestnicy.ods'), 'uczestnicy.ods', /: uszkodzony plik ODS: nie da się go odczytać/);
    expectRefused(await validateFile(await workbookWith({ mimetype: MIME, 'styles.xml': '<x/>' }), 'uczestnicy.ods'), 'uczestnicy.ods', /: uszkodzony plik ODS/);
    const wide = await workbookWith({ mimetype: MIME, 'content.xml': `${content('<table:table-row><table:table-cell table:number-columns-repeated="1000000000" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>')}</table:table></office:spreadsheet></office:body></office:document-content>` });
    expectRefused(await validateFile(wide, 'uczestnicy.ods'), 'uczestnicy.ods', /: uszkodzony plik ODS/);
  });
  it('hostile XLSX sheets: a cell or a row that never ends, a cell or merged area past column XFD — refused at once', async () => {
    // such markup once sent the reader back to where it was (a run that never ended) or made it
    // allocate billions of cells; a writer's bug or a damaged file whose deflate stream still inflates
    const sheet = (rows: string, tail = '</sheetData></worksheet>') => workbookWith({
      'xl/workbook.xml': '<workbook xmlns:r="r"><sheets><sheet name="U" sheetId="1" r:id="rId1"/></sheets></workbook>',
      'xl/_rels/workbook.xml.rels': '<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      'xl/worksheets/sheet1.xml': `<worksheet><sheetData>${rows}${tail}`,
    });
    const lp = '<row r="1"><c r="A1" t="inlineStr"><is><t>Lp.</t></is></c></row>';
    const cases = [
      await sheet(`${lp}<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></row><row r="3"><c r="A3"><v>1</v></c></row>`),
      await sheet(`${lp}<row r="2"><c r="A2"><v>1</v></c>`, ''),
      await sheet(`${lp}<row r="2"><c r="ZZZZZZ2"><v>1</v></c></row>`),
      await sheet(lp, '</sheetData><mergeCells count="1"><mergeCell ref="A1:ZZZZZZ9"/></mergeCells></worksheet>'),
    ];
    for (const bytes of cases) {
      const started = Date.now();
      expectRefused(await validateFile(bytes), 'uczestnicy.xlsx', /: uszkodzony plik XLSX: nie da się go odczytać/);
      expect(Date.now() - started).toBeLessThan(5000);
    }
  }, 30_000);
  it('a character reference to no character (&#x110000;) in ODS and XLSX: read, not an internal error', async () => {
    for (const name of ['ent.ods', 'ent.xlsx']) {
      // no participant table in it: the participants file is as good as missing (exit 2, one line)
      const file = `uczestnicy.${name.split('.')[1]}`;
      const r = await validateFile(await readFile(path.join(HOSTILE_ODS, name)), file);
      expect(r.code, name).toBe(2);
      expect(r.err).toMatch(new RegExp(`^${file.replace('.', '\\.')}: w arkuszu „[^”]+” \\(czytany jest pierwszy widoczny arkusz pliku uczestników\\) nie ma tabeli uczestników: brak wiersza nagłówka z kolumnami SL2014, np. Imię, Nazwisko, PESEL\\n$`));
    }
  });
  it('--annotate on odd sheets: History, a long name ending in a quote, BŁĘDY, overlapping and huge merged areas', async () => {
    for (const [name, sheet] of [['hist.ods', 'History_'], ['apos.ods', "Uczestnicy projektu 'Aktywni 1_"], ['bledy_lower.ods', 'BŁĘDY'], ['overlap.ods', 'Arkusz1'], ['span_huge.ods', 'Arkusz1'], ['span_wide.ods', 'Arkusz1']] as const) {
      const dir = await makeProject({ definition: TEST_DEFINITION.replace('participants: uczestnicy.xlsx', 'participants: uczestnicy.ods'), files: { 'uczestnicy.ods': await readFile(path.join(HOSTILE_ODS, name)) } });
      const out = path.join(dir, 'sprawdzone');
      const r = await run(['validate', '--project', dir, '--annotate', out]);
      expect([0, 1], `${name}: ${r.err}`).toContain(r.code);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(out, 'uczestnicy.sprawdzony.xlsx'));
      expect(wb.worksheets.map((w) => w.name), name).toContain(sheet);
      expect(wb.worksheets.some((w) => w.name.startsWith('Błędy')), name).toBe(true);
    }
  }, 60_000);
  it('no partial output: a report and an annotated copy are not written when an ODS cannot be read', async () => {
    const good = await readFile(path.join(ROOT, 'fixtures', 'ods', 'bledy', 'uczestnicy-bledy.ods'));
    const dir = await makeProject({ definition: TEST_DEFINITION.replace('participants: uczestnicy.xlsx', 'participants: uczestnicy.ods'), files: { 'uczestnicy.ods': good.subarray(0, 4000) } });
    const out = path.join(dir, 'raporty');
    expectRefused(await run(['report', 'final', '--project', dir, '--out', out]), 'uczestnicy.ods', /uszkodzony plik/);
    expectRefused(await run(['validate', '--project', dir, '--annotate', out]), 'uczestnicy.ods', /uszkodzony plik/);
    expect(await readdir(out).catch(() => [])).toEqual([]);
  });
});

describe('files read by content, not by extension', () => {
  it('an ODS named .xlsx and an XLSX named .ods both read normally', async () => {
    const ods = await validateFile(await readFile(path.join(ROOT, 'fixtures', 'ods', 'bledy', 'uczestnicy-bledy.ods')));
    const xlsx = await validateFile(await readFile(path.join(ROOT, 'fixtures', 'libreoffice', 'uczestnicy-bledy.xlsx')), 'uczestnicy.ods');
    expect(ods.code).toBe(1);
    expect(ods.out).toContain('uczestnicy.xlsx › uczestnicy-bledy › K3');
    expect(xlsx.out.replaceAll('uczestnicy.ods', 'uczestnicy.xlsx')).toBe(ods.out);
  });
  it('a CSV named .xlsx and an XLSX named .csv both read normally', async () => {
    expect((await validateFile(VALID_CSV, 'uczestnicy.xlsx')).code).toBe(0);
    const xlsx = await xlsxBytes([{ name: 'U', rows: tableRows(PARTICIPANT_TEST_HEADERS, [person(1)]) }]);
    const r = await validateFile(xlsx, 'uczestnicy.csv');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Nie znaleziono problemów.');
  });
  it('a header-only file: exit 0 and a note that there is no data', async () => {
    const r = await validateFile(`${PARTICIPANT_TEST_HEADERS.join(';')}\n`, 'dane.csv');
    expect(r.code).toBe(0);
    expect(r.out).toContain('dane.csv › dane  informacja  no-data  Tabela ma nagłówek, ale nie ma jeszcze żadnych danych');
  });
});

describe('project definitions: exit 2 with path and line', () => {
  it('a YAML syntax error, a wrong type, references to actions and forms that do not exist', async () => {
    const cases: [string, RegExp][] = [
      [TEST_DEFINITION.replace('  title: Projekt testowy', '  title: [Projekt testowy'), /pal-report\.yaml: błąd składni YAML \(linia \d+, kolumna \d+\)/],
      [TEST_DEFINITION.replace('period: { from: 2021-01-01, to: 2022-12-31 }', 'period: { from: 2021-01-01, to: 12 }'), /pal-report\.yaml: project\.period\.to: oczekiwano tekstu \(linia 8\)/],
      [TEST_DEFINITION.replace('forms: [szkolenie] }', 'forms: [kurs] }'), /pal-report\.yaml: actions\[A2\]\.forms\[0\]: nieznana forma wsparcia „kurs” .*\(linia \d+\)/],
      [TEST_DEFINITION.replace('indicators: []', 'indicators:\n  - { id: X, name: X, type: produkt, unit: szt., measure: sessions, where: { action: A7 } }'), /pal-report\.yaml: indicators\[X\]\.where\.action: nieznany kod działania „A7”/],
    ];
    for (const [definition, message] of cases) {
      const dir = await participantsProject([person(1)], {}, PARTICIPANT_TEST_HEADERS, definition);
      const r = await run(['validate', '--project', dir]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(NO_STACK);
    }
  });
});

describe('outputs that cannot be written: exit 2, one line', () => {
  it('a report or an annotated copy into a path under a regular file', async () => {
    const dir = await participantsProject([person(1)]);
    const file = path.join(dir, 'zwykly-plik');
    await writeFile(file, 'x');
    for (const args of [['report', 'final', '--out', path.join(file, 'raporty')], ['validate', '--annotate', path.join(file, 'kopie')]]) {
      const r = await run([...args, '--project', dir]);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toBe(`pal-report: ${file} jest plikiem, a nie katalogiem — podaj inny katalog albo usuń ten plik\n`);
      expect(r.err).not.toMatch(NO_STACK);
    }
  });
});

describe('internal errors', () => {
  it('exit 3 with a short message; the stack only with --debug', async () => {
    const { reportError } = await import('../../src/cli/run.js');
    const io = memoryIO('/');
    expect(reportError(new TypeError('x is undefined'), io, false, 'pl')).toBe(3);
    expect(io.err).toContain('Błąd wewnętrzny pal-report: x is undefined');
    expect(io.err).not.toMatch(NO_STACK);
    const dbg = memoryIO('/');
    reportError(new TypeError('x is undefined'), dbg, true, 'pl');
    expect(dbg.err).toMatch(/TypeError: x is undefined\n\s+at /);
  });
});
