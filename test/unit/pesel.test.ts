import { describe, expect, it } from 'vitest';
import { makePesel, maskPesel, maskPeselsIn, peselBirthDate, peselChecksumOk, peselSex } from '../../src/pesel.js';

describe('PESEL', () => {
  it('checks the DOMAIN test vector', () => {
    expect(peselChecksumOk('44051401458')).toBe(true);
    expect(peselChecksumOk('44051401459')).toBe(false);
    expect(peselBirthDate('44051401458')).toBe('1944-05-14');
    expect(peselSex('44051401458')).toBe('M');
  });
  it('decodes the century from the month', () => {
    expect(peselBirthDate(makePesel('2003-07-09', 123, 'K'))).toBe('2003-07-09');
    expect(makePesel('2003-07-09', 123, 'K').slice(2, 4)).toBe('27');
    expect(peselBirthDate('44133101458')).toBeNull();
    expect(peselBirthDate('44023101458')).toBeNull();
  });
  it('generates valid numbers of the requested sex', () => {
    for (let i = 0; i < 50; i++) {
      const p = makePesel('1975-12-31', i * 37, i % 2 ? 'K' : 'M');
      expect(peselChecksumOk(p)).toBe(true);
      expect(peselSex(p)).toBe(i % 2 ? 'K' : 'M');
    }
  });
  it('masks everything but the birth date', () => {
    expect(maskPesel('44051401458')).toBe('440514*****');
    expect(maskPeselsIn('PESEL 44051401458 i 02270803628.')).toBe('PESEL 440514***** i 022708*****.');
    expect(maskPeselsIn('numer 123456789012 zostaje')).toBe('numer 123456789012 zostaje');
  });
});
