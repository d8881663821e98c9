/**
 * The pipeline every command runs: ingest → validate (`check`), then compute (`compute`,
 * `computeReport`). Commands start from these results and render them; they never chain the
 * stages themselves.
 */
import { monthOf, type IsoDate } from './dates.js';
import { computeIndicators, type IndicatorValue } from './indicators/compute.js';
import { buildComputeData, type ComputeData } from './indicators/data.js';
import { efficiency, type EfficiencyResult } from './indicators/efficiency.js';
import { monthly, standardTables, type MonthRow, type StandardTables } from './indicators/standard.js';
import { loadDataset, type Dataset, type LoadOptions } from './ingest/dataset.js';
import type { Project } from './project/load.js';
import { calendarPeriods, type Period } from './project/periods.js';
import { sortIssues, summarise, validateDataset, type Usable, type ValidationSummary } from './validate/index.js';
import { IssueSink, type Issue } from './validate/issue.js';

export interface Checked {
  dataset: Dataset;
  issues: Issue[];
  summary: ValidationSummary;
  /** The rows the figures may use: a row with an error counts nowhere. */
  usable: Usable;
}

/** Reads every data file and runs every rule: issues sorted as an accountant walks the files. */
export async function check(project: Project, asOf: IsoDate, strict: boolean, options: LoadOptions = {}): Promise<Checked> {
  const sink = new IssueSink();
  const dataset = await loadDataset(project, options);
  const usable = validateDataset(project, dataset, asOf, sink);
  const issues = sortIssues(sink.issues, dataset.files.map((f) => f.label));
  return { dataset, issues, summary: summarise(issues, strict), usable };
}

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

export function compute(project: Project, checked: Checked, period: Period, asOf: IsoDate): Figures {
  const def = project.definition;
  const data = buildComputeData(project, checked.dataset, checked.usable, asOf);
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

export function computeReport(project: Project, checked: Checked, period: Period, asOf: IsoDate): ReportFigures {
  const def = project.definition;
  const figures = compute(project, checked, period, asOf);
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
