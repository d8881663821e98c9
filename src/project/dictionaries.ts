/**
 * Allowed values of the participant columns: the built-in lists shipped in
 * `templates/dictionaries.yaml`, with the project's `dictionaries:` overrides applied.
 */
import { parse } from 'yaml';
import { closestOf, dictionaryKey } from '../text.js';
import { BUILTIN_DICTIONARIES_YAML } from './builtin-dictionaries.js';
import type { DictionaryOverrides } from './schema.js';

export interface Dictionaries {
  plec: string[];
  rodzaj_uczestnika: string[];
  wyksztalcenie: string[];
  status: string[];
  status_detail: Record<string, string[]>;
  sytuacja_po_zakonczeniu: string[];
  tak_nie: string[];
  tak_nie_odmowa: string[];
  bezdomnosc: string[];
  degurba: string[];
  forma_zatrudnienia: string[];
  obecnosc: { obecny: string[]; nieobecny: string[]; usprawiedliwiony: string[] };
}

export type ListName = Exclude<keyof Dictionaries, 'status_detail' | 'obecnosc'>;

let builtin: Dictionaries | undefined;

export function builtinDictionaries(): Dictionaries {
  builtin ??= parse(BUILTIN_DICTIONARIES_YAML) as Dictionaries;
  return structuredClone(builtin);
}

type ListOverride = string[] | { add: string[] } | undefined;

function applyList(base: string[], o: ListOverride): string[] {
  if (!o) return base;
  return Array.isArray(o) ? [...o] : [...base, ...o.add];
}

export function withOverrides(o: DictionaryOverrides): Dictionaries {
  const d = builtinDictionaries();
  const lists: ListName[] = ['plec', 'rodzaj_uczestnika', 'wyksztalcenie', 'status', 'sytuacja_po_zakonczeniu',
    'tak_nie', 'tak_nie_odmowa', 'bezdomnosc', 'degurba', 'forma_zatrudnienia'];
  for (const name of lists) d[name] = applyList(d[name], o[name]);
  for (const [status, list] of Object.entries(o.status_detail ?? {})) {
    d.status_detail[status] = applyList(d.status_detail[status] ?? [], list);
  }
  if (o.obecnosc) {
    d.obecnosc = {
      obecny: applyList(d.obecnosc.obecny, o.obecnosc.obecny),
      nieobecny: applyList(d.obecnosc.nieobecny, o.obecnosc.nieobecny),
      usprawiedliwiony: applyList(d.obecnosc.usprawiedliwiony, o.obecnosc.usprawiedliwiony),
    };
  }
  return d;
}

/** Case- and spacing-insensitive lookup of a list's canonical values. */
export class Lookup {
  private readonly byKey = new Map<string, string>();
  /** Texts already looked up: the same few values recur on every row. */
  private readonly seen = new Map<string, string | undefined>();
  constructor(readonly values: readonly string[]) {
    for (const v of values) this.byKey.set(dictionaryKey(v), v);
  }
  canonical(text: string): string | undefined {
    if (this.seen.has(text)) return this.seen.get(text);
    const v = this.byKey.get(dictionaryKey(text));
    if (this.seen.size < 10_000) this.seen.set(text, v);
    return v;
  }
  /** The allowed value closest to a wrong one, for the hint. */
  closest(text: string): string | undefined {
    return closestOf(text, this.values);
  }
}
