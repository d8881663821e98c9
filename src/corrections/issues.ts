/**
 * `submitted-period-changed` (SPEC §5, §8): a warning where the data changed a value already
 * submitted — at the cell of a participant that changed (with its column), at the attendance row
 * that moved a person in or out (naming the person), at a row itself, or, for a row that is gone,
 * at its file with the old row number in the message. One warning per place, period and indicator.
 */
import { message, quantity, type Message } from '../i18n/index.js';
import { makeIssue, type Issue } from '../validate/issue.js';
import type { ChangePlace } from './causes.js';
import type { Difference, Item } from './compare.js';
import { keyLabel } from './text.js';

/** Where a difference's item is to be flagged; by default the item's own row (or its file, when the row is gone). */
export type PlacesOf = (d: Difference, item: Item, entered: boolean) => ChangePlace[];

const ownPlace: PlacesOf = (_d, item) => [item.removed
  ? { at: { file: item.file, sheet: item.sheet ?? null, row: null, column: null, header: null }, removedRow: item.row }
  : { at: { file: item.file, sheet: item.sheet ?? null, row: item.row, column: null, header: null } }];

function personText(p: NonNullable<ChangePlace['person']>): string | Message {
  return p.id ?? message('corrections.person.noIdShort', { file: p.file, row: p.row });
}

export function correctionIssues(corrections: readonly Difference[], placesOf: PlacesOf = ownPlace): Issue[] {
  const out: Issue[] = [];
  const seen = new Set<string>();
  for (const d of corrections) {
    const items: [Item, boolean][] = [...d.left.map((i): [Item, boolean] => [i, false]), ...d.entered.map((i): [Item, boolean] => [i, true])];
    for (const [item, entered] of items) {
      for (const place of placesOf(d, item, entered)) {
        const at = place.at;
        const k = `${at.file}\u0000${at.sheet ?? ''}\u0000${at.row ?? ''}\u0000${at.column ?? ''}\u0000${place.removedRow ?? ''}\u0000${d.period}\u0000${d.indicator}`;
        if (seen.has(k)) continue;
        seen.add(k);
        const params = {
          period: d.period,
          indicator: d.indicator,
          side: message(`corrections.side.${d.side}`),
          key: keyLabel(d.key),
          submitted: d.submitted === null ? '—' : quantity(d.submitted),
          now: d.now === null ? '—' : quantity(d.now),
        };
        const row = place.removedRow;
        if (place.person) {
          const person = personText(place.person);
          out.push(makeIssue('submitted-period-changed', at, null, row !== undefined ? { ...params, person, row, variant: 'removedPerson' } : { ...params, person, variant: 'person' }));
        } else {
          out.push(makeIssue('submitted-period-changed', at, null, row !== undefined ? { ...params, row, variant: 'removed' } : { ...params, variant: at.column ? 'cell' : undefined }));
        }
      }
    }
  }
  return out;
}
