/** `corrections` output: a readable listing (table), the SPEC §8 JSON, and a flat `;` CSV for Excel. */
import { differenceText, itemText, keyText, sideText, valueText, type Difference, type Item, type Resolved } from '../../corrections/index.js';
import type { CorrectionsList } from '../corrections.js';
import { t, type Lang } from '../../i18n/index.js';
import { csvField } from './indicators.js';

export type CorrectionsOutput = CorrectionsList;

/** Exactly the SPEC §8 shape. */
export function correctionsJson(r: CorrectionsOutput): unknown {
  return { corrections: r.corrections, resolved: r.resolved };
}

/** At most this many persons, sessions or marks per difference in the table; JSON and CSV list them all. */
const TABLE_ITEMS = 10;

function itemsBlock(label: string, items: readonly Item[], lang: Lang): string[] {
  const texts = items.slice(0, TABLE_ITEMS).map((i) => itemText(i, lang));
  if (items.length > TABLE_ITEMS) texts.push(t('corrections.more', { count: items.length - TABLE_ITEMS }, lang));
  return texts.map((text, n) => `    ${n === 0 ? `${label}:` : ' '.repeat(label.length + 1)} ${text}`);
}

function differenceLines(d: Difference | Resolved, lang: Lang, withItems = true): string[] {
  const from = 'submitted' in d ? d.submitted : d.atAsOf;
  const fromHead = t('submitted' in d ? 'corrections.head.submitted' : 'corrections.head.atAsOf', {}, lang);
  const head = `${d.period}  ${d.indicator}  ${sideText(d.side, lang)}  ${keyText(d.key, lang)}:  ${fromHead} ${valueText(d.key, from, lang)}, ${t('corrections.head.now', {}, lang).toLowerCase()} ${valueText(d.key, d.now, lang)} (${differenceText(d.key, d.difference, lang)})`;
  if (!withItems) return [`  ${head}`];
  return [`  ${head}`, ...itemsBlock(t('corrections.head.left', {}, lang), d.left, lang), ...itemsBlock(t('corrections.head.entered', {}, lang), d.entered, lang)];
}

/** One row per correction (its period; the rest of its lines): the offline page's Korekty view. */
export function correctionRows(r: CorrectionsOutput, lang: Lang): { period: string; text: string }[] {
  return r.corrections.map((d) => ({ period: d.period, text: differenceLines(d, lang).map((l) => l.trim()).join('\n').slice(d.period.length).trim() }));
}

export function renderCorrections(r: CorrectionsOutput, periods: number, lang: Lang): string {
  const lines: string[] = [];
  if (r.corrections.length === 0) lines.push(t('corrections.none', { count: periods }, lang));
  else {
    lines.push(t('corrections.found', { count: r.corrections.length }, lang));
    for (const d of r.corrections) lines.push(...differenceLines(d, lang));
  }
  if (r.resolved.length > 0) {
    lines.push('', t('corrections.resolvedTitle', { count: r.resolved.length }, lang));
    // nothing to fix there: the values only (the persons are in --format json and csv)
    for (const d of r.resolved) lines.push(...differenceLines(d, lang, false));
  }
  return `${lines.join('\n')}\n`;
}

export const CORRECTIONS_CSV_COLUMNS = ['Rodzaj', 'Okres', 'Wskaźnik', 'Wartość', 'Klucz', 'Złożono', 'Obecnie', 'Różnica', 'Weszły', 'Wypadły'];

/** One row per difference; the kind says `korekta` or `upływ czasu`; fractions unrounded, decimal comma. */
export function correctionsCsv(r: CorrectionsOutput): string {
  const lines = [CORRECTIONS_CSV_COLUMNS.map(csvField).join(';')];
  const items = (list: readonly Item[]) => list.map((i) => itemText(i, 'pl')).join(' | ');
  for (const d of r.corrections) {
    lines.push(['korekta', d.period, d.indicator, sideText(d.side, 'pl'), d.key, d.submitted, d.now, d.difference, items(d.entered), items(d.left)].map(csvField).join(';'));
  }
  for (const d of r.resolved) {
    lines.push(['upływ czasu', d.period, d.indicator, sideText(d.side, 'pl'), d.key, d.atAsOf, d.now, d.difference, items(d.entered), items(d.left)].map(csvField).join(';'));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
