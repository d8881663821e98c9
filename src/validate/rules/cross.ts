/**
 * Cross-file rules (SPEC §5): participants against their attendance. Both are warnings: the
 * data may be right and the lists incomplete, but the accountant should look.
 */
import { formatPl, type IsoDate } from '../../dates.js';
import type { AttendanceRecord } from '../../ingest/attendance.js';
import type { Participant } from '../../ingest/participants.js';
import { at, type RuleContext } from '../context.js';

/** First present attendance date per participant key. */
export function firstSupport(records: readonly AttendanceRecord[]): Map<string, IsoDate> {
  const first = new Map<string, IsoDate>();
  for (const r of records) {
    if (r.mark !== 'present' || !r.date || r.key === '') continue;
    const f = first.get(r.key);
    if (f === undefined || r.date < f) first.set(r.key, r.date);
  }
  return first;
}

function firstFor(p: Participant, first: Map<string, IsoDate>): IsoDate | undefined {
  const a = p.id ? first.get(p.id) : undefined;
  const b = p.pesel ? first.get(p.pesel) : undefined;
  return a && b ? (a < b ? a : b) : (a ?? b);
}

/** Registered, never present in any attendance list. */
export function participantWithoutSupport(participants: readonly Participant[], first: Map<string, IsoDate>, ctx: RuleContext): void {
  for (const p of participants) {
    if (p.key && !firstFor(p, first)) ctx.sink.add('participant-without-support', at(p, p.id ? 'id' : 'pesel'), null);
  }
}

/** The start date should be the day of the first support (DOMAIN §2.1). */
export function startNotFirstSupport(participants: readonly Participant[], first: Map<string, IsoDate>, ctx: RuleContext): void {
  for (const p of participants) {
    const f = firstFor(p, first);
    if (p.start && f && f > p.start) {
      ctx.sink.add('start-not-first-support', at(p, 'start'), p.text.start ?? null, { first: formatPl(f) });
    }
  }
}
