/**
 * The few error classes the tool throws. Like issues, they carry a code and parameters; the
 * text is made where it is shown, in the user's language. The CLI maps them to exit codes in
 * exactly one place (src/cli/run.ts); everything else that escapes is a bug (exit 3).
 */
import type { Message, Params } from './i18n/index.js';

/** Wrong command line: unknown option, bad period or date. Exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(readonly text: Message) {
    super(text.key);
  }
}

/** One problem of the project definition: where (file, YAML path, line) and what. */
export interface DefinitionProblem {
  file: string;
  /** `indicators[WP1].target.K`; absent for the file as a whole. */
  path?: string;
  line?: number;
  message: Message;
}

/** The project definition is missing or wrong. Exit 2. `debug`: what the YAML parser said, shown with --debug. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: DefinitionProblem[], readonly debug: string[] = []) {
    super(problems[0]?.message.key ?? 'config');
  }
}

/** Why an input file cannot be read at all: `reason.<code>` in the message tables. */
export type FileReason =
  | 'missing' | 'is-directory' | 'no-access' | 'io-error' | 'empty' | 'binary' | 'csv-quote'
  | 'zip-broken' | 'xlsx-broken' | 'ods-broken' | 'no-sheets' | 'empty-sheets'
  | 'xls' | 'encrypted' | 'numbers' | 'unknown-format' | 'pdf'
  | 'limit-unzipped' | 'limit-inflated' | 'limit-rows' | 'limit-cell'
  | 'participants-not-found' | 'participants-not-found-csv' | 'participants-not-in-sheet' | 'participants-elsewhere' | 'participants-hidden' | 'participants-sheet-missing';

const EMPTY: ReadonlySet<FileReason> = new Set(['empty', 'no-sheets', 'empty-sheets']);

/** An input file cannot be read at all (missing, corrupt, wrong format, empty). Exit 2. */
export class InputFileError extends Error {
  override name = 'InputFileError';
  constructor(readonly file: string, readonly reason: FileReason, readonly params: Params = {}) {
    super(`${file}: ${reason}`);
  }

  /** The file has nothing in it (`file-empty` rather than `file-unreadable`). */
  get empty(): boolean {
    return EMPTY.has(this.reason);
  }

  /** The reason as a message, for whoever shows it. */
  get text(): Message {
    return { key: `reason.${this.reason}`, params: this.params };
  }
}

/** Why an output cannot be written: `out.reason.<reason>` in the message tables. */
export type OutputReason = 'not-directory' | 'is-directory' | 'exists' | 'no-permission' | 'no-space' | 'read-only' | 'busy' | 'failed';

/**
 * An output cannot be written (a path through a file, no permission, disk full). Exit 2.
 * `file` is the path the reason is about (the file on the way that is not a directory, the
 * directory without write permission); `detail` is the system's code, shown only with --debug.
 */
export class OutputError extends Error {
  override name = 'OutputError';
  constructor(readonly file: string, readonly reason: OutputReason, readonly detail = '') {
    super(`${file}: ${reason}${detail ? ` (${detail})` : ''}`);
  }

  /** The same error with the path as the user knows it. */
  shownAs(file: string): OutputError {
    return new OutputError(file, this.reason, this.detail);
  }
}
