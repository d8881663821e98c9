/**
 * Labels agree: with --lang en, `corrections` (and the warnings of `validate`) name a value's key
 * F/M/T as the indicator table does, while the JSON keeps K/M/O (SPEC §8); a grid attendance
 * list's date columns are named dd.mm.yyyy in locations.
 */
import { describe, expect, it } from 'vitest';
import { makePesel } from '../../src/pesel.js';
import { csvText, participantsProject, PARTICIPANT_TEST_HEADERS, type CellValue } from '../helpers/fixtures.js';
import { basePeople, baseRows, cli, DEFINITION, LIST_HEADER, submitQ1, writePeople, type Person } from './helpers.js';

/** P3 is a woman. */
function people(): Person[] {
  return basePeople().map((p, i) => (i === 2 ? { ...p, PESEL: makePesel('1980-05-14', 1030, 'K'), Płeć: 'Kobieta' } : p));
}

describe('--lang en: F/M/T as in indicators', () => {
  it('corrections and validate say F and T where Polish says K and O; JSON keeps K/M/O', async () => {
    const dir = await participantsProject(people(), { 'obecnosci/lista.csv': csvText([LIST_HEADER, ...baseRows()]) }, PARTICIPANT_TEST_HEADERS, DEFINITION);
    expect((await submitQ1(dir)).code).toBe(0);
    await writePeople(dir, people().map((p, i) => (i === 2 ? { ...p, Otoczenie: 'Tak' } : p)));

    const ind = await cli(['indicators', '--project', dir, '--period', '2021-Q1', '--as-of', '2021-04-15', '--lang', 'en']);
    expect(ind.out).toContain('In period F / M / T');

    const en = await cli(['corrections', '--project', dir, '--as-of', '2021-07-01', '--lang', 'en']);
    expect(en.out).toContain('  2021-Q1  U2  in period  F:  Submitted 0, now 1 (+1)\n');
    expect(en.out).toContain('  2021-Q1  U2  in period  T:  Submitted 0, now 1 (+1)\n');
    expect(en.out).not.toMatch(/ [KO]:  Submitted/);
    const pl = await cli(['corrections', '--project', dir, '--as-of', '2021-07-01']);
    expect(pl.out).toContain('  2021-Q1  U2  w okresie  K:  Złożono 0, obecnie 1 (+1)\n');
    expect(pl.out).toContain('  2021-Q1  U2  w okresie  O:  Złożono 0, obecnie 1 (+1)\n');
    const json = JSON.parse((await cli(['corrections', '--project', dir, '--as-of', '2021-07-01', '--format', 'json', '--lang', 'en'])).out) as { corrections: { indicator: string; key: string }[] };
    expect(json.corrections.filter((c) => c.indicator === 'U2').map((c) => c.key).sort()).toEqual(['K', 'K', 'O', 'O']);

    const v = await cli(['validate', '--project', dir, '--as-of', '2021-07-01', '--lang', 'en', '--format', 'json']);
    const messages = (JSON.parse(v.out) as { issues: { code: string; message: string }[] }).issues.filter((i) => i.code === 'submitted-period-changed').map((i) => i.message);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.join('\n')).toMatch(/indicator U2 \(in period, [FT]\)/);
    expect(messages.join('\n')).not.toMatch(/\((in period|cumulative), [KO]\)/);
  });
});

describe('grid attendance lists', () => {
  it('a location in a grid names its date column dd.mm.yyyy, in either language', async () => {
    const dates = [new Date('2021-03-10T00:00:00Z'), new Date('2021-03-17T00:00:00Z')];
    const rows: CellValue[][] = [['LISTA OBECNOŚCI'], ['Kod działania:', 'A1'], ['Forma:', 'spotkanie'], ['Zajęcia:', 'Klub'], []];
    rows.push(['Lp.', 'Identyfikator', 'Imię i nazwisko', ...dates], ['Liczba godzin', null, null, 2, 2]);
    rows.push([1, 'P1', 'Osoba 1', 'x', 'x'], [2, 'P3', 'Osoba 3', 'x', 'obcny']);
    const dir = await participantsProject(basePeople(), { 'obecnosci/siatka.xlsx': [{ name: 'Klub', rows }] }, PARTICIPANT_TEST_HEADERS, DEFINITION);
    for (const lang of ['pl', 'en']) {
      const r = await cli(['validate', '--project', dir, '--as-of', '2021-07-01', '--format', 'json', '--lang', lang]);
      const bad = (JSON.parse(r.out) as { issues: { code: string; column: string; header: string }[] }).issues.find((i) => i.code === 'invalid-mark');
      expect(bad).toMatchObject({ column: 'E', header: '17.03.2021' });
      const text = await cli(['validate', '--project', dir, '--as-of', '2021-07-01', '--lang', lang]);
      expect(text.out).toContain('obecnosci/siatka.xlsx › Klub › E9  17.03.2021');
      expect(text.out).not.toContain('2021-03-17');
    }
  });
});
