/**
 * Participant rules: for each code, a sheet with a clean participant in row 2 and a bad one in
 * row 3; the issue must appear at the right cell of row 3, and row 2 must produce nothing.
 */
import { describe, expect, it } from 'vitest';
import { makePesel } from '../../src/pesel.js';
import { issueHint, issueMessage, type Issue } from '../../src/validate/issue.js';
import { at, check, participantsProject, person, significant, type CellValue, type ParticipantHeader } from '../helpers/fixtures.js';

type Overrides = Partial<Record<ParticipantHeader, CellValue>>;

async function issuesFor(bad: Overrides, asOf = '2026-01-01') {
  const dir = await participantsProject([person(1), person(2, bad)]);
  return significant((await check(dir, asOf)).issues);
}

/** Exactly the expected issues, all in row 3; nothing in row 2. */
async function expectIssues(bad: Overrides, expected: { code: string; column: string; severity?: string; value?: string | null }[], asOf?: string) {
  const issues = await issuesFor(bad, asOf);
  expect(issues.filter((i) => i.row === 2)).toEqual([]);
  expect(issues.map((i) => ({ code: i.code, column: i.column }))).toEqual(expected.map((e) => ({ code: e.code, column: e.column })));
  for (const [k, e] of expected.entries()) {
    const i = issues[k];
    expect(at(i)).toBe(`uczestnicy.xlsx › Uczestnicy › ${e.column}3`);
    if (e.severity) expect(i?.severity).toBe(e.severity);
    if (e.value !== undefined) expect(i?.value).toBe(e.value);
  }
  return issues;
}

/** A PESEL body with a correct check digit, whatever its date says. */
function withCheckDigit(body: string): string {
  const w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (w[i] ?? 0), 0);
  return body + String((10 - (sum % 10)) % 10);
}

describe('a clean sheet', () => {
  it('produces no issue at all', async () => {
    const dir = await participantsProject([person(1), person(2), person(3)]);
    expect((await check(dir)).issues).toEqual([]);
  });
});

describe('required-value', () => {
  it('flags an empty first name without echoing anything', async () => {
    await expectIssues({ Imię: null }, [{ code: 'required-value', column: 'C', value: null }]);
  });
  it('flags an empty education and an empty start date', async () => {
    await expectIssues({ Wykształcenie: '  ' }, [{ code: 'required-value', column: 'H' }]);
    await expectIssues({ 'Data rozpoczęcia udziału w projekcie': null }, [{ code: 'required-value', column: 'M' }]);
  });
  it('flags a missing PESEL', async () => {
    await expectIssues({ PESEL: null, 'Wiek w chwili przystąpienia do projektu': null }, [{ code: 'required-value', column: 'E' }]);
  });
});

describe('PESEL rules', () => {
  it('pesel-format: 10 digits typed as text', async () => {
    await expectIssues({ PESEL: '8005141234' }, [{ code: 'pesel-format', column: 'E', value: '800514****' }]);
  });
  it('pesel-checksum, with the number masked', async () => {
    const good = makePesel('1980-05-14', 2020, 'M');
    const bad = good.slice(0, 10) + String((Number(good[10]) + 1) % 10);
    await expectIssues({ PESEL: bad }, [{ code: 'pesel-checksum', column: 'E', value: '800514*****' }]);
  });
  it('pesel-date: month 13 with a correct check digit', async () => {
    await expectIssues({ PESEL: withCheckDigit('8013141234') }, [{ code: 'pesel-date', column: 'E' }]);
  });
  it('pesel-sex-mismatch', async () => {
    await expectIssues({ Płeć: 'Kobieta' }, [{ code: 'pesel-sex-mismatch', column: 'F', value: 'Kobieta' }]);
  });
  it('pesel-leading-zero: a number cell that lost its zero is padded, with a warning', async () => {
    const pesel = makePesel('2001-02-03', 555, 'M');
    expect(pesel.startsWith('0')).toBe(true);
    const issues = await expectIssues(
      { PESEL: Number(pesel), 'Wiek w chwili przystąpienia do projektu': 20 },
      [{ code: 'pesel-leading-zero', column: 'E', severity: 'warning', value: `${pesel.slice(0, 6)}*****` }],
    );
    expect(issues).toHaveLength(1);
  });
  it('duplicate-participant: the same PESEL on two rows', async () => {
    await expectIssues({ PESEL: person(1).PESEL }, [{ code: 'duplicate-participant', column: 'E' }]);
  });
  it('duplicate-participant: the same Identyfikator on two rows, different PESEL: fix the identifier', async () => {
    const [i] = await expectIssues({ Identyfikator: 'P1' }, [{ code: 'duplicate-participant', column: 'B', value: 'P1' }]);
    expect(issueHint(i as Issue, 'pl')).toContain('popraw Identyfikator');
  });
  it('duplicate-participant: a row typed twice is one issue with one piece of advice, and no participant-without-support', async () => {
    const dir = await participantsProject([person(1), person(2), person(2)], {
      'obecnosci/lista.csv': 'Data;Kod działania;Forma;Zajęcia;Liczba godzin;Identyfikator;Obecność\n01.03.2021;A1;spotkanie;S;2;P1;x\n01.03.2021;A1;spotkanie;S;2;P2;x\n',
    });
    const issues = significant((await check(dir)).issues);
    expect(issues.map((i) => `${i.code} ${at(i)}`)).toEqual(['duplicate-participant uczestnicy.xlsx › Uczestnicy › E4']);
    const [i] = issues as [Issue];
    expect(issueMessage(i, 'pl')).toContain('wierszu 3');
    expect(issueHint(i, 'pl')).toBe('Usuń powtórzony wiersz: osoba liczy się raz, według wiersza 3.');
  });
  it('age-mismatch: the given age is not the full years at the start date', async () => {
    await expectIssues({ 'Wiek w chwili przystąpienia do projektu': 41 }, [{ code: 'age-mismatch', column: 'G', value: '41' }]);
  });
});

