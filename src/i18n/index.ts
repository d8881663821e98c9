/**
 * User-facing text. Polish is the default; `--lang en` switches to English. Messages are
 * templates with `{name}` placeholders; a missing English text falls back to Polish.
 */
import { pl } from './pl.js';
import { en } from './en.js';

export type Lang = 'pl' | 'en';
export type MessageKey = keyof typeof pl;
export type Params = Record<string, string | number | undefined | null>;

let current: Lang = 'pl';

export function setLang(lang: Lang): void {
  current = lang;
}

export function getLang(): Lang {
  return current;
}

export function hasMessage(key: string): key is MessageKey {
  return key in pl;
}

export function t(key: MessageKey, params: Params = {}, lang: Lang = current): string {
  const table: Partial<Record<MessageKey, string>> = lang === 'en' ? en : pl;
  const template = table[key] ?? pl[key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    return v === undefined || v === null ? '' : String(v);
  });
}

const PLURAL_PL = new Intl.PluralRules('pl');

/** The Polish plural form of a count: 1 → one, 2–4, 22–24… → few, the rest → many. */
export function pluralForm(n: number): 'one' | 'few' | 'many' {
  const form = PLURAL_PL.select(n);
  return form === 'one' ? 'one' : form === 'few' ? 'few' : 'many';
}

/** Number formatting for a language: Polish has a decimal comma and NBSP grouping also for 4-digit numbers. */
export function formatNumber(n: number, maxFractionDigits: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'pl-PL', {
    maximumFractionDigits: maxFractionDigits,
    useGrouping: 'always' as unknown as boolean,
  }).format(n);
}

/** A share as a percentage with one decimal (`38,2%` in Polish); `—` when there is none. */
export function formatPercent(x: number | null, lang: Lang): string {
  if (x === null) return '—';
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'pl-PL', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x);
}
