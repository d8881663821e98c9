/**
 * The demo project through the ordinary accidents of issue 16: renamed and downloaded copies,
 * lock files of open workbooks, annotated copies and reports saved into the data folder, a
 * hidden sheet, formulas saved without their results. For each: the indicator values equal the
 * clean run's, or an issue names the cause. Every accident happens on a copy of the demo.
 */
import { cp, mkdtemp, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/validate/check.js';
import { compute } from '../src/indicators/figures.js';
import { loadProject } from '../src/project/load.js';
import { resolvePeriod } from '../src/project/periods.js';
import type { Issue } from '../src/validate/issue.js';
import { DEMO, run } from './helpers/writers.js';
import { disk } from './helpers/platform.js';

const AS_OF = '2023-03-31';

interface Outcome {
  issues: Issue[];
  /** Every indicator's period and cumulative values for the whole project. */
  values: string;
}

async function outcome(dir: string): Promise<Outcome> {
  const project = await loadProject(disk.inputs, dir);
  const checked = await check(disk, project, AS_OF, false);
  const figures = compute(project, checked, resolvePeriod('all', project.definition), AS_OF);
  return { issues: checked.issues, values: JSON.stringify(figures.values.map((v) => [v.id, v.period, v.cumulative])) };
}

async function copyOfDemo(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pal-accident-'));
  await cp(DEMO, dir, { recursive: true });
  return dir;
}

async function patchZip(file: string, entry: string, change: (xml: string) => string): Promise<void> {
  const zip = await JSZip.loadAsync(await readFile(file));
  const xml = (await zip.file(entry)?.async('string')) ?? '';
  const changed = change(xml);
  expect(changed).not.toBe(xml);
  zip.file(entry, changed);
  await writeFile(file, await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
}

function named(issues: readonly Issue[], code: string): string[] {
  return issues.filter((i) => i.code === code).map((i) => `${i.file}${i.sheet ? ` › ${i.sheet}` : ''}${i.column || i.row ? ` › ${i.column ?? ''}${i.row ?? ''}` : ''}`);
}

let clean: Outcome;

beforeAll(async () => {
  clean = await outcome(DEMO);
  expect(clean.issues.filter((i) => i.severity === 'error')).toEqual([]);
}, 120_000);

/** Either the values are the clean run's, or an issue of `code` names the cause. */
function countsOrNamed(o: Outcome, code: string): void {
  if (o.values !== clean.values) expect(named(o.issues, code).length).toBeGreaterThan(0);
}

describe('ordinary accidents on the demo project', () => {
  it('the participants file downloaded again as "uczestnicy (2).xlsx" and named so in the definition: same values', async () => {
    const dir = await copyOfDemo();
    await rename(path.join(dir, 'dane', 'uczestnicy.xlsx'), path.join(dir, 'dane', 'uczestnicy (2).xlsx'));
    const def = await readFile(path.join(dir, 'pal-report.yaml'), 'utf8');
    await writeFile(path.join(dir, 'pal-report.yaml'), def.replace('participants: dane/uczestnicy.xlsx', 'participants: "dane/uczestnicy (2).xlsx"'));
    const o = await outcome(dir);
    expect(o.values).toBe(clean.values);
    expect(o.issues.map((i) => i.code)).toEqual(clean.issues.map((i) => i.code));
  }, 120_000);

  it('an attendance list renamed to "wolontariat (2).xlsx": same values; a second downloaded copy beside it: every row named as repeated', async () => {
    const dir = await copyOfDemo();
    const obecnosci = path.join(dir, 'dane', 'obecnosci');
    await rename(path.join(obecnosci, 'wolontariat.xlsx'), path.join(obecnosci, 'wolontariat (2).xlsx'));
    expect((await outcome(dir)).values).toBe(clean.values);
    await cp(path.join(obecnosci, 'wolontariat (2).xlsx'), path.join(obecnosci, 'wolontariat (3).xlsx'));
    const o = await outcome(dir);
    countsOrNamed(o, 'duplicate-attendance');
    expect(named(o.issues, 'duplicate-attendance').every((p) => p.startsWith('dane/obecnosci/wolontariat (3).xlsx'))).toBe(true);
    expect(named(o.issues, 'duplicate-attendance').length).toBeGreaterThan(100);
  }, 120_000);

  it('lock files of workbooks open in Excel (~$) and LibreOffice (.~lock.…#): same values, each named', async () => {
    const dir = await copyOfDemo();
    await writeFile(path.join(dir, 'dane', '~$uczestnicy.xlsx'), new Uint8Array(165).fill(32));
    await writeFile(path.join(dir, 'dane', 'obecnosci', '~$srodowiskowe.xlsx'), new Uint8Array(165).fill(32));
    await writeFile(path.join(dir, 'dane', 'obecnosci', '.~lock.imprezy.xlsx#'), ',Anna,biuro,03.12.2026 10:00,file:///C:/Users/anna/AppData/Roaming/LibreOffice/4;');
    const o = await outcome(dir);
    expect(o.values).toBe(clean.values);
    expect(named(o.issues, 'file-skipped').sort()).toEqual(['dane/obecnosci/.~lock.imprezy.xlsx#', 'dane/obecnosci/~$srodowiskowe.xlsx', 'dane/~$uczestnicy.xlsx']);
  }, 120_000);

  it('annotated copies and the final report saved into the data folder: same values, each named', async () => {
    const dir = await copyOfDemo();
    const obecnosci = path.join(dir, 'dane', 'obecnosci');
    const out = path.join(dir, 'sprawdzone');
    expect((await run(['validate', '--project', dir, '--as-of', AS_OF, '--annotate', out, '--quiet'])).code).toBe(0);
    for (const f of await readdir(out)) await rename(path.join(out, f), path.join(obecnosci, f));
    expect((await run(['report', 'final', '--project', dir, '--as-of', AS_OF, '--out', obecnosci, '--quiet', '--generated-at', '2023-04-01T10:00:00'])).code).toBe(0);
    const o = await outcome(dir);
    expect(o.values).toBe(clean.values);
    const skipped = named(o.issues, 'file-skipped');
    expect(skipped).toContain('dane/obecnosci/srodowiskowe.sprawdzony.xlsx');
    expect(skipped).toContain('dane/obecnosci/raport-koncowy.xlsx');
    expect(skipped).toContain('dane/obecnosci/spotkania.sprawdzony.xlsx');
    // the copies are refused outright as an --annotate target inside the data folder
    const refused = await run(['validate', '--project', dir, '--annotate', obecnosci]);
    expect(refused.code).toBe(2);
  }, 180_000);

  it('a sheet of an attendance workbook hidden: the values change and the hidden sheet is named with its rows', async () => {
    const dir = await copyOfDemo();
    await patchZip(path.join(dir, 'dane', 'obecnosci', 'srodowiskowe.xlsx'), 'xl/workbook.xml', (xml) => xml.replace('name="Klub 2021-03" state="visible"', 'name="Klub 2021-03" state="hidden"'));
    const o = await outcome(dir);
    expect(o.values).not.toBe(clean.values);
    countsOrNamed(o, 'hidden-sheet');
    expect(named(o.issues, 'hidden-sheet')).toEqual(['dane/obecnosci/srodowiskowe.xlsx › Klub 2021-03']);
  }, 120_000);

  it('the participants workbook saved by a script that keeps formulas without their results (openpyxl): each such cell named', async () => {
    const dir = await copyOfDemo();
    // `Wiek` is a DATEDIF formula in the demo; openpyxl writes <f> with an empty <v>
    await patchZip(path.join(dir, 'dane', 'uczestnicy.xlsx'), 'xl/worksheets/sheet1.xml', (xml) => xml.replace(/(<\/f>)<v>[^<]*<\/v>/g, '$1<v></v>'));
    const o = await outcome(dir);
    countsOrNamed(o, 'formula-without-value');
    const cells = named(o.issues, 'formula-without-value');
    expect(cells.length).toBeGreaterThan(10);
    expect(cells.every((c) => /^dane\/uczestnicy\.xlsx › Uczestnicy › I\d+$/.test(c))).toBe(true);
    // never read as 0: no age error at those cells
    expect(o.issues.filter((i) => i.code === 'age-mismatch')).toEqual([]);
  }, 120_000);
});
