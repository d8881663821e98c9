/**
 * The indicator values in the shape of SPEC §4.4, described once by a zod schema: the output of
 * `indicators --format json`, the `indicators` of the report's JSON and the `values` of a
 * snapshot (SPEC §8) are this JSON, typed by what the schema infers.
 *
 * The JSON carries no tag: a cell's shape says what it is. Reading it back (`readIndicators`, and
 * the snapshot's schema) the schema gives each cell its `kind`, so readers switch on that.
 */
import { z } from 'zod';
import type { IsoDate } from '../dates.js';
import type { Period } from '../project/index.js';
import type { IndicatorValue } from './compute.js';

const count = z.number();
const share = z.number().nullable();

/** K, M and O of an indicator counted in persons (people without sex data only in O). */
const kmo = z.strictObject({ K: count, M: count, O: count });
/** O only: every other unit (sessions, hours, attendances, …). */
const total = z.strictObject({ O: count });
/** A ratio: numerator ÷ denominator, both kept, with the people pending (SPEC §4.5). */
const ratio = z.strictObject({ value: share, numerator: kmo, denominator: kmo, pending: kmo });

export type KMO = z.infer<typeof kmo>;
export type TotalCell = z.infer<typeof total>;
export type RatioCell = z.infer<typeof ratio>;

/** A cell as read back: its kind from its shape (strict objects: exactly one matches). */
const cell = z.union([
  ratio.transform((c) => ({ kind: 'ratio' as const, ...c })),
  kmo.transform((c) => ({ kind: 'persons' as const, ...c })),
  total.transform((c) => ({ kind: 'total' as const, ...c })),
]).nullable();

/** The whole-project target: K and M only for indicators in persons; null where not set. */
const kmoTarget = z.strictObject({ K: share, M: share, O: share });
const totalTarget = z.strictObject({ O: share });
export type KMOTarget = z.infer<typeof kmoTarget>;
export type TotalTarget = z.infer<typeof totalTarget>;

export const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const periodJson = z.strictObject({ id: z.string().min(1), from: isoDay, to: isoDay });

const indicatorJson = z.strictObject({
  id: z.string(),
  name: z.string(),
  type: z.enum(['produkt', 'rezultat']),
  unit: z.string(),
  target: z.union([kmoTarget, totalTarget]).nullable(),
  period: cell,
  cumulative: cell,
  realisation: share,
});

/** SPEC §4.4. */
export const indicatorsJsonSchema = z.strictObject({
  project: z.string(),
  period: periodJson,
  asOf: isoDay,
  indicators: z.array(indicatorJson),
});

/** The JSON as written. */
export type IndicatorsJson = z.input<typeof indicatorsJsonSchema>;
export type IndicatorJson = z.input<typeof indicatorJson>;
/** The JSON as read back: each cell with its kind. */
export type IndicatorsRead = z.output<typeof indicatorsJsonSchema>;
export type IndicatorRead = z.output<typeof indicatorJson>;
export type CellRead = z.output<typeof cell>;

export interface IndicatorsReport {
  project: string;
  period: Period;
  asOf: IsoDate;
  indicators: readonly IndicatorValue[];
}

/** One value as SPEC §4.4 has it (its kind, the example-target mark and what it counted left out). */
export function indicatorJsonOf(v: IndicatorValue): IndicatorJson {
  return { id: v.id, name: v.name, type: v.type, unit: v.unit, target: v.target, period: v.period, cumulative: v.cumulative, realisation: v.realisation };
}

/** Exactly the SPEC §4.4 shape (internal fields left out). */
export function indicatorsJson(r: IndicatorsReport): IndicatorsJson {
  return {
    project: r.project,
    period: { id: r.period.id, from: r.period.from, to: r.period.to },
    asOf: r.asOf,
    indicators: r.indicators.map(indicatorJsonOf),
  };
}

/** §4.4 JSON read back as a snapshot is (the values a comparison reads: each cell with its kind). */
export function readIndicators(json: IndicatorsJson): IndicatorsRead {
  return indicatorsJsonSchema.parse(json);
}
