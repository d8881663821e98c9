/** How a correction reads for people: its values and the persons, sessions and marks behind it, in the given language. */
import { formatPl } from '../dates.js';
import { formatNumber, formatPercent, message, render, t, type Lang, type Message } from '../i18n/index.js';
import type { Item, Side } from './compare.js';

export function itemText(item: Item, lang: Lang): string {
  const base = { file: item.file, row: item.row };
  let text: string;
  switch (item.kind) {
    case 'person':
      text = item.id === null ? t('corrections.item.personNoId', base, lang) : t('corrections.item.person', { ...base, id: item.id }, lang);
      break;
    case 'session':
      text = t('corrections.item.session', { ...base, date: formatPl(item.date), action: item.action, title: item.title, hours: formatNumber(item.hours, 2, lang) }, lang);
      break;
    case 'attendance':
      text = t('corrections.item.attendance', { ...base, id: item.id ?? '—', date: formatPl(item.date), action: item.action, title: item.title }, lang);
      break;
  }
  if (item.removed) return t('corrections.item.removed', { item: text }, lang);
  if (!item.excluded) return text;
  // left out because of its person's row, not its own: that row is named
  const by = item.kind === 'person' ? undefined : item.excludedBy;
  if (!by) return t('corrections.item.excluded', { item: text }, lang);
  const where = { item: text, file: by.file, row: by.row };
  return by.id === null ? t('corrections.item.excludedByNoId', where, lang) : t('corrections.item.excludedBy', { ...where, id: by.id }, lang);
}

/** A value of a key: shares (`value`) as percentages, counts and hours as numbers. */
export function valueText(key: string, v: number | null, lang: Lang): string {
  if (v === null) return '—';
  return key === 'value' ? formatPercent(v, lang) : formatNumber(v, 2, lang);
}

/** A difference with its sign (`+1`, `−2`; shares in percentage points). */
export function differenceText(key: string, d: number | null, lang: Lang): string {
  if (d === null) return '—';
  const sign = d > 0 ? '+' : d < 0 ? '−' : '';
  const abs = Math.abs(d);
  return `${sign}${key === 'value' ? `${formatNumber(abs * 100, 1, lang)} p.p.` : formatNumber(abs, 2, lang)}`;
}

export function sideText(side: Side, lang: Lang): string {
  return t(`corrections.side.${side}`, {}, lang);
}

const SEX_TOTAL = new Set(['K', 'M', 'O']);

/**
 * A value's key as the indicator table names it: K/M/O in Polish, F/M/T in English (`numerator.F`
 * for a part of a ratio); `value` as it is. The JSON keeps K/M/O (SPEC §8).
 */
export function keyLabel(key: string): Message | string {
  const dot = key.lastIndexOf('.');
  const last = key.slice(dot + 1);
  if (!SEX_TOTAL.has(last)) return key;
  const letter = message(`corrections.key.${last as 'K' | 'M' | 'O'}`);
  return dot < 0 ? letter : message('corrections.key.part', { part: key.slice(0, dot), letter });
}

export function keyText(key: string, lang: Lang): string {
  const label = keyLabel(key);
  return typeof label === 'string' ? label : render(label, lang);
}
