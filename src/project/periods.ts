/** Reporting periods: parsing `--period`, the definition's list, clipping to the project. */
import { UsageError } from '../errors.js';
import { addMonths, lastDayOfMonth, maxDate, minDate, parseDateText, ymd, type IsoDate } from '../dates.js';
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

function monthPeriod(y: number, m: number): Period {
  const mm = String(m).padStart(2, '0');
  return { id: `${y}-${mm}`, from: ymd(y, m, 1), to: lastDayOfMonth(`${y}-${mm}`) };
}

function monthsPeriod(id: string, y: number, firstMonth: number, count: number): Period {
  const from = ymd(y, firstMonth, 1);
  return { id, from, to: lastDay(addMonths(from, count - 1)) };
}

function lastDay(date: IsoDate): IsoDate {
  return lastDayOfMonth(date.slice(0, 7));
}

/** Parses a period as written on the command line (without clipping). */
export function parsePeriodText(text: string, declared: readonly Period[] = []): Period | null {
  const s = text.trim();
  const found = declared.find((p) => p.id === s);
  if (found) return { ...found };
  let m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m) {
    const mo = Number(m[2]);
    return mo >= 1 && mo <= 12 ? monthPeriod(Number(m[1]), mo) : null;
  }
  m = /^(\d{4})-Q([1-4])$/i.exec(s);
  if (m) return monthsPeriod(`${m[1]}-Q${m[2]}`, Number(m[1]), (Number(m[2]) - 1) * 3 + 1, 3);
  m = /^(\d{4})-H([12])$/i.exec(s);
  if (m) return monthsPeriod(`${m[1]}-H${m[2]}`, Number(m[1]), (Number(m[2]) - 1) * 6 + 1, 6);
  m = /^(\d{4})$/.exec(s);
  if (m) return monthsPeriod(s, Number(m[1]), 1, 12);
  m = /^(.+?)\s*\.\.\s*(.+)$/.exec(s);
  if (m) {
    const from = parseDateText(m[1] ?? '');
    const to = parseDateText(m[2] ?? '');
    if (!from || !to || from > to) return null;
    return { id: `${from}..${to}`, from, to };
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
  const [y0, m0] = [Number(span.from.slice(0, 4)), Number(span.from.slice(5, 7))];
  let cursor = ymd(y0, Math.floor((m0 - 1) / step) * step + 1, 1);
  while (cursor <= span.to) {
    const y = Number(cursor.slice(0, 4));
    const m = Number(cursor.slice(5, 7));
    const id = step === 1 ? cursor.slice(0, 7)
      : step === 3 ? `${y}-Q${(m - 1) / 3 + 1}`
        : step === 6 ? `${y}-H${(m - 1) / 6 + 1}` : String(y);
    const p = clipPeriod({ id, from: cursor, to: lastDay(addMonths(cursor, step - 1)) }, span);
    if (p) out.push(p);
    cursor = addMonths(cursor, step);
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
