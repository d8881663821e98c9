/**
 * Seeded synthetic data for `npm run bench`: N attendance rows (long layout) over 2021–2022 for
 * M participants, as a UTF-8 CSV, a Windows-1250 CSV and an XLSX (shared strings, date cells),
 * plus a project definition for each. Written as streams, so a million rows need little memory.
 */
import { once } from 'node:events';
import { zipFile } from '../src/node/zip-file.js';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { encodeCp1250 } from '../fixtures/cp1250.js';
import { mulberry32 } from '../fixtures/random.js';
import { columnLetter } from '../src/ingest/values.js';
import { addDays, isoToExcelSerial, formatPl, type IsoDate } from '../src/dates.js';
import { makePesel } from '../src/pesel.js';

export interface BenchFiles {
  dir: string;
  rows: number;
  participants: number;
  projects: { csvUtf8: string; csvCp1250: string; xlsx: string };
  files: { csvUtf8: string; csvCp1250: string; xlsx: string; participants: string };
}

const GROUP_SIZE = 20;
const HEADER = ['Data', 'Kod działania', 'Forma', 'Zajęcia', 'Liczba godzin', 'Identyfikator', 'Obecność'];
const FORMS = ['spotkanie', 'warsztat', 'szkolenie'];

interface Row {
  date: IsoDate;
  form: string;
  title: string;
  hours: number;
  id: string;
  mark: string;
}

/** Groups of 20 meet weekly, each on its own weekday; rows come out in date order. */
function* attendanceRows(rows: number, participants: number, seed = 1): Generator<Row> {
  const rnd = mulberry32(seed);
  const groups = Math.max(1, Math.floor(participants / GROUP_SIZE));
  let produced = 0;
  for (let week = 0; produced < rows; week++) {
    for (let day = 0; day < 5 && produced < rows; day++) {
      const date = addDays('2021-01-04', week * 7 + day);
      if (date > '2022-12-30') return;
      for (let g = day; g < groups && produced < rows; g += 5) {
        const form = FORMS[g % 3] as string;
        const title = `Grupa ${g + 1} – zajęcia ${form === 'spotkanie' ? 'integracyjne' : form === 'warsztat' ? 'warsztatowe' : 'szkoleniowe'}`;
        for (let k = 0; k < GROUP_SIZE && produced < rows; k++) {
          const r = rnd();
          yield { date, form, title, hours: g % 2 ? 2 : 1.5, id: `U${g * GROUP_SIZE + k + 1}`, mark: r < 0.85 ? 'x' : r < 0.95 ? 'nb' : 'u' };
          produced++;
        }
      }
    }
  }
}

/**
 * One session a row, as in individual counselling: each participant of a weekday's group meets
 * alone, under a title of their own, so N rows make N distinct sessions (each listed in the
 * audit trail of the report).
 */
function* individualRows(rows: number, participants: number, seed = 3): Generator<Row> {
  const rnd = mulberry32(seed);
  const groups = Math.max(1, Math.floor(participants / GROUP_SIZE));
  const days = 520; // the weekdays of 2021–2022
  const perDay = Math.ceil(rows / days);
  let produced = 0;
  for (let week = 0; produced < rows; week++) {
    for (let day = 0; day < 5 && produced < rows; day++) {
      const date = addDays('2021-01-04', week * 7 + day);
      if (date > '2022-12-30') return;
      for (let k = 0; k < perDay && produced < rows; k++) {
        // the groups of this weekday (their people start on it), one person after another
        const perWeekday = Math.max(1, Math.floor(groups / 5));
        const g = Math.min(day + 5 * (k % perWeekday), groups - 1);
        const person = g * GROUP_SIZE + ((Math.floor(k / perWeekday) + 4 * week) % GROUP_SIZE);
        produced++;
        yield { date, form: 'konsultacja', title: `Konsultacja indywidualna nr ${produced}`, hours: rnd() < 0.5 ? 1 : 1.5, id: `U${person + 1}`, mark: 'x' };
      }
    }
  }
}

