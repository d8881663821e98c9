/**
 * Rendering a report model to files: every requested format is written complete beside its
 * target first (the XLSX streamed, the PDF and JSON from memory), and only when all are complete
 * are they put in place. A failed run leaves no partial report, and an earlier complete one is
 * replaced only by a complete one.
 */
import { streamed, ensureDir, stageOutput, sweepTemporaries } from '../io/index.js';
import { path, type Platform, type Staged } from '../platform/index.js';
import type { ReportFormat } from './formats.js';
import type { ReportModel } from './model.js';
import { loadFonts, renderPdf } from './pdf.js';
import { writeXlsx } from './xlsx.js';

/** The model as JSON (its indicators are already in the `indicators --format json` shape). */
export function modelJson(model: ReportModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}

async function render(platform: Platform, model: ReportModel, format: ReportFormat, file: string, fixed: Date): Promise<Staged> {
  switch (format) {
    case 'xlsx':
      return streamed((bytes) => stageOutput(platform, file, bytes), (sink) => writeXlsx(model, sink, platform.codec, fixed));
    case 'pdf':
      return stageOutput(platform, file, await renderPdf(model, fixed, await loadFonts(platform)));
    case 'json':
      return stageOutput(platform, file, modelJson(model));
  }
}

/** The names of the report files (`fileBase` of either report, every format): the temporaries a killed run leaves of them are swept. */
const REPORT_FILE = /^raport-(okresowy-.+|koncowy)\.(xlsx|pdf|json)$/;

export async function writeReport(platform: Platform, model: ReportModel, formats: readonly ReportFormat[], outDir: string, fixed: Date): Promise<string[]> {
  await ensureDir(platform, outDir);
  const targets = formats.map((f) => path.join(outDir, `${model.fileBase}.${f}`));
  const staged: Staged[] = [];
  try {
    for (const [i, f] of formats.entries()) staged.push(await render(platform, model, f, targets[i] as string, fixed));
    for (const s of staged) await s.commit();
  } catch (e) {
    await Promise.all(staged.map((s) => s.discard()));
    throw e;
  }
  await sweepTemporaries(platform, outDir, (name) => REPORT_FILE.test(name));
  return targets;
}
