/**
 * Attendance codes (SPEC §5): one attendance record, one session, the records of a session.
 */
import { codes, DID_YOU_MEAN, num, text } from './define.js';

export const ATTENDANCE_CODES = codes({
  'unknown-participant': {
    severity: 'error',
    params: { closest: text, row: num },
    message: {
      pl: 'Nieznany uczestnik „{value}” — nie ma go w pliku uczestników',
      en: 'Unknown participant "{value}" — not in the participant file',
    },
    hint: {
      pl: 'Identyfikator albo PESEL musi odpowiadać kolumnie „Identyfikator” lub „PESEL” w pliku uczestników.',
      en: 'The identifier or PESEL must match "Identyfikator" or "PESEL" in the participant file.',
    },
    variants: {
      closest: {
        hint: {
          pl: 'Czy chodziło o „{closest}”? (różni się jednym znakiem albo kolejnością dwóch sąsiednich) Identyfikator albo PESEL musi odpowiadać kolumnie „Identyfikator” lub „PESEL” w pliku uczestników.',
          en: 'Did you mean "{closest}"? (one character differs, or two neighbouring ones are swapped) The identifier or PESEL must match "Identyfikator" or "PESEL" in the participant file.',
        },
      },
      closestPesel: {
        hint: {
          pl: 'Czy chodziło o PESEL {closest} (uczestnik z wiersza {row} pliku uczestników)? Różni się jedną cyfrą albo kolejnością dwóch sąsiednich.',
          en: 'Did you mean PESEL {closest} (the participant in row {row} of the participant file)? One digit differs, or two neighbouring ones are swapped.',
        },
      },
    },
  },
  'unknown-action': {
    severity: 'error',
    params: { closest: text, codes: text },
    message: {
      pl: 'Nieznany kod działania „{value}”',
      en: 'Unknown action code "{value}"',
    },
    hint: DID_YOU_MEAN,
    variants: {
      list: {
        hint: {
          pl: 'Kody działań w definicji projektu: {codes}.',
          en: 'Action codes in the definition: {codes}.',
        },
      },
    },
  },
  'unknown-form': {
    severity: 'error',
    params: { closest: text, codes: text },
    message: {
      pl: 'Nieznana forma wsparcia „{value}”',
      en: 'Unknown form of support "{value}"',
    },
    hint: DID_YOU_MEAN,
    variants: {
      list: {
        hint: {
          pl: 'Kody form w definicji projektu: {codes}.',
          en: 'Form codes in the definition: {codes}.',
        },
      },
    },
  },
  'form-not-in-action': {
    severity: 'error',
    params: { action: text, forms: text },
    message: {
      pl: 'Forma „{value}” nie jest realizowana w działaniu {action}',
      en: 'Form "{value}" is not delivered by action {action}',
    },
    hint: {
      pl: 'Działanie {action} obejmuje formy: {forms}.',
      en: 'Action {action} delivers the forms: {forms}.',
    },
  },
  'invalid-mark': {
    severity: 'error',
    message: {
      pl: 'Nieznany znak obecności „{value}”',
      en: 'Unknown attendance mark "{value}"',
    },
    hint: {
      pl: 'Obecny: x, 1, ob, T, ✓; nieobecny: puste, 0, nb, N, -; usprawiedliwiony: u, usp.',
      en: 'Present: x, 1, ob, T, ✓; absent: empty, 0, nb, N, -; excused: u, usp.',
    },
  },
  'invalid-hours': {
    severity: 'error',
    params: { max: num, from: text, to: text, hours: text },
    message: {
      pl: 'Liczba godzin zajęć {value} poza zakresem (więcej niż 0, najwyżej {max})',
      en: 'Session hours {value} out of range (more than 0, at most {max})',
    },
    hint: {
      pl: 'Zajęcia trwają więcej niż 0 i najwyżej {max} godzin — sprawdź wpis.',
      en: 'A session lasts more than 0 and at most {max} hours — check the entry.',
    },
    variants: {
      missing: {
        message: {
          pl: 'Nie podano liczby godzin zajęć',
          en: 'No session hours given',
        },
        hint: {
          pl: 'Podaj liczbę godzin (kolumna „Liczba godzin” albo wiersz „Liczba godzin” pod nagłówkiem listy) lub ustaw hours dla formy w pal-report.yaml.',
          en: 'Give the hours ("Liczba godzin" column, or a "Liczba godzin" row under the list header) or set hours for the form in pal-report.yaml.',
        },
      },
      timeOrder: {
        message: {
          pl: 'Godzina zakończenia {to} jest wcześniejsza niż godzina rozpoczęcia {from}',
          en: 'End time {to} is earlier than start time {from}',
        },
        hint: {
          pl: 'Popraw „Godzina od” albo „Godzina do” (np. 16:00 zamiast 4:00).',
          en: 'Correct "Godzina od" or "Godzina do" (e.g. 16:00 instead of 4:00).',
        },
      },
      timeEqual: {
        message: {
          pl: 'Godzina zakończenia {to} jest taka sama jak godzina rozpoczęcia — zajęcia trwałyby 0 godzin',
          en: 'End time {to} equals the start time — the session would last 0 hours',
        },
        hint: {
          pl: 'Popraw „Godzina od” albo „Godzina do”.',
          en: 'Correct "Godzina od" or "Godzina do".',
        },
      },
      timeLong: {
        message: {
          pl: 'Zajęcia od {from} do {to} trwałyby {hours} godz. — najwyżej {max}',
          en: 'A session from {from} to {to} would last {hours} hours — at most {max}',
        },
        hint: {
          pl: 'Sprawdź godziny; dłuższe wsparcie zapisz jako kilka zajęć.',
          en: 'Check the times; record longer support as several sessions.',
        },
      },
    },
  },
  'session-hours-conflict': {
    severity: 'error',
    params: { date: text, first: text, at: text },
    message: {
      pl: 'Te same zajęcia ({date}) mają różną liczbę godzin: {value} tutaj, {first} w {at}',
      en: 'The same session ({date}) has different hours: {value} here, {first} in {at}',
    },
    hint: {
      pl: 'Jedne zajęcia to jedna liczba godzin: popraw wpis albo nadaj zajęciom różne tytuły.',
      en: 'One session has one number of hours: fix the entry or give the sessions different titles.',
    },
  },
  'duplicate-attendance': {
    severity: 'error',
    params: { first: text, date: text, hours: text },
    message: {
      pl: 'Uczestnik „{value}” ma już wpis obecności na tych zajęciach ({date}) w {first}',
      en: 'Participant "{value}" already has an attendance record for this session ({date}) in {first}',
    },
    hint: {
      pl: 'Usuń powtórzony wpis.',
      en: 'Remove the repeated entry.',
    },
    variants: {
      individual: {
        message: {
          pl: 'Uczestnik „{value}” ma już taki sam wpis na zajęciach indywidualnych ({date}, {hours} h) w {first}',
          en: 'Participant "{value}" already has the same record of this individual session ({date}, {hours} h) in {first}',
        },
        hint: {
          pl: 'Usuń powtórzony wpis. Dwie konsultacje jednej osoby tego samego dnia i tej samej długości odróżnij godziną rozpoczęcia (kolumna „Godzina od”) albo tytułem (np. „… – 2”).',
          en: 'Remove the repeated entry. Tell two consultations of one person on one day of the same length apart by their start time (the "Godzina od" column) or their title (e.g. "… – 2").',
        },
      },
      headcount: {
        message: {
          pl: 'Ta sama impreza otwarta ({date}, {hours} h, liczba osób {value}) jest już wpisana w {first} — jej uczestnicy policzyliby się drugi raz',
          en: 'The same open event ({date}, {hours} h, {value} people) is already recorded in {first} — its people would count twice',
        },
        hint: {
          pl: 'Usuń powtórzony wiersz. Osobną część imprezy wpisz z innym tytułem; dwie grupy tej samej imprezy — jednym wierszem z łączną liczbą osób.',
          en: 'Remove the repeated row. Record a separate part of the event under another title; two groups of the same event as one row with the total number of people.',
        },
      },
    },
  },
  'pesel-scientific-notation': {
    severity: 'error',
    message: {
      pl: 'Identyfikator „{value}” zapisany w notacji naukowej: Excel zaokrąglił liczbę i ostatnie cyfry przepadły',
      en: 'Identifier "{value}" is in scientific notation: Excel rounded the number and its last digits are lost',
    },
    hint: {
      pl: 'Cyfr nie da się odzyskać z tego pliku. W Excelu ustaw format kolumny na Tekst (Formatuj komórki → Tekst) i wpisz numery ponownie albo wklej je z pliku źródłowego; przy otwieraniu CSV wskaż dla tej kolumny typ Tekst.',
      en: 'The digits cannot be recovered from this file. In Excel format the column as Text (Format Cells → Text) and enter the numbers again or paste them from the source file; when opening a CSV, choose the Text type for this column.',
    },
  },
  'attendance-outside-participation': {
    severity: 'error',
    params: { start: text, end: text, row: num },
    message: {
      pl: 'Obecność {value} przed rozpoczęciem udziału uczestnika ({start})',
      en: 'Attendance on {value} before the participant started ({start})',
    },
    hint: {
      pl: 'Sprawdź datę zajęć albo daty udziału w pliku uczestników (wiersz {row}).',
      en: 'Check the session date or the participation dates in the participant file (row {row}).',
    },
    variants: {
      after: {
        message: {
          pl: 'Obecność {value} po zakończeniu udziału uczestnika ({end})',
          en: 'Attendance on {value} after the participant ended ({end})',
        },
      },
    },
  },
  'attendance-outside-project': {
    severity: 'error',
    params: { from: text, to: text },
    message: {
      pl: 'Zajęcia {value} poza okresem realizacji projektu ({from} – {to})',
      en: 'Session on {value} outside the project period ({from} – {to})',
    },
    hint: {
      pl: 'Sprawdź datę zajęć.',
      en: 'Check the session date.',
    },
  },
  'attendance-outside-window': {
    severity: 'warning',
    params: { action: text, from: text, to: text },
    message: {
      pl: 'Zajęcia {value} poza harmonogramem działania {action} ({from} – {to})',
      en: 'Session on {value} outside the schedule of action {action} ({from} – {to})',
    },
    hint: {
      pl: 'Harmonogram to plan: sprawdź datę albo zaktualizuj okno działania w pal-report.yaml.',
      en: 'The schedule is a plan: check the date or update the action window in pal-report.yaml.',
    },
  },
});
