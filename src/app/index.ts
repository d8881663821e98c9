/**
 * The use cases: one function per thing a user does. Each takes its options (checked and typed by
 * the front end) and a platform, and returns data: the issues, the values, what to write, and the
 * exit-code class. None prints, exits or reads the process (cwd, env, argv come in the options
 * and the platform), so the CLI and the offline page run the same ones.
 *
 * Below the use cases, what a front end needs to show their results (the terminal's text, JSON
 * and CSV are the CLI's own).
 */
export { annotateCopies, type AnnotateOptions, type AnnotateResult } from './annotate.js';
export { listCorrections, type CorrectionsList, type CorrectionsOptions, type CorrectionsResult } from './corrections.js';
export { computeIndicators, type IndicatorsOptions, type IndicatorsResult } from './indicators.js';
export { initProject, type InitOptions, type InitResult } from './init.js';
export { listPeriods, type PeriodsResult } from './periods.js';
export {
  finalReport, progressReport, writeReportFiles, type ProgressReportOptions, type Report, type ReportOptions, type ReportResult,
} from './report.js';
export { gate, type DataCheck, type DataOptions, type Gate, type Outcome, type Progress, type ProjectOptions } from './run.js';
export { submitPeriod, submitReason, type SubmitOptions, type SubmitResult } from './submit.js';
export { validateProject, type ValidateOptions, type ValidateResult } from './validate.js';

// for showing the results
export { itemText, differenceText, keyText, sideText as correctionSideText, valueText } from '../corrections/index.js';
export type { Difference, Item } from '../corrections/index.js';
export type { Resolved } from '../corrections/index.js';
export { formatPl, parseDateText, warsawDay, type IsoDate } from '../dates.js';
export type { IndicatorValue } from '../indicators/index.js';
export type { EfficiencyResult } from '../indicators/index.js';
export { indicatorsJson, type IndicatorsReport, type KMOTarget, type RatioCell } from '../indicators/index.js';
export { DEFAULT_LIMITS, MB, type Limits } from '../ingest/index.js';
export type { Platform } from '../platform/index.js';
export { REPORT_FORMATS, type ReportFormat } from '../report/index.js';
export { mostImportant, type ValidationSummary } from '../validate/index.js';
export { issueGroup, issueHint, issueMessage, placeText, UNREADABLE_CODES, type Issue, type Severity } from '../validate/index.js';
