/** `periods`: the reporting periods of the project with their dates. */
import type { IsoDate } from '../dates.js';
import type { Platform } from '../platform/index.js';
import { reportingPeriods, type Period } from '../project/index.js';
import { openProject, type ProjectOptions } from './run.js';

export interface PeriodsResult {
  /** The project's number. */
  project: string;
  from: IsoDate;
  to: IsoDate;
  periods: Period[];
}

export async function listPeriods(options: ProjectOptions, platform: Platform): Promise<PeriodsResult> {
  const { definition } = await openProject(options, platform);
  const span = definition.project.period;
  return { project: definition.project.number, from: span.from, to: span.to, periods: reportingPeriods(definition) };
}