describe('dictionary-value and status-detail-mismatch', () => {
  it('a value outside the dictionary, with the closest allowed value as hint', async () => {
    const issues = await expectIssues({ Wykształcenie: 'ponadgimnazjalne' }, [{ code: 'dictionary-value', column: 'H', value: 'ponadgimnazjalne' }]);
    expect(issues[0]?.params.closest).toBe('ponadgimnazjalne (ISCED 3)');
  });
  it('case and dash variants are not errors', async () => {
    const issues = await issuesFor({ Wykształcenie: 'PONADGIMNAZJALNE (isced 3)', Płeć: 'mężczyzna' });
    expect(issues).toEqual([]);
  });
  it('a Tak/Nie column with another word', async () => {
    await expectIssues({ Otoczenie: 'chyba' }, [{ code: 'dictionary-value', column: 'U' }]);
  });
  it('homelessness refused: accepted with a warning', async () => {
    await expectIssues({ 'Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań': 'Odmowa podania informacji' },
      [{ code: 'dictionary-value', column: 'T', severity: 'warning' }]);
  });
  it('status-detail-mismatch: a detail of another status', async () => {
    await expectIssues({ 'W tym': 'osoba długotrwale bezrobotna' }, [{ code: 'status-detail-mismatch', column: 'P' }]);
  });
});

describe('dates', () => {
  it('invalid-date: a date that does not exist', async () => {
    await expectIssues({ 'Data rozpoczęcia udziału w projekcie': '31.02.2021' }, [{ code: 'invalid-date', column: 'M', value: '31.02.2021' }]);
  });
  it('invalid-number: an age in words', async () => {
    await expectIssues({ 'Wiek w chwili przystąpienia do projektu': 'czterdzieści' }, [{ code: 'invalid-number', column: 'G' }]);
  });
  it('date-order: end before start', async () => {
    await expectIssues({
      'Data zakończenia udziału w projekcie': '01.02.2021',
      'Sytuacja (1) osoby w momencie zakończenia udziału w projekcie': 'inne',
      'Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną dla niej ścieżką uczestnictwa': 'Tak',
    }, [{ code: 'date-order', column: 'N' }]);
  });
  it('date-outside-project: a start before the project', async () => {
    await expectIssues({ 'Data rozpoczęcia udziału w projekcie': '15.12.2020', 'Wiek w chwili przystąpienia do projektu': 40 },
      [{ code: 'date-outside-project', column: 'M' }]);
  });
  it('date-after-as-of: an end date after the data cut-off day', async () => {
    await expectIssues({
      'Data zakończenia udziału w projekcie': '01.06.2021',
      'Sytuacja (1) osoby w momencie zakończenia udziału w projekcie': 'inne',
      'Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną dla niej ścieżką uczestnictwa': 'Tak',
    }, [{ code: 'date-after-as-of', column: 'N' }], '2021-05-31');
  });
  it('employment-date-order: employment before the start', async () => {
    await expectIssues({ 'Data podjęcia zatrudnienia': '01.02.2021', 'Forma zatrudnienia': 'umowa o pracę' },
      [{ code: 'employment-date-order', column: 'X' }]);
  });
});

