/**
 * The use cases: one function per thing a user does. Each takes its options (checked and typed by
 * the front end) and a platform, and returns data: the issues, the values, what to write, and the
 * exit-code class. None prints, exits or reads the process (cwd, env, argv come in the options
 * and the platform), so the CLI and the offline page run the same ones.
 * Below them, what a front end needs to show their results (the terminal's text, JSON and CSV
 * are the CLI's own).
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

// what a front end needs to show the results
export {
  differenceText, itemText, keyText, sideText as correctionSideText, valueText, type Difference, type Item, type Resolved,
} from '../corrections/index.js';
export { formatPl, parseDateText, warsawDay, type IsoDate } from '../dates.js';
export { indicatorsJson, type EfficiencyResult, type IndicatorsReport, type IndicatorValue, type KMOTarget, type RatioCell } from '../indicators/index.js';
export { DEFAULT_LIMITS, MB, type Limits } from '../ingest/index.js';
export type { Platform } from '../platform/index.js';
export { REPORT_FORMATS, type ReportFormat } from '../report/index.js';
export {
  issueGroup, issueHint, issueMessage, mostImportant, placeText, UNREADABLE_CODES, type Issue, type Severity, type ValidationSummary,
} from '../validate/index.js';

// how the front ends show them: the issues as text and JSON (SPEC §5), indicators as a table and
// CSV, the corrections, and an error that stopped a run (the same words in the terminal and the page)
export * from './output/index.js';
