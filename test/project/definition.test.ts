import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { definitionProblemLine } from '../../src/cli/run.js';
import { ConfigError } from '../../src/errors.js';
import type { Lang } from '../../src/i18n/index.js';
import { parseDefinition } from '../../src/project/load.js';
import { TEST_DEFINITION } from '../helpers/fixtures.js';

const TEMPLATE = readFileSync(new URL('../../templates/klobuck-pal-2021-2022.yaml', import.meta.url), 'utf8');

function problems(text: string, lang: Lang = 'pl'): string[] {
  try {
    parseDefinition(text, 'pal-report.yaml');
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => definitionProblemLine(p, lang));
    throw e;
  }
  return [];
}

/** The 1-based line of the first occurrence of `needle` in `text`. */
function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

describe('the Kłobuck template', () => {
  const { definition: def } = parseDefinition(TEMPLATE, 'klobuck.yaml');
  it('carries the schedule of section IX: 11 actions with their windows', () => {
    expect(def.actions.map((a) => `${a.code} ${a.window.from}..${a.window.to}`)).toEqual([
      'A1 2021-01..2021-03', 'A2 2021-01..2022-12', 'A3 2021-01..2021-04', 'A4 2021-01..2021-03', 'A5 2021-01..2022-12',
      'A6 2021-04..2022-12', 'A7 2021-01..2022-12', 'A8 2021-07..2022-07', 'A9 2021-05..2022-12', 'A10 2021-02..2022-12',
      'A11 2022-12..2022-12',
    ]);
    expect(def.project.period).toEqual({ from: '2021-01-01', to: '2022-12-31' });
  });
  it('maps the five products (XI) and seven results (X) to indicators', () => {
    expect(def.products.map((p) => p.name)).toEqual(['usługi wolontariatu', 'zorganizowanie spotkań', 'zorganizowanie szkoleń', 'zorganizowanie staży', 'zorganizowanie zajęć edukacyjno-kulturalnych']);
    expect(def.results).toHaveLength(7);
    for (const o of [...def.products, ...def.results]) expect(o.indicators.length).toBeGreaterThan(0);
  });
  it('has the 9.1.1 common indicators, both efektywność ratios and the thresholds', () => {
    const names = def.indicators.map((i) => i.name);
    expect(names).toContain('Liczba osób zagrożonych ubóstwem lub wykluczeniem społecznym objętych wsparciem w programie');
    expect(names).toContain('Liczba osób z niepełnosprawnościami objętych wsparciem w programie');
    expect(names.some((n) => n.startsWith('Liczba osób zagrożonych ubóstwem lub wykluczeniem społecznym pracujących po opuszczeniu programu'))).toBe(true);
    expect(def.indicators.filter((i) => i.measure === 'ratio').map((i) => i.id)).toEqual(['ES', 'EZ']);
    expect(def.thresholds).toEqual({ efektywnosc_spoleczna: 0.34, efektywnosc_zatrudnieniowa: 0.22 });
  });
  it('marks its project number and targets as placeholders', () => {
    expect(def.project.number).toContain('0000');
    const withTargets = def.indicators.filter((i) => i.target && i.measure !== 'ratio');
    expect(withTargets.length).toBeGreaterThan(0);
    expect(withTargets.every((i) => i.target?.przyklad === true)).toBe(true);
  });
  it('carries the section III figures as context', () => {
    expect(def.context?.figures?.find((f) => f.value === 20449)?.label).toContain('Liczba ludności');
  });
});

