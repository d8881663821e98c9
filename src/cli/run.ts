/**
 * The command line: commander wiring, and the one place where errors become exit codes.
 * `runCli` never calls process.exit; `src/index.ts` does, with what it returns.
 */
import { createRequire } from 'node:module';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, EXIT, InputFileError, OutputError, UsageError } from '../errors.js';
import { setLang, t, type MessageKey } from '../i18n/index.js';
import { indicatorsCommand, type IndicatorsOptions } from './indicators.js';
import { initCommand } from './init.js';
import type { CliIO } from './io.js';
import { addDataOptions, addGlobalOptions, addProjectOption, langFromArgv, option, type CommonOptions } from './options.js';
import { periodsCommand, type PeriodsOptions } from './periods.js';
import { reportCommand, type ReportOptions } from './report.js';
import { validateCommand, type ValidateOptions } from './validate.js';

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

function buildProgram(io: CliIO, setCode: (code: number) => void): Command {
  const program = new Command('pal-report')
    .description(t('cli.description'))
    .usage(t('cli.usage.program'))
    .version(VERSION, '-V, --version', t('cli.version'))
    .helpOption('-h, --help', t('cli.help'))
    .helpCommand(`help [${t('cli.arg.command')}]`, t('cli.help'))
    .configureHelp({
      styleTitle: (title) => (HELP_TITLES[title] ? t(HELP_TITLES[title]) : title),
      subcommandTerm: (cmd) => `${cmd.name()} ${cmd.usage()}`,
      showGlobalOptions: true,
    })
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      outputError: () => undefined, // reported in Polish by runCli
    });
  addGlobalOptions(program);
  const options = t('cli.usage.options');

  addDataOptions(program.command('validate').usage(options).description(t('cli.cmd.validate')))
    .addOption(new Option('--format <text|json>', t('cli.opt.format')))
    .addOption(option('--annotate', 'cli.ph.dir', 'cli.opt.annotate'))
    .action(async (_opts: ValidateOptions, cmd: Command) => setCode(await validateCommand(globals(cmd), io)));

  const dir = t('cli.arg.dir');
  program.command('init').usage(`${options} [${dir}]`).argument(`[${dir}]`, t('cli.arg.initDir')).description(t('cli.cmd.init'))
    .addOption(option('--project', 'cli.ph.dir', 'cli.opt.initProject'))
    .action(async (target: string | undefined, _opts: CommonOptions, cmd: Command) => setCode(await initCommand(target, globals(cmd), io)));

  addDataOptions(program.command('indicators').usage(options).description(t('cli.cmd.indicators')))
    .addOption(option('--period', 'cli.ph.period', 'cli.opt.period'))
    .addOption(new Option('--format <table|json|csv>', t('cli.opt.format')))
    .addOption(option('--allow-errors', undefined, 'cli.opt.allowErrors'))
    .action(async (_opts: IndicatorsOptions, cmd: Command) => setCode(await indicatorsCommand(globals(cmd), io)));

  const kind = t('cli.arg.reportKind');
  addDataOptions(program.command('report').usage(`${options} <${kind}>`).argument(`<${kind}>`, t('cli.arg.reportKindDescription')).description(t('cli.cmd.report')))
    .addOption(option('--period', 'cli.ph.period', 'cli.opt.period'))
    .addOption(option('--out', 'cli.ph.dir', 'cli.opt.out'))
    .addOption(option('--formats', 'cli.ph.list', 'cli.opt.formats'))
    .addOption(option('--generated-at', 'cli.ph.time', 'cli.opt.generatedAt'))
    .addOption(option('--allow-errors', undefined, 'cli.opt.allowErrors'))
    .action(async (which: string, _opts: ReportOptions, cmd: Command) => setCode(await reportCommand(which, globals(cmd), io)));

  addProjectOption(program.command('periods').usage(options).description(t('cli.cmd.periods')))
    .addOption(new Option('--format <text|json>', t('cli.opt.format')))
    .action(async (_opts: PeriodsOptions, cmd: Command) => setCode(await periodsCommand(globals(cmd), io)));

  return program;
}

function commanderMessage(e: CommanderError): string {
  const quoted = /'([^']+)'/.exec(e.message)?.[1] ?? '';
  switch (e.code) {
    case 'commander.unknownOption':
      return t('cli.unknownOption', { option: quoted });
    case 'commander.unknownCommand':
      return t('cli.unknownCommand', { command: quoted });
    case 'commander.missingArgument':
      return t('cli.missingArgument', { argument: quoted });
    case 'commander.optionMissingArgument':
      return t('cli.optionMissingArgument', { option: quoted });
    case 'commander.excessArguments':
      return t('cli.excessArguments');
    default:
      return t('cli.usage', { message: e.message.replace(/^error:\s*/, '') });
  }
}

/** Maps any error to its exit code and one clear line (the stack only with --debug). */
export function reportError(e: unknown, io: CliIO, debug: boolean): number {
  if (e instanceof CommanderError) {
    // --help and --version end with exit code 0 through the same path
    if (e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.ok;
    io.stderr(`pal-report: ${commanderMessage(e)}\n`);
    return EXIT.usage;
  }
  if (e instanceof ConfigError) {
    io.stderr(`${[...(e.details.length ? e.details : [e.message]), ...(debug ? e.debug : [])].join('\n')}\n`);
    return EXIT.usage;
  }
  if (e instanceof InputFileError) {
    io.stderr(`${e.file}: ${e.message}\n`);
    return EXIT.usage;
  }
  if (e instanceof UsageError || e instanceof OutputError) {
    io.stderr(`pal-report: ${e.message}\n`);
    return EXIT.usage;
  }
  const message = e instanceof Error ? e.message : String(e);
  io.stderr(`${t('cli.internal', { message })}\n`);
  if (debug && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
  return EXIT.internal;
}

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const debug = argv.includes('--debug');
  let code: number = EXIT.ok;
  try {
    // a bad --lang is refused in Polish
    setLang('pl');
    setLang(langFromArgv(argv));
    await buildProgram(io, (c) => {
      code = c;
    }).parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    return reportError(e, io, debug);
  }
}
