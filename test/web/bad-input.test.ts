/**
 * Bad input in the page: the CLI's messages, on the page (never a blank screen, never only in the
 * console), for a folder without pal-report.yaml, a damaged workbook, an XLS and zip bombs. The
 * CLI runs on the same folders from their parent, so the paths in both messages are the same.
 */
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildZip } from '../helpers/zip-build.js';
import { checkData, chooseFolder, cli, DEMO, foreign, launch, open, ROOT } from './browser.js';

const AS_OF = '2023-06-30';
let browser: Browser;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'pal-web-bad-'));
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  rmSync(root, { recursive: true, force: true });
});

/** The demo project copied under `name`, with `change` applied to the copy. */
function demoCopy(name: string, change: (dir: string) => void): string {
  const dir = path.join(root, name);
  cpSync(DEMO, dir, { recursive: true });
  change(dir);
  return dir;
}

/** What the CLI says about the folder, run from its parent as `--project <name>`. */
async function cliSays(dir: string): Promise<{ stderr: string; code: number }> {
  const r = await cli(['validate', '--project', path.basename(dir), '--as-of', AS_OF], path.dirname(dir));
  return { stderr: r.stderr, code: r.code };
}

async function pageSays(dir: string): Promise<{ error: string; notes: string[]; summary: string; problems: string[]; requests: string[] }> {
  const { page, requests, context } = await open(browser);
  try {
    await chooseFolder(page, dir);
    await page.getByLabel('Dzień stanu danych').fill(AS_OF);
    await checkData(page);
    return {
      error: (await page.getByRole('alert').textContent()) ?? '',
      notes: await page.locator('#notes li').allTextContents(),
      summary: (await page.locator('#summary').textContent()) ?? '',
      problems: await page.getByRole('table', { name: 'Problemy w danych' }).locator('tbody td:nth-child(6)').allTextContents(),
      requests,
    };
  } finally {
    await context.close();
  }
}

describe('bad input in the page', () => {
  it('a folder without pal-report.yaml: the CLI\'s message on the page', async () => {
    const dir = path.join(root, 'pusty');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'notatki.txt'), 'nie projekt');
    const want = await cliSays(dir);
    expect(want.code).toBe(2);
    const got = await pageSays(dir);
    expect(got.error).toBe(want.stderr.trim().replace(/^pal-report: /, ''));
    expect(got.error).toContain('nie znaleziono pliku definicji projektu');
  });

  it('a damaged workbook: the same issue and the same line naming the file', async () => {
    const dir = demoCopy('zepsuty', (d) => writeFileSync(path.join(d, 'dane/uczestnicy.xlsx'), Buffer.from('PK\u0003\u0004 to nie jest skoroszyt, tylko jego strzęp')));
    const want = await cliSays(dir);
    expect(want.code).toBe(2);
    const got = await pageSays(dir);
    expect(got.notes).toEqual(want.stderr.trim().split('\n'));
    expect(got.summary).toBe('1 błąd, 0 ostrzeżeń, 0 informacji');
    expect(got.problems).toHaveLength(1);
  });

  it('a download refused (errors in the data): the reason is said beside the buttons, not only at the top', async () => {
    const dir = demoCopy('zepsuty-pobranie', (d) => writeFileSync(path.join(d, 'dane/uczestnicy.xlsx'), Buffer.from('PK\u0003\u0004 strzęp')));
    const { page, context } = await open(browser);
    try {
      await chooseFolder(page, dir);
      await page.getByLabel('Dzień stanu danych').fill(AS_OF);
      await checkData(page);
      await page.getByRole('button', { name: 'Pobierz wskaźniki (JSON)' }).click();
      await expect.poll(async () => page.locator('#download-status').textContent()).toContain('uczestnicy.xlsx');
      expect(await page.locator('#download-status').textContent()).toBe(await page.getByRole('alert').textContent());
    } finally {
      await context.close();
    }
  });

  it('an XLS (Excel 97–2003) workbook: the CLI\'s message about saving it as XLSX', async () => {
    const dir = demoCopy('stary', (d) => copyFileSync(path.join(ROOT, 'fixtures/formats/legacy.xls'), path.join(d, 'dane/obecnosci/stare.xlsx')));
    const want = await cliSays(dir);
    expect(want.stderr).toContain('stare.xlsx');
    const got = await pageSays(dir);
    expect(got.notes).toEqual(want.stderr.trim().split('\n'));
  });

  it('zip bombs: refused by the same limits, with the same messages, and the tab goes on', async () => {
    const rows = '<row><c t="inlineStr"><is><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></is></c></row>'.repeat(40_000);
    const parts = [
      { name: 'xl/workbook.xml', data: '<workbook xmlns:r="r"><sheets><sheet name="Uczestnicy" sheetId="1" r:id="rId1"/></sheets></workbook>' },
      { name: 'xl/_rels/workbook.xml.rels', data: '<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' },
    ];
    // one declares three gigabytes; the other declares 5 kB and inflates to megabytes
    const big = demoCopy('bomba', (d) => writeFileSync(path.join(d, 'dane/uczestnicy.xlsx'), buildZip([...parts, { name: 'xl/worksheets/sheet1.xml', data: `<worksheet><sheetData>${rows}</sheetData></worksheet>`, uncompressedSize: 3_000_000_000 }])));
    const liar = demoCopy('klamca', (d) => writeFileSync(path.join(d, 'dane/uczestnicy.xlsx'), buildZip([...parts, { name: 'xl/worksheets/sheet1.xml', data: `<worksheet><sheetData>${rows}</sheetData></worksheet>`, uncompressedSize: 5_000 }])));
    for (const [dir, words] of [[big, 'po rozpakowaniu miałby'], [liar, 'rozpakowuje się do więcej niż deklaruje']] as const) {
      const want = await cliSays(dir);
      expect(want.code).toBe(2);
      expect(want.stderr).toContain(words);
      const got = await pageSays(dir);
      expect(got.notes).toEqual(want.stderr.trim().split('\n'));
      expect(foreign(got.requests)).toEqual([]);
    }
  });
});
