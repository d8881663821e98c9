/** `indicators --period P`: the coordinator's numbers for a period. */
import { compute, type EfficiencyResult, type IndicatorsReport } from '../indicators/index.js';
import type { Platform } from '../platform/index.js';
import { resolvePeriod } from '../project/index.js';
import { checkData, dataCheck, gate, openProject, stopped, type DataCheck, type DataOptions, type Gate, type Outcome } from './run.js';

export interface IndicatorsOptions extends DataOptions {
  /** `--period`: an id of SPEC §4.2 (`2021-Q3`, `all`, …). */
  period: string;
  allowErrors: boolean;
}

export interface IndicatorsResult {
  outcome: Outcome;
  gate: Gate;
  check: DataCheck;
  /** The values (none when the run stopped at the gate). */
  indicators?: IndicatorsReport;
  efficiency: EfficiencyResult[];
  /** The data day is before the project's end: a value below a threshold has not failed yet. */
  running: boolean;
}

export async function computeIndicators(options: IndicatorsOptions, platform: Platform): Promise<IndicatorsResult> {
  const project = await openProject(options, platform);
  const period = resolvePeriod(options.period, project.definition);
  const checked = await checkData(platform, project, options);
  const g = gate(checked.summary, options.allowErrors);
  const stop = stopped(g);
  if (stop !== undefined) return { outcome: stop, gate: g, check: dataCheck(checked), efficiency: [], running: false };
  const figures = compute(project, checked, period, options.asOf);
  return {
    outcome: 'ok', gate: g, check: dataCheck(checked),
    indicators: { project: project.definition.project.number, period, asOf: options.asOf, indicators: figures.values },
    efficiency: figures.efficiency, running: figures.running,
  };
}
