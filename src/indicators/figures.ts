/** The figures of a period from the checked data: the indicators, efficiency, and for a report the standard tables and months. */
import { monthOf, type IsoDate } from '../dates.js';
import { calendarPeriods, type Project, type Period } from '../project/index.js';
import type { Checked } from '../validate/index.js';
import { computeIndicators, type IndicatorValue } from './compute.js';
import { buildComputeData, type ComputeData } from './data.js';
import { efficiency, type EfficiencyResult } from './efficiency.js';
import { monthly, standardTables, type MonthRow, type StandardTables } from './standard.js';

/** The indicators of a period, from the usable rows. */
export interface Figures {
  period: Period;
  asOf: IsoDate;
  data: ComputeData;
  values: IndicatorValue[];
  efficiency: EfficiencyResult[];
  /** The data day is before the project's end: nothing has failed yet. */
  running: boolean;
}

/** `data`: the compute data of `checked` as of `asOf` when the run built it already (it is built once per run). */
export function compute(project: Project, checked: Checked, period: Period, asOf: IsoDate, data = buildComputeData(project, checked.dataset, checked.usable, asOf)): Figures {
  const def = project.definition;
  const values = computeIndicators(def, data, period);
  return { period, asOf, data, values, efficiency: efficiency(def, values), running: asOf < def.project.period.to };
}

/** Everything a report shows beyond the indicators: the standard tables and the months. */
export interface ReportFigures extends Figures {
  tables: StandardTables;
  /** The project's months up to the period's end. */
  months: string[];
  monthRows: MonthRow[];
  /** Per action, the months with sessions held (the Gantt chart's dark cells). */
  activeMonths: Map<string, Set<string>>;
}

export function computeReport(project: Project, checked: Checked, period: Period, asOf: IsoDate, data?: ComputeData): ReportFigures {
  const def = project.definition;
  const figures = compute(project, checked, period, asOf, data);
  const months = calendarPeriods({ from: def.project.period.from, to: period.to }, 1).map((m) => m.id);
  const activeMonths = new Map<string, Set<string>>();
  for (const s of figures.data.sessions) {
    if (s.present === 0 && s.headcount === 0) continue;
    const set = activeMonths.get(s.action) ?? new Set<string>();
    set.add(monthOf(s.date));
    activeMonths.set(s.action, set);
  }
  return {
    ...figures,
    tables: standardTables(def, figures.data, period),
    months,
    monthRows: monthly(figures.data, months),
    activeMonths,
  };
}
