/**
 * Comparing a submitted period with the same period recomputed (SPEC §8): every value that
 * differs, by indicator, side and key, with the persons, sessions and attendance marks that
 * entered or left it. Pure: the evidence of both sides and a `World` that locates things in
 * today's files are all it reads.
 */
import type { CellRead, IndicatorRead } from '../indicators/index.js';
import { markLines, markPlace, markPlaceText, type Evidence, type PersonRef, type SessionRef, type SideEvidence } from './evidence.js';

export type Side = 'period' | 'cumulative';

/**
 * A person, session or attendance mark behind a difference: where it is now, or where it was
 * (`removed`) when today's data no longer has it; `excluded` when the row is still there but has
 * errors, so it is not counted.
 */
export type Item =
  | { kind: 'person'; id: string | null; file: string; sheet?: string; row: number; removed?: true; excluded?: true }
  | { kind: 'session'; file: string; sheet?: string; row: number; date: string; action: string; form: string; title: string; hours: number; removed?: true; excluded?: true; excludedBy?: ExcludedBy }
  | { kind: 'attendance'; id: string | null; file: string; sheet?: string; row: number; date: string; action: string; form: string; title: string; removed?: true; excluded?: true; excludedBy?: ExcludedBy };

/** The participant row whose error leaves an attendance row (or a whole session) out: the row itself may be fine. */
export interface ExcludedBy {
  id: string | null;
  file: string;
  sheet?: string;
  row: number;
}

/** Where a row that is there but not counted is, and (when it is their person's error) whose row leaves it out. */
interface Exclusion {
  excluded?: boolean;
  excludedBy?: ExcludedBy;
}

export interface Difference {
  period: string;
  indicator: string;
  side: Side;
  /** `K`, `M`, `O`; for ratios `value`, `numerator.K` … `pending.O`. */
  key: string;
  submitted: number | null;
  now: number | null;
  difference: number | null;
  entered: Item[];
  left: Item[];
}

/** Values (the §4.4 JSON as read back) and evidence of one computation of a period. */
export interface Computed {
  indicators: readonly IndicatorRead[];
  evidence: Evidence;
}

/** Today's data, for naming what left a value: where a person, session or mark is now (if anywhere). */
export interface World {
  /** Rows that are there but not counted (data errors) come with `excluded`. */
  person(key: string): (PersonRef & { excluded?: boolean }) | undefined;
  session(key: string): (SessionRef & Exclusion) | undefined;
  mark(session: string, person: string): ({ file: string; sheet: string; row: number } & Exclusion) | undefined;
  /** The record (index into the attendance store) of a counted mark of a session at a place. */
  markRecord?(session: string, at: { file: string; sheet?: string; row: number }): number | undefined;
  /** Persons that cannot be matched between the two sides (hashed PESEL without the key): left out of entered/left. */
  unmatchable?(key: string): boolean;
}

const KEYS = ['K', 'M', 'O'] as const;

/** Every key of a cell with its value: `K`, `M`, `O`; for a ratio `value`, `numerator.K` … `pending.O`. */
export function cellValues(c: CellRead): Map<string, number | null> {
  const out = new Map<string, number | null>();
  switch (c?.kind) {
    case undefined:
      break;
    case 'ratio':
      out.set('value', c.value);
      for (const part of ['numerator', 'denominator', 'pending'] as const) {
        for (const k of KEYS) out.set(`${part}.${k}`, c[part][k]);
      }
      break;
    case 'persons':
      for (const k of KEYS) out.set(k, c[k]);
      break;
    case 'total':
      out.set('O', c.O);
      break;
  }
  return out;
}

function same(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function idOf(key: string): string | null {
  return key.startsWith('id:') ? key.slice(3) : null;
}

function byPlace(a: Item, b: Item): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.row - b.row || a.kind.localeCompare(b.kind);
}

class Differ {
  constructor(private readonly before: Evidence, private readonly after: Evidence, private readonly world: World) {}

  private personItem(key: string, ref: PersonRef, removed: boolean, excluded = false): Item {
    const item: Item = { kind: 'person', id: idOf(key), file: ref.file, row: ref.row };
    if (ref.sheet !== undefined) item.sheet = ref.sheet;
    if (removed) item.removed = true;
    if (excluded) item.excluded = true;
    return item;
  }

