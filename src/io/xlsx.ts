/**
 * Writing workbooks: exceljs stamps "now" into docProps and into every zip entry; with a
 * fixed date both are pinned, so the same input gives the same bytes.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

/** The date used when nothing else is given: reproducible output is the default for fixtures. */
export const EPOCH_2000 = new Date(Date.UTC(2000, 0, 1));

export async function workbookBytes(wb: ExcelJS.Workbook, fixed: Date = EPOCH_2000): Promise<Uint8Array> {
  wb.created = fixed;
  wb.modified = fixed;
  const raw = await wb.xlsx.writeBuffer();
  const src = await JSZip.loadAsync(new Uint8Array(raw as ArrayBuffer));
  const out = new JSZip();
  for (const [name, f] of Object.entries(src.files)) {
    if (!f.dir) out.file(name, await f.async('uint8array'), { date: fixed, createFolders: false });
  }
  return out.generateAsync({ type: 'uint8array', compression: 'DEFLATE', platform: 'UNIX' });
}

export function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'pal-report';
  wb.lastModifiedBy = 'pal-report';
  return wb;
}
