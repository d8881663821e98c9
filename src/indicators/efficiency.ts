/**
 * Efektywność społeczno-zatrudnieniowa against the thresholds of the definition (SPEC §4.5):
 * met, not met, or not yet measurable (no one ended yet, or some people's three-month window
 * is still open, so the value may still change).
 */
import type { Definition } from '../project/index.js';
import type { IndicatorValue } from './compute.js';
import type { RatioCell } from './json.js';

export type ThresholdStatus = 'met' | 'not-met' | 'not-measurable';

export interface EfficiencyResult {
  kind: 'spoleczna' | 'zatrudnieniowa';
  indicator: string;
  threshold: number;
  cumulative: RatioCell | null;
  status: ThresholdStatus;
}

function kindOf(def: Definition, id: string): EfficiencyResult['kind'] | undefined {
  const ind = def.indicators.find((i) => i.id === id);
  if (!ind || ind.measure !== 'ratio') return undefined;
  if (ind.numerator.where?.employed_after === true) return 'zatrudnieniowa';
  if (ind.numerator.where?.social_progress === true) return 'spoleczna';
  return undefined;
}

export function statusOf(cell: RatioCell | null, threshold: number): ThresholdStatus {
  if (!cell || cell.value === null || cell.pending.O > 0) return 'not-measurable';
  return cell.value >= threshold - 1e-12 ? 'met' : 'not-met';
}

export function efficiency(def: Definition, values: readonly IndicatorValue[]): EfficiencyResult[] {
  const thresholds = { spoleczna: def.thresholds?.efektywnosc_spoleczna, zatrudnieniowa: def.thresholds?.efektywnosc_zatrudnieniowa };
  const out: EfficiencyResult[] = [];
  for (const v of values) {
    const kind = kindOf(def, v.id);
    const threshold = kind ? thresholds[kind] : undefined;
    if (!kind || threshold === undefined) continue;
    const cumulative = v.kind === 'ratio' ? v.cumulative : null;
    out.push({ kind, indicator: v.id, threshold, cumulative, status: statusOf(cumulative, threshold) });
  }
  return out;
}
