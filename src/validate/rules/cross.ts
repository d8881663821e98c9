/**
 * Cross-file rules (SPEC §5): participants against their attendance. Both are warnings: the
 * data may be right and the lists incomplete, but the accountant should look.
 */
import { formatPl, fromDayNumber, toDayNumber } from '../../dates.js';
import type { AttendanceStore } from '../../ingest/index.js';
import { at, dateShown, type RuleContext } from '../context.js';

/** Day of the first present attendance per participant (index), +Infinity when never present. */
export function firstSupport(store: AttendanceStore, people: number): Float64Array {
  const first = new Float64Array(people).fill(Infinity);
  for (let i = 0; i < store.length; i++) {
    const p = store.person(i);
    if (p === undefined || !store.isPresent(i) || !store.hasDay(i)) continue;
    const d = store.day(i);
    if (d < (first[p] as number)) first[p] = d;
  }
  return first;
}

/**
 * Registered, never present in any attendance list. A repeated row is not a second person (its
 * attendance belongs to the first row), and a row ingest could not read is reported already.
 */
export function participantWithoutSupport(first: Float64Array, ctx: RuleContext): void {
  ctx.participants.forEach((p, k) => {
    if (p.key && first[k] === Infinity && !ctx.repeats.has(p) && !p.overflow) ctx.sink.add('participant-without-support', at(p, p.id ? 'id' : 'pesel'), null);
  });
}

/** The start date should be the day of the first support (DOMAIN §2.1). */
export function startNotFirstSupport(first: Float64Array, ctx: RuleContext): void {
  ctx.participants.forEach((p, k) => {
    const f = first[k] as number;
    if (p.start && f !== Infinity && f > toDayNumber(p.start)) {
      const shown = dateShown(p, 'start');
      ctx.sink.add('start-not-first-support', at(p, 'start'), shown.value, { ...shown.params, first: formatPl(fromDayNumber(f)) });
    }
  });
}
