/** Command-line option values, checked once up front (UsageError → exit 2). */
import { Command, Option } from 'commander';
import {
  DEFAULT_LIMITS, formatPl, MB, parseDateText, warsawDay, type DataOptions as AppDataOptions, type IsoDate, type Limits, type Progress,
} from '../app/index.js';
import { UsageError } from '../errors.js';
import { message, t, type Lang, type MessageKey } from '../i18n/index.js';
import type { CliIO } from './io.js';

/** Options every command takes, given before or after the command (commander's program options). */
export interface GlobalOptions {
  quiet?: boolean;
  color?: boolean;
  lang?: string;
  debug?: boolean;
}

export interface CommonOptions extends GlobalOptions {
  project?: string;
}

/** Options of the commands that read and check the data files (validate, indicators, report). */
export interface DataOptions extends CommonOptions {
  asOf?: string;
  strict?: boolean;
  maxIssues?: string;
  maxInputMb?: string;
  maxRows?: string;
  maxCellChars?: string;
}

/** Those options checked and typed before any file is read. */
export interface DataSettings {
  asOf: IsoDate;
  strict: boolean;
  maxIssues: number;
  limits: Limits;
  quiet: boolean;
  noColor: boolean;
}

/** Reads the data options; an --as-of later than today (in Poland) is accepted with a warning line. */
export function parseDataOptions(opts: DataOptions, io: CliIO, lang: Lang): DataSettings {
  const today = warsawDay(io.now());
  const asOf = parseAsOf(opts.asOf, today);
  if (asOf > today && !opts.quiet) io.stderr(`${t('cli.asOfFuture', { asOf: formatPl(asOf), today: formatPl(today) }, lang)}\n`);
  return {
    asOf,
    strict: Boolean(opts.strict),
    maxIssues: parseCount(opts.maxIssues, '--max-issues', 1000),
    limits: parseLimits(opts),
    quiet: Boolean(opts.quiet),
    noColor: opts.color === false,
  };
}

/** The use cases' data options from the checked settings (`onProgress`: the progress line's). */
export function dataOptions(opts: CommonOptions, s: DataSettings, onProgress: Progress): AppDataOptions {
  return { project: opts.project, asOf: s.asOf, strict: s.strict, limits: s.limits, onProgress };
}

function parseLimits(opts: DataOptions): Limits {
  return {
    maxInputBytes: parseCount(opts.maxInputMb, '--max-input-mb', DEFAULT_LIMITS.maxInputBytes / MB) * MB,
    maxRows: parseCount(opts.maxRows, '--max-rows', DEFAULT_LIMITS.maxRows),
    maxCellChars: parseCount(opts.maxCellChars, '--max-cell-chars', DEFAULT_LIMITS.maxCellChars),
  };
}

export function parseAsOf(value: string | undefined, today: IsoDate): IsoDate {
  if (value === undefined) return today;
  const d = parseDateText(value);
  if (!d) throw new UsageError(message('cli.badDate', { value, option: '--as-of' }));
  return d;
}

export function parseCount(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(message('cli.badNumber', { value, option }));
  return Number(value);
}

export function parseChoice<T extends string>(value: string | undefined, option: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(message('cli.badChoice', { value, option, values: allowed.join(', ') }));
  }
  return value as T;
}

/**
 * The language must be known before commander reports its own errors, so it is read from
 * argv before parsing (`--lang en` or `--lang=en`, before or after the command); a value
 * other than pl or en is refused.
 */
export function langFromArgv(argv: readonly string[]): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (i < 0) return 'pl';
  const a = argv[i] as string;
  const value = a === '--lang' ? argv[i + 1] : a.slice('--lang='.length);
  // a missing value is commander's to report
  return parseChoice(value, '--lang', ['pl', 'en'] as const, 'pl');
}

/** Declares options with their help in one language: the value placeholder too (`<katalog>` / `<dir>`). */
export class OptionWords {
  constructor(readonly lang: Lang) {}

  option(flags: string, placeholder: MessageKey | undefined, description: MessageKey): Option {
    return new Option(placeholder ? `${flags} ${t(placeholder, {}, this.lang)}` : flags, t(description, {}, this.lang));
  }

  /** The limits against runaway input, on every command that reads data files. */
  limits(cmd: Command): Command {
    return cmd
      .addOption(this.option('--max-input-mb', 'cli.ph.mb', 'cli.opt.maxInputMb'))
      .addOption(this.option('--max-rows', 'cli.ph.n', 'cli.opt.maxRows'))
      .addOption(this.option('--max-cell-chars', 'cli.ph.n', 'cli.opt.maxCellChars'));
  }

  /** Options of the commands that read and check the data files (validate, indicators, report). */
  data(cmd: Command): Command {
    return this.limits(this.project(cmd))
      .addOption(this.option('--as-of', 'cli.ph.date', 'cli.opt.asOf'))
      .addOption(this.option('--strict', undefined, 'cli.opt.strict'))
      .addOption(this.option('--max-issues', 'cli.ph.n', 'cli.opt.maxIssues'));
  }

  project(cmd: Command): Command {
    return cmd.addOption(this.option('--project', 'cli.ph.project', 'cli.opt.project'));
  }

  /** Options every command takes (SPEC §1): on the program, so they work before and after the command. */
  global(cmd: Command): Command {
    return cmd
      .addOption(this.option('--lang', 'cli.ph.lang', 'cli.opt.lang'))
      .addOption(this.option('--quiet', undefined, 'cli.opt.quiet'))
      .addOption(this.option('--no-color', undefined, 'cli.opt.noColor'))
      .addOption(this.option('--debug', undefined, 'cli.opt.debug'));
  }
}