  private sessionItem(ref: SessionRef, removed: boolean, excluded: Exclusion = {}): Item {
    const item: Item = { kind: 'session', file: ref.file, row: ref.row, date: ref.date, action: ref.action, form: ref.form, title: ref.title, hours: ref.hours };
    if (ref.sheet !== undefined) item.sheet = ref.sheet;
    if (removed) item.removed = true;
    if (excluded.excluded) item.excluded = true;
    if (excluded.excludedBy) item.excludedBy = excluded.excludedBy;
    return item;
  }

  /** A session that left, where it is now; one not counted now is shown with the hours it was counted with (today it has none). */
  private leftSession(ref: SessionRef, now: (SessionRef & Exclusion) | undefined): Item {
    if (!now) return this.sessionItem(ref, true);
    return this.sessionItem(now.excluded ? { ...now, hours: ref.hours } : now, false, now);
  }

  persons(before: readonly string[] | undefined, after: readonly string[] | undefined, sex: 'K' | 'M' | undefined): { entered: Item[]; left: Item[] } {
    const ok = (ev: Evidence) => (k: string) => !this.world.unmatchable?.(k) && (sex === undefined || ev.persons[k]?.sex === sex);
    const b = new Set((before ?? []).filter(ok(this.before)));
    const a = new Set((after ?? []).filter(ok(this.after)));
    const entered: Item[] = [];
    const left: Item[] = [];
    for (const k of a) if (!b.has(k)) entered.push(this.personItem(k, this.after.persons[k] ?? { file: '', row: 0 }, false));
    for (const k of b) {
      if (a.has(k)) continue;
      const now = this.world.person(k);
      left.push(now ? this.personItem(k, now, false, now.excluded) : this.personItem(k, this.before.persons[k] ?? { file: '', row: 0 }, true));
    }
    return { entered, left };
  }

  /** A session in both whose hours or headcount changed: out with the old, in with the new. */
  private changed(k: string): boolean {
    const b = this.before.sessions[k];
    const a = this.after.sessions[k];
    return b !== undefined && a !== undefined && (!same(b.hours, a.hours) || (b.headcount ?? 0) !== (a.headcount ?? 0));
  }

  sessions(before: readonly string[] | undefined, after: readonly string[] | undefined): { entered: Item[]; left: Item[] } {
    const b = new Set(before ?? []);
    const a = new Set(after ?? []);
    const entered: Item[] = [];
    const left: Item[] = [];
    for (const k of a) {
      const ref = this.after.sessions[k];
      if (ref && (!b.has(k) || this.changed(k))) entered.push(this.sessionItem(ref, false));
    }
    for (const k of b) {
      const ref = this.before.sessions[k];
      if (!ref) continue;
      if (a.has(k)) {
        if (this.changed(k)) left.push(this.sessionItem(ref, false));
        continue;
      }
      left.push(this.leftSession(ref, this.world.session(k)));
    }
    return { entered, left };
  }

  private markItem(pkey: string, at: number | string, ref: SessionRef, removed: boolean, excluded: Exclusion = {}): Item {
    const place = markPlace(at, ref);
    const item: Item = { kind: 'attendance', id: idOf(pkey), file: place.file, row: place.row, date: ref.date, action: ref.action, form: ref.form, title: ref.title };
    if (place.sheet !== undefined) item.sheet = place.sheet;
    if (removed) item.removed = true;
    if (excluded.excluded) item.excluded = true;
    if (excluded.excludedBy) item.excludedBy = excluded.excludedBy;
    return item;
  }

  marks(before: Record<string, number> | undefined, after: Record<string, number> | undefined): { entered: Item[]; left: Item[] } {
    const entered: Item[] = [];
    const left: Item[] = [];
    const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
    for (const skey of keys) {
      const nb = before?.[skey] ?? 0;
      const na = after?.[skey] ?? 0;
      if (nb === na && !this.changed(skey)) continue;
      const refB = this.before.sessions[skey];
      const refA = this.after.sessions[skey];
      if (this.changed(skey) && refA && refB) {
        left.push(this.sessionItem(refB, false));
        entered.push(this.sessionItem(refA, false));
        if (nb === na) continue;
      }
      const mb = markLines(this.before.marks[skey]);
      const ma = markLines(this.after.marks[skey]);
      let named = false;
      if (refA) {
        for (const [p, at] of ma) {
          if (mb.has(p) || this.world.unmatchable?.(p)) continue;
          entered.push(this.markItem(p, at, refA, false));
          named = true;
        }
      }
      if (refB) {
        for (const [p, at] of mb) {
          if (ma.has(p) || this.world.unmatchable?.(p)) continue;
          const now = this.world.mark(skey, p);
          left.push(now ? this.markItem(p, markPlaceText(now), refB, false, now) : this.markItem(p, at, refB, true));
          named = true;
        }
      }
      // the same marks, counted differently (a person's attribute changed): name the session
      if (!named) {
        if (na > nb && refA) entered.push(this.sessionItem(refA, false));
        else if (refB) {
          const now = this.world.session(skey);
          left.push(now ? this.sessionItem(refB, false, now) : this.sessionItem(refB, true));
        }
      }
    }
    return { entered, left };
  }
}