describe('definition errors name the YAML path and line', () => {
  it('a YAML syntax error: in Polish, with line and column, the unclosed bracket pointed at; the parser\'s English only with --debug', () => {
    const text = TEST_DEFINITION.replace('  title: Projekt testowy', '  title: [Projekt testowy');
    const all = problems(text);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatch(new RegExp(`^pal-report\\.yaml: błąd składni YAML \\(linia ${lineOf(text, '  programme:')}, kolumna 3\\): nawias \\[ albo \\{ otwarty w linii ${lineOf(text, 'title: [')} nie jest zamknięty`));
    expect(all[0]).not.toMatch(/Flow|sequence|indented/);
    try {
      parseDefinition(text, 'pal-report.yaml');
    } catch (e) {
      expect((e as ConfigError).debug.join('\n')).toContain('Flow sequence in block collection');
    }
    const tab = problems(TEST_DEFINITION.replace('\n  title:', '\n\ttitle:'));
    expect(tab[0]).toContain('tabulator we wcięciu');
  });
  it('an unknown key at its own line, with the closest known key', () => {
    const text = TEST_DEFINITION.replace('indicators: []', 'raporting:\n  periods: quarterly\nindicators: []');
    expect(problems(text)).toEqual([`pal-report.yaml: raporting: nieznany klucz „raporting” — czy chodziło o „reporting”? (linia ${lineOf(text, 'raporting:')})`]);
  });
  it('each measure takes its own keys (the schema is a union on measure)', () => {
    const ind = (y: string) => `${TEST_DEFINITION.replace('indicators: []', '')}indicators:\n${y}\n`;
    expect(problems(ind('  - { id: W1, name: x, type: produkt, unit: szt., measure: sessions, at: start }'))[0])
      .toContain('indicators[W1].at: klucz „at” nie pasuje do measure: sessions (dotyczy measure: participants)');
    expect(problems(ind('  - { id: W1, name: x, type: produkt, unit: "%", measure: ratio, numerator: { measure: participants } }'))[0])
      .toContain('indicators[W1].denominator: brak wymaganego klucza „denominator”');
    expect(problems(ind('  - { id: W1, name: x, type: produkt, unit: szt., measure: sessions, headcount: true }'))[0])
      .toContain('klucz „headcount” nie pasuje do measure: sessions (dotyczy measure: attendances)');
    expect(problems(ind('  - { id: W1, name: x, type: produkt, unit: osoby, measure: osoby }'))[0])
      .toContain('indicators[W1].measure: wartość „osoby” spoza listy; dozwolone: participants, sessions, hours, participant_hours, attendances, ratio');
  });
  it('indicators are named by their id; a missing measure says it is missing', () => {
    const text = `${TEST_DEFINITION.replace('indicators: []', '')}indicators:
  - { id: WP1, name: Osoby, type: produkt, unit: osoby, measure: participants }
  - id: WP2
    name: Osoby 2
    type: produkt
    unit: osoby
`;
    expect(problems(text)).toEqual([`pal-report.yaml: indicators[WP2].measure: brak wymaganego klucza „measure” (linia ${lineOf(text, '- id: WP2')})`]);
  });
  it('a wrong type', () => {
    const text = `${TEST_DEFINITION.replace('indicators: []', '')}indicators:
  - { id: W1, name: Osoby, type: produkt, unit: osoby, measure: participants, target: { K: trzydzieści } }
`;
    expect(problems(text)).toEqual([`pal-report.yaml: indicators[W1].target.K: oczekiwano liczby (linia ${lineOf(text, '- { id: W1')})`]);
  });
  it('an unknown action code in a filter, an unknown form in an action', () => {
    const text = `${TEST_DEFINITION.replace('forms: [szkolenie] }', 'forms: [szkolenie, kurs] }').replace('indicators: []', '')}indicators:
  - id: W1
    name: Spotkania
    type: produkt
    unit: szt.
    measure: sessions
    where: { action: A9 }
`;
    expect(problems(text)).toEqual([
      `pal-report.yaml: actions[A2].forms[1]: nieznana forma wsparcia „kurs” (brak w forms:) (linia ${lineOf(text, '- { code: A2')})`,
      `pal-report.yaml: indicators[W1].where.action: nieznany kod działania „A9” (brak w actions:) (linia ${lineOf(text, 'where: { action: A9')})`,
    ]);
  });
  it('an unknown where key and a participant filter on a session measure', () => {
    const text = `${TEST_DEFINITION.replace('indicators: []', '')}indicators:
  - id: W1
    name: Godziny
    type: produkt
    unit: godziny
    measure: hours
    where:
      sex: K
  - id: W2
    name: Osoby
    type: produkt
    unit: osoby
    measure: participants
    where: { plec: K }
`;
    // the measure's keys are the schema's: both mistakes are reported at once
    expect(problems(text)).toEqual([
      `pal-report.yaml: indicators[W1].where.sex: filtr uczestnika „sex” nie pasuje do miary hours (liczy zajęcia, nie osoby) (linia ${lineOf(text, 'sex: K')})`,
      `pal-report.yaml: indicators[W2].where.plec: nieznany klucz „plec” (dozwolone tutaj: sex, education, area, status, status_detail, exit_situation, completed_path, migrant, homeless, disability, other_disadvantage, otoczenie, social_progress, age, employed_after, attended_min_hours, attended_min_share, action, form) (linia ${lineOf(text, 'where: { plec')})`,
    ]);
    const fixed = text.replace('where: { plec: K }', 'where: { sex: K }');
    expect(problems(fixed)).toEqual([
      `pal-report.yaml: indicators[W1].where.sex: filtr uczestnika „sex” nie pasuje do miary hours (liczy zajęcia, nie osoby) (linia ${lineOf(fixed, 'sex: K')})`,
    ]);
  });
  it('a dictionary value in a filter that matches nothing', () => {
    const text = `${TEST_DEFINITION.replace('indicators: []', '')}indicators:
  - { id: W1, name: Osoby, type: produkt, unit: osoby, measure: participants, where: { education: średnie } }
`;
    expect(problems(text)[0]).toContain('indicators[W1].where.education: wartość „średnie” spoza słownika');
  });
  it('a missing required key and duplicate codes', () => {
    const text = TEST_DEFINITION.replace('  number: RPSL.09.01.01-24-0001/20\n', '').replace('{ code: A3,', '{ code: A1,');
    expect(problems(text)).toEqual([`pal-report.yaml: project.number: brak wymaganego klucza „number” (linia ${lineOf(text, 'project:')})`]);
    const dup = TEST_DEFINITION.replace('{ code: A3,', '{ code: A1,');
    expect(problems(dup)).toEqual([`pal-report.yaml: actions[2].code: kod „A1” powtarza się (linia ${lineOf(dup, '- { code: A1, name: działania otwarte')})`]);
  });
  it('names and project texts are one line, however the YAML breaks them; a blank one is missing', () => {
    const text = TEST_DEFINITION.replace('  title: Projekt testowy\n', '  title: |\n    Projekt\n      testowy   na dwie linie\n');
    expect(parseDefinition(text, 'pal-report.yaml').definition.project.title).toBe('Projekt testowy na dwie linie');
    const blank = TEST_DEFINITION.replace('  title: Projekt testowy\n', '  title: "   "\n');
    expect(problems(blank)).toHaveLength(1);
    expect(problems(blank)[0]).toMatch(/^pal-report\.yaml: project\.title: /);
  });
  it('messages in English with --lang en', () => {
    const text = TEST_DEFINITION.replace('{ code: A3,', '{ code: A1,');
    expect(problems(text, 'en')[0]).toContain('code "A1" is repeated (line');
  });
});

describe('dictionary overrides', () => {
  it('a list replaces, { add } extends', () => {
    const text = `${TEST_DEFINITION}dictionaries:\n  plec: [K, M]\n  forma_zatrudnienia: { add: [praca sezonowa] }\n`;
    const { dictionaries } = parseDefinition(text, 'x.yaml');
    expect(dictionaries.plec).toEqual(['K', 'M']);
    expect(dictionaries.forma_zatrudnienia).toContain('praca sezonowa');
    expect(dictionaries.forma_zatrudnienia).toContain('umowa o pracę');
  });
});
