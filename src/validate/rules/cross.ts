/**
 * Cross-file rules (SPEC §5): participants against their attendance. Both are warnings: the
 * data may be right and the lists incomplete, but the accountant should look.
 */
import { formatPl, fromDayNumber, toDayNumber } from '../../dates.js';
import { MARK, NEVER, NO_DAY, type AttendanceStore } from '../../ingest/attendance-store.js';
import { at, dateShown, type RuleContext } from '../context.js';

/** Day of the first present attendance per participant (index), NEVER when never present. */
export function firstSupport(store: AttendanceStore, people: number): Int32Array {
  const first = new Int32Array(people).fill(NEVER);
  for (let i = 0; i < store.length; i++) {
    const p = store.person[i] as number;
    const d = store.day[i] as number;
    if (p < 0 || store.mark[i] !== MARK.present || d <= NO_DAY) continue;
    if (d < (first[p] as number)) first[p] = d;
  }
  return first;
}

/**
 * Registered, never present in any attendance list. A repeated row is not a second person (its
 * attendance belongs to the first row), and a row ingest could not read is reported already.
 */
export function participantWithoutSupport(first: Int32Array, ctx: RuleContext): void {
  ctx.participants.forEach((p, k) => {
    if (p.key && first[k] === NEVER && !ctx.repeats.has(p) && !p.overflow) ctx.sink.add('participant-without-support', at(p, p.id ? 'id' : 'pesel'), null);
  });
}

/** The start date should be the day of the first support (DOMAIN §2.1). */
export function startNotFirstSupport(first: Int32Array, ctx: RuleContext): void {
  ctx.participants.forEach((p, k) => {
    const f = first[k] as number;
    if (p.start && f !== NEVER && f > toDayNumber(p.start)) {
      const shown = dateShown(p, 'start');
      ctx.sink.add('start-not-first-support', at(p, 'start'), shown.value, { ...shown.params, first: formatPl(fromDayNumber(f)) });
    }
  });
}
