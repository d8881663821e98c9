/**
 * What every command writes, on hostile data: inputs never change, no personal data leaves
 * the user's files (only `--annotate` copies keep it), and text that looks like a formula
 * stays text in every XLSX and CSV.
 */
import { createHash } from 'node:crypto';
import { appendFile, cp, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { csvText, participantsProject, person, TEST_DEFINITION } from '../helpers/fixtures.js';
import { hostileProject, SECRET_FIRST, SECRET_SURNAMES } from '../helpers/hostile.js';
import { formulaCells } from '../helpers/dump.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function run(args: string[], cwd = process.cwd()) {
  const io = memoryIO(cwd, { SOURCE_DATE_EPOCH: '1672531200' });
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

async function files(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name)).sort();
}

async function hashes(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of await files(dir)) out.set(path.relative(dir, f), createHash('sha256').update(await readFile(f)).digest('hex'));
  return out;
}

/** Every text a person could read in an output file: JSON and CSV as text, every XML part of an XLSX. */
async function readable(file: string): Promise<string> {
  if (file.endsWith('.xlsx')) {
    const zip = await JSZip.loadAsync(await readFile(file));
    const parts = await Promise.all(Object.values(zip.files).filter((f) => !f.dir).map((f) => f.async('string')));
    return parts.join('\n');
  }
  return readFile(file, 'utf8');
}

describe('inputs are never modified', () => {
  it('by any command, and nothing is written into the project unless asked', async () => {
    const base = await mkdtemp(path.join(tmpdir(), 'pal-untouched-'));
    const project = path.join(base, 'projekt');
    // the demo with one attendance workbook of each layout and the CSV list (the definition reads them by pattern)
    await cp(path.join(ROOT, 'fixtures', 'klobuck'), project, { recursive: true, filter: (f) => !/obecnosci[\\/](?!imprezy|wolontariat|spotkania)[^\\/]+$/.test(f) });
    const before = await hashes(project);
    const out = path.join(base, 'wyniki');
    const commands = [
      ['validate'], ['validate', '--format', 'json'], ['validate', '--annotate', path.join(out, 'kopie')],
      ['periods'], ['indicators', '--period', '2021-Q3'], ['indicators', '--period', 'all', '--format', 'csv'],
      ['report', 'progress', '--period', '2022-Q2', '--out', path.join(out, 'raporty')], ['report', 'final', '--out', path.join(out, 'raporty'), '--formats', 'xlsx,pdf,json'],
    ];
    for (const args of commands) {
      const extra = args[0] === 'periods' ? [] : ['--as-of', '2023-06-30'];
      const r = await run([...args, '--project', project, ...extra]);
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0);
    }
    expect(await hashes(project)).toEqual(before);
    expect((await files(out)).length).toBeGreaterThanOrEqual(9); // 5 report files and the annotated copies
  }, 60_000);
});

describe('privacy', () => {
  it('no PESEL, name, address, phone or e-mail in any output of any command (only the annotated copies keep them)', async () => {
    const { dir, people, strangerPesel, secrets } = await hostileProject(TEST_DEFINITION.replace('indicators: []', `indicators:
  - { id: U1, name: Uczestnicy, type: produkt, unit: osoby, measure: participants, at: start }
  - { id: O1, name: Obecności, type: rezultat, unit: obecności, measure: attendances }`));
    const outDir = await mkdtemp(path.join(tmpdir(), 'pal-private-'));
    const printed: string[] = [];
    const commands = [
      ['validate'], ['validate', '--format', 'json'], ['validate', '--lang', 'en'], ['validate', '--annotate', path.join(outDir, 'kopie')],
      ['indicators', '--period', 'all', '--allow-errors'], ['indicators', '--period', 'all', '--format', 'json', '--allow-errors'],
      ['indicators', '--period', 'all', '--format', 'csv', '--allow-errors'], ['periods'],
      ['report', 'progress', '--period', '2021-Q1', '--allow-errors', '--out', path.join(outDir, 'raporty'), '--formats', 'xlsx,pdf,json'],
      ['report', 'final', '--allow-errors', '--out', path.join(outDir, 'raporty'), '--formats', 'xlsx,pdf,json'],
      // submitted periods (SPEC §8): 2021-Q1 is submitted, then a late attendance row is typed in, so 2021-Q1 has
      // corrections, listed in every format and in the 2021-Q2 report
      ['submit', '--period', '2021-Q1', '--as-of', '2021-03-31', '--allow-errors', '--note', 'WNP 1'],
      ['late row'],
      ['corrections'], ['corrections', '--format', 'json'], ['corrections', '--format', 'csv'], ['corrections', '--lang', 'en'],
      ['report', 'progress', '--period', '2021-Q2', '--allow-errors', '--out', path.join(outDir, 'raporty'), '--formats', 'xlsx,pdf,json'],
    ];
    for (const args of commands) {
      if (args[0] === 'late row') {
        await appendFile(path.join(dir, 'obecnosci', 'lista.csv'), `02.03.2021;A1;spotkanie;Spotkanie;2;${String(people[0]?.PESEL)};${SECRET_FIRST[0]} ${SECRET_SURNAMES[0]};x\r\n`);
        continue;
      }
      const r = await run([...args, '--project', dir]);
      expect(r.code, args.join(' ')).toBeLessThan(2);
      printed.push(r.out, r.err);
    }
    const outputs = [...(await files(path.join(outDir, 'raporty'))).filter((f) => !f.endsWith('.pdf')), path.join(dir, 'zlozone', '2021-Q1.json')];
    expect(outputs.length).toBe(7);
    const everything = [...printed, ...(await Promise.all(outputs.map(readable)))].join('\n');
    for (const s of secrets) expect(everything.includes(s), `output contains ${s}`).toBe(false);
    // the snapshot's key (for the hashes of PESEL numbers) is never in any output
    const key = (await readFile(path.join(dir, 'zlozone', '.klucz'), 'utf8')).trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(everything.includes(key)).toBe(false);
    // and the corrections are really there to scan
    expect(everything).toContain('Korekty złożonych okresów');
    expect(printed.join('\n')).toContain('"corrections": [\n    {');
    // the findings are there, masked: the privacy rule does not hide the problems
    expect(everything).toContain('pesel-checksum');
    expect(everything).toContain('unknown-participant');
    expect(everything).toContain(`${strangerPesel.slice(0, 6)}*****`);
    // the user's own copy keeps the data
    const copy = await readable(path.join(outDir, 'kopie', 'uczestnicy.sprawdzony.xlsx'));
    expect(copy).toContain(SECRET_SURNAMES[0]);
  }, 60_000);
});

