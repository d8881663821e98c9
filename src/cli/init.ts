/** `pal-report init [dir]` (or `--project dir`): writes only where it is told. */
import path from 'node:path';
import { initProject } from '../app/index.js';
import { UsageError } from '../errors.js';
import { message, t, type Lang } from '../i18n/index.js';
import type { Outcome } from './outcome.js';
import { platformOf, shownPath, writingInto, type CliIO } from './io.js';
import type { CommonOptions } from './options.js';

/** The directory to write into: the argument, or --project; both given must name the same one. */
function targetOf(dir: string | undefined, project: string | undefined, cwd: string): string {
  const given = dir ?? project ?? '.';
  if (dir !== undefined && project !== undefined && path.resolve(cwd, dir) !== path.resolve(cwd, project)) {
    throw new UsageError(message('cli.initTwoDirs', { dir, project }));
  }
  return given;
}

export async function initCommand(dir: string | undefined, opts: CommonOptions, io: CliIO, lang: Lang): Promise<Outcome> {
  const given = targetOf(dir, opts.project, io.cwd);
  const target = path.resolve(io.cwd, given);
  const result = await writingInto(given, target, () => initProject({ dir: given, shown: (f) => shownPath(given, path.relative(target, f)) }, platformOf(io)));
  if (!opts.quiet) {
    const lines = [t('out.init.done', { dir: given }, lang), ...result.files.map((f) => `  ${shownPath(given, path.relative(result.dir, f))}`), t('out.init.next', { dir: given }, lang)];
    io.stderr(`${lines.join('\n')}\n`);
  }
  return 'ok';
}
