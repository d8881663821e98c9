/**
 * What the page and its worker say to each other. The worker does all the work (reading,
 * checking, computing, rendering) so the page stays responsive; the page only shows what comes
 * back. Everything here is structured-clonable: Files travel by reference, bytes are transferred.
 */
import type { PageLang } from './texts.js';

export interface RunOptions {
  /** The data day (`--as-of`), YYYY-MM-DD. */
  asOf: string;
  /** What `--period` accepts; empty: none chosen (the reports of a period are then refused with the CLI's message). */
  period: string;
  lang: PageLang;
  /** `?generated-at=` (`--generated-at`); undefined: now. */
  generatedAt?: string;
}

export type Download =
  | 'validation-json'
  | 'annotated-zip'
  | 'indicators-json'
  | 'indicators-csv'
  | 'progress-xlsx'
  | 'progress-pdf'
  | 'final-xlsx'
  | 'final-pdf';

export type Request =
  /** The chosen folder: paths relative to the root above it (its name first), and the files. */
  | { type: 'folder'; files: { path: string; file: File }[] }
  | { type: 'check'; id: number; options: RunOptions }
  | { type: 'indicators'; id: number; options: RunOptions }
  | { type: 'download'; id: number; what: Download; options: RunOptions };

export interface IssueRow {
  file: string;
  sheet: string;
  cell: string;
  column: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  hint: string;
}

export interface IndicatorRow {
  id: string;
  name: string;
  unit: string;
  /** K, M, O, or the one value of a ratio or hours, already in the reports' format. */
  period: string;
  cumulative: string;
  target: string;
  realisation: string;
}

export interface CorrectionRow {
  period: string;
  text: string;
}

export interface CheckResult {
  /** "0 błędów, 8 ostrzeżeń, 3 informacje": the CLI's summary line. */
  summary: string;
  issues: IssueRow[];
  /** Lines the CLI writes on stderr (notes about snapshots, a stop on errors). */
  notes: string[];
  /** Whether zlozone/ holds snapshots, and the corrections they show. */
  snapshots: number;
  corrections: CorrectionRow[];
  /** undefined when not computed (data errors, no period): `indicatorsNote` says why. */
  indicators?: { caption: string; rows: IndicatorRow[] };
  indicatorsNote?: string;
}

/** The second half of a check: the indicators of the period, and the corrections of the submitted periods. */
export type IndicatorsResult = Pick<CheckResult, 'indicators' | 'indicatorsNote' | 'notes' | 'snapshots' | 'corrections'> & {
  /** The period the indicators are of (the one asked for, or the one chosen when none was). */
  period: string;
  /** The periods the definition names, with `all`: the suggestions of the period input. */
  periods: { id: string; label: string }[];
};

export type Reply =
  | { type: 'progress'; id: number; done: number; total: number; file?: string }
  | { type: 'checked'; id: number; result: CheckResult }
  | { type: 'indicators'; id: number; result: IndicatorsResult }
  | { type: 'file'; id: number; name: string; mime: string; bytes: Uint8Array }
  /** A message for the user (bad input, a usage error): shown as the CLI would print it. */
  | { type: 'failed'; id: number; message: string }
  /** A bug: shown as one, never as a blank page. */
  | { type: 'crashed'; id: number; message: string };