function partOf(key: string): { part: 'persons' | 'denominator' | 'pending' | 'both'; sex: 'K' | 'M' | undefined } {
  if (key === 'value') return { part: 'both', sex: undefined };
  const [head, tail] = key.includes('.') ? key.split('.') as [string, string] : ['numerator', key];
  const sex = tail === 'K' || tail === 'M' ? tail : undefined;
  const part = head === 'denominator' ? 'denominator' : head === 'pending' ? 'pending' : 'persons';
  return { part, sex };
}

function itemsFor(d: Differ, key: string, b: SideEvidence, a: SideEvidence): { entered: Item[]; left: Item[] } {
  const hasPersons = b.persons !== undefined || a.persons !== undefined;
  if (hasPersons) {
    const { part, sex } = partOf(key);
    if (part === 'both') {
      const x = d.persons(b.persons, a.persons, undefined);
      const y = d.persons(b.denominator, a.denominator, undefined);
      const dedupe = (items: Item[]) => [...new Map(items.map((i) => [`${i.file}\u0000${i.row}`, i])).values()];
      return { entered: dedupe([...x.entered, ...y.entered]), left: dedupe([...x.left, ...y.left]) };
    }
    return d.persons(b[part], a[part], sex);
  }
  if (b.marks === undefined && a.marks === undefined) return d.sessions(b.sessions, a.sessions);
  const marks = d.marks(b.marks, a.marks);
  if (b.sessions === undefined && a.sessions === undefined) return marks;
  // open events counted by their headcount: a session that came or went, or whose headcount changed
  const events = d.sessions(b.sessions, a.sessions);
  const dedupe = (items: Item[]) => [...new Map(items.map((i) => [JSON.stringify(i), i])).values()];
  return { entered: dedupe([...marks.entered, ...events.entered]), left: dedupe([...marks.left, ...events.left]) };
}

const SIDES: readonly Side[] = ['period', 'cumulative'];

/** Ids of the indicators of `before` whose values `after` has differently (or not at all): only those need evidence. */
export function differingIndicators(before: readonly IndicatorRead[], after: readonly IndicatorRead[]): Set<string> {
  const now = new Map(after.map((v) => [v.id, v]));
  const out = new Set<string>();
  for (const v of before) {
    const w = now.get(v.id);
    const differs = SIDES.some((side) => {
      const bv = cellValues(v[side]);
      const av = cellValues(w ? w[side] : null);
      return [...new Set([...bv.keys(), ...av.keys()])].some((k) => !same(bv.get(k) ?? null, av.get(k) ?? null));
    });
    if (differs) out.add(v.id);
  }
  return out;
}

/** Every value of `before` that `after` has differently, with what entered and left it. */
export function compareComputed(period: string, before: Computed, after: Computed, world: World, only?: ReadonlySet<string>): Difference[] {
  const d = new Differ(before.evidence, after.evidence, world);
  const now = new Map(after.indicators.map((v) => [v.id, v]));
  const out: Difference[] = [];
  for (const v of before.indicators) {
    if (only && !only.has(v.id)) continue;
    const w = now.get(v.id);
    for (const side of SIDES) {
      const bv = cellValues(v[side]);
      const av = cellValues(w ? w[side] : null);
      const keys = [...new Set([...bv.keys(), ...av.keys()])];
      for (const key of keys) {
        const submitted = bv.get(key) ?? null;
        const value = av.get(key) ?? null;
        if (same(submitted, value)) continue;
        const be = before.evidence.indicators[v.id]?.[side] ?? {};
        const ae = after.evidence.indicators[v.id]?.[side] ?? {};
        const { entered, left } = itemsFor(d, key, be, ae);
        out.push({
          period,
          indicator: v.id,
          side,
          key,
          submitted,
          now: value,
          difference: submitted === null || value === null ? null : value - submitted,
          entered: entered.sort(byPlace),
          left: left.sort(byPlace),
        });
      }
    }
  }
  return out;
}
