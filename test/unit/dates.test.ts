import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  addMonths, excelSerialToIso, formatPl, fullYears, isoToExcelSerial, jsDateToIso, parseDateText,
} from '../../src/dates.js';

describe('parseDateText', () => {
  it('reads the forms people type', () => {
    expect(parseDateText('15.03.2021')).toBe('2021-03-15');
    expect(parseDateText('5.3.2021')).toBe('2021-03-05');
    expect(parseDateText('2021-03-15')).toBe('2021-03-15');
    expect(parseDateText(' 15/03/2021 ')).toBe('2021-03-15');
    expect(parseDateText('2021-03-15 10:30')).toBe('2021-03-15');
  });
  it('rejects dates that do not exist and non-dates', () => {
    expect(parseDateText('31.02.2021')).toBeNull();
    expect(parseDateText('29.02.2021')).toBeNull();
    expect(parseDateText('29.02.2020')).toBe('2020-02-29');
    expect(parseDateText('2021-13-01')).toBeNull();
    expect(parseDateText('wczoraj')).toBeNull();
    expect(parseDateText('03.2021')).toBeNull();
  });
});

describe('Excel serial numbers', () => {
  it('maps the 1900 system anchors of the project period', () => {
    expect(excelSerialToIso(44197)).toBe('2021-01-01');
    expect(excelSerialToIso(44926)).toBe('2022-12-31');
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(excelSerialToIso(44197.75)).toBe('2021-01-01');
    expect(isoToExcelSerial('2021-01-01')).toBe(44197);
  });
  it('maps the 1904 system', () => {
    expect(excelSerialToIso(0, true)).toBe('1904-01-01');
    expect(excelSerialToIso(44197 - 1462, true)).toBe('2021-01-01');
  });
  it('reads exceljs dates at UTC midnight, with a time, and just before midnight', () => {
    expect(jsDateToIso(new Date('2021-03-15T00:00:00Z'))).toBe('2021-03-15');
    expect(jsDateToIso(new Date('2021-03-15T18:00:00Z'))).toBe('2021-03-15');
    expect(jsDateToIso(new Date('2021-03-14T23:59:59.999Z'))).toBe('2021-03-15');
  });
});

describe('calendar arithmetic', () => {
  it('adds calendar months clamping the day', () => {
    expect(addMonths('2021-01-31', 1)).toBe('2021-02-28');
    expect(addMonths('2020-01-31', 1)).toBe('2020-02-29');
    expect(addMonths('2021-11-30', 3)).toBe('2022-02-28');
    expect(addMonths('2021-03-15', -3)).toBe('2020-12-15');
    // as luxon counts them, on any day and any number of months
    fc.assert(fc.property(fc.date({ min: new Date('1990-01-01'), max: new Date('2060-12-31'), noInvalidDate: true }), fc.integer({ min: -40, max: 40 }), (day, months) => {
      const iso = day.toISOString().slice(0, 10);
      expect(addMonths(iso, months)).toBe(DateTime.fromISO(iso, { zone: 'utc' }).plus({ months }).toISODate());
    }), { numRuns: 2000 });
  });
  it('counts full years on a day', () => {
    expect(fullYears('1980-05-14', '2021-05-13')).toBe(40);
    expect(fullYears('1980-05-14', '2021-05-14')).toBe(41);
    expect(fullYears('2000-02-29', '2021-02-28')).toBe(20);
  });
  it('formats the Polish way', () => {
    expect(formatPl('2021-03-05')).toBe('05.03.2021');
  });
});
