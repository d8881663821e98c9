/**
 * Participant codes (SPEC §5): one participant row and its cells.
 */
import { codes, count, DATE_CELL, DID_YOU_MEAN, num, text } from './define.js';

export const PARTICIPANT_CODES = codes({
  'required-value': {
    severity: 'error',
    params: { forms: text },
    message: {
      pl: 'Brak wymaganej wartości w kolumnie „{header}”',
      en: 'A required value is missing in column "{header}"',
    },
    hint: {
      pl: 'Uzupełnij komórkę — to pole jest obowiązkowe w SL2014.',
      en: 'Fill in the cell — this field is required in SL2014.',
    },
    variants: {
      ageNoPesel: {
        message: {
          pl: 'Brak wieku uczestnika bez numeru PESEL',
          en: 'Age is missing for a participant without PESEL',
        },
        hint: {
          pl: 'Przy braku PESEL podaj wiek w chwili przystąpienia do projektu (kolumna „Wiek w chwili przystąpienia do projektu”).',
          en: 'Without PESEL, give the age at the start of participation.',
        },
      },
      sexNoPesel: {
        message: {
          pl: 'Brak płci uczestnika bez numeru PESEL (arkusz nie ma kolumny „Płeć”)',
          en: 'Sex is missing for a participant without PESEL (the sheet has no "Płeć" column)',
        },
        hint: {
          pl: 'Dodaj kolumnę „Płeć” i wpisz Kobieta albo Mężczyzna.',
          en: 'Add a "Płeć" column with Kobieta or Mężczyzna.',
        },
      },
      pesel: {
        message: {
          pl: 'Brak numeru PESEL',
          en: 'PESEL is missing',
        },
        hint: {
          pl: 'Wpisz PESEL albo w kolumnie „Brak PESEL” wpisz Tak i podaj wiek oraz płeć.',
          en: 'Enter the PESEL, or put Tak in "Brak PESEL" and give age and sex.',
        },
      },
      key: {
        message: {
          pl: 'Brak identyfikatora uczestnika (Identyfikator lub PESEL)',
          en: 'Participant identifier is missing (Identyfikator or PESEL)',
        },
        hint: {
          pl: 'Wpisz Identyfikator uczestnika (jak w pliku uczestników) albo jego PESEL.',
          en: 'Enter the participant\'s Identyfikator (as in the participant file) or PESEL.',
        },
      },
      keyOrHeadcount: {
        message: {
          pl: 'Brak identyfikatora uczestnika albo liczby osób (impreza otwarta)',
          en: 'Participant identifier or number of people (open event) is missing',
        },
        hint: {
          pl: 'Wpisz Identyfikator uczestnika albo — dla imprezy otwartej — liczbę osób.',
          en: 'Enter the participant\'s Identyfikator or, for an open event, the number of people.',
        },
      },
      form: {
        message: {
          pl: 'Brak formy wsparcia — działanie ma kilka form',
          en: 'Form of support is missing — the action has several forms',
        },
        hint: {
          pl: 'Wpisz jedną z form działania: {forms}.',
          en: 'Enter one of the action\'s forms: {forms}.',
        },
      },
      timeFrom: {
        message: {
          pl: 'Podano godzinę zakończenia zajęć, ale brak godziny rozpoczęcia',
          en: 'The session\'s end time is given but its start time is missing',
        },
        hint: {
          pl: 'Wpisz godzinę rozpoczęcia (gg:mm) albo liczbę godzin w kolumnie „Liczba godzin”.',
          en: 'Enter the start time (hh:mm) or the hours in the "Liczba godzin" column.',
        },
      },
      timeTo: {
        message: {
          pl: 'Podano godzinę rozpoczęcia zajęć, ale brak godziny zakończenia',
          en: 'The session\'s start time is given but its end time is missing',
        },
        hint: {
          pl: 'Wpisz godzinę zakończenia (gg:mm) albo liczbę godzin w kolumnie „Liczba godzin”.',
          en: 'Enter the end time (hh:mm) or the hours in the "Liczba godzin" column.',
        },
      },
      date: {
        hint: {
          pl: 'Wpisz datę zajęć (dd.mm.rrrr).',
          en: 'Enter the session date (dd.mm.yyyy).',
        },
      },
      action: {
        hint: {
          pl: 'Wpisz kod działania z harmonogramu (np. A7).',
          en: 'Enter an action code from the schedule (e.g. A7).',
        },
      },
    },
  },
  'pesel-format': {
    severity: 'error',
    params: { length: count },
    message: {
      pl: 'PESEL musi mieć 11 cyfr (wpisano {value}: {length})',
      en: 'PESEL must have 11 digits (got {value}: {length})',
    },
    hint: {
      pl: 'Sprawdź, czy nie brakuje cyfry; ustaw format kolumny na Tekst, aby Excel nie gubił zera na początku.',
      en: 'Check for a missing digit; format the column as Text so Excel keeps leading zeros.',
    },
  },
  'pesel-checksum': {
    severity: 'error',
    message: {
      pl: 'Nieprawidłowa cyfra kontrolna PESEL ({value})',
      en: 'Invalid PESEL check digit ({value})',
    },
    hint: {
      pl: 'Porównaj PESEL z dokumentem — zwykle to przestawiona albo błędna cyfra.',
      en: 'Compare the PESEL with the ID document — usually a swapped or wrong digit.',
    },
  },
  'pesel-date': {
    severity: 'error',
    message: {
      pl: 'PESEL zawiera niemożliwą datę urodzenia ({value})',
      en: 'PESEL holds an impossible birth date ({value})',
    },
    hint: {
      pl: 'Cyfry 3–6 PESEL to miesiąc i dzień urodzenia — sprawdź je z dokumentem.',
      en: 'Digits 3–6 of a PESEL are the birth month and day — check them.',
    },
  },
  'pesel-sex-mismatch': {
    severity: 'error',
    params: { pesel: text, expected: text },
    message: {
      pl: 'Płeć „{value}” nie zgadza się z numerem PESEL ({pesel} wskazuje: {expected})',
      en: 'Sex "{value}" does not match the PESEL ({pesel} indicates: {expected})',
    },
    hint: {
      pl: 'Przedostatnia cyfra PESEL: parzysta = kobieta, nieparzysta = mężczyzna. Popraw płeć albo PESEL.',
      en: 'The 10th PESEL digit is even for women and odd for men. Fix the sex or the PESEL.',
    },
  },
  'pesel-leading-zero': {
    severity: 'warning',
    message: {
      pl: 'PESEL zapisany jako liczba stracił zero na początku — uzupełniono do {value}',
      en: 'PESEL stored as a number lost its leading zero — padded to {value}',
    },
    hint: {
      pl: 'Ustaw format kolumny PESEL na Tekst i wpisz numer z zerem na początku.',
      en: 'Format the PESEL column as Text and enter the number with its leading zero.',
    },
  },
  'duplicate-participant': {
    severity: 'error',
    params: { firstRow: num, firstFile: text },
    message: {
      pl: 'Ta sama osoba (PESEL {value}) jest już w wierszu {firstRow} ({firstFile}) — ten wiersz ją powtarza',
      en: 'The same person (PESEL {value}) is already in row {firstRow} ({firstFile}) — this row repeats them',
    },
    hint: {
      pl: 'Usuń powtórzony wiersz: osoba liczy się raz, według wiersza {firstRow}.',
      en: 'Delete the repeated row: the person counts once, by row {firstRow}.',
    },
    variants: {
      id: {
        message: {
          pl: 'Ta sama osoba (Identyfikator „{value}”) jest już w wierszu {firstRow} ({firstFile}) — ten wiersz ją powtarza',
          en: 'The same person (identifier "{value}") is already in row {firstRow} ({firstFile}) — this row repeats them',
        },
      },
      idConflict: {
        message: {
          pl: 'Identyfikator „{value}” ma już inna osoba (inny PESEL) w wierszu {firstRow} ({firstFile})',
          en: 'Identifier "{value}" already belongs to another person (another PESEL) in row {firstRow} ({firstFile})',
        },
        hint: {
          pl: 'Dwie różne osoby nie mogą mieć jednego identyfikatora: popraw Identyfikator w tym wierszu i na listach obecności tej osoby.',
          en: 'Two different people cannot share an identifier: fix the identifier in this row and in this person\'s attendance lists.',
        },
      },
    },
  },
  'age-mismatch': {
    severity: 'error',
    params: { expected: count, start: text },
    message: {
      pl: 'Wiek {value} nie zgadza się z PESEL: w dniu rozpoczęcia udziału ({start}) uczestnik miał {expected}',
      en: 'Age {value} does not match the PESEL: on the start day ({start}) the participant was {expected} old',
    },
    hint: {
      pl: 'Wiek liczy się w pełnych latach w dniu rozpoczęcia udziału w projekcie.',
      en: 'Age is counted in full years on the day participation starts.',
    },
  },
  'dictionary-value': {
    severity: 'error',
    params: { closest: text, allowed: text },
    message: {
      pl: 'Wartość „{value}” spoza słownika kolumny „{header}”',
      en: 'Value "{value}" is not allowed in column "{header}"',
    },
    hint: DID_YOU_MEAN,
    variants: {
      homelessRefusal: {
        severity: 'warning',
        message: {
          pl: 'Odmowa podania informacji o bezdomności — przyjęto, ale to dana niewrażliwa',
          en: 'Refusal to answer on homelessness — accepted, but this is not sensitive data',
        },
        hint: {
          pl: 'SL2014 wymaga dla bezdomności Tak albo Nie; odmowa przysługuje tylko przy danych wrażliwych.',
          en: 'SL2014 expects Tak or Nie for homelessness; refusal is only for sensitive data.',
        },
      },
      list: {
        hint: {
          pl: 'Dozwolone wartości: {allowed}.',
          en: 'Allowed values: {allowed}.',
        },
      },
    },
  },
  'status-detail-mismatch': {
    severity: 'error',
    params: { status: text, allowed: text },
    message: {
      pl: 'Wartość „{value}” w kolumnie „W tym” nie pasuje do statusu „{status}”',
      en: 'Value "{value}" in "W tym" does not fit status "{status}"',
    },
    hint: {
      pl: 'Dla tego statusu dozwolone są: {allowed}.',
      en: 'For this status the allowed values are: {allowed}.',
    },
  },
  'date-order': {
    severity: 'error',
    params: { start: text, ...DATE_CELL },
    message: {
      pl: 'Data zakończenia udziału ({value}) jest wcześniejsza niż data rozpoczęcia ({start})',
      en: 'End of participation ({value}) is before its start ({start})',
    },
    hint: {
      pl: 'Sprawdź obie daty z dokumentacją uczestnika.',
      en: 'Check both dates against the participant\'s records.',
    },
    variants: {
      progress: {
        message: {
          pl: 'Data stwierdzenia postępu ({value}) jest wcześniejsza niż rozpoczęcie udziału ({start})',
          en: 'Date of progress ({value}) is before the start of participation ({start})',
        },
      },
      support: {
        message: {
          pl: 'Data zakończenia wsparcia ({value}) jest wcześniejsza niż jego rozpoczęcie ({start})',
          en: 'End of support ({value}) is before its start ({start})',
        },
      },
      end: {
        hint: {
          pl: 'Sprawdź obie daty z dokumentacją uczestnika. Dopóki zakończenie jest przed rozpoczęciem, obecności tej osoby nie są sprawdzane z datami udziału ani liczone.',
          en: 'Check both dates against the participant\'s records. While the end is before the start, this person\'s attendance is neither checked against the participation dates nor counted.',
        },
      },
    },
  },
  'date-outside-project': {
    severity: 'error',
    params: { from: text, to: text, ...DATE_CELL },
    message: {
      pl: 'Data {value} leży poza okresem realizacji projektu ({from} – {to})',
      en: 'Date {value} is outside the project period ({from} – {to})',
    },
    hint: {
      pl: 'Udział w projekcie musi mieścić się w okresie jego realizacji.',
      en: 'Participation must fall within the project period.',
    },
  },
  'exit-data-missing': {
    severity: 'error',
    params: { missing: text },
    message: {
      pl: 'Uczestnik zakończył udział, ale brak wartości „{missing}”',
      en: 'The participant has ended, but "{missing}" is missing',
    },
    hint: {
      pl: 'Uzupełnij dane o zakończeniu udziału (najpóźniej 4 tygodnie po zakończeniu).',
      en: 'Fill in the exit data (at the latest 4 weeks after the end).',
    },
  },
  'exit-data-without-end': {
    severity: 'error',
    message: {
      pl: 'Wypełniono dane o zakończeniu udziału („{header}”), ale brak daty zakończenia udziału',
      en: 'Exit data is filled ("{header}") but there is no end date',
    },
    hint: {
      pl: 'Wpisz datę zakończenia udziału w projekcie albo usuń tę wartość.',
      en: 'Enter the end date of participation or remove this value.',
    },
  },
  'postcode-format': {
    severity: 'error',
    message: {
      pl: 'Kod pocztowy ma niepoprawny format',
      en: 'Postal code has an invalid format',
    },
    hint: {
      pl: 'Wpisz kod w formacie 00-000.',
      en: 'Enter the code as 00-000.',
    },
    variants: {
      dash: {
        hint: {
          pl: 'Brakuje myślnika: wpisz kod jako 00-000 (kolumna w formacie Tekst).',
          en: 'The dash is missing: enter 00-000 (format the column as Text).',
        },
      },
    },
  },
  'email-format': {
    severity: 'warning',
    message: {
      pl: 'Adres e-mail wygląda na niepoprawny',
      en: 'E-mail address looks invalid',
    },
    hint: {
      pl: 'Adres powinien mieć postać nazwa@domena.pl.',
      en: 'The address should look like name@domain.pl.',
    },
  },
  'education-age': {
    severity: 'warning',
    params: { age: num, min: num },
    message: {
      pl: 'Wykształcenie „{value}” jest mało prawdopodobne w wieku {age} lat',
      en: 'Education "{value}" is unlikely at the age of {age}',
    },
    hint: {
      pl: 'Podaj najwyższy ukończony poziom ISCED; ten kończy się zwykle najwcześniej w wieku {min} lat.',
      en: 'Give the highest completed ISCED level; this one is usually completed at {min} at the earliest.',
    },
  },
  'outside-area': {
    severity: 'warning',
    params: { gmina: text },
    message: {
      pl: 'Gmina „{value}” leży poza obszarem programu (gmina {gmina})',
      en: 'Gmina "{value}" is outside the programme area (gmina {gmina})',
    },
    hint: {
      pl: 'Sprawdź adres zamieszkania albo oznacz osobę jako otoczenie (kolumna „Otoczenie” = Tak).',
      en: 'Check the address, or mark the person as otoczenie ("Otoczenie" = Tak).',
    },
    variants: {
      street: {
        message: {
          pl: 'Ulica spoza obszaru rewitalizacji (gmina {gmina})',
          en: 'Street outside the regeneration area (gmina {gmina})',
        },
      },
    },
  },
  'employment-date-order': {
    severity: 'error',
    params: { start: text, ...DATE_CELL },
    message: {
      pl: 'Data podjęcia zatrudnienia ({value}) jest wcześniejsza niż rozpoczęcie udziału ({start})',
      en: 'Employment date ({value}) is before the start of participation ({start})',
    },
    hint: {
      pl: 'Efektywność zatrudnieniowa liczy zatrudnienie podjęte od dnia rozpoczęcia udziału.',
      en: 'Employment effectiveness counts employment taken up from the start of participation.',
    },
  },
});
