/** `pal-report init [dir]`. */
import path from 'node:path';
import { t } from '../i18n/index.js';
import type { CliIO } from './io.js';
import type { CommonOptions } from './options.js';

export async function initCommand(dir: string | undefined, opts: CommonOptions, io: CliIO): Promise<number> {
  const target = path.resolve(io.cwd, dir ?? '.');
  const { initProject } = await import('../init/init.js');
  const result = await initProject(target);
  if (!opts.quiet) {
    const shown = path.relative(io.cwd, target) || '.';
    const lines = [t('out.init.done', { dir: shown }), ...result.files.map((f) => `  ${path.relative(io.cwd, f)}`), t('out.init.next', { dir: shown })];
    io.stderr(`${lines.join('\n')}\n`);
  }
  return 0;
}
