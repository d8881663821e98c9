/** What every section is built from: the project, the checked data and the computed figures. */
import type { ReportFigures } from '../../indicators/index.js';
import type { Checked } from '../../validate/index.js';
import type { Project } from '../../project/index.js';
import type { Difference } from '../../corrections/index.js';

export type ReportKind = 'progress' | 'final';

export interface ReportOptions {
  kind: ReportKind;
  /** ISO date-time of generation (pinned by SOURCE_DATE_EPOCH or --generated-at). */
  generatedAt: string;
  allowErrors: boolean;
  /** Text of `opisy/<period-id>.md` (progress) or `opisy/koncowy.md` (final), if any. */
  descriptions?: string;
  /** Submitted periods (SPEC §8): the corrections of those before this one, and this period's own submission. */
  submitted?: SubmittedInfo;
}

export interface SubmittedInfo {
  /** Corrections of the periods submitted before this one. */
  corrections: Difference[];
  /** How many values moved only because time passed (not corrections). */
  resolved: number;
  /** The last period submitted before this one: its cumulative corrections are in this report's cumulative values. */
  lastPeriod?: string;
  /** When this very period was submitted (ISO date-time), if it was. */
  submittedAt?: string;
}

export interface ReportInput {
  project: Project;
  checked: Checked;
  figures: ReportFigures;
  options: ReportOptions;
}
