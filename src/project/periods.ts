/** Reporting periods: parsing `--period`, the definition's list, clipping to the project. */
import { UsageError } from '../errors.js';
import { DateTime } from 'luxon';
import { calendarDay, isoOf, maxDate, minDate, parseDateText, type IsoDate } from '../dates.js';
import type { Definition } from './schema.js';
import { message } from '../i18n/index.js';

export interface Period {
  id: string;
  from: IsoDate;
  to: IsoDate;
}

export interface ProjectSpan {
  from: IsoDate;
  to: IsoDate;
}

/** `months` calendar months from the first day of `first`'s month. */
function monthsFrom(id: string, first: DateTime, months: number): Period {
  const start = first.startOf('month');
  return { id, from: isoOf(start), to: isoOf(start.plus({ months: months - 1 }).endOf('month')) };
}

/** A calendar text in one of luxon's formats, or undefined. */
function parsed(text: string, format: string): DateTime | undefined {
  const d = DateTime.fromFormat(text, format, { zone: 'utc' });
  return d.isValid ? d : undefined;
}

/** The period grammar of `--period`: `2021-03`, `2021-Q3`, `2021-H2`, `2021`, `01.07.2021..30.09.2021`. */
const GRAMMAR: readonly ((s: string) => Period | undefined)[] = [
  (s) => { const d = parsed(s, 'yyyy-MM'); return d && monthsFrom(d.toFormat('yyyy-MM'), d, 1); },
  (s) => { const d = parsed(s.toUpperCase(), "yyyy-'Q'q"); return d && monthsFrom(d.toFormat("yyyy-'Q'q"), d, 3); },
  (s) => {
    const m = /^(\d{4})-H([12])$/i.exec(s);
    return m ? monthsFrom(`${m[1]}-H${m[2]}`, DateTime.utc(Number(m[1]), Number(m[2]) === 1 ? 1 : 7), 6) : undefined;
  },
  (s) => { const d = parsed(s, 'yyyy'); return d && monthsFrom(d.toFormat('yyyy'), d, 12); },
  (s) => {
    const m = /^(.+?)\s*\.\.\s*(.+)$/.exec(s);
    const from = m ? parseDateText(m[1] ?? '') : null;
    const to = m ? parseDateText(m[2] ?? '') : null;
    return from && to && from <= to ? { id: `${from}..${to}`, from, to } : undefined;
  },
];

/** Parses a period as written on the command line (without clipping). */
export function parsePeriodText(text: string, declared: readonly Period[] = []): Period | null {
  const s = text.trim();
  const found = declared.find((p) => p.id === s);
  if (found) return { ...found };
  for (const form of GRAMMAR) {
    const p = form(s);
    if (p) return p;
  }
  return null;
}

/** Clips a period to the project; null when it lies wholly outside. */
export function clipPeriod(p: Period, span: ProjectSpan): Period | null {
  const from = maxDate(p.from, span.from);
  const to = minDate(p.to, span.to);
  return from <= to ? { id: p.id, from, to } : null;
}

/** The project's months, quarters, halves or years (step 1, 3, 6, 12), aligned to the calendar and clipped. */
export function calendarPeriods(span: ProjectSpan, step: 1 | 3 | 6 | 12): Period[] {
  const out: Period[] = [];
  const first = calendarDay(span.from);
  let cursor = DateTime.utc(first.year, Math.floor((first.month - 1) / step) * step + 1);
  const name = (d: DateTime) => (step === 1 ? d.toFormat('yyyy-MM') : step === 3 ? d.toFormat("yyyy-'Q'q") : step === 6 ? `${d.year}-H${d.month < 7 ? 1 : 2}` : d.toFormat('yyyy'));
  while (isoOf(cursor) <= span.to) {
    const p = clipPeriod(monthsFrom(name(cursor), cursor, step), span);
    if (p) out.push(p);
    cursor = cursor.plus({ months: step });
  }
  return out;
}

/** The reporting periods of the project, in order, clipped to the project period. */
export function reportingPeriods(def: Definition): Period[] {
  const span = def.project.period;
  const spec = def.reporting.periods;
  if (Array.isArray(spec)) {
    return spec.map((p) => clipPeriod({ id: p.id, from: p.from, to: p.to }, span)).filter((p): p is Period => p !== null);
  }
  return calendarPeriods(span, ({ monthly: 1, quarterly: 3, 'half-yearly': 6, yearly: 12 } as const)[spec]);
}

/** `--period P` resolved against the project: parsed, `all`, or a declared id; clipped. */
export function resolvePeriod(text: string, def: Definition): Period {
  const span = def.project.period;
  if (text.trim() === 'all') return { id: 'all', from: span.from, to: span.to };
  const parsed = parsePeriodText(text, reportingPeriods(def));
  if (!parsed) throw new UsageError(message('cli.badPeriod', { period: text }));
  const clipped = clipPeriod(parsed, span);
  if (!clipped) throw new UsageError(message('cli.periodOutside', { period: text, from: span.from, to: span.to }));
  return clipped;
}
