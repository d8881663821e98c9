/**
 * What a reader of the demo reports sees, through real clients: each indicator value reads the
 * same in the PDF (poppler), in the XLSX as LibreOffice shows it, in the JSON model and in
 * `indicators --format json` — hours with their decimals (`268,5`, never `269`).
 */
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import type { ReportModel } from '../../src/report/model.js';
import { CSV_ALL_SHEETS, csvRows, pdffonts, pdftotext, soffice } from '../helpers/clients.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DEMO = path.join(ROOT, 'fixtures', 'klobuck');
const AS_OF = '2023-06-30';
const REPORTS = [
  { name: 'raport-okresowy-2021-Q3', args: ['report', 'progress', '--period', '2021-Q3'], period: '2021-Q3' },
  { name: 'raport-koncowy', args: ['report', 'final'], period: 'all' },
];

async function cli(args: string[]) {
  const io = memoryIO(process.cwd(), { SOURCE_DATE_EPOCH: '1672531200' });
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

/** Polish, up to two decimals, spaces for any kind of space (the clients differ in which). */
const PL = new Intl.NumberFormat('pl-PL', { maximumFractionDigits: 2, useGrouping: 'always' as unknown as boolean });
const spaces = (s: string) => s.replace(/\s/g, ' ');
const shown = (n: number) => spaces(PL.format(n));

let out = '';
beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'pal-client-reports-'));
  for (const r of REPORTS) {
    const res = await cli([...r.args, '--project', DEMO, '--as-of', AS_OF, '--out', out, '--formats', 'xlsx,pdf,json']);
    expect(res.code, res.err).toBe(0);
  }
}, 120_000);

type Kmo = { K?: number; M?: number; O: number };

/** K, M, b.d., O of a value as the tables lay it out (b.d. = O − K − M), nulls for what a unit lacks. */
function kmoCells(c: Kmo): (number | null)[] {
  return c.K === undefined || c.M === undefined ? [null, null, null, c.O] : [c.K, c.M, c.O - c.K - c.M, c.O];
}

describe('the same numbers in every output', () => {
  for (const r of REPORTS) {
    it(`${r.name}: each indicator value alike in the PDF, the XLSX as shown, the JSON model and indicators --format json`, async () => {
      const json = JSON.parse((await cli(['indicators', '--project', DEMO, '--period', r.period, '--as-of', AS_OF, '--format', 'json'])).out) as { indicators: { id: string; period: Kmo | { value: number } | null; cumulative: Kmo | { value: number } | null }[] };
      const model = JSON.parse(await readFile(path.join(out, `${r.name}.json`), 'utf8')) as ReportModel;
      expect(model.indicators).toEqual(json.indicators);
      const csvs = await soffice(path.join(out, `${r.name}.xlsx`), CSV_ALL_SHEETS);
      const sheet = csvs.find((f) => f.endsWith('-Wskaźniki.csv')) as string;
      const sheetRows = csvRows(await readFile(sheet, 'utf8')).map((row) => row.map(spaces));
      // layout: a table row's numbers on the line of its ID (its name may wrap below)
      const pdfLines = (await pdftotext(path.join(out, `${r.name}.pdf`), { layout: true })).split('\n').map((l) => spaces(l).replace(/ +/g, ' ').trim());
      let checked = 0;
      let fractions = 0;
      for (const v of json.indicators) {
        if (!v.period || !v.cumulative || 'value' in v.period || 'value' in v.cumulative) continue;
        const values = [...kmoCells(v.period), ...kmoCells(v.cumulative)];
        fractions += values.filter((x) => x !== null && !Number.isInteger(x)).length;
        // the XLSX: the first row of the indicator (F.1/F.2), period and cumulative K, M, b.d., O
        const row = sheetRows.find((x) => x[0] === v.id);
        expect(row?.slice(7, 15), `${v.id} in the XLSX`).toEqual(values.map((x) => (x === null ? '' : shown(x))));
        // the PDF: the row's line has period and cumulative K, M, b.d., O in this order, then realisation
        const line = pdfLines.find((l) => l.startsWith(`${v.id} `)) ?? '';
        const cells = values.map((x) => (x === null ? '—' : shown(x))).join(' ');
        expect(`${line} `, `${v.id} in the PDF`).toMatch(new RegExp(` ${cells.replace(/[+]/g, '\\+')} (—|[\\d ,]+%) $`));
        checked++;
      }
      expect(checked).toBeGreaterThan(10);
      expect(fractions).toBeGreaterThan(0);
    }, 120_000);
  }

  it('raport-koncowy: the programme outcomes show the achieved value with its decimals', async () => {
    const json = JSON.parse((await cli(['indicators', '--project', DEMO, '--period', 'all', '--as-of', AS_OF, '--format', 'json'])).out) as { indicators: { id: string; cumulative: Kmo | { value: number } | null }[] };
    const hours = json.indicators.find((v) => v.id === 'PR5h')?.cumulative as Kmo;
    expect(Number.isInteger(hours.O)).toBe(false);
    const lines = (await pdftotext(path.join(out, 'raport-koncowy.pdf'), { layout: true })).split('\n').map((l) => spaces(l).replace(/ +/g, ' ').trim());
    // the second table with PR5h (products of the programme): ID, indicator, unit, target, achieved, realisation
    expect(lines.filter((l) => l.startsWith('PR5h '))[1]).toMatch(new RegExp(` godziny — ${shown(hours.O)} —$`));
  }, 60_000);
});

