/**
 * Where corrections show: `corrections` as a table, JSON and CSV (and --strict), the
 * `submitted-period-changed` warnings of `validate`, and the Korekty section and sheet of the
 * next progress report with its "w tym korekta" remarks and the "złożono" header line.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { basePeople, baseRows, cli, makeCorrectionsProject, submitQ1, writePeople, writeRows } from './helpers.js';

/** Submitted, then P3 became otoczenie and the 10.03 session was deleted. */
async function project() {
  const dir = await makeCorrectionsProject();
  expect((await submitQ1(dir)).code).toBe(0);
  await writePeople(dir, basePeople().map((p, i) => (i === 2 ? { ...p, Otoczenie: 'Tak' } : p)));
  await writeRows(dir, baseRows().filter((r) => r[0] !== '10.03.2021'));
  return dir;
}

describe('corrections output', () => {
  it('table: each difference with what left and entered; exit 0, --strict exit 1', async () => {
    const dir = await project();
    const r = await cli(['corrections', '--project', dir, '--as-of', '2021-07-01']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('Korekty złożonych okresów: 10.');
    expect(r.out).toContain('  2021-Q1  U2  w okresie  O:  Złożono 0, obecnie 1 (+1)\n    Weszły: P3 (uczestnicy.xlsx, w. 4)\n');
    expect(r.out).toContain('  2021-Q1  Z1  narastająco  O:  Złożono 5, obecnie 4 (−1)\n    Wypadły: zajęcia 10.03.2021 A1 „Spotkanie” 2 h (obecnosci/lista.csv, w. 4) — wiersza już nie ma\n');
    expect(r.out).toContain('Zmiany wynikające z upływu czasu (nie są korektami)');
    expect((await cli(['corrections', '--project', dir, '--as-of', '2021-07-01', '--strict'])).code).toBe(1);
    const en = await cli(['corrections', '--project', dir, '--as-of', '2021-07-01', '--lang', 'en']);
    expect(en.out).toContain('    Entered: P3 (uczestnicy.xlsx, row 4)');
  });

  it('CSV for Polish Excel: BOM, semicolons, one row per difference', async () => {
    const dir = await project();
    const r = await cli(['corrections', '--project', dir, '--as-of', '2021-07-01', '--format', 'csv']);
    const rows = r.out.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(r.out.startsWith('\uFEFF')).toBe(true);
    expect(rows[0]).toBe('Rodzaj;Okres;Wskaźnik;Wartość;Klucz;Złożono;Obecnie;Różnica;Weszły;Wypadły');
    expect(rows).toContain('korekta;2021-Q1;U2;w okresie;O;0;1;1;P3 (uczestnicy.xlsx, w. 4);');
    expect(rows.filter((x) => x.startsWith('korekta;'))).toHaveLength(10);
  });

  it('no snapshots: nothing on stdout, a note on stderr, exit 0', async () => {
    const dir = await makeCorrectionsProject();
    const r = await cli(['corrections', '--project', dir]);
    expect(r).toMatchObject({ code: 0, out: '' });
    expect(r.err).toBe('Nie złożono jeszcze żadnego okresu (brak migawek w zlozone).\n');
    expect(JSON.parse((await cli(['corrections', '--project', dir, '--format', 'json'])).out)).toEqual({ corrections: [], resolved: [] });
  });
});

describe('validate: submitted-period-changed', () => {
  it('at the row that causes a correction; for a row that is gone, at the file with the old row number', async () => {
    const dir = await project();
    const r = await cli(['validate', '--project', dir, '--as-of', '2021-07-01', '--format', 'json']);
    const issues = (JSON.parse(r.out) as { issues: { code: string; file: string; row: number | null; message: string }[] }).issues.filter((i) => i.code === 'submitted-period-changed');
    expect(issues.map((i) => `${i.file} ${i.row ?? '-'}: ${i.message}`)).toEqual([
      'uczestnicy.xlsx 4: Ta komórka zmienia wartość już złożoną: okres 2021-Q1, wskaźnik U2 (w okresie, M): złożono 0, obecnie 1',
      // one row gone is one cause: one warning naming every value it changed
      'obecnosci/lista.csv -: Wiersz 4 (stan ze złożenia okresu 2021-Q1) już nie istnieje albo nie jest liczony — zmienia wartości już złożone: wskaźnik Z1 (w okresie, O): złożono 5, obecnie 4; wskaźnik G1 (w okresie, O): złożono 10, obecnie 8; wskaźnik O1 (w okresie, O): złożono 8, obecnie 6',
      'obecnosci/lista.csv -: Wiersz 5 (stan ze złożenia okresu 2021-Q1) już nie istnieje albo nie jest liczony — zmienia wartość już złożoną: wskaźnik O1 (w okresie, O): złożono 8, obecnie 6',
    ]);
    expect(r.code).toBe(0);
    expect((await cli(['validate', '--project', dir, '--as-of', '2021-07-01', '--strict'])).code).toBe(1);
  });

  it('says nothing when the data still gives the submitted values', async () => {
    const dir = await makeCorrectionsProject();
    await submitQ1(dir);
    const r = await cli(['validate', '--project', dir, '--as-of', '2021-07-01']);
    expect(r.out).not.toContain('submitted-period-changed');
  });
});

describe('the next progress report', () => {
  async function workbook(file: string) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    return wb;
  }

  it('has a Korekty section and sheet, and marks the cumulative values that include a correction', async () => {
    const dir = await project();
    const out = await mkdtemp(path.join(tmpdir(), 'pal-korekty-'));
    const r = await cli(['report', 'progress', '--project', dir, '--period', '2021-Q2', '--as-of', '2021-07-01', '--out', out, '--formats', 'xlsx,json']);
    expect(r.code, r.err).toBe(0);
    const wb = await workbook(path.join(out, 'raport-okresowy-2021-Q2.xlsx'));
    expect(wb.worksheets.map((w) => w.name).slice(0, 3)).toEqual(['Podsumowanie', 'Wskaźniki', 'Korekty']);
    const sheet = wb.getWorksheet('Korekty');
    const rows: string[] = [];
    sheet?.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))).join(' | ')));
    expect(rows[0]?.startsWith('Korekty złożonych okresów')).toBe(true);
    // numbers stay numbers; the sign is the cell's format (test/report/korekty.test.ts)
    expect(rows).toContain('2021-Q1 | U2 | narastająco | O | 0 | 1 | 1 |  | P3 (uczestnicy.xlsx, w. 4)');
    expect(rows).toContain('2021-Q1 | Z1 | w okresie | O | 5 | 4 | -1 | zajęcia 10.03.2021 A1 „Spotkanie” 2 h (obecnosci/lista.csv, w. 4) — wiersza już nie ma');
    const indicators: string[] = [];
    wb.getWorksheet('Wskaźniki')?.eachRow((row) => indicators.push((row.values as unknown[]).slice(1).map((v) => (v && typeof v === 'object' && 'result' in v ? String((v as { result: unknown }).result) : v === null || v === undefined ? '' : String(v))).join(' | ')));
    expect(indicators.find((l) => l.startsWith('Z1 |'))).toMatch(/ \| w tym korekta −1$/);
    expect(indicators.find((l) => l.startsWith('U1 |'))).not.toMatch(/korekta/);
    const json = JSON.parse(await readFile(path.join(out, 'raport-okresowy-2021-Q2.json'), 'utf8')) as { sections: { title: string }[] };
    expect(json.sections.map((s) => s.title)).toContain('Korekty złożonych okresów');
  });

  it('has no Korekty sheet when nothing changed, and a submitted period says so in its header', async () => {
    const dir = await makeCorrectionsProject();
    await submitQ1(dir);
    const out = await mkdtemp(path.join(tmpdir(), 'pal-korekty-'));
    for (const period of ['2021-Q1', '2021-Q2']) {
      const r = await cli(['report', 'progress', '--project', dir, '--period', period, '--as-of', '2021-07-01', '--out', out, '--formats', 'xlsx']);
      expect(r.code, r.err).toBe(0);
    }
    const q2 = await workbook(path.join(out, 'raport-okresowy-2021-Q2.xlsx'));
    expect(q2.worksheets.map((w) => w.name)).not.toContain('Korekty');
    const header = (wb: ExcelJS.Workbook) => {
      const lines: string[] = [];
      wb.getWorksheet('Podsumowanie')?.eachRow((row) => lines.push((row.values as unknown[]).slice(1).map(String).join(' ')));
      return lines.join('\n');
    };
    expect(header(await workbook(path.join(out, 'raport-okresowy-2021-Q1.xlsx')))).toContain('Status okresu złożono 20.04.2021');
    expect(header(q2)).not.toContain('złożono');
  });
});
