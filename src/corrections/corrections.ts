/**
 * Submitted periods against today's data (SPEC §8). Each snapshot's period is recomputed with
 * today's data as it stood on the snapshot's `asOf` (asof.ts): what differs from the snapshot
 * is a correction. The employment outcomes are then judged on today's date instead: what moves
 * only by that — a pending three-month window that has closed, employment taken up since — is
 * `resolved`, not a correction. Pure: the caller passes the data, the locator and the world.
 */
import type { IsoDate } from '../dates.js';
import { computeIndicators, indicatorsJson, readIndicators, type ComputeData, type IndicatorsJson } from '../indicators/index.js';
import type { Period, Definition, IndicatorDefinition, Where } from '../project/index.js';
import { dataAsOf } from './asof.js';
import { compareComputed, differingIndicators, type Computed, type Difference, type World } from './compare.js';
import { buildEvidence, type Evidence, type Locator } from './evidence.js';
import type { Snapshot } from './snapshot.js';

/** A value that moved only because time passed: `atAsOf` as of the snapshot's day, `now` with outcomes judged today. */
export interface Resolved extends Omit<Difference, 'submitted'> {
  atAsOf: number | null;
}

export interface PeriodComparison {
  snapshot: Snapshot;
  corrections: Difference[];
  resolved: Resolved[];
}

/** The values (SPEC §4.4) of a period from a view of the data (asof.ts); with `loc`, also the evidence behind them. */
function computeView(def: Definition, view: ComputeData, period: Period, dataDay: IsoDate, loc?: Locator, reference?: Evidence): Computed & { values: IndicatorsJson } {
  const values = computeIndicators(def, view, period, { evidence: loc !== undefined });
  const json = indicatorsJson({ project: def.project.number, period, asOf: dataDay, indicators: values });
  const evidence = loc ? buildEvidence(values, view, period, loc, reference) : { persons: {}, sessions: {}, marks: {}, indicators: {} };
  // read back as a snapshot's values are: both sides of a comparison through the one schema
  return { values: json, indicators: readIndicators(json).indicators, evidence };
}

/** The values (SPEC §4.4) and evidence of a period computed from data seen as of `dataDay`, outcomes judged on `outcomeDay`. */
export function recompute(def: Definition, data: ComputeData, period: Period, dataDay: IsoDate, outcomeDay: IsoDate, loc: Locator): Computed & { values: IndicatorsJson } {
  return computeView(def, dataAsOf(data, dataDay, outcomeDay), period, dataDay, loc);
}

function only(def: Definition, ids: ReadonlySet<string>): Definition {
  return { ...def, indicators: def.indicators.filter((ind) => ids.has(ind.id)) };
}

function usesOutcome(where: Where | undefined): boolean {
  return where?.employed_after !== undefined;
}

/** Indicators whose values depend on the day outcomes are judged on (employment within the window). */
export function outcomeIndicators(def: Definition): IndicatorDefinition[] {
  return def.indicators.filter((ind) => (ind.measure === 'ratio' ? usesOutcome(ind.numerator.where) || usesOutcome(ind.denominator.where) : usesOutcome(ind.where)));
}

/**
 * Corrections and resolved values of one snapshot against today's data (`today`: the data day of
 * this run). Values are compared first; the evidence (a million marks in a big project) is built
 * only for the indicators whose values differ.
 */
export function compareSnapshot(def: Definition, data: ComputeData, snapshot: Snapshot, today: IsoDate, loc: Locator, world: World): PeriodComparison {
  const period: Period = { ...snapshot.period };
  const asOf = snapshot.asOf;
  const viewAtAsOf = dataAsOf(data, asOf, asOf);
  const atAsOf = computeView(def, viewAtAsOf, period, asOf);
  const changed = differingIndicators(snapshot.values.indicators, atAsOf.indicators);
  const submitted: Computed = { indicators: snapshot.values.indicators, evidence: snapshot.evidence };
  const corrections = changed.size === 0 ? [] : compareComputed(period.id, submitted, computeView(only(def, changed), viewAtAsOf, period, asOf, loc, snapshot.evidence), world, changed);
  let resolved: Resolved[] = [];
  const outcomes = outcomeIndicators(def);
  if (outcomes.length > 0 && today > asOf && period.from <= asOf) {
    const ids = new Set(outcomes.map((o) => o.id));
    const viewToday = dataAsOf(data, asOf, today);
    const later = computeView(only(def, ids), viewToday, period, asOf);
    const moved = differingIndicators(atAsOf.indicators.filter((v) => ids.has(v.id)), later.indicators);
    if (moved.size > 0) {
      const before = computeView(only(def, moved), viewAtAsOf, period, asOf, loc);
      const after = computeView(only(def, moved), viewToday, period, asOf, loc);
      resolved = compareComputed(period.id, before, after, world, moved).map(({ submitted: atDay, ...rest }) => ({ ...rest, atAsOf: atDay }));
    }
  }
  return { snapshot, corrections, resolved };
}