describe('words fit the date in the PDF', () => {
  it('raport-koncowy made after the project\'s end: actions done or not done, none "w realizacji"', async () => {
    const text = spaces(await pdftotext(path.join(out, 'raport-koncowy.pdf'))).replace(/ +/g, ' ');
    // the table, up to its note (which explains the words, "w realizacji" among them)
    const schedule = text.slice(text.indexOf('Realizacja działań wobec harmonogramu'), text.indexOf('Status na dzień stanu danych (30.06.2023)'));
    expect(schedule.length).toBeGreaterThan(200);
    expect(schedule).toContain('zrealizowane');
    expect(schedule).toContain('nie zrealizowano');
    expect(schedule).not.toMatch(/(^|\s)w realizacji/);
  });
});

describe('descriptions in Markdown, in the PDF', () => {
  it('bold and italic in their fonts, every list item on its own line, no marks printed', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pal-client-opisy-'));
    await cp(DEMO, dir, { recursive: true });
    await writeFile(path.join(dir, 'opisy', '2021-Q3.md'), [
      '## D.2 Problemy', '', 'W sierpniu **dwie edycje** warsztatów *przeniesiono*, a ***jedną*** odwołano.', '', 'Przyczyny:', '- urlopy prowadzących,', '- remont sali.',
      '', '## D.3 Plan', '', '1. kurs (październik)', '2. gala (grudzień)',
    ].join('\n'));
    const target = path.join(dir, 'raporty');
    expect((await cli(['report', 'progress', '--period', '2021-Q3', '--project', dir, '--as-of', AS_OF, '--out', target, '--formats', 'pdf'])).code).toBe(0);
    const pdf = path.join(target, 'raport-okresowy-2021-Q3.pdf');
    const lines = (await pdftotext(pdf, { layout: true })).split('\n').map((l) => spaces(l).replace(/ +/g, ' ').trim());
    expect(lines).toContain('W sierpniu dwie edycje warsztatów przeniesiono, a jedną odwołano.');
    for (const item of ['• urlopy prowadzących,', '• remont sali.', '1. kurs (październik)', '2. gala (grudzień)']) expect(lines, item).toContain(item);
    expect(lines.join('\n')).not.toMatch(/\*\*|\*przeniesiono/);
    const fonts = (await pdffonts(pdf)).map((f) => f.name.replace(/^[A-Z]{6}\+/, ''));
    for (const f of ['DejaVuSans-Bold', 'DejaVuSans-Oblique', 'DejaVuSans-BoldOblique']) expect(fonts, f).toContain(f);
  }, 60_000);
});
