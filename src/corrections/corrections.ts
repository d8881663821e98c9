/**
 * Submitted periods against today's data (SPEC §8). Each snapshot's period is recomputed with
 * today's data as it stood on the snapshot's `asOf` (asof.ts): what differs from the snapshot
 * is a correction. The employment outcomes are then judged on today's date instead: what moves
 * only by that — a pending three-month window that has closed, employment taken up since — is
 * `resolved`, not a correction. Pure: the caller passes the data, the locator and the world.
 */
import type { IsoDate } from '../dates.js';
import { computeIndicators } from '../indicators/compute.js';
import type { ComputeData } from '../indicators/data.js';
import { indicatorsJson } from '../indicators/json.js';
import type { Period } from '../project/periods.js';
import type { Definition, IndicatorDefinition, Where } from '../project/schema.js';
import { dataAsOf } from './asof.js';
import { compareComputed, type Computed, type Difference, type World } from './compare.js';
import { buildEvidence, type Locator } from './evidence.js';
import type { Snapshot, SnapshotValues } from './snapshot.js';

/** A value that moved only because time passed: `atAsOf` as of the snapshot's day, `now` with outcomes judged today. */
export interface Resolved extends Omit<Difference, 'submitted'> {
  atAsOf: number | null;
}

export interface PeriodComparison {
  snapshot: Snapshot;
  corrections: Difference[];
  resolved: Resolved[];
}

/** The values (SPEC §4.4) and evidence of a period computed from data seen as of `dataDay`, outcomes judged on `outcomeDay`. */
export function recompute(def: Definition, data: ComputeData, period: Period, dataDay: IsoDate, outcomeDay: IsoDate, loc: Locator): Computed & { values: SnapshotValues } {
  const view = dataAsOf(data, dataDay, outcomeDay);
  const values = computeIndicators(def, view, period, { evidence: true });
  const json = indicatorsJson({ project: def.project.number, period, asOf: dataDay, indicators: values }) as SnapshotValues;
  return { values: json, indicators: json.indicators, evidence: buildEvidence(values, view, period, loc) };
}

function usesOutcome(where: Where | undefined): boolean {
  return where?.employed_after !== undefined;
}

/** Indicators whose values depend on the day outcomes are judged on (employment within the window). */
export function outcomeIndicators(def: Definition): IndicatorDefinition[] {
  return def.indicators.filter((ind) => (ind.measure === 'ratio' ? usesOutcome(ind.numerator.where) || usesOutcome(ind.denominator.where) : usesOutcome(ind.where)));
}

/** Corrections and resolved values of one snapshot against today's data (`today`: the data day of this run). */
export function compareSnapshot(def: Definition, data: ComputeData, snapshot: Snapshot, today: IsoDate, loc: Locator, world: World): PeriodComparison {
  const period: Period = { ...snapshot.period };
  const asOf = snapshot.asOf;
  const atAsOf = recompute(def, data, period, asOf, asOf, loc);
  const submitted: Computed = { indicators: snapshot.values.indicators, evidence: snapshot.evidence };
  const corrections = compareComputed(period.id, submitted, atAsOf, world);
  let resolved: Resolved[] = [];
  const outcomes = outcomeIndicators(def);
  if (outcomes.length > 0 && today > asOf && period.from <= asOf) {
    const later = recompute({ ...def, indicators: outcomes }, data, period, asOf, today, loc);
    resolved = compareComputed(period.id, atAsOf, later, world, new Set(outcomes.map((o) => o.id)))
      .map(({ submitted, ...rest }) => ({ ...rest, atAsOf: submitted }));
  }
  return { snapshot, corrections, resolved };
}
