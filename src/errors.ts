/**
 * The few error classes the tool throws. The CLI maps them to exit codes in exactly one
 * place (src/cli/run.ts); everything else that escapes is a bug (exit 3).
 */

/** Wrong command line: unknown option, bad period or date. Exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * The project definition is missing or wrong. Exit 2. `details`: one line per problem,
 * "file: path: message (linia N)"; `debug`: what the YAML parser said, shown with --debug.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(message: string, readonly details: string[] = [], readonly debug: string[] = []) {
    super(message);
  }
}

/** An input file cannot be read at all (missing, corrupt, wrong format). Exit 2. */
export class InputFileError extends Error {
  override name = 'InputFileError';
  constructor(readonly file: string, message: string, readonly empty = false) {
    super(message);
  }
}

/** An output cannot be written (directory not writable, disk full). Exit 2. */
export class OutputError extends Error {
  override name = 'OutputError';
}

export const EXIT = { ok: 0, dataErrors: 1, usage: 2, internal: 3 } as const;
