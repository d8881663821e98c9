/**
 * The description files (`opisy/<period>.md`, `opisy/koncowy.md`): Markdown whose `## D.2 …`
 * and `## D.3 …` headings hold paragraphs the report quotes.
 */

/** Paragraphs separated by blank lines; a paragraph's line breaks become spaces. */
export function paragraphs(text: string): string[] {
  return text.split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, ' ').trim()).filter(Boolean);
}

/** The paragraphs under the `D.2` and `D.3` headings; text under other headings is ignored. */
export function parseDescriptions(source: string | undefined): { d2: string[]; d3: string[] } {
  const buffer: Record<'d2' | 'd3', string[]> = { d2: [], d3: [] };
  if (!source) return { d2: [], d3: [] };
  let current: 'd2' | 'd3' | undefined;
  for (const line of source.split(/\r?\n/)) {
    const h = /^#+\s*(.*)$/.exec(line);
    if (h) {
      const title = h[1] ?? '';
      current = /D\.?\s*2/i.test(title) ? 'd2' : /D\.?\s*3/i.test(title) ? 'd3' : undefined;
      continue;
    }
    if (current) buffer[current].push(line);
  }
  return { d2: paragraphs(buffer.d2.join('\n')), d3: paragraphs(buffer.d3.join('\n')) };
}
