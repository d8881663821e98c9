/**
 * Real clients run on what we write: LibreOffice (soffice) and poppler (pdftotext, pdffonts).
 * Only `npm run test:clients` (test/clients/) uses them; `.ci/run` installs both.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Converts with LibreOffice headless (own profile, so parallel runs do not collide); returns the output files. */
export async function soffice(file: string | string[], to: string, infilter?: string): Promise<string[]> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'pal-lo-out-'));
  const profile = await mkdtemp(path.join(tmpdir(), 'pal-lo-profile-'));
  const args = [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', ...(infilter ? [`--infilter=${infilter}`] : []), '--convert-to', to, '--outdir', outDir, ...[file].flat()];
  await run('soffice', args, { timeout: 120_000 });
  return (await readdir(outDir)).map((f) => path.join(outDir, f));
}

/** Every sheet to its own UTF-8 `;` CSV, values as shown. */
export const CSV_ALL_SHEETS = 'csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,true,false,false,-1';

/** How a Polish user opens a CSV: `;`, UTF-8, first row, Polish locale (1045). */
export const CSV_POLISH_IMPORT = 'CSV:59,34,76,1,,1045';

/** Text of a PDF as poppler extracts it (reading order; with `layout`, a table row on one line). */
export async function pdftotext(file: string, options: { layout?: boolean } = {}): Promise<string> {
  const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', ...(options.layout ? ['-layout'] : []), file, '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** Rows of a CSV that LibreOffice wrote (`;`, `"` quoting). */
export function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') { row.push(cell); cell = ''; } else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else if (c !== '\r') cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** `pdffonts` rows: name, type, encoding, emb, sub, uni. */
export async function pdffonts(file: string): Promise<{ name: string; embedded: boolean }[]> {
  const { stdout } = await run('pdffonts', [file]);
  return stdout.split('\n').slice(2).filter((l) => l.trim()).map((l) => {
    const cols = l.trim().split(/\s+/);
    // name type... encoding emb sub uni object ID: emb is 5th from the end
    return { name: cols[0] ?? '', embedded: cols[cols.length - 5] === 'yes' };
  });
}

/**
 * Converts with a LibreOffice profile that recalculates every formula on load
 * (OOXMLRecalcMode = 0), so the output holds LibreOffice's own results, not our cached ones.
 */
export async function sofficeRecalculated(file: string, to: string): Promise<string[]> {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const profile = await mkdtemp(path.join(tmpdir(), 'pal-lo-recalc-'));
  await mkdir(path.join(profile, 'user'), { recursive: true });
  await writeFile(path.join(profile, 'user', 'registrymodifications.xcu'), `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`);
  const outDir = await mkdtemp(path.join(tmpdir(), 'pal-lo-out-'));
  await run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', to, '--outdir', outDir, file], { timeout: 120_000 });
  return (await readdir(outDir)).map((f) => path.join(outDir, f));
}
