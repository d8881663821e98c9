/**
 * The command line: commander wiring, and the one place where errors become exit codes.
 * `runCli` never calls process.exit; `src/index.ts` does, with what it returns.
 */
import { createRequire } from 'node:module';
import { Command, CommanderError, Option } from 'commander';
import { errorText } from '../app/index.js';
import { t, type Lang, type MessageKey } from '../i18n/index.js';
import { indicatorsCommand, type IndicatorsOptions } from './indicators.js';
import { initCommand } from './init.js';
import type { CliIO } from './io.js';
import { langFromArgv, OptionWords, type CommonOptions } from './options.js';
import type { Outcome } from './outcome.js';
import { periodsCommand, type PeriodsOptions } from './periods.js';
import { reportCommand, type ReportOptions } from './report.js';
import { validateCommand, type ValidateOptions } from './validate.js';
import { submitCommand, type SubmitOptions } from './submit.js';
import { correctionsCommand, type CorrectionsOptions } from './corrections.js';

export { definitionProblemLine } from '../app/index.js';

const require = createRequire(import.meta.url);
const VERSION = (require('../../package.json') as { version: string }).version;

const HELP_TITLES: Record<string, MessageKey> = {
  'Usage:': 'cli.title.usage',
  'Options:': 'cli.title.options',
  'Commands:': 'cli.title.commands',
  'Arguments:': 'cli.title.arguments',
  'Global Options:': 'cli.title.global',
};

/** A command's action gets its own options merged with the program's (--lang, --quiet, --no-color, --debug). */
function globals<T>(cmd: Command): T {
  return cmd.optsWithGlobals() as T;
}

function buildProgram(io: CliIO, lang: Lang, end: (outcome: Outcome) => void): Command {
  const w = new OptionWords(lang);
  const tr = (key: MessageKey) => t(key, {}, lang);
  const program = new Command('pal-report')
    .description(tr('cli.description'))
    .usage(tr('cli.usage.program'))
    .version(VERSION, '-V, --version', tr('cli.version'))
    .helpOption('-h, --help', tr('cli.help'))
    .helpCommand(`help [${tr('cli.arg.command')}]`, tr('cli.help'))
    .configureHelp({
      styleTitle: (title) => (HELP_TITLES[title] ? tr(HELP_TITLES[title]) : title),
      subcommandTerm: (cmd) => `${cmd.name()} ${cmd.usage()}`,
      showGlobalOptions: true,
    })
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      outputError: () => undefined, // reported in the user's language by runCli
    });
  w.global(program);
  const options = tr('cli.usage.options');

  w.data(program.command('validate').usage(options).description(tr('cli.cmd.validate')))
    .addOption(new Option('--format <text|json>', tr('cli.opt.format')))
    .addOption(w.option('--annotate', 'cli.ph.dir', 'cli.opt.annotate'))
    .action(async (_opts: ValidateOptions, cmd: Command) => end(await validateCommand(globals(cmd), io, lang)));

  const dir = tr('cli.arg.dir');
  program.command('init').usage(`${options} [${dir}]`).argument(`[${dir}]`, tr('cli.arg.initDir')).description(tr('cli.cmd.init'))
    .addOption(w.option('--project', 'cli.ph.dir', 'cli.opt.initProject'))
    .action(async (target: string | undefined, _opts: CommonOptions, cmd: Command) => end(await initCommand(target, globals(cmd), io, lang)));

  w.data(program.command('indicators').usage(options).description(tr('cli.cmd.indicators')))
    .addOption(w.option('--period', 'cli.ph.period', 'cli.opt.period'))
    .addOption(new Option('--format <table|json|csv>', tr('cli.opt.format')))
    .addOption(w.option('--allow-errors', undefined, 'cli.opt.allowErrors'))
    .action(async (_opts: IndicatorsOptions, cmd: Command) => end(await indicatorsCommand(globals(cmd), io, lang)));

  const kind = tr('cli.arg.reportKind');
  w.data(program.command('report').usage(`${options} <${kind}>`).argument(`<${kind}>`, tr('cli.arg.reportKindDescription')).description(tr('cli.cmd.report')))
    .addOption(w.option('--period', 'cli.ph.period', 'cli.opt.period'))
    .addOption(w.option('--out', 'cli.ph.dir', 'cli.opt.out'))
    .addOption(w.option('--formats', 'cli.ph.list', 'cli.opt.formats'))
    .addOption(w.option('--generated-at', 'cli.ph.time', 'cli.opt.generatedAt'))
    .addOption(w.option('--allow-errors', undefined, 'cli.opt.allowErrors'))
    .action(async (which: string, _opts: ReportOptions, cmd: Command) => end(await reportCommand(which, globals(cmd), io, lang)));

  w.project(program.command('periods').usage(options).description(tr('cli.cmd.periods')))
    .addOption(new Option('--format <text|json>', tr('cli.opt.format')))
    .action(async (_opts: PeriodsOptions, cmd: Command) => end(await periodsCommand(globals(cmd), io, lang)));

  w.data(program.command('submit').usage(options).description(tr('cli.cmd.submit')))
    .addOption(w.option('--period', 'cli.ph.period', 'cli.opt.period'))
    .addOption(w.option('--note', 'cli.ph.text', 'cli.opt.note'))
    .addOption(w.option('--allow-errors', undefined, 'cli.opt.allowErrors'))
    .addOption(w.option('--generated-at', 'cli.ph.time', 'cli.opt.generatedAt'))
    .addOption(w.option('--replace', undefined, 'cli.opt.replace'))
    .addOption(w.option('--reason', 'cli.ph.text', 'cli.opt.reason'))
    .action(async (_opts: SubmitOptions, cmd: Command) => end(await submitCommand(globals(cmd), io, lang)));

  // --strict here: corrections fail (exit 1), there are no warnings to count
  w.limits(w.project(program.command('corrections').usage(options).description(tr('cli.cmd.corrections'))))
    .addOption(w.option('--as-of', 'cli.ph.date', 'cli.opt.asOf'))
    .addOption(w.option('--strict', undefined, 'cli.opt.correctionsStrict'))
    .addOption(new Option('--format <table|json|csv>', tr('cli.opt.format')))
    .action(async (_opts: CorrectionsOptions, cmd: Command) => end(await correctionsCommand(globals(cmd), io, lang)));

  return program;
}