/** The first session date of each participant's group (their start date). */
function startOf(index: number, participants: number): IsoDate {
  const groups = Math.max(1, Math.floor(participants / GROUP_SIZE));
  const g = Math.min(Math.floor(index / GROUP_SIZE), groups - 1);
  return addDays('2021-01-04', g % 5);
}

async function write(stream: WriteStream, text: string | Uint8Array): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function close(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

function csvLine(r: Row): string {
  return `${formatPl(r.date)};A1;${r.form};${r.title};${String(r.hours).replace('.', ',')};${r.id};${r.mark}\r\n`;
}

async function writeCsv(file: string, rows: number, participants: number, encode: (s: string) => string | Uint8Array): Promise<void> {
  const out = createWriteStream(file);
  let buffer = `${HEADER.join(';')}\r\n`;
  for (const r of attendanceRows(rows, participants)) {
    buffer += csvLine(r);
    if (buffer.length > 1 << 16) {
      await write(out, encode(buffer));
      buffer = '';
    }
  }
  await write(out, encode(buffer));
  await close(out);
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

async function writeXlsx(file: string, attendance: () => Iterable<Row>): Promise<void> {
  // shared strings: every distinct text of the sheet
  const strings = new Map<string, number>();
  const sst = (s: string) => {
    let i = strings.get(s);
    if (i === undefined) {
      i = strings.size;
      strings.set(s, i);
    }
    return i;
  };
  HEADER.forEach(sst);
  for (const r of attendance()) {
    sst('A1');
    sst(r.form);
    sst(r.title);
    sst(r.id);
    sst(r.mark);
  }
  const zip = zipFile(file, { modified: new Date(Date.UTC(2000, 0, 1)) });
  await zip.add('[Content_Types].xml', [`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`]);
  await zip.add('_rels/.rels', [`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`]);
  await zip.add('xl/workbook.xml', [`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Obecności" sheetId="1" r:id="rId1"/></sheets></workbook>`]);
  await zip.add('xl/_rels/workbook.xml.rels', [`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`]);
  await zip.add('xl/styles.xml', [`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd\\.mm\\.yyyy"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`]);
  await zip.add('xl/sharedStrings.xml', (function* () {
    yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.size}" uniqueCount="${strings.size}">`;
    let chunk = '';
    for (const s of strings.keys()) {
      chunk += `<si><t>${xmlEscape(s)}</t></si>`;
      if (chunk.length > 1 << 16) {
        yield chunk;
        chunk = '';
      }
    }
    yield `${chunk}</sst>`;
  })());
  await zip.add('xl/worksheets/sheet1.xml', (function* () {
    yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`;
    let chunk = `<row r="1">${HEADER.map((h, i) => `<c r="${columnLetter(i)}1" t="s"><v>${strings.get(h)}</v></c>`).join('')}</row>`;
    let n = 1;
    for (const r of attendance()) {
      n++;
      chunk += `<row r="${n}"><c r="A${n}" s="1"><v>${isoToExcelSerial(r.date)}</v></c><c r="B${n}" t="s"><v>${strings.get('A1')}</v></c><c r="C${n}" t="s"><v>${strings.get(r.form)}</v></c><c r="D${n}" t="s"><v>${strings.get(r.title)}</v></c><c r="E${n}"><v>${r.hours}</v></c><c r="F${n}" t="s"><v>${strings.get(r.id)}</v></c><c r="G${n}" t="s"><v>${strings.get(r.mark)}</v></c></row>`;
      if (chunk.length > 1 << 16) {
        yield chunk;
        chunk = '';
      }
    }
    yield `${chunk}</sheetData></worksheet>`;
  })());
  await zip.finish();
}

function definition(attendance: string, forms = ['spotkanie', 'warsztat', 'szkolenie'], individual: readonly string[] = []): string {
  return `project:
  title: Projekt do pomiaru wydajności
  programme: Program testowy
  number: RPSL.09.01.01-24-9999/20
  beneficiary: Gmina Testowa
  funding: Projekt współfinansowany ze środków Europejskiego Funduszu Społecznego.
  period: { from: 2021-01-01, to: 2022-12-31 }
data:
  participants: ../uczestnicy.csv
  attendance: ${attendance}
actions:
  - { code: A1, name: zajęcia grupowe, window: { from: 2021-01, to: 2022-12 }, forms: [${forms.join(', ')}] }
forms:
${forms.map((f) => `  - { code: ${f}, name: ${f}, hours: 2${individual.includes(f) ? ', individual: true' : ''} }`).join('\n')}
indicators:
  - { id: W1, name: Osoby objęte wsparciem, type: produkt, unit: osoby, measure: participants, at: start, target: { K: 5000, M: 5000 } }
  - { id: W2, name: Osoby objęte wsparciem w warsztatach, type: produkt, unit: osoby, measure: participants, at: support, where: { form: warsztat } }
  - { id: W3, name: Zajęcia, type: produkt, unit: szt., measure: sessions, target: { O: 10000 } }
  - { id: W4, name: Godziny zajęć, type: produkt, unit: godziny, measure: hours }
  - { id: W5, name: Osobogodziny, type: produkt, unit: godziny, measure: participant_hours, where: { sex: K } }
  - { id: W6, name: Obecności, type: rezultat, unit: obecności, measure: attendances }
  - { id: W7, name: Osoby z frekwencją co najmniej 80%, type: rezultat, unit: osoby, measure: participants, at: active, where: { attended_min_share: 0.8 } }
  - { id: W8, name: Efektywność zatrudnieniowa, type: rezultat, unit: "%", measure: ratio, numerator: { measure: participants, at: end, where: { employed_after: true } }, denominator: { measure: participants, at: end } }
`;
}

async function writeParticipants(file: string, participants: number, start: (index: number) => IsoDate = (i) => startOf(i, participants)): Promise<void> {
  const header = ['Identyfikator', 'Imię', 'Nazwisko', 'PESEL', 'Płeć', 'Wykształcenie', 'Gmina', 'Data rozpoczęcia udziału w projekcie', 'Status osoby na rynku pracy w chwili przystąpienia do projektu', 'W tym', 'Data zakończenia udziału w projekcie', 'Sytuacja (1) osoby w momencie zakończenia udziału w projekcie', 'Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną dla niej ścieżką uczestnictwa', 'Data podjęcia zatrudnienia'];
  const rnd = mulberry32(7);
  const lines = [header.join(';')];
  const used = new Set<string>();
  for (let i = 0; i < participants; i++) {
    const sex = rnd() < 0.55 ? 'K' : 'M';
    let pesel = '';
    do pesel = makePesel(addDays('1960-01-01', Math.floor(rnd() * 14000)), Math.floor(rnd() * 10000), sex);
    while (used.has(pesel));
    used.add(pesel);
    const started = start(i);
    const ended = i % 3 === 0;
    lines.push([`U${i + 1}`, sex === 'K' ? 'Anna' : 'Jan', `Testowa${i + 1}`, pesel, sex === 'K' ? 'Kobieta' : 'Mężczyzna', 'ponadgimnazjalne (ISCED 3)', 'Testowo', formatPl(started),
      'osoba bierna zawodowo', 'inne', ended ? '30.12.2022' : '', ended ? 'inne' : '', ended ? 'Tak' : '', ended && i % 2 === 0 ? '15.01.2023' : ''].join(';'));
  }
  await writeFile(file, `${lines.join('\r\n')}\r\n`);
}

export async function generateBenchData(root: string, rows: number, participants: number): Promise<BenchFiles> {
  const dir = path.join(root, `${rows}`);
  const projects = { csvUtf8: path.join(dir, 'csv-utf8'), csvCp1250: path.join(dir, 'csv-cp1250'), xlsx: path.join(dir, 'xlsx') };
  for (const p of Object.values(projects)) await mkdir(p, { recursive: true });
  const files = {
    participants: path.join(dir, 'uczestnicy.csv'),
    csvUtf8: path.join(projects.csvUtf8, 'obecnosci.csv'),
    csvCp1250: path.join(projects.csvCp1250, 'obecnosci.csv'),
    xlsx: path.join(projects.xlsx, 'obecnosci.xlsx'),
  };
  await writeParticipants(files.participants, participants);
  await writeCsv(files.csvUtf8, rows, participants, (s) => s);
  await writeCsv(files.csvCp1250, rows, participants, encodeCp1250);
  await writeXlsx(files.xlsx, () => attendanceRows(rows, participants));
  await writeFile(path.join(projects.csvUtf8, 'pal-report.yaml'), definition('obecnosci.csv'));
  await writeFile(path.join(projects.csvCp1250, 'pal-report.yaml'), definition('obecnosci.csv'));
  await writeFile(path.join(projects.xlsx, 'pal-report.yaml'), definition('obecnosci.xlsx'));
  return { dir, rows, participants, projects, files };
}

/**
 * The XLSX input with one session a row (`individualRows`), `rows` rows for `participants`
 * people: the size of the report's audit trail, not of the attendance, is what it measures.
 * Two projects read it: `project`, where each row is a session by its own title, and
 * `individual`, where the consultation form is `individual: true` (each row a session whatever
 * its title, SPEC §2).
 */
export async function generateSessionBenchData(root: string, rows: number, participants: number): Promise<{ project: string; individual: string; rows: number }> {
  const dir = path.join(root, `${rows}-sessions`);
  const project = path.join(dir, 'xlsx');
  const individual = path.join(dir, 'xlsx-individual');
  await mkdir(project, { recursive: true });
  await mkdir(individual, { recursive: true });
  // each person starts on the day of their first consultation
  const first = new Map<string, IsoDate>();
  for (const r of individualRows(rows, participants)) if (!first.has(r.id)) first.set(r.id, r.date);
  await writeParticipants(path.join(dir, 'uczestnicy.csv'), participants, (i) => first.get(`U${i + 1}`) ?? startOf(i, participants));
  await writeXlsx(path.join(project, 'obecnosci.xlsx'), () => individualRows(rows, participants));
  await writeFile(path.join(project, 'pal-report.yaml'), definition('obecnosci.xlsx', [...FORMS, 'konsultacja']));
  await writeFile(path.join(individual, 'pal-report.yaml'), definition('../xlsx/obecnosci.xlsx', [...FORMS, 'konsultacja'], ['konsultacja']));
  return { project, individual, rows };
}

/**
 * One self-contained project (the participants inside its folder, as the offline page can read
 * only the folder it is given): `rows` attendance rows as a UTF-8 CSV. The page's speed test.
 */
export async function generateCsvProject(dir: string, rows: number, participants: number): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeParticipants(path.join(dir, 'uczestnicy.csv'), participants);
  await writeCsv(path.join(dir, 'obecnosci.csv'), rows, participants, (s) => s);
  await writeFile(path.join(dir, 'pal-report.yaml'), definition('obecnosci.csv').replace('participants: ../uczestnicy.csv', 'participants: uczestnicy.csv'));
  return dir;
}

/**
 * The same as generateCsvProject with the attendance as an XLSX (shared strings, date cells):
 * large enough (250,000 rows, ~6 MB) to be read on a second thread, in the page as in the CLI.
 */
export async function generateXlsxProject(dir: string, rows: number, participants: number): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeParticipants(path.join(dir, 'uczestnicy.csv'), participants);
  await writeXlsx(path.join(dir, 'obecnosci.xlsx'), () => attendanceRows(rows, participants));
  await writeFile(path.join(dir, 'pal-report.yaml'), definition('obecnosci.xlsx').replace('participants: ../uczestnicy.csv', 'participants: uczestnicy.csv'));
  return dir;
}
