/**
 * The demo project in the page, every result compared with the CLI's on the same inputs, data day
 * and generation time: the validation JSON and the indicators JSON/CSV equal, the annotated copies
 * and both reports (XLSX, PDF) byte for byte. Nothing is requested but the page and its blob: worker.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { checkData, chooseFolder, cli, DEMO, download, foreign, launch, open, PAGE, type Opened } from './browser.js';

const AS_OF = '2023-06-30';
const PERIOD = '2022-Q2';
const GENERATED = '2024-01-15T10:00:00Z';

let browser: Browser;
let opened: Opened;
let out: string;

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'pal-web-'));
  browser = await launch();
  opened = await open(browser, `?generated-at=${encodeURIComponent(GENERATED)}`);
  await chooseFolder(opened.page, DEMO);
  await opened.page.getByLabel('Dzień stanu danych').fill(AS_OF);
  await opened.page.getByLabel('Okres').fill(PERIOD);
  await checkData(opened.page);
});

afterAll(async () => {
  await browser?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('the demo project in the page', () => {
  it('shows the summary and the problems table as the CLI counts them', async () => {
    const { page } = opened;
    const json = JSON.parse((await cli(['validate', '--project', DEMO, '--as-of', AS_OF, '--format', 'json'])).stdout) as { counts: Record<string, number>; issues: unknown[] };
    const summary = await page.locator('#summary').textContent();
    expect(summary).toContain(`${json.counts.error} błęd`);
    expect(summary).toMatch(new RegExp(`${json.counts.warning} ostrzeże`));
    const table = page.getByRole('table', { name: 'Problemy w danych' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(json.issues.length);
    expect(await table.locator('thead th').allTextContents()).toEqual(['Plik', 'Arkusz', 'Komórka', 'Kolumna', 'Rodzaj', 'Problem', 'Jak poprawić']);
    expect(opened.errors).toEqual([]);
  });

  it('downloads the validation JSON equal to validate --format json', async () => {
    const got = await download(opened.page, 'Pobierz wynik sprawdzenia (JSON)');
    const want = await cli(['validate', '--project', DEMO, '--as-of', AS_OF, '--format', 'json']);
    expect(got.name).toBe('sprawdzenie.json');
    expect(got.bytes.toString('utf8')).toBe(want.stdout);
  });

  it('downloads the indicators JSON and CSV equal to indicators --format json/csv', async () => {
    for (const format of ['json', 'csv'] as const) {
      const got = await download(opened.page, `Pobierz wskaźniki (${format.toUpperCase()})`);
      const want = await cli(['indicators', '--project', DEMO, '--as-of', AS_OF, '--period', PERIOD, '--format', format]);
      expect(want.code).toBe(0);
      expect(got.name).toBe(`wskazniki-${PERIOD}.${format}`);
      expect(got.bytes.toString('utf8')).toBe(want.stdout);
    }
  });

  it('shows the indicators of the chosen period as the CLI computes them', async () => {
    const table = opened.page.getByRole('table', { name: 'Wskaźniki' });
    const want = JSON.parse((await cli(['indicators', '--project', DEMO, '--as-of', AS_OF, '--period', PERIOD, '--format', 'json'])).stdout) as { indicators: { id: string }[] };
    expect(await table.locator('tbody th').allTextContents()).toEqual(want.indicators.map((i) => i.id));
    expect(await table.locator('caption').textContent()).toContain(PERIOD);
    // every indicator row is in view on the page, none hidden inside a box that scrolls on its own
    const box = await table.evaluate((t) => { const r = t.parentElement as HTMLElement; return { client: r.clientHeight, scroll: r.scrollHeight }; });
    expect(box.scroll).toBeLessThanOrEqual(box.client + 1);
  });

  it('downloads both reports byte for byte as report --generated-at writes them', async () => {
    for (const [kind, name] of [['progress', 'sprawozdanie okresowe'], ['final', 'raport końcowy']] as const) {
      const dir = path.join(out, kind);
      const args = ['report', kind, '--project', DEMO, '--as-of', AS_OF, '--generated-at', GENERATED, '--out', dir, ...(kind === 'progress' ? ['--period', PERIOD] : [])];
      expect((await cli(args)).code).toBe(0);
      const files = readdirSync(dir).sort();
      expect(files.map((f) => path.extname(f)).sort()).toEqual(['.pdf', '.xlsx']);
      for (const format of ['XLSX', 'PDF']) {
        const got = await download(opened.page, `Pobierz ${name} (${format})`);
        const want = files.find((f) => f.endsWith(`.${format.toLowerCase()}`)) as string;
        expect(got.name).toBe(want);
        writeFileSync(path.join(out, `page-${want}`), got.bytes);
        expect(got.bytes.equals(readFileSync(path.join(dir, want))), `${want} differs`).toBe(true);
      }
    }
  });

  it('downloads the annotated copies, each byte for byte the CLI\'s --annotate copy', async () => {
    const dir = path.join(out, 'sprawdzone');
    await cli(['validate', '--project', DEMO, '--as-of', AS_OF, '--annotate', dir]);
    const got = await download(opened.page, 'Pobierz kopie z zaznaczonymi problemami (ZIP)');
    expect(got.name).toBe('kopie-z-uwagami.zip');
    const zip = await JSZip.loadAsync(got.bytes);
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(readdirSync(dir).sort());
    for (const n of names) expect(Buffer.from(await zip.file(n)!.async('uint8array')).equals(readFileSync(path.join(dir, n))), n).toBe(true);
  });

  it('lists the corrections of the submitted periods and says that submitting stays in the CLI', async () => {
    const section = opened.page.getByRole('region', { name: 'Korekty' });
    await expect.poll(() => section.textContent()).toContain('pal-report submit');
    const want = JSON.parse((await cli(['corrections', '--project', DEMO, '--as-of', AS_OF, '--format', 'json'])).stdout) as { corrections: unknown[] };
    expect(await opened.page.getByRole('table', { name: 'Korekty' }).locator('tbody tr').count()).toBe(want.corrections.length);
  });

  it('asks for nothing but the page itself and its blob: worker, and registers no service worker', async () => {
    expect(opened.requests.length).toBeGreaterThan(1);
    expect(foreign(opened.requests)).toEqual([]);
    expect(opened.context.serviceWorkers()).toEqual([]);
    // a page opened from disk has no origin a service worker could serve, and the page never asks for one
    expect(readFileSync(PAGE, 'utf8')).not.toMatch(/serviceWorker\s*\.\s*register/);
  });
});

