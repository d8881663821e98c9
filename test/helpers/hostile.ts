/** A project full of recognisable personal data, with errors that make the tools talk about it. */
import { makePesel } from '../../src/pesel.js';
import { csvText, participantsProject, person } from './fixtures.js';

export const SECRET_SURNAMES = ['Zzyzxowska', 'Qwxyzyński', 'Brzęczyszczykiewicz'];
export const SECRET_FIRST = ['Xymena', 'Żelisław'];
export const SECRET_EMAIL = 'zzyzx.tajny@example.pl';
export const SECRET_PHONE = '600 123 987';
export const SECRET_STREET = 'Tajemnicza';

function hostilePeople() {
  const bad = makePesel('1985-02-03', 4321, 'K');
  return [
    // no Identyfikator: a submitted snapshot names her by a keyed hash of the PESEL
    person(1, { Identyfikator: undefined, Imię: SECRET_FIRST[0], Nazwisko: SECRET_SURNAMES[0], Płeć: 'Kobieta', PESEL: makePesel('1980-05-14', 1010, 'K'), 'Adres e-mail': SECRET_EMAIL }),
    person(2, { Imię: SECRET_FIRST[1], Nazwisko: SECRET_SURNAMES[1], PESEL: `${bad.slice(0, 10)}${(Number(bad[10]) + 1) % 10}`, Ulica: SECRET_STREET, 'Kod pocztowy': '42100', 'Adres e-mail': 'zly@@adres' }),
    person(3, { Nazwisko: SECRET_SURNAMES[2], PESEL: makePesel('1980-05-14', 1010, 'K'), Płeć: 'Mężczyzna', 'Data zakończenia udziału w projekcie': '30.06.2021', 'Sytuacja (1) osoby w momencie zakończenia udziału w projekcie': 'inne', 'Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną dla niej ścieżką uczestnictwa': 'Tak' }),
  ];
}

export async function hostileProject(definition?: string) {
  const people = hostilePeople();
  const headers = [...new Set([...Object.keys(people[0] ?? {}), 'Telefon kontaktowy'])];
  const strangerPesel = makePesel('1977-07-07', 777, 'M');
  const dir = await participantsProject(people.map((p) => ({ ...p, 'Telefon kontaktowy': SECRET_PHONE })), {
    'obecnosci/lista.csv': csvText([
      ['Data', 'Kod działania', 'Forma', 'Zajęcia', 'Liczba godzin', 'PESEL', 'Imię i nazwisko', 'Obecność'],
      ['01.03.2021', 'A1', 'spotkanie', 'Spotkanie', 2, String(people[0]?.PESEL), `${SECRET_FIRST[0]} ${SECRET_SURNAMES[0]}`, 'x'],
      ['01.03.2021', 'A1', 'spotkanie', 'Spotkanie', 2, strangerPesel, 'Ktoś Obcy', 'x'],
      ['01.03.2021', 'A1', 'spotkanie', 'Spotkanie', 2, String(people[1]?.PESEL), `${SECRET_FIRST[1]} ${SECRET_SURNAMES[1]}`, '?'],
    ]),
  }, headers, definition);
  const secrets = [...SECRET_SURNAMES, ...SECRET_FIRST, SECRET_EMAIL, SECRET_PHONE, SECRET_STREET, 'zly@@adres', strangerPesel, ...people.map((p) => String(p.PESEL))];
  return { dir, people, strangerPesel, secrets };
}
