/**
 * User-facing text. Polish is the default; `--lang en` switches to English. Messages are
 * templates with `{name}` placeholders; the English table has every key of the Polish one (by
 * type). Issue texts live with their codes (src/validate/codes) and are filled here too. The
 * language is always a parameter: what varies per run is passed, never kept here.
 */
import { pl } from './pl.js';
import { en } from './en.js';

export type Lang = 'pl' | 'en';
export type MessageKey = keyof typeof pl;

/** A message as data: made where something goes wrong, rendered where it is shown, in the user's language. */
export interface Message {
  key: MessageKey;
  params?: Params;
}

/** A number shown in the language's format, optionally with its noun in the right plural form (`22 lata`). */
export interface Quantity {
  quantity: number;
  noun?: CountNoun;
}

export type Param = string | number | undefined | null | Message | Quantity;
export type Params = Record<string, Param>;

export function message(key: MessageKey, params: Params = {}): Message {
  return { key, params };
}

export function quantity(n: number, noun?: CountNoun): Quantity {
  return noun ? { quantity: n, noun } : { quantity: n };
}

function paramText(v: Param, lang: Lang): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'object') return String(v);
  if ('key' in v) return t(v.key, v.params, lang);
  return v.noun ? countText(v.quantity, v.noun, lang) : formatNumber(v.quantity, 2, lang);
}

/** Placeholders of a template: `{name}`, a word. */
export const PLACEHOLDER = /\{(\w+)\}/g;

/** A template with its parameters in place, in the language's words and number format. */
export function fill(template: string, params: Params, lang: Lang): string {
  return template.replace(PLACEHOLDER, (_, name: string) => paramText(params[name], lang));
}

export function t(key: MessageKey, params: Params = {}, lang: Lang): string {
  const table: Record<MessageKey, string> = lang === 'en' ? en : pl;
  return fill(table[key], params, lang);
}

/** Renders a message as data. */
export function render(m: Message, lang: Lang): string {
  return t(m.key, m.params, lang);
}

const PLURAL = { pl: new Intl.PluralRules('pl'), en: new Intl.PluralRules('en') };

/** The plural form of a count: in Polish 1 → one, 2–4, 22–24… → few, the rest → many; in English one or many. */
export function pluralForm(n: number, lang: Lang): 'one' | 'few' | 'many' {
  const form = PLURAL[lang].select(n);
  return form === 'one' ? 'one' : form === 'few' ? 'few' : 'many';
}

/** Nouns with a form per count (`count.<noun>.one|few|many` in the message tables). */
export type CountNoun = 'error' | 'warning' | 'info' | 'participant' | 'record' | 'inFiles' | 'row' | 'cell' | 'char' | 'year';

/** `1 wpis obecności`, `2 wpisy obecności`, `5 wpisów obecności`, `22 wpisy obecności`. */
export function countText(n: number, noun: CountNoun, lang: Lang): string {
  return t(`count.${noun}.${pluralForm(n, lang)}` as MessageKey, { n: formatNumber(n, 0, lang) }, lang);
}

/** Number formatting for a language: Polish has a decimal comma and NBSP grouping also for 4-digit numbers. */
/** Formatters are costly to make and cheap to use: one per language and digit count. */
const FORMATTERS = new Map<string, Intl.NumberFormat>();

function formatter(lang: Lang, kind: 'number' | 'percent', digits: number): Intl.NumberFormat {
  const key = `${lang}${kind}${digits}`;
  let f = FORMATTERS.get(key);
  if (!f) {
    const locale = lang === 'en' ? 'en-GB' : 'pl-PL';
    f = kind === 'percent'
      ? new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits })
      : new Intl.NumberFormat(locale, { maximumFractionDigits: digits, useGrouping: 'always' as unknown as boolean });
    FORMATTERS.set(key, f);
  }
  return f;
}

export function formatNumber(n: number, maxFractionDigits: number, lang: Lang): string {
  return formatter(lang, 'number', maxFractionDigits).format(n);
}

/** A share as a percentage with one decimal (`38,2%` in Polish); `—` when there is none. */
export function formatPercent(x: number | null, lang: Lang): string {
  if (x === null) return '—';
  return formatter(lang, 'percent', 1).format(x);
}
