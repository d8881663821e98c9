/** Semantic dumps of generated files for golden tests: what a reader sees, not the bytes. */
import ExcelJS from 'exceljs';

function show(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('formula' in v || 'sharedFormula' in v) return `=${show((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue)}`;
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String((v as { text: unknown }).text);
    return JSON.stringify(v);
  }
  return typeof v === 'number' ? String(Math.round(v * 1e9) / 1e9) : String(v);
}

/** Every sheet, every non-empty row as `cell | cell | …`; long listings cut after `limit` rows. */
export async function dumpXlsx(file: string, limit: Record<string, number> = {}): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: string[] = [];
  wb.eachSheet((ws) => {
    out.push(`## ${ws.name}`);
    let n = 0;
    const max = limit[ws.name] ?? Infinity;
    ws.eachRow((row) => {
      n++;
      if (n > max) return;
      const cells: string[] = [];
      // a merged range shows once, at its top-left cell
      for (let c = 1; c <= row.cellCount; c++) {
        const cell = row.getCell(c);
        cells.push(cell.isMerged && cell.master !== cell ? '' : show(cell.value));
      }
      while (cells.length && cells[cells.length - 1] === '') cells.pop();
      out.push(cells.join(' | '));
    });
    if (n > max) out.push(`… (${n} wierszy)`);
  });
  return `${out.join('\n')}\n`;
}

/** PDF text with whitespace normalised (line breaks in tables depend on widths, not content). */
export function normaliseText(text: string): string {
  return `${text.split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean).join('\n')}\n`;
}

/**
 * Formula cells straight from the sheet XML (exceljs reads a cached 0 back as "no result"):
 * sheet name → address → { formula, cached }.
 */
export async function formulaCells(bytes: Uint8Array): Promise<Map<string, Map<string, { formula: string; cached: number | undefined }>>> {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(bytes);
  const workbook = await zip.file('xl/workbook.xml')?.async('string') ?? '';
  const rels = await zip.file('xl/_rels/workbook.xml.rels')?.async('string') ?? '';
  const targets = new Map([...rels.matchAll(/<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map((m) => [m[1], m[2]]));
  const out = new Map<string, Map<string, { formula: string; cached: number | undefined }>>();
  for (const m of workbook.matchAll(/<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"/g)) {
    const target = String(targets.get(m[2] ?? '') ?? '').replace(/^\/?(xl\/)?/, '');
    const xml = await zip.file(`xl/${target}`)?.async('string') ?? '';
    const cells = new Map<string, { formula: string; cached: number | undefined }>();
    // a self-closing <c …/> (an empty styled cell) has no content: [^>]*? must not run into the next cell
    for (const c of xml.matchAll(/<c r="([A-Z]+\d+)"(?:[^>/]|\/(?!>))*>(.*?)<\/c>/g)) {
      const f = /<f[^>]*>([^<]*)<\/f>/.exec(c[2] ?? '');
      if (!f) continue;
      const v = /<v>([^<]*)<\/v>/.exec(c[2] ?? '');
      const formula = (f[1] ?? '').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      cells.set(c[1] ?? '', { formula, cached: v ? Number(v[1]) : undefined });
    }
    out.set((m[1] ?? '').replace(/&amp;/g, '&'), cells);
  }
  return out;
}
