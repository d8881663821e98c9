/** What every section is built from: the project, the checked data and the computed figures. */
import type { Checked, ReportFigures } from '../../pipeline.js';
import type { Project } from '../../project/load.js';

export type ReportKind = 'progress' | 'final';

export interface ReportOptions {
  kind: ReportKind;
  /** ISO date-time of generation (pinned by SOURCE_DATE_EPOCH or --generated-at). */
  generatedAt: string;
  allowErrors: boolean;
  /** Text of `opisy/<period-id>.md` (progress) or `opisy/koncowy.md` (final), if any. */
  descriptions?: string;
}

export interface ReportInput {
  project: Project;
  checked: Checked;
  figures: ReportFigures;
  options: ReportOptions;
}