describe('exit data', () => {
  it('exit-data-missing: ended without Sytuacja and without the path answer', async () => {
    await expectIssues({ 'Data zakończenia udziału w projekcie': '30.06.2021' },
      [{ code: 'exit-data-missing', column: 'Q' }, { code: 'exit-data-missing', column: 'R' }]);
  });
  it('exit-data-without-end: Sytuacja filled, no end date', async () => {
    await expectIssues({ 'Sytuacja (1) osoby w momencie zakończenia udziału w projekcie': 'inne' },
      [{ code: 'exit-data-without-end', column: 'Q' }]);
  });
});

describe('address and contact', () => {
  it('postcode-format: digits without the dash (the code itself is not echoed)', async () => {
    await expectIssues({ 'Kod pocztowy': '42100' }, [{ code: 'postcode-format', column: 'K', value: null }]);
  });
  it('email-format is a warning and does not echo the address', async () => {
    await expectIssues({ 'Adres e-mail': 'jan(at)example' }, [{ code: 'email-format', column: 'L', severity: 'warning', value: null }]);
  });
  it('outside-area: another gmina', async () => {
    await expectIssues({ Gmina: 'Częstochowa' }, [{ code: 'outside-area', column: 'I', severity: 'warning', value: 'Częstochowa' }]);
  });
  it('outside-area: a street outside the regeneration area (ul. prefix ignored)', async () => {
    expect(await issuesFor({ Ulica: 'ul. Krótka' })).toEqual([]);
    await expectIssues({ Ulica: 'Polna' }, [{ code: 'outside-area', column: 'J', value: null }]);
  });
  it('outside-area does not apply to otoczenie', async () => {
    expect(await issuesFor({ Gmina: 'Częstochowa', Otoczenie: 'Tak' })).toEqual([]);
  });
});

describe('education-age', () => {
  it('a completed higher education at 16 is a warning', async () => {
    await expectIssues({
      PESEL: makePesel('2005-01-10', 77, 'M'),
      'Wiek w chwili przystąpienia do projektu': 16,
      Wykształcenie: 'wyższe (ISCED 5-8)',
    }, [{ code: 'education-age', column: 'H', severity: 'warning' }]);
  });
});

describe('dates in messages are shown as people know them', () => {
  it('dd.mm.yyyy whatever the cell held: a date cell, a serial number, a text', async () => {
    // row 3: end is a date cell before a start typed as text; row 4: start is a bare serial number
    const dir = await participantsProject([
      person(1),
      person(2, { 'Data rozpoczęcia udziału w projekcie': '5.3.2021', 'Data zakończenia udziału w projekcie': new Date(Date.UTC(2021, 2, 1)), 'Sytuacja (1) osoby w momencie zakończenia udziału w projekcie': 'osoba kontynuuje kształcenie', 'Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną dla niej ścieżką uczestnictwa': 'Tak' }),
      person(3, { 'Data rozpoczęcia udziału w projekcie': 44256 }),
    ], {}, undefined);
    const issues = significant((await check(dir, '2021-02-15')).issues);
    const order = issues.find((i) => i.code === 'date-order') as Issue;
    expect(issueMessage(order, 'pl')).toBe('Data zakończenia udziału (01.03.2021) jest wcześniejsza niż data rozpoczęcia (05.03.2021)');
    const afterAsOf = issues.filter((i) => i.code === 'date-after-as-of').map((i) => issueMessage(i, 'pl'));
    expect(afterAsOf).toContain('Data 05.03.2021 jest późniejsza niż dzień stanu danych (15.02.2021) (W komórce jest tekst „5.3.2021”, który tylko wygląda na datę: Excel nie posortuje go ani nie przefiltruje jak daty).');
    expect(afterAsOf).toContain('Data 01.03.2021 jest późniejsza niż dzień stanu danych (15.02.2021) (W komórce jest liczba 44256, a nie data: ustaw dla kolumny format Data, aby Excel pokazał ją jako datę).');
    for (const i of issues) expect(issueMessage(i, 'pl')).not.toMatch(/\d{4}-\d{2}-\d{2}|\(44256\)|\(5\.3\.2021\)/);
  });
  it('a date that does not exist, and a number that is no date', async () => {
    const issues = await issuesFor({ 'Data rozpoczęcia udziału w projekcie': '31.02.2021' });
    expect(issueMessage(issues[0] as Issue, 'pl')).toBe('„31.02.2021” wygląda jak data, ale taki dzień nie istnieje');
    const number = await issuesFor({ 'Data rozpoczęcia udziału w projekcie': 12 });
    expect(issueMessage(number.find((i) => i.code === 'invalid-date') as Issue, 'pl')).toBe('W komórce jest liczba 12, a nie data');
  });
});
