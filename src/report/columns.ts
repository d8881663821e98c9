/**
 * Report columns and the cells of the recurring K / M / b.d. / O groups. A column has a key
 * when another column's formula refers to it: formulas name their columns, never positions.
 */
import type { KMO, KMOTarget } from '../indicators/index.js';
import type { Column, Value } from './model.js';
import { number } from './wording.js';

export const text = (header: string, width: number): Column => ({ header, kind: 'text', width });
export const num = (header: string, width = 8): Column => ({ header, kind: 'number', width });
export const diff = (header: string, width = 9): Column => ({ header, kind: 'difference', width });
export const pct = (header: string, width = 10): Column => ({ header, kind: 'percent', width });

/** The same column under a group heading. */
export const under = (group: string, column: Column): Column => ({ ...column, group });
/** The same column, named for formulas. */
export const keyed = (key: string, column: Column): Column => ({ ...column, key });

/** K, M, b.d. (no sex data), and O as their sum: four columns under one heading, keys `<key>.K` … `<key>.O`. */
export function kmoColumns(group: string, key: string): Column[] {
  return [
    keyed(`${key}.K`, under(group, num('K', 6))),
    keyed(`${key}.M`, under(group, num('M', 6))),
    keyed(`${key}.bd`, under(group, num('b.d.', 5))),
    { ...keyed(`${key}.O`, under(group, num('O', 7))), formula: { sum: [`${key}.K`, `${key}.M`, `${key}.bd`] } },
  ];
}

/** K, M, b.d. and O of a count in persons. */
export function kmoCells(c: KMO | null | undefined): Value[] {
  return c ? [c.K, c.M, c.O - c.K - c.M, c.O] : [null, null, null, null];
}

/** The same four columns for a unit other than persons: O only. */
export function totalCells(O: number | null | undefined): Value[] {
  return [null, null, null, O ?? null];
}

/** Target K, M, b.d., O: b.d. is 0 when O is exactly K + M, so the O formula holds. */
export function targetCells(t: KMOTarget | null): Value[] {
  if (!t) return [null, null, null, null];
  if (t.K === null || t.M === null || t.O === null) return [t.K, t.M, null, t.O];
  return [t.K, t.M, t.O === t.K + t.M ? 0 : null, t.O];
}

/** `12 (K 7, M 5)`: a count in persons in one cell. */
export function kmoText(c: KMO): string {
  return `${number(c.O)} (K ${number(c.K)}, M ${number(c.M)})`;
}
