/** `validate --annotate <dir>`: copies of the user's workbooks with every problem marked at its cell. */
import { writeAnnotatedCopies } from '../annotate/index.js';
import type { Lang } from '../i18n/index.js';
import { resolveDataFiles, type Limits } from '../ingest/index.js';
import type { Platform } from '../platform/index.js';
import { UNREADABLE_CODES, type Issue } from '../validate/index.js';
import { openProject, type ProjectOptions } from './run.js';

export interface AnnotateOptions extends ProjectOptions {
  /** The folder to write the copies into, as given. */
  dir: string;
  /** The issues of the validation the copies show. */
  issues: readonly Issue[];
  /** The limits the validation read under (the files are read again). */
  limits: Limits;
  /** The language of the notes in the copies (the run's). */
  lang: Lang;
}

export interface AnnotateResult {
  /** The copies written, as paths. */
  files: string[];
}

export async function annotateCopies(options: AnnotateOptions, platform: Platform): Promise<AnnotateResult> {
  const project = await openProject(options, platform);
  const unreadable = new Set(options.issues.filter((i) => UNREADABLE_CODES.has(i.code)).map((i) => i.file));
  const files = await resolveDataFiles(platform.inputs, project);
  return { files: await writeAnnotatedCopies(platform, files, options.issues, platform.inputs.resolve(options.dir), unreadable, options.limits, options.lang) };
}
