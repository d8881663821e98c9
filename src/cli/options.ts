/** Command-line option values, checked once up front (UsageError → exit 2). */
import { Command, Option } from 'commander';
import { parseDateText, todayIso, type IsoDate } from '../dates.js';
import { UsageError } from '../errors.js';
import { t, type Lang } from '../i18n/index.js';
import { DEFAULT_LIMITS, MB, type Limits } from '../ingest/limits.js';

export interface CommonOptions {
  project?: string;
  quiet?: boolean;
  color?: boolean;
  lang?: string;
  debug?: boolean;
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

export function parseDataOptions(opts: DataOptions): DataSettings {
  return {
    asOf: parseAsOf(opts.asOf),
    strict: Boolean(opts.strict),
    maxIssues: parseCount(opts.maxIssues, '--max-issues', 1000),
    limits: parseLimits(opts),
    quiet: Boolean(opts.quiet),
    noColor: opts.color === false,
  };
}

function parseLimits(opts: DataOptions): Limits {
  return {
    maxInputBytes: parseCount(opts.maxInputMb, '--max-input-mb', DEFAULT_LIMITS.maxInputBytes / MB) * MB,
    maxRows: parseCount(opts.maxRows, '--max-rows', DEFAULT_LIMITS.maxRows),
    maxCellChars: parseCount(opts.maxCellChars, '--max-cell-chars', DEFAULT_LIMITS.maxCellChars),
  };
}

/** The limits against runaway input, on every command that reads data files. */
export function addLimitOptions(cmd: Command): Command {
  return cmd
    .option('--max-input-mb <MB>', t('cli.opt.maxInputMb'))
    .option('--max-rows <N>', t('cli.opt.maxRows'))
    .option('--max-cell-chars <N>', t('cli.opt.maxCellChars'));
}

export function parseAsOf(value: string | undefined): IsoDate {
  if (value === undefined) return todayIso();
  const d = parseDateText(value);
  if (!d) throw new UsageError(t('cli.badDate', { value, option: '--as-of' }));
  return d;
}

export function parseCount(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(t('cli.badNumber', { value, option }));
  return Number(value);
}

export function parseChoice<T extends string>(value: string | undefined, option: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(t('cli.badChoice', { value, option, values: allowed.join(', ') }));
  }
  return value as T;
}

/**
 * The language must be known before commander reports its own errors, so it is read from
 * argv before parsing (`--lang en` or `--lang=en`); a value other than pl or en is refused.
 */
export function langFromArgv(argv: readonly string[]): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (i < 0) return 'pl';
  const a = argv[i] as string;
  const value = a === '--lang' ? argv[i + 1] : a.slice('--lang='.length);
  // a missing value is commander's to report
  return parseChoice(value, '--lang', ['pl', 'en'] as const, 'pl');
}

/** Options of the commands that read and check the data files (validate, indicators, report). */
export function addDataOptions(cmd: Command): Command {
  return addLimitOptions(addCommonOptions(cmd))
    .option('--as-of <data>', t('cli.opt.asOf'))
    .option('--strict', t('cli.opt.strict'))
    .option('--max-issues <N>', t('cli.opt.maxIssues'));
}

/** Options every command takes (SPEC §1). */
export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('--project <plik|katalog>', t('cli.opt.project'))
    .option('--quiet', t('cli.opt.quiet'))
    .option('--no-color', t('cli.opt.noColor'))
    .addOption(new Option('--lang <pl|en>', t('cli.opt.lang')))
    .option('--debug', t('cli.opt.debug'));
}