function commanderMessage(e: CommanderError, lang: Lang): string {
  const quoted = /'([^']+)'/.exec(e.message)?.[1] ?? '';
  switch (e.code) {
    case 'commander.unknownOption':
      return t('cli.unknownOption', { option: quoted }, lang);
    case 'commander.unknownCommand':
      return t('cli.unknownCommand', { command: quoted }, lang);
    case 'commander.missingArgument':
      return t('cli.missingArgument', { argument: quoted }, lang);
    case 'commander.optionMissingArgument':
      return t('cli.optionMissingArgument', { option: quoted }, lang);
    case 'commander.excessArguments':
      return t('cli.excessArguments', {}, lang);
    default:
      return t('cli.usage', { message: e.message.replace(/^error:\s*/, '') }, lang);
  }
}

/** The exit codes of SPEC §1, decided here and nowhere else. */
const EXIT = { ok: 0, 'data-errors': 1, unreadable: 2, usage: 2, internal: 3 } as const;

/** Maps any error to its exit code and one clear line (the stack only with --debug). */
export function reportError(e: unknown, io: CliIO, debug: boolean, lang: Lang): number {
  if (e instanceof CommanderError) {
    // --help and --version end with exit code 0 through the same path
    if (e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.ok;
    io.stderr(`pal-report: ${commanderMessage(e, lang)}\n`);
    return EXIT.usage;
  }
  const said = errorText(e, debug, lang);
  if (said !== undefined) {
    io.stderr(`${said.text}\n`);
    return EXIT[said.exit];
  }
  const text = e instanceof Error ? e.message : String(e);
  io.stderr(`${t('cli.internal', { message: text }, lang)}\n`);
  if (debug && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
  return EXIT.internal;
}

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const debug = argv.includes('--debug');
  // a bad --lang is refused in Polish
  let lang: Lang = 'pl';
  let outcome: Outcome = 'ok';
  try {
    lang = langFromArgv(argv);
    await buildProgram(io, lang, (o) => {
      outcome = o;
    }).parseAsync([...argv], { from: 'user' });
    return EXIT[outcome];
  } catch (e) {
    return reportError(e, io, debug, lang);
  }
}
