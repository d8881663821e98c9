/**
 * Driving the offline page in a real browser: Debian's Chromium through playwright-core (no
 * browser is downloaded), the page opened from disk as a user opens it, every request recorded.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Download, type Page } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PAGE = path.join(ROOT, 'dist/pal-report.html');
export const DEMO = path.join(ROOT, 'fixtures/klobuck');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function pageUrl(query = ''): string {
  return `${pathToFileURL(PAGE).href}${query}`;
}

export async function launch(): Promise<Browser> {
  if (!existsSync(PAGE)) throw new Error(`${PAGE} is missing: run npm run build:web`);
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

export interface Opened {
  context: BrowserContext;
  page: Page;
  /** Every URL the page or its worker asked for, in order. */
  requests: string[];
  /** Errors the page threw or logged: none are expected. */
  errors: string[];
}

export async function open(browser: Browser, query = '', viewport = { width: 1366, height: 768 }): Promise<Opened> {
  const context = await browser.newContext({ acceptDownloads: true, viewport });
  const requests: string[] = [];
  const errors: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(pageUrl(query));
  return { context, page, requests, errors };
}

/** Chooses a folder in "Folder projektu", as the folder dialog would. */
export async function chooseFolder(page: Page, dir: string): Promise<void> {
  await page.getByLabel('Folder projektu').setInputFiles(dir);
}

/** Clicks "Sprawdź dane" and waits until the check and the indicators are done. */
export async function checkData(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sprawdź dane' }).click();
  // the button is disabled from the click until the check and the indicators have come back
  await page.waitForFunction(() => !(document.getElementById('check') as HTMLButtonElement).disabled, undefined, { timeout: 120_000 });
}

export async function download(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: button }).click()]) as [Download, unknown];
  const file = await d.path();
  return { name: d.suggestedFilename(), bytes: readFileSync(file) };
}

const run = promisify(execFile);

/** The CLI on the same inputs: stdout, stderr and the exit code. */
export async function cli(args: string[], cwd = ROOT): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'bin/pal-report.js'), ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 28 });
    return { stdout, stderr, code: 0 };
  } catch (e) {
    const err = e as { stdout: string; stderr: string; code: number };
    return { stdout: err.stdout, stderr: err.stderr, code: err.code };
  }
}

/** Requests that are the page itself or its own blob:/data: URLs; anything else left the machine. */
export function foreign(requests: readonly string[]): string[] {
  const self = pageUrl().split('?')[0] as string;
  return requests.filter((u) => u.split('?')[0] !== self && !u.startsWith('blob:') && !u.startsWith('data:'));
}
