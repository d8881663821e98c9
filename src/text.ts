/**
 * Comparing what people typed with what we expect: keys that ignore case, spacing and dash
 * variants, diacritics stripped only to suggest, and the closest candidate for a hint. A leaf
 * module: the definition, ingest and validation all use it.
 */

const SPACES_RE = /[\s\u00a0\u202f]+/g;

/** Key for comparing dictionary values: case, spacing and dash variants ignored. */
export function dictionaryKey(text: string): string {
  return text
    .toLocaleLowerCase('pl')
    .replace(SPACES_RE, ' ')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s*-\s*/g, '-')
    .replace(/\s*([()])\s*/g, '$1')
    .trim();
}

/** Strips Polish (and other Latin) diacritics: used only to suggest, never to accept silently. */
export function stripDiacritics(text: string): string {
  return text.replace(/ł/g, 'l').replace(/Ł/g, 'L').normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** Levenshtein distance, with early exit when it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

function words(s: string): string[] {
  return s.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 5);
}

/** 0 = same, 1 = nothing alike; a shared long word (allowing a typo) counts as close. */
function distanceScore(t: string, k: string): number {
  if (t.length >= 3 && (k.includes(t) || t.includes(k))) return 0.1 * (Math.abs(k.length - t.length) / Math.max(k.length, t.length));
  let score = editDistance(t, k) / Math.max(t.length, k.length, 1);
  const kw = words(k);
  if (words(t).some((w) => kw.some((x) => editDistance(w, x, 2) <= 2))) score = Math.min(score, 0.3);
  return score;
}

/**
 * The candidate nearest to `text` (compared without case and diacritics), or undefined when
 * nothing is reasonably close.
 */
export function closestOf(text: string, candidates: readonly string[]): string | undefined {
  const t = stripDiacritics(dictionaryKey(text));
  if (!t) return undefined;
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const score = distanceScore(t, stripDiacritics(dictionaryKey(c)));
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return bestScore <= 0.45 ? best : undefined;
}

/**
 * A copy of a string that does not point into the text it was cut from. V8 keeps a slice's
 * whole parent alive (a megabyte of CSV or sheet XML for a ten-character code), so anything
 * stored beyond the current row is detached first.
 */
const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();
export function detach(s: string): string {
  return s.length < 13 ? s : DECODER.decode(ENCODER.encode(s));
}

/**
 * Known identifiers one typo away from a text: two adjacent characters swapped, or one
 * character changed (`U021` → `U012`, `U0l2` → `U012`). Built once from the known identifiers,
 * a lookup costs a few map reads per text, so every unknown identifier can ask.
 */
export class TypoIndex {
  private readonly swapped = new Map<string, string[]>();
  private readonly changed = new Map<string, string[]>();

  constructor(known: Iterable<string>) {
    for (const k of new Set(known)) {
      for (let j = 0; j < k.length; j++) {
        if (j + 1 < k.length && k[j] !== k[j + 1]) push(this.swapped, swap(k, j), k);
        push(this.changed, blank(k, j), k);
      }
    }
  }

  /**
   * The known identifiers a swap away, else those one changed character away (none: []). Among
   * several of the latter (`U0l2` is one character from U002, U012 … U092), the ones where the
   * changed character is a look-alike or another case (`l`/`1`, `O`/`0`, `u`/`U`) are preferred.
   */
  near(text: string): string[] {
    const swaps = this.swapped.get(text);
    if (swaps) return swaps;
    const out: string[] = [];
    const alike: string[] = [];
    for (let j = 0; j < text.length; j++) {
      for (const k of this.changed.get(blank(text, j)) ?? []) {
        if (k === text) continue;
        out.push(k);
        if (lookAlike(text[j] ?? '', k[j] ?? '')) alike.push(k);
      }
    }
    return out.length > 1 && alike.length > 0 ? alike : out;
  }
}

const LOOK_ALIKE: Record<string, string> = { l: '1', I: '1', i: '1', '|': '1', O: '0', o: '0', Q: '0', D: '0', S: '5', s: '5', B: '8', Z: '2', z: '2', G: '6' };

/** Two characters people (or OCR) mistake for each other, or one letter in another case. */
function lookAlike(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase() || LOOK_ALIKE[a] === b || LOOK_ALIKE[b] === a;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function swap(s: string, j: number): string {
  return `${s.slice(0, j)}${s[j + 1] ?? ''}${s[j] ?? ''}${s.slice(j + 2)}`;
}

function blank(s: string, j: number): string {
  return `${s.slice(0, j)}\u0000${s.slice(j + 1)}`;
}
