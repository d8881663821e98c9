/** Cross-file rules: participants against their attendance (both warnings). */
import { describe, expect, it } from 'vitest';
import { at, check, csvText, participantsProject, person, significant } from '../helpers/fixtures.js';

const HEADER = ['Data', 'Kod działania', 'Forma', 'Zajęcia', 'Liczba godzin', 'Identyfikator', 'Obecność'];

describe('cross-file rules', () => {
  it('participant-without-support: registered, never present (absent marks do not count)', async () => {
    const dir = await participantsProject([person(1), person(2)], {
      'obecnosci/lista.csv': csvText([HEADER, ['01.03.2021', 'A1', 'spotkanie', 'S', 2, 'P1', 'x'], ['01.03.2021', 'A1', 'spotkanie', 'S', 2, 'P2', 'nb']]),
    });
    const issues = significant((await check(dir)).issues);
    expect(issues.map((i) => `${i.code} ${i.severity} ${at(i)}`)).toEqual(['participant-without-support warning uczestnicy.xlsx › Uczestnicy › B3']);
  });
  it('start-not-first-support: the first presence is later than the start date', async () => {
    const dir = await participantsProject([person(1), person(2)], {
      'obecnosci/lista.csv': csvText([HEADER, ['01.03.2021', 'A1', 'spotkanie', 'S', 2, 'P1', 'x'], ['15.03.2021', 'A1', 'spotkanie', 'S', 2, 'P2', 'x']]),
    });
    const issues = significant((await check(dir)).issues);
    expect(issues.map((i) => `${i.code} ${i.severity} ${at(i)}`)).toEqual(['start-not-first-support warning uczestnicy.xlsx › Uczestnicy › M3']);
    expect(issues[0]?.params.first).toBe('15.03.2021');
  });
  it('a participant present under the PESEL key is supported', async () => {
    const dir = await participantsProject([person(1), person(2)], {
      'obecnosci/lista.csv': csvText([['Data', 'Kod działania', 'Forma', 'Zajęcia', 'Liczba godzin', 'PESEL', 'Obecność'],
        ['01.03.2021', 'A1', 'spotkanie', 'S', 2, String(person(1).PESEL), 'x'], ['01.03.2021', 'A1', 'spotkanie', 'S', 2, String(person(2).PESEL), 'x']]),
    });
    expect(significant((await check(dir)).issues)).toEqual([]);
  });
  it('without any attendance file, the cross-file rules stay silent', async () => {
    const dir = await participantsProject([person(1), person(2)]);
    expect((await check(dir)).issues).toEqual([]);
  });
});
