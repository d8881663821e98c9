/**
 * Calendar dates without time, as ISO `yyyy-mm-dd` strings end to end.
 * ISO strings compare correctly with `<`, cost nothing to store and never drift across
 * time zones. Month arithmetic and the clock (Europe/Warsaw) are luxon's; per-row work (date
 * texts, serial numbers, day differences) stays on integer day numbers, where a luxon object
 * per row costs ten times as much.
 */
import { DateTime } from 'luxon';

export type IsoDate = string;

/** A real calendar day in the years a project's data can mention (the platform's calendar decides). */
export function isValidYmd(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  return new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function ymd(y: number, m: number, d: number): IsoDate {
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

export function splitIso(date: IsoDate): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

const ISO_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const PL_RE = /^(\d{1,2})[.\/](\d{1,2})[.\/](\d{4})\.?$/;

/**
 * Parses the date texts people type: `dd.mm.yyyy`, `d.m.yyyy`, `dd/mm/yyyy`, `yyyy-mm-dd`
 * (a time part after a space or `T` is ignored). Returns null when the text has a date
 * shape that is not a real date (`31.02.2021`) or no date shape at all; `isDateShaped`
 * tells the two apart for messages.
 */
export function parseDateText(text: string): IsoDate | null {
  const t = text.trim().replace(/[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?Z?$/, '');
  let m = ISO_RE.exec(t);
  if (m) return checked(Number(m[1]), Number(m[2]), Number(m[3]));
  m = PL_RE.exec(t);
  if (m) return checked(Number(m[3]), Number(m[2]), Number(m[1]));
  return null;
}

/**
 * Why a text is not a date, for the message: `number` (digits, as a number cell prints), `shape`
 * (written like a date, but no such day: `31.02.2021`), or undefined (something else).
 */
export function notADateKind(text: string): 'number' | 'shape' | undefined {
  const t = text.trim();
  if (/^-?\d+([.,]\d+)?$/.test(t)) return 'number';
  return ISO_RE.test(t) || PL_RE.test(t) ? 'shape' : undefined;
}

function checked(y: number, m: number, d: number): IsoDate | null {
  return isValidYmd(y, m, d) ? ymd(y, m, d) : null;
}

/** Days since 1970-01-01 (proleptic Gregorian), for day arithmetic. */
export function toDayNumber(date: IsoDate): number {
  const [y, m, d] = splitIso(date);
  return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
}

export function fromDayNumber(n: number): IsoDate {
  const dt = new Date(n * 86_400_000);
  return ymd(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** A date as luxon sees it: the day at midnight UTC, so no zone can move it. */
export function calendarDay(date: IsoDate): DateTime {
  return DateTime.fromISO(date, { zone: 'utc' });
}

/** A luxon day back to an ISO date. */
export function isoOf(day: DateTime): IsoDate {
  return day.toISODate() ?? '';
}

/**
 * Calendar months: 2021-01-31 + 1 month = 2021-02-28, the day clamped to the month's length as
 * luxon's `plus({ months })` does (a test holds it to luxon), without luxon: once per participant.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = splitIso(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return ymd(year, month, Math.min(d, daysInMonth(year, month)));
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** Full years between a birth date and a day (age on that day). */
export function fullYears(birth: IsoDate, on: IsoDate): number {
  const [by, bm, bd] = splitIso(birth);
  const [y, m, d] = splitIso(on);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

/**
 * Excel serial day number to a date. 1900 system: serial 61 = 1900-03-01 and day 60 is the
 * fictitious 1900-02-29; 1904 system: serial 0 = 1904-01-01. A time fraction is dropped.
 */
export function excelSerialToIso(serial: number, date1904 = false): IsoDate | null {
  if (!Number.isFinite(serial)) return null;
  const whole = Math.floor(serial);
  if (date1904) {
    if (whole < 0 || whole > 2_957_003) return null;
    return fromDayNumber(whole + toDayNumber('1904-01-01'));
  }
  if (whole < 61 || whole > 2_958_465) return null; // before 1900-03-01 is never a project date
  return fromDayNumber(whole + toDayNumber('1899-12-30'));
}

export function isoToExcelSerial(date: IsoDate): number {
  return toDayNumber(date) - toDayNumber('1899-12-30');
}

/** A JS Date as read by exceljs (UTC midnight of the cell's day) to a date. */
export function jsDateToIso(d: Date): IsoDate | null {
  if (Number.isNaN(d.getTime())) return null;
  // exceljs gives UTC midnight (plus the time of day, if any); the second of tolerance keeps
  // a floating-point 23:59:59.999 from slipping to the previous day.
  return fromDayNumber(Math.floor(d.getTime() / 86_400_000 + 1 / 86_400));
}

/** Poland's time zone: "today" and generation times are Warsaw's, whatever the machine's zone. */
export const WARSAW = 'Europe/Warsaw';

/** The calendar day of an instant in Poland. */
export function warsawDay(instant: Date): IsoDate {
  return isoOf(DateTime.fromJSDate(instant).setZone(WARSAW));
}

/** `2021-03-31` → `31.03.2021`, the way Polish users write dates. */
export function formatPl(date: IsoDate): string {
  const [y, m, d] = splitIso(date);
  return `${pad2(d)}.${pad2(m)}.${y}`;
}

/** `2021-04` → `04.2021`, as the resolution writes months. */
export function formatMonthPl(month: string): string {
  return `${month.slice(5, 7)}.${month.slice(0, 4)}`;
}

export function monthOf(date: IsoDate): string {
  return date.slice(0, 7);
}

/** `2021-02` → `2021-02-28`. */
export function lastDayOfMonth(month: string): IsoDate {
  return isoOf(calendarDay(`${month}-01`).endOf('month'));
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}
