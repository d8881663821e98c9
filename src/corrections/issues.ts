/**
 * `submitted-period-changed` (SPEC §5, §8): a warning where the data changed a value already
 * submitted — at the cell of a participant that changed (with its column), at the attendance row
 * that moved a person in or out (naming the person), at a row itself, or, for a row that is gone,
 * at its file with the old row number in the message. One warning per place, naming every value it changed.
 */
import { message, quantity, type Message } from '../i18n/index.js';
import { makeIssue, type Issue } from '../validate/index.js';
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

/** What one place changed: the values, grouped by period (in the order the differences came). */
interface PlaceChanges {
  place: ChangePlace;
  /** The snapshot's period whose old row a removed place names. */
  period: string;
  byPeriod: Map<string, Message[]>;
  indicators: Set<string>;
}

/** `a; b; c` as one message (the text is made where it is shown). */
function listOf(items: readonly Message[]): Message {
  return items.slice(1).reduce((first, rest) => message('corrections.changed.list', { first, rest }), items[0] as Message);
}

/**
 * One warning per place (a cell, a row, or a row that is gone — per snapshot, whose row numbers
 * it names): every value the change there moved, by period, in its message. One cause, one line:
 * a late row moves a person count, the hours and the attendances at once.
 */
export function correctionIssues(corrections: readonly Difference[], placesOf: PlacesOf = ownPlace): Issue[] {
  const byPlace = new Map<string, PlaceChanges>();
  for (const d of corrections) {
    const items: [Item, boolean][] = [...d.left.map((i): [Item, boolean] => [i, false]), ...d.entered.map((i): [Item, boolean] => [i, true])];
    for (const [item, entered] of items) {
      for (const place of placesOf(d, item, entered)) {
        const at = place.at;
        const removed = place.removedRow !== undefined;
        const k = `${at.file}\u0000${at.sheet ?? ''}\u0000${at.row ?? ''}\u0000${at.column ?? ''}\u0000${place.removedRow ?? ''}\u0000${removed ? d.period : ''}`;
        let changes = byPlace.get(k);
        if (!changes) {
          changes = { place, period: d.period, byPeriod: new Map(), indicators: new Set() };
          byPlace.set(k, changes);
        }
        if (!changes.place.person && place.person) changes.place = { ...changes.place, person: place.person };
        // an indicator once per period: its first difference here
        const seen = `${d.period}\u0000${d.indicator}`;
        if (changes.indicators.has(seen)) continue;
        changes.indicators.add(seen);
        const list = changes.byPeriod.get(d.period) ?? [];
        list.push(message('corrections.changed.value', {
          indicator: d.indicator,
          side: message(`corrections.side.${d.side}`),
          key: keyLabel(d.key),
          submitted: d.submitted === null ? '—' : quantity(d.submitted),
          now: d.now === null ? '—' : quantity(d.now),
        }));
        changes.byPeriod.set(d.period, list);
      }
    }
  }
  return [...byPlace.values()].map(({ place, period, byPeriod, indicators }) => {
    const at = place.at;
    const what = message(indicators.size === 1 ? 'corrections.changed.one' : 'corrections.changed.many');
    const removedRow = place.removedRow;
    if (removedRow !== undefined) {
      const changes = listOf(byPeriod.get(period) ?? []);
      return makeIssue('submitted-period-changed', at, null, place.person
        ? { variant: 'removedPerson', period, what, changes, person: personText(place.person), row: removedRow }
        : { variant: 'removed', period, what, changes, row: removedRow });
    }
    const changes = listOf([...byPeriod].map(([p, values]) => message('corrections.changed.period', { period: p, values: listOf(values) })));
    if (place.person) return makeIssue('submitted-period-changed', at, null, { variant: at.column ? 'cellPerson' : 'person', period, what, changes, person: personText(place.person) });
    return makeIssue('submitted-period-changed', at, null, { variant: at.column ? 'cell' : undefined, period, what, changes });
  });
}