describe('formula injection', () => {
  const EVIL_TITLE = '=HYPERLINK("http://zly.example/x","klik")';
  const EVIL_NAME = '@SUM(1+1)';
  const EVIL_GMINA = '=1+1';

  async function injectionProject(): Promise<string> {
    const def = TEST_DEFINITION.replace('indicators: []', `indicators:
  - { id: X1, name: "${EVIL_NAME}", type: produkt, unit: szt., measure: sessions }
  - { id: X2, name: "+48 ${EVIL_NAME}", type: produkt, unit: osoby, measure: participants, target: { K: 1, M: 1 } }`);
    return participantsProject([person(1, { Gmina: EVIL_GMINA, 'Data rozpoczęcia udziału w projekcie': '01.03.2021' })], {
      'obecnosci/lista.csv': csvText([
        ['Data', 'Kod działania', 'Forma', 'Zajęcia', 'Liczba godzin', 'Identyfikator', 'Obecność'],
        ['01.03.2021', 'A1', 'spotkanie', EVIL_TITLE, 2, 'P1', 'x'],
      ]),
    }, undefined, def);
  }

  it('stays text in the report workbooks: the only formulas are our own', async () => {
    const dir = await injectionProject();
    const out = await mkdtemp(path.join(tmpdir(), 'pal-inject-'));
    expect((await run(['report', 'final', '--project', dir, '--out', out, '--formats', 'xlsx', '--as-of', '2023-01-01'])).code).toBe(0);
    const xml = await readable(path.join(out, 'raport-koncowy.xlsx'));
    // the title is there, as a string (a quote may be written as such or as &quot;)
    expect(xml.replace(/&quot;/g, '"')).toMatch(/<t[^>]*>=HYPERLINK\("http:\/\/zly\.example\/x"/);
    const formulas = [...(await formulaCells(await readFile(path.join(out, 'raport-koncowy.xlsx')))).values()].flatMap((m) => [...m.values()].map((c) => c.formula));
    expect(formulas.length).toBeGreaterThan(0);
    for (const f of formulas) expect(f).toMatch(/^[A-Z]+\d+([+/][A-Z]+\d+)*$/);
  });

  it('stays text in the annotated copies: the only formulas are links to cells', async () => {
    const dir = await injectionProject();
    const out = await mkdtemp(path.join(tmpdir(), 'pal-inject-'));
    await run(['validate', '--project', dir, '--annotate', out]);
    for (const f of await files(out)) {
      const formulas = [...(await formulaCells(await readFile(f))).values()].flatMap((m) => [...m.values()].map((c) => c.formula));
      for (const formula of formulas) expect(formula).toMatch(/^HYPERLINK\("#'[^']+'!\$?[A-Z]+\$?\d+","[A-Z]+\d+"\)$/);
    }
  });

  it('is neutralised in CSV output', async () => {
    const dir = await injectionProject();
    const r = await run(['indicators', '--project', dir, '--period', 'all', '--format', 'csv']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\r\n');
    expect(lines.find((l) => l.startsWith('X1;'))).toContain(`;'${EVIL_NAME};`);
    expect(lines.find((l) => l.startsWith('X2;'))).toContain(`;'+48 ${EVIL_NAME};`);
  });
});
