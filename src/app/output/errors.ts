/**
 * The typed errors of src/errors.ts in the user's words, as one text and the exit code's class:
 * the CLI prints it (run.ts), the offline page shows it. Anything else is a bug (undefined).
 */
import { ConfigError, InputFileError, OutputError, UsageError, type DefinitionProblem } from '../../errors.js';
import { render, t, type Lang } from '../../i18n/index.js';

/** One problem of the definition as a line: `pal-report.yaml: indicators[WP1].measure: … (linia 7)`. */
export function definitionProblemLine(p: DefinitionProblem, lang: Lang): string {
  const line = p.line === undefined ? '' : ` (${t('def.line', { line: p.line }, lang)})`;
  return `${[p.file, p.path].filter(Boolean).join(': ')}: ${render(p.message, lang)}${line}`;
}

export interface ErrorText {
  exit: 'usage' | 'unreadable';
  /** The lines to show, without the final newline. */
  text: string;
}

export function errorText(e: unknown, debug: boolean, lang: Lang): ErrorText | undefined {
  if (e instanceof ConfigError) return { exit: 'usage', text: [...e.problems.map((p) => definitionProblemLine(p, lang)), ...(debug ? e.debug : [])].join('\n') };
  if (e instanceof InputFileError) return { exit: 'unreadable', text: `${e.file}: ${render(e.text, lang)}` };
  if (e instanceof UsageError) return { exit: 'usage', text: `pal-report: ${render(e.text, lang)}` };
  // the system's own code only with --debug
  if (e instanceof OutputError) return { exit: 'usage', text: `pal-report: ${t(`out.reason.${e.reason}`, { file: e.file }, lang)}${debug && e.detail ? ` (${e.detail})` : ''}` };
  return undefined;
}
