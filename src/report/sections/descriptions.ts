/** The coordinator's own words (D.2, D.3 or the final report's conclusions) from `opisy/*.md`. */
import type { Section } from '../model.js';
import { parseDescriptions } from '../markdown.js';
import { DESCRIPTION_HEADINGS, SECTION_TITLES } from '../wording.js';
import type { ReportInput } from './input.js';

/** A heading without text in the file. */
const EMPTY = { runs: [{ text: '—' }] };

export function descriptionsSection({ options }: ReportInput): Section {
  const d = parseDescriptions(options.descriptions);
  const [first, second] = DESCRIPTION_HEADINGS[options.kind];
  return {
    title: SECTION_TITLES.descriptions[options.kind],
    sheet: 'Podsumowanie',
    blocks: [
      { kind: 'heading', text: first },
      { kind: 'rich', paragraphs: d.d2.length ? d.d2 : [EMPTY] },
      { kind: 'heading', text: second },
      { kind: 'rich', paragraphs: d.d3.length ? d.d3 : [EMPTY] },
    ],
  };
}
