import { describe, expect, it } from 'vitest';
import {
  cellText, columnLetter, parseBoolCell, parseDateCell, parseNumberCell, parseTimeCell,
} from '../../src/ingest/values.js';
import { dictionaryKey } from '../../src/text.js';

describe('cell values', () => {
  it('numbers: decimal comma or point, space and NBSP grouping', () => {
    expect(parseNumberCell('1,5')).toBe(1.5);
    expect(parseNumberCell('1.5')).toBe(1.5);
    expect(parseNumberCell('1 234,5')).toBe(1234.5);
    expect(parseNumberCell('1\u00a0234,5')).toBe(1234.5);
    expect(parseNumberCell('1.234,5')).toBe(1234.5);
    expect(parseNumberCell(7)).toBe(7);
    expect(parseNumberCell('')).toBeUndefined();
    expect(parseNumberCell('dwa')).toBeNull();
    expect(parseNumberCell('1,2,3')).toBeNull();
  });
  it('booleans: Tak/Nie/T/N/1/0/x, any case', () => {
    for (const t of ['Tak', 'TAK', 't', '1', 'x', 'X']) expect(parseBoolCell(t)).toBe(true);
    for (const f of ['Nie', 'nie', 'N', '0']) expect(parseBoolCell(f)).toBe(false);
    expect(parseBoolCell(true)).toBe(true);
    expect(parseBoolCell('może')).toBeNull();
    expect(parseBoolCell(null)).toBeUndefined();
  });
  it('dates: date cells, serials (also as text) and text', () => {
    expect(parseDateCell(new Date('2021-03-15T00:00:00Z'))).toBe('2021-03-15');
    expect(parseDateCell(44270)).toBe('2021-03-15');
    expect(parseDateCell('44270')).toBe('2021-03-15');
    expect(parseDateCell(44270 - 1462, true)).toBe('2021-03-15');
    expect(parseDateCell('15.03.2021')).toBe('2021-03-15');
    expect(parseDateCell('31.02.2021')).toBeNull();
    expect(parseDateCell('  ')).toBeUndefined();
  });
  it('times of day', () => {
    expect(parseTimeCell('10:30')).toBe(10.5);
    expect(parseTimeCell('9.15')).toBe(9.25);
    expect(parseTimeCell(0.5)).toBe(12);
    expect(parseTimeCell('25:00')).toBeNull();
  });
  it('text: trims and collapses spaces and NBSP', () => {
    expect(cellText('  Jan\u00a0 Kowalski ')).toBe('Jan Kowalski');
    expect(cellText(12345678901)).toBe('12345678901');
  });
  it('dictionary keys ignore case, spacing and dash variants', () => {
    expect(dictionaryKey('Wyższe (ISCED 5–8)')).toBe(dictionaryKey('wyższe  (ISCED 5-8)'));
  });
  it('column letters as Excel shows them', () => {
    expect(columnLetter(0)).toBe('A');
    expect(columnLetter(25)).toBe('Z');
    expect(columnLetter(26)).toBe('AA');
    expect(columnLetter(51)).toBe('AZ');
    expect(columnLetter(701)).toBe('ZZ');
    expect(columnLetter(702)).toBe('AAA');
  });
});

describe('Polish plural forms', () => {
  it('a table of counts and nouns', async () => {
    const { countText } = await import('../../src/i18n/index.js');
    const table: [number, Parameters<typeof countText>[1], string][] = [
      [1, 'record', '1 wpis obecności'], [2, 'record', '2 wpisy obecności'], [5, 'record', '5 wpisów obecności'],
      [12, 'record', '12 wpisów obecności'], [22, 'record', '22 wpisy obecności'], [0, 'record', '0 wpisów obecności'],
      [1, 'participant', '1 uczestnik'], [4, 'participant', '4 uczestników'], [1, 'inFiles', 'w 1 pliku'], [7, 'inFiles', 'w 7 plikach'],
      [1, 'error', '1 błąd'], [3, 'error', '3 błędy'], [13, 'error', '13 błędów'], [24, 'warning', '24 ostrzeżenia'], [25, 'info', '25 informacji'],
      [1, 'year', '1 rok'], [22, 'year', '22 lata'], [40, 'year', '40 lat'], [2, 'char', '2 znaki'], [10, 'char', '10 znaków'],
      [14529, 'record', '14\u00a0529 wpisów obecności'], [1, 'row', '1 wiersz'], [1002, 'row', '1\u00a0002 wiersze'],
    ];
    for (const [n, noun, text] of table) expect(countText(n, noun, 'pl'), `${n} ${noun}`).toBe(text);
    expect(countText(1, 'record', 'en')).toBe('1 attendance record');
    expect(countText(2, 'inFiles', 'en')).toBe('in 2 files');
  });
});
