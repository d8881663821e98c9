/**
 * Real clients: LibreOffice (and later poppler) run on what we write. `.ci/run` installs
 * them; on a developer machine without them set PAL_NO_CLIENTS=1 to skip these checks.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const clientsSkipped = process.env.PAL_NO_CLIENTS === '1';

/** Converts with LibreOffice headless (own profile, so parallel runs do not collide); returns the output files. */
export async function soffice(file: string, to: string, infilter?: string): Promise<string[]> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'pal-lo-out-'));
  const profile = await mkdtemp(path.join(tmpdir(), 'pal-lo-profile-'));
  const args = [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', ...(infilter ? [`--infilter=${infilter}`] : []), '--convert-to', to, '--outdir', outDir, file];
  await run('soffice', args, { timeout: 120_000 });
  return (await readdir(outDir)).map((f) => path.join(outDir, f));
}

/** Every sheet to its own UTF-8 `;` CSV, values as shown. */
export const CSV_ALL_SHEETS = 'csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,true,false,false,-1';

/** How a Polish user opens a CSV: `;`, UTF-8, first row, Polish locale (1045). */
export const CSV_POLISH_IMPORT = 'CSV:59,34,76,1,,1045';
