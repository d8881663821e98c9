/**
 * What every use case shares: the project found through the platform, the data read and checked
 * once, and the gate that stops a computing command on data errors. Nothing here prints or exits.
 */
import type { IsoDate } from '../dates.js';
import type { Limits } from '../ingest/index.js';
import type { Platform } from '../platform/index.js';
import { loadProject, type Project } from '../project/index.js';
import { check, type Checked, type ValidationSummary, type Issue } from '../validate/index.js';

/** How a run ended: the exit-code class (SPEC §1); src/cli/run.ts alone makes it a number. */
export type Outcome = 'ok' | 'data-errors' | 'unreadable';

/** Called as an input is read: bytes since the last call, the file's size, rows read so far (all files). */
export type Progress = (file: string, bytes: number, total: number, rows: number) => void;

export interface ProjectOptions {
  /** `--project`: the definition file or its folder, as the user gave it (relative to the platform's working folder). */
  project?: string;
}

/** The options of the use cases that read and check the data files, already checked and typed. */
export interface DataOptions extends ProjectOptions {
  /** The data day (SPEC §1 `--as-of`). */
  asOf: IsoDate;
  strict: boolean;
  limits: Limits;
  onProgress?: Progress;
}

/** The checked data as a result shows it: the issues, the verdict, the sizes and what was left out of the figures. */
export interface DataCheck {
  issues: Issue[];
  summary: ValidationSummary;
  participants: number;
  records: number;
  files: number;
  /** Rows read but left out of every figure (a row with an error, a record of a person with one). */
  leftOut: { participants: number; records: number };
}

export function dataCheck(checked: Checked): DataCheck {
  const { dataset, issues, summary } = checked;
  return {
    issues, summary, participants: dataset.participants.length, records: dataset.attendance.length, files: dataset.files.length,
    leftOut: { ...checked.usable.leftOut },
  };
}

/**
 * What a computing command does with the checked data: goes on (`ok`), goes on although rows with
 * errors count nowhere (`allowed`, --allow-errors), or stops with the issues (`data-errors`,
 * `unreadable`).
 */
export type Gate = 'ok' | 'allowed' | 'data-errors' | 'unreadable';

export function gate(summary: ValidationSummary, allowErrors: boolean): Gate {
  if (summary.unreadable) return 'unreadable';
  if (summary.ok) return 'ok';
  return allowErrors ? 'allowed' : 'data-errors';
}

/** The outcome of a run that stopped at the gate, or undefined when it goes on. */
export function stopped(g: Gate): Outcome | undefined {
  return g === 'unreadable' || g === 'data-errors' ? g : undefined;
}

export function openProject(options: ProjectOptions, platform: Platform): Promise<Project> {
  return loadProject(platform.inputs, options.project);
}

export function checkData(platform: Platform, project: Project, options: DataOptions, strict = options.strict): Promise<Checked> {
  return check(platform, project, options.asOf, strict, { limits: options.limits, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
}
