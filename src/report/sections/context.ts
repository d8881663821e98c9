/** The final report's starting point: the diagnosis and background figures of the programme. */
import type { Block, Section } from '../model.js';
import { text } from '../columns.js';
import { paragraphs } from '../markdown.js';
import { HEADERS, SECTION_TITLES, TABLE_WORDS, number } from '../wording.js';
import type { ReportInput } from './input.js';

export function contextSection({ project }: ReportInput): Section | undefined {
  const ctx = project.definition.context;
  if (!ctx) return undefined;
  const blocks: Block[] = [];
  if (ctx.diagnosis) blocks.push({ kind: 'paragraphs', lines: paragraphs(ctx.diagnosis) });
  if (ctx.figures?.length) {
    const unit = (u: string | undefined) => (u ? ` ${u}` : '');
    blocks.push({
      kind: 'table',
      table: {
        title: TABLE_WORDS.context,
        columns: [text(HEADERS.figure, 56), text(HEADERS.value, 20), text(HEADERS.year, 8)],
        rows: ctx.figures.map((f) => ({ cells: [f.label, `${typeof f.value === 'number' ? number(f.value) : f.value}${unit(f.unit)}`, f.year === undefined ? null : String(f.year)] })),
      },
    });
  }
  return { title: SECTION_TITLES.context, sheet: 'Podsumowanie', blocks };
}
