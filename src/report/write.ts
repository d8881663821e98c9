/**
 * Rendering a report model to files: every requested format is rendered in memory first, then
 * each is written to a temporary file and renamed, so a failed run leaves no partial report and
 * an earlier complete one is replaced only by a complete one.
 */
import path from 'node:path';
import { writeFileAtomic, ensureDir } from '../io/atomic.js';
import { indicatorsJson } from '../indicators/json.js';
import type { ReportModel } from './model.js';
import { renderPdf } from './pdf.js';
import { renderXlsx } from './xlsx.js';

import type { ReportFormat } from './formats.js';

/** The model as JSON: indicators in the `indicators --format json` shape, no internal fields. */
export function modelJson(model: ReportModel): string {
  const { indicators, ...rest } = model;
  const json = indicatorsJson({ project: model.project.number, period: { ...model.period }, asOf: model.asOf, indicators }) as { indicators: unknown };
  return `${JSON.stringify({ ...rest, indicators: json.indicators }, null, 2)}\n`;
}

export async function renderReport(model: ReportModel, format: ReportFormat, fixed: Date): Promise<Uint8Array> {
  switch (format) {
    case 'xlsx':
      return renderXlsx(model, fixed);
    case 'pdf':
      return renderPdf(model, fixed);
    case 'json':
      return new TextEncoder().encode(modelJson(model));
  }
}

export async function writeReport(model: ReportModel, formats: readonly ReportFormat[], outDir: string, fixed: Date): Promise<string[]> {
  await ensureDir(outDir);
  const rendered: [string, Uint8Array][] = [];
  for (const f of formats) rendered.push([path.join(outDir, `${model.fileBase}.${f}`), await renderReport(model, f, fixed)]);
  for (const [file, bytes] of rendered) await writeFileAtomic(file, bytes);
  return rendered.map(([file]) => file);
}
