/**
 * The page for every user: lang="pl", every control reachable by keyboard and named, no serious
 * axe-core violation (empty and with the demo's results), readable at 1366×768 (no sideways
 * scrolling, the form in view), English behind the switch.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chooseFolder, DEMO, launch, open, ROOT } from './browser.js';

const AXE = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** axe-core run in the page (evaluated by the driver: the page's CSP forbids injected scripts); serious and critical only. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The accessible name of the focused element, as the tests' locators see it. */
async function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return '';
    const labelled = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : undefined;
    return (el.getAttribute('aria-label') ?? labelled ?? el.textContent ?? '').trim();
  });
}

describe('accessibility and keyboard', () => {
  it('is Polish, has no serious axe violation, and fits 1366×768', async () => {
    const { page, context } = await open(browser);
    expect(await page.getAttribute('html', 'lang')).toBe('pl');
    expect(await seriousViolations(page)).toEqual([]);
    const fit = await page.evaluate(() => ({ width: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(fit.width).toBeLessThanOrEqual(fit.inner);
    const button = await page.getByRole('button', { name: 'Sprawdź dane' }).boundingBox();
    expect(button && button.y + button.height).toBeLessThanOrEqual(768);
    await context.close();
  });

  it('is used by keyboard alone: every control in order, the check and a download by Enter', async () => {
    const { page, context } = await open(browser);
    const names: string[] = [];
    // the date input takes a Tab for each of its day, month and year: counted once
    for (let i = 0; i < 12 && names.length < 5; i++) {
      await page.keyboard.press('Tab');
      const name = await focusedName(page);
      if (name !== names[names.length - 1]) names.push(name);
    }
    expect(names).toEqual(['Switch to English', 'Folder projektu', 'Dzień stanu danych', 'Okres', 'Sprawdź dane']);
    // the file dialog is the system's: the folder is chosen for it
    await chooseFolder(page, DEMO);
    // the date is set for the test (its segments follow the browser's locale); the rest by keyboard
    await page.getByLabel('Dzień stanu danych').fill('2023-06-30');
    await page.getByRole('button', { name: 'Sprawdź dane' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !(document.getElementById('check') as HTMLButtonElement).disabled && (document.getElementById('summary')?.textContent ?? '') + (document.getElementById('error')?.textContent ?? '') !== '');
    expect(await page.getByRole('alert').textContent()).toBe('');
    expect(await page.locator('#summary').textContent()).toMatch(/\d+ błęd/);
    expect(await seriousViolations(page)).toEqual([]);
    // onwards by Tab to the first download, then Enter
    let name = '';
    for (let i = 0; i < 40 && name !== 'Pobierz wynik sprawdzenia (JSON)'; i++) {
      await page.keyboard.press('Tab');
      name = await focusedName(page);
    }
    expect(name).toBe('Pobierz wynik sprawdzenia (JSON)');
    const [d] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(d.suggestedFilename()).toBe('sprawdzenie.json');
    await context.close();
  });

  it('switches to English and back', async () => {
    const { page, context } = await open(browser);
    await chooseFolder(page, DEMO);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expect.poll(() => page.getByRole('button', { name: 'Check data' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Check data' }).click();
    await page.waitForFunction(() => !(document.getElementById('check') as HTMLButtonElement).disabled && document.getElementById('summary')?.textContent !== '');
    expect(await page.locator('#summary').textContent()).toMatch(/\d+ (error|errors), \d+ warning/);
    await page.getByRole('button', { name: 'Przełącz na polski' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('pl');
    await context.close();
  });
});
