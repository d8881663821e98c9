/**
 * Rendering a report model to files: every requested format is written to a temporary file
 * beside its target first (the XLSX streamed, the PDF and JSON from memory), and only when all
 * are complete are they renamed into place. A failed run leaves no partial report, and an
 * earlier complete one is replaced only by a complete one.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { discard, ensureDir, outputError, publish, sweepTemporaries, temporaryBeside } from '../io/atomic.js';
import type { ReportFormat } from './formats.js';
import type { ReportModel } from './model.js';
import { renderPdf } from './pdf.js';
import { writeXlsx } from './xlsx.js';

/** The model as JSON (its indicators are already in the `indicators --format json` shape). */
export function modelJson(model: ReportModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}

async function render(model: ReportModel, format: ReportFormat, file: string, fixed: Date): Promise<void> {
  switch (format) {
    case 'xlsx':
      return writeXlsx(model, file, fixed);
    case 'pdf':
      return writeFile(file, await renderPdf(model, fixed), { flag: 'wx' });
    case 'json':
      return writeFile(file, modelJson(model), { flag: 'wx' });
  }
}

/** The names of the report files (`fileBase` of either report, every format): the temporaries a killed run leaves of them are swept. */
const REPORT_FILE = /^raport-(okresowy-.+|koncowy)\.(xlsx|pdf|json)$/;

export async function writeReport(model: ReportModel, formats: readonly ReportFormat[], outDir: string, fixed: Date): Promise<string[]> {
  await ensureDir(outDir);
  const targets = formats.map((f) => path.join(outDir, `${model.fileBase}.${f}`));
  const temporary = targets.map(temporaryBeside);
  try {
    for (const [i, f] of formats.entries()) {
      try {
        await render(model, f, temporary[i] as string, fixed);
      } catch (e) {
        // the file system's failures (no space, no permission) are the output's, with its name
        const code = (e as NodeJS.ErrnoException | undefined)?.code;
        throw typeof code === 'string' ? await outputError(targets[i] as string, e) : e;
      }
    }
    for (const [i, target] of targets.entries()) await publish(temporary[i] as string, target);
  } catch (e) {
    await Promise.all(temporary.map(discard));
    throw e;
  }
  await sweepTemporaries(outDir, (name) => REPORT_FILE.test(name));
  return targets;
}
