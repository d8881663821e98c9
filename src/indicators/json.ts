/** The indicator values in the shape of SPEC §4.4: `indicators --format json` and the report's JSON. */
import type { IsoDate } from '../dates.js';
import type { Period } from '../project/periods.js';
import type { IndicatorValue } from './compute.js';

export interface IndicatorsReport {
  project: string;
  period: Period;
  asOf: IsoDate;
  indicators: IndicatorValue[];
}

/** Exactly the SPEC §4.4 shape (internal fields left out). */
export function indicatorsJson(r: IndicatorsReport): unknown {
  return {
    project: r.project,
    period: { id: r.period.id, from: r.period.from, to: r.period.to },
    asOf: r.asOf,
    indicators: r.indicators.map((v) => ({
      id: v.id,
      name: v.name,
      type: v.type,
      unit: v.unit,
      target: v.target,
      period: v.period,
      cumulative: v.cumulative,
      realisation: v.realisation,
    })),
  };
}
