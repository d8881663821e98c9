/**
 * Reading spreadsheets as people really make them: CSV encodings and delimiters, XLSX date
 * systems, formulas, merged cells, LibreOffice-written files, both SL2014 layouts.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvTokenizer, StreamDecoder } from '../../src/formats/csv.js';
import { FormatError } from '../../src/formats/index.js';
import { sniffDelimiter } from '../../src/formats/workbook.js';
import { makePesel } from '../../src/pesel.js';
import { check, csvText, makeProject, participantsProject, person, PARTICIPANT_TEST_HEADERS, significant, tableRows, TEST_DEFINITION } from '../helpers/fixtures.js';

const LO_DIR = path.resolve(import.meta.dirname, '../../fixtures/libreoffice');

function decodeAll(bytes: Uint8Array, chunk = 3): { text: string; encoding: string; guessed: boolean } {
  const d = new StreamDecoder();
  let text = '';
  for (let i = 0; i < bytes.length; i += chunk) text += d.decode(bytes.subarray(i, i + chunk));
  text += d.flush();
  return { text, encoding: d.encoding, guessed: d.guessed };
}

function tokenize(text: string, chunks: number[] = [text.length], delimiter = ';'): [number, (string | null)[]][] {
  const out: [number, (string | null)[]][] = [];
  const t = new CsvTokenizer(delimiter, (n, cells) => out.push([n, cells.map((c) => (c === null ? null : String(c)))]));
  let at = 0;
  for (const size of chunks) {
    t.push(text.slice(at, at + size));
    at += size;
  }
  t.push(text.slice(at));
  t.end();
  return out;
}

describe('CSV decoding and delimiters', () => {
  const text = 'Imię;Nazwisko\r\nŁucja;Żółć\r\n';
  it('UTF-8 with BOM, UTF-8 without BOM, UTF-16LE with BOM — also when chunks split characters', () => {
    const utf8 = new TextEncoder().encode(text);
    expect(decodeAll(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({ text, encoding: 'UTF-8', guessed: false });
    expect(decodeAll(utf8)).toEqual({ text, encoding: 'UTF-8', guessed: false });
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...text].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]);
    expect(decodeAll(utf16)).toMatchObject({ text, encoding: 'UTF-16LE' });
  });
  it('Windows-1250 when the bytes are not valid UTF-8, even after a long ASCII start', () => {
    const bytes = new Uint8Array([0xa3, 0x75, 0x63, 0x6a, 0x61, 0x3b, 0xaf, 0xf3, 0xb3, 0xe6]); // Łucja;Żółć
    expect(decodeAll(bytes)).toEqual({ text: 'Łucja;Żółć', encoding: 'Windows-1250', guessed: true });
    const ascii = new TextEncoder().encode('Data;Kod\n'.repeat(1000));
    expect(decodeAll(new Uint8Array([...ascii, ...bytes]), 4096)).toEqual({ text: `${'Data;Kod\n'.repeat(1000)}Łucja;Żółć`, encoding: 'Windows-1250', guessed: true });
  });
  it('sniffs ; , and tab, ignoring title rows and commas inside numbers', () => {
    expect(sniffDelimiter('Lista obecności\n\nData;Godziny;Kod\n01.03.2021;1,5;A1\n02.03.2021;2,5;A1\n')).toBe(';');
    expect(sniffDelimiter('Data,Godziny,Kod\n01.03.2021,2,A1\n')).toBe(',');
    expect(sniffDelimiter('Data\tGodziny\tKod\n01.03.2021\t1,5\tA1\n')).toBe('\t');
    expect(sniffDelimiter('"a;b",c,d\n"e;f",g,h\n')).toBe(',');
  });
  it('keeps record numbers as rows, quoted line breaks and "" escapes included, whatever the chunks', () => {
    const csv = 'A;B\r\n"x\ny";1\r\nz;"say ""hi"""\n;\n"a;b"c;d';
    const expected = [[1, ['A', 'B']], [2, ['x\ny', '1']], [3, ['z', 'say "hi"']], [4, [null, null]], [5, ['a;bc', 'd']]];
    expect(tokenize(csv)).toEqual(expected);
    for (let size = 1; size < 8; size++) {
      const chunks = Array.from({ length: Math.ceil(csv.length / size) }, () => size);
      expect(tokenize(csv, chunks)).toEqual(expected);
    }
  });
  it('an unclosed quote is an error naming the line where it starts', () => {
    expect(() => tokenize('A;B\n1;2\n"3;4\n5;6\n')).toThrow(FormatError);
    try {
      tokenize('A;B\n1;2\n"3;4\n5;6\n');
    } catch (e) {
      expect((e as FormatError).problem).toEqual({ code: 'csv-quote', line: 3 });
    }
  });
});

describe('XLSX cell values', () => {
  it('the 1904 date system, serial numbers, formulas by cached value, merged cells', async () => {
    const headers = [...PARTICIPANT_TEST_HEADERS];
    const p = person(1, {
      'Data rozpoczęcia udziału w projekcie': new Date('2021-03-01T00:00:00Z'),
      'Wiek w chwili przystąpienia do projektu': { formula: 'DATEDIF(DATE(1980,5,14),M2,"Y")', result: 40 },
    });
    const q = person(2, { 'Data rozpoczęcia udziału w projekcie': 44256 - 1462 }); // 2021-03-01 in the 1904 system
    const rows = tableRows(headers, [p, q]);
    const xlsx = (await import('../helpers/fixtures.js')).xlsxBytes;
    const dir = await makeProject({ files: { 'uczestnicy.xlsx': await xlsx([{ name: 'Uczestnicy', rows }], { date1904: true }) } });
    const { issues, dataset } = await check(dir);
    expect(issues).toEqual([]);
    expect(dataset.participants.map((x) => [x.start, x.age])).toEqual([['2021-03-01', 40], ['2021-03-01', 40]]);
  });
  it('a value merged down over several rows counts for each row', async () => {
    const header = ['Data', 'Kod działania', 'Forma', 'Zajęcia', 'Liczba godzin', 'Identyfikator', 'Obecność'];
    const rows = [header, ['10.03.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P1', 'x'], [null, null, null, null, null, 'P2', 'x']];
    const dir = await participantsProject([person(1, { 'Data rozpoczęcia udziału w projekcie': '10.03.2021' }), person(2, { 'Data rozpoczęcia udziału w projekcie': '10.03.2021' })], {
      'obecnosci/lista.xlsx': [{ name: 'Obecności', rows, merges: ['A2:A3', 'B2:B3', 'C2:C3', 'D2:D3', 'E2:E3'] }],
    });
    const { issues, dataset } = await check(dir);
    expect(significant(issues)).toEqual([]);
    expect(dataset.attendance.toArray().map((r) => `${r.key} ${r.date} ${r.action} ${r.hours}`)).toEqual(['P1 2021-03-10 A1 2', 'P2 2021-03-10 A1 2']);
  });
});

describe('a workbook written by LibreOffice', () => {
  it('reads as well as the CSV it was converted from (PESEL as a number gets its zero back)', async () => {
    const fromLibreOffice = await makeProject({ definition: TEST_DEFINITION.replace('Testowo, streets: [Długa, Krótka]', 'Kłobuck'), files: {} });
    await copyFile(path.join(LO_DIR, 'uczestnicy.xlsx'), path.join(fromLibreOffice, 'uczestnicy.xlsx'));
    const fromCsv = await makeProject({
      definition: TEST_DEFINITION.replace('participants: uczestnicy.xlsx', 'participants: uczestnicy.csv').replace('Testowo, streets: [Długa, Krótka]', 'Kłobuck'),
      files: {},
    });
    await copyFile(path.join(LO_DIR, 'uczestnicy.csv'), path.join(fromCsv, 'uczestnicy.csv'));
    const lo = await check(fromLibreOffice);
    const csv = await check(fromCsv);
    const view = (ps: typeof lo.dataset.participants) => ps.map((p) => ({
      row: p.row, key: p.key, pesel: p.pesel, sex: p.sex, start: p.start, end: p.end, education: p.education,
      status: p.status, statusDetail: p.statusDetail, exit: p.exitSituation1, completed: p.completedPath, ageAtStart: p.ageAtStart,
    }));
    expect(view(lo.dataset.participants)).toEqual(view(csv.dataset.participants));
    expect(lo.dataset.participants[1]?.pesel).toBe(makePesel('2001-02-03', 555, 'M'));
    // LibreOffice stored the PESELs as numbers: the one that lost its zero is padded and flagged
    expect(lo.issues.filter((i) => i.code !== 'unknown-column').map((i) => `${i.code} ${i.column}${i.row}`)).toEqual(['pesel-leading-zero E3']);
    expect(csv.issues.filter((i) => i.code !== 'unknown-column')).toEqual([]);
  });
});

describe('SL2014 layouts', () => {
  const blockA = ['Numer umowy/ decyzji /aneksu', 'Nazwa beneficjenta', 'Tytuł projektu', 'Okres realizacji projektu od', 'Okres realizacji projektu do', 'Wniosek za okres'];
  const blockB = ['Kraj', 'Nazwa instytucji', 'NIP', 'Brak NIP', 'Typ instytucji', 'w tym', 'Województwo', 'Powiat', 'Gmina', 'Miejscowość', 'Ulica', 'Nr budynku', 'Nr lokalu', 'Kod pocztowy', 'Obszar wg stopnia urbanizacji (DEGURBA)', 'Telefon kontaktowy', 'Adres e-mail', 'Data rozpoczęcia udziału w projekcie', 'Data zakończenia udziału w projekcie', 'Czy wsparciem zostali objęci pracownicy instytucji', 'Rodzaj przyznanego wsparcia', 'W tym', 'Data rozpoczęcia udziału we wsparciu', 'Data zakończenia udziału we wsparciu'];
  const blockC = ['Kraj', 'Rodzaj uczestnika', 'Nazwa instytucji', 'Imię', 'Nazwisko', 'PESEL', 'Brak PESEL', 'Płeć', 'Wiek w chwili przystąpienia do projektu', 'Wykształcenie', 'Województwo', 'Powiat', 'Gmina', 'Miejscowość', 'Ulica', 'Nr budynku', 'Nr lokalu', 'Kod pocztowy', 'Obszar wg stopnia urbanizacji (DEGURBA)', 'Telefon kontaktowy', 'Adres e-mail', 'Data rozpoczęcia udziału w projekcie', 'Data zakończenia udziału w projekcie', 'Status osoby na rynku pracy w chwili przystąpienia do projektu', 'W tym', 'Wykonywany zawód', 'Zatrudniony w:', 'Sytuacja (1) osoby w momencie zakończenia udziału w projekcie', 'Sytuacja (2) osoby w momencie zakończenia udziału w projekcie', 'Inne rezultaty dotyczące osób młodych (dotyczy IZM)', 'Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną dla niej ścieżką uczestnictwa', 'Rodzaj przyznanego wsparcia', 'W tym', 'Data rozpoczęcia udziału we wsparciu', 'Data zakończenia udziału we wsparciu', 'Data założenia działalności gospodarczej', 'Kwota środków przyznanych na założenie działalności gospodarczej', 'PKD założonej działalności gospodarczej', 'Osoba należąca do mniejszości narodowej lub etnicznej, migrant, osoba obcego pochodzenia', 'Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań', 'Osoba z niepełnosprawnościami'];
  const tail2018 = ['Osoba w innej niekorzystnej sytuacji społecznej', 'Planowana data zakończenia edukacji w placówce edukacyjnej, w której skorzystano ze wsparcia'];
  const household = ['Osoba przebywająca w gospodarstwie domowym bez osób pracujących', 'W tym: w gospodarstwie domowym z dziećmi pozostającymi na utrzymaniu', 'Osoba żyjąca w gospodarstwie składającym się z jednej osoby dorosłej i dzieci pozostających na utrzymaniu'];

  function rowFor(headers: string[], pesel: string): (string | null)[] {
    // values by position: the institution block stays empty, the participant block is filled
    const c0 = headers.indexOf('Rodzaj uczestnika') - 1;
    const values: Record<string, string> = {
      Kraj: 'Polska', 'Rodzaj uczestnika': 'indywidualny', Imię: 'Jan', Nazwisko: 'Testowy', PESEL: pesel, 'Brak PESEL': 'Nie',
      Płeć: 'Mężczyzna', 'Wiek w chwili przystąpienia do projektu': '40', Wykształcenie: 'podstawowe (ISCED 1)', Gmina: 'Testowo',
      Ulica: 'Długa', 'Kod pocztowy': '42-100', 'Data rozpoczęcia udziału w projekcie': '01.03.2021',
      'Status osoby na rynku pracy w chwili przystąpienia do projektu': 'osoba bezrobotna zarejestrowana w ewidencji urzędów pracy',
      'Rodzaj przyznanego wsparcia': 'aktywizacja społeczna', 'Osoba z niepełnosprawnościami': 'Nie',
      'Osoba w innej niekorzystnej sytuacji społecznej': 'Tak', 'Osoba przebywająca w gospodarstwie domowym bez osób pracujących': 'Tak',
    };
    let wTym = 0;
    return headers.map((h, i) => {
      if (i < c0) return null;
      if (h === 'W tym') return wTym++ === 0 ? 'osoba długotrwale bezrobotna' : 'warsztaty';
      return values[h] ?? null;
    });
  }

  it('the full 2018+ sheet: blocks A and B repeat names, W tym bound by position', async () => {
    const headers = [...blockA, ...blockB, ...blockC, ...tail2018];
    const rows = [headers, rowFor(headers, makePesel('1980-05-14', 1010, 'M'))];
    const dir = await makeProject({ files: { 'uczestnicy.xlsx': [{ name: 'SL2014', rows }] } });
    const { issues, dataset } = await check(dir);
    expect(issues).toEqual([]);
    const p = dataset.participants[0];
    expect(p?.statusDetail).toBe('osoba długotrwale bezrobotna');
    expect(p?.text.supportDetail).toBe('warsztaty');
    expect(p?.text.gmina).toBe('Testowo');
    expect(p?.otherDisadvantage).toBe('Tak');
    expect(p?.ref.columns.get('statusDetail')?.letter).toBe('BC');
  });
  it('the 2015–2017 sheet with the three household columns', async () => {
    const headers = [...blockC, ...household, ...tail2018];
    const rows = [headers, rowFor(headers, makePesel('1980-05-14', 1010, 'M'))];
    const dir = await makeProject({ files: { 'uczestnicy.xlsx': [{ name: 'SL2014', rows }] } });
    const { issues, dataset } = await check(dir);
    expect(issues).toEqual([]);
    expect(dataset.participants[0]?.jobless).toBe('Tak');
    expect(dataset.participants[0]?.otherDisadvantage).toBe('Tak');
  });
  it('a W tym that follows no status column cannot be placed: a warning with a hint', async () => {
    const headers = [...PARTICIPANT_TEST_HEADERS.filter((h) => h !== 'W tym'), 'W tym'];
    const dir = await makeProject({ files: { 'uczestnicy.xlsx': [{ name: 'U', rows: tableRows(headers, [person(1)]) }] } });
    const { issues } = await check(dir);
    expect(issues.map((i) => `${i.code} ${i.column}${i.row}`)).toEqual(['unknown-column Y1']);
    expect(issues[0]?.variant).toBe('wtym');
  });
});

describe('CSV participant files', () => {
  it('UTF-8 with comma delimiter and quoted fields', async () => {
    const rows = tableRows(PARTICIPANT_TEST_HEADERS, [person(1, { Ulica: 'Długa, róg Krótkiej' })]).map((r) => r.map((v) => (typeof v === 'string' && v.includes(',') ? `"${v}"` : v)));
    const def = TEST_DEFINITION.replace('participants: uczestnicy.xlsx', 'participants: dane.csv');
    const dir = await makeProject({ definition: def, files: { 'dane.csv': csvText(rows, ',') } });
    const { issues, dataset } = await check(dir);
    expect(issues.map((i) => i.code)).toEqual(['outside-area']);
    expect(dataset.participants[0]?.text.street).toBe('Długa, róg Krótkiej');
  });
  it('a CSV named .xlsx is read as CSV (content, not extension)', async () => {
    const dir = await makeProject({ files: { 'uczestnicy.xlsx': csvText(tableRows(PARTICIPANT_TEST_HEADERS, [person(1)])) } });
    const { issues, dataset } = await check(dir);
    expect(issues).toEqual([]);
    expect(dataset.participants).toHaveLength(1);
  });
});

export async function copyInto(dir: string, rel: string, from: string): Promise<void> {
  await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
  await copyFile(from, path.join(dir, rel));
}
