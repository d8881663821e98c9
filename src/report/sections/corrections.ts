/**
 * The `Korekty` section (SPEC §8): the corrections of every period submitted before this one,
 * and the marks the indicator table puts on cumulative values that include a correction.
 */
import { differenceText, itemText, sideText, type Difference, type Item } from '../../corrections/index.js';
import { formatPl, warsawDay } from '../../dates.js';
import { diff, num, text } from '../columns.js';
import type { Row, Section } from '../model.js';
import { CORRECTION_WORDS, LANG } from '../wording.js';
import type { ReportInput } from './input.js';

const MAX_ITEMS = 10;

function items(list: readonly Item[]): string | null {
  if (list.length === 0) return null;
  const shown = list.slice(0, MAX_ITEMS).map((i) => itemText(i, LANG));
  if (list.length > MAX_ITEMS) shown.push(CORRECTION_WORDS.more(list.length - MAX_ITEMS));
  return shown.join('; ');
}

/**
 * Numbers stay numbers (they can be summed in the sheet): counts and hours as they are, the
 * difference signed by its format; a share (`value`) as percentages and its difference in
 * percentage points.
 */
function row(d: Difference): Row {
  const share = d.key === 'value';
  return {
    cells: [d.period, d.indicator, sideText(d.side, LANG), d.key, d.submitted, d.now, share && d.difference !== null ? d.difference * 100 : d.difference, items(d.left), items(d.entered)],
    ...(share ? { kinds: [undefined, undefined, undefined, undefined, 'percent', 'percent', 'points'] } : {}),
  };
}

export function correctionsSection({ options }: ReportInput): Section | undefined {
  const submitted = options.submitted;
  if (options.kind !== 'progress' || !submitted || submitted.corrections.length === 0) return undefined;
  const W = CORRECTION_WORDS;
  const lines: string[] = [W.intro];
  if (submitted.resolved > 0) lines.push(W.resolvedNote(submitted.resolved));
  return {
    title: W.title,
    sheet: 'Korekty',
    blocks: [
      { kind: 'paragraphs', lines },
      {
        kind: 'table',
        table: {
          title: W.table,
          columns: [text(W.period, 10), text(W.indicator, 8), text(W.side, 11), text(W.key, 8), num(W.submitted, 9), num(W.now, 9), diff(W.difference, 9), text(W.left, 40), text(W.entered, 40)],
          rows: submitted.corrections.map(row),
        },
      },
    ],
  };
}

/** "złożono 20.04.2022" for a period that was itself submitted. */
export function submittedStatus(submittedAt: string): string {
  return CORRECTION_WORDS.submittedStatus(formatPl(warsawDay(new Date(submittedAt))));
}

/**
 * What a cumulative value includes of corrections: the difference on the cumulative O of the
 * last period submitted before this one (the claim the officer compares with), per indicator.
 */
export function includedCorrections(corrections: readonly Difference[], lastPeriod: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (lastPeriod === undefined) return out;
  for (const d of corrections) {
    if (d.period !== lastPeriod || d.side !== 'cumulative' || (d.key !== 'O' && d.key !== 'value')) continue;
    out.set(d.indicator, CORRECTION_WORDS.included(differenceText(d.key, d.difference, LANG)));
  }
  return out;
}
