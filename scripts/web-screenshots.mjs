#!/usr/bin/env node
/**
 * `node scripts/web-screenshots.mjs`: the README's pictures of the offline page (docs/strona-*.png),
 * taken in Debian's Chromium at 1366×768 from dist/pal-report.html (run `npm run build:web` first):
 * the empty page, the demo's problems, its indicators.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(pathToFileURL(path.join(root, 'dist/pal-report.html')).href);
  await page.screenshot({ path: path.join(root, 'docs/strona-pusta.png') });
  await page.getByLabel('Folder projektu').setInputFiles(path.join(root, 'fixtures/klobuck'));
  await page.getByLabel('Dzień stanu danych').fill('2023-06-30');
  await page.getByLabel('Okres').fill('2022-Q2');
  await page.getByRole('button', { name: 'Sprawdź dane' }).click();
  await page.waitForFunction(() => !document.getElementById('check').disabled);
  await page.getByRole('heading', { name: 'Problemy w danych' }).scrollIntoViewIfNeeded();
  await page.evaluate(() => document.getElementById('results').scrollIntoView());
  await page.screenshot({ path: path.join(root, 'docs/strona-problemy.png') });
  await page.evaluate(() => document.getElementById('indicators-section').scrollIntoView());
  await page.screenshot({ path: path.join(root, 'docs/strona-wskazniki.png') });
  console.log('docs/strona-pusta.png, docs/strona-problemy.png, docs/strona-wskazniki.png');
} finally {
  await browser.close();
}
