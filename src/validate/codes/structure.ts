/**
 * File and structure codes (SPEC §5, first group): a file, a sheet or a header row as a whole,
 * and the cell values any table may hold (dates, numbers, days after the day of the data).
 */
import type { FileReason } from '../../errors.js';
import type { Message } from '../../i18n/index.js';
import { codes, count, data, DATE_CELL, text, words } from './define.js';

export const STRUCTURE_CODES = codes({
  'file-unreadable': {
    severity: 'error',
    params: { reason: words, reasonCode: data<FileReason>() },
    message: {
      pl: 'Nie można odczytać pliku: {reason}',
      en: 'Cannot read the file: {reason}',
    },
    hint: {
      pl: 'Sprawdź ścieżkę w pal-report.yaml (sekcja data:) i czy plik otwiera się w Excelu.',
      en: 'Check the path in pal-report.yaml (data:) and that the file opens in Excel.',
    },
    variants: {
      limit: {
        hint: {
          pl: 'To ochrona przed „bombami” zip i danymi bez końca; jeśli plik jest prawdziwy, zwiększ limit podaną opcją.',
          en: 'This guards against zip bombs and endless input; if the file is real, raise the limit with the option named.',
        },
      },
      // the reason already says how to fix the file (save it as XLSX or ODS): no hint about the path
      selfExplained: {
        hint: null,
      },
    },
  },
  'file-empty': {
    severity: 'error',
    params: { reason: words, reasonCode: data<FileReason>() },
    message: {
      pl: 'Pusty plik: {reason}',
      en: 'Empty file: {reason}',
    },
    hint: {
      pl: 'Wskaż właściwy plik albo usuń go z sekcji data: w pal-report.yaml.',
      en: 'Point to the right file or remove it from data: in pal-report.yaml.',
    },
  },
  'sheet-missing': {
    severity: 'error',
    params: { sheets: text },
    message: {
      pl: 'Brak arkusza „{value}” (arkusze w pliku: {sheets})',
      en: 'No sheet "{value}" (sheets in the file: {sheets})',
    },
    hint: {
      pl: 'Popraw nazwę arkusza w pal-report.yaml (klucz sheet:).',
      en: 'Fix the sheet name in pal-report.yaml (sheet:).',
    },
  },
  'header-not-found': {
    severity: 'error',
    message: {
      pl: 'Nie znaleziono wiersza nagłówka tabeli',
      en: 'No table header row found',
    },
    variants: {
      participants: {
        hint: {
          pl: 'Tabela uczestników potrzebuje wiersza nagłówka z nazwami kolumn SL2014, np. Imię, Nazwisko, PESEL, Płeć, Wykształcenie.',
          en: 'The participant table needs a header row with SL2014 column names, e.g. Imię, Nazwisko, PESEL, Płeć, Wykształcenie.',
        },
      },
      attendance: {
        hint: {
          pl: 'Lista obecności potrzebuje nagłówka: Data, Kod działania, Identyfikator, Obecność (układ długi) albo kolumn z datami zajęć i etykiety „Kod działania:” nad listą (układ siatki).',
          en: 'An attendance list needs a header: Data, Kod działania, Identyfikator, Obecność (long layout) or session date columns with a "Kod działania:" label above (grid layout).',
        },
      },
    },
  },
  'missing-column': {
    severity: 'error',
    params: { column: text, closest: text },
    message: {
      pl: 'Brak wymaganej kolumny „{column}”',
      en: 'Required column "{column}" is missing',
    },
    variants: {
      closest: {
        hint: {
          pl: 'Najbliższy nagłówek w pliku to „{closest}” — popraw jego nazwę albo dodaj kolumnę.',
          en: 'The closest header in the file is "{closest}" — rename it or add the column.',
        },
      },
      gridLabel: {
        message: {
          pl: 'Brak etykiety „{column}” nad listą obecności',
          en: 'Label "{column}" is missing above the attendance list',
        },
        hint: {
          pl: 'Nad listą wpisz w komórce „Kod działania:”, a w komórce obok kod działania (np. A7).',
          en: 'Above the list, put "Kod działania:" in a cell and the action code (e.g. A7) in the cell to its right.',
        },
      },
    },
  },
  'unknown-column': {
    severity: 'warning',
    message: {
      pl: 'Nieznana kolumna „{value}” — zostanie pominięta',
      en: 'Unknown column "{value}" — it will be ignored',
    },
    variants: {
      wtym: {
        hint: {
          pl: 'Kolumna „W tym” musi stać tuż za „Status osoby na rynku pracy…” albo za „Rodzaj przyznanego wsparcia”.',
          en: '"W tym" must stand right after "Status osoby na rynku pracy…" or after "Rodzaj przyznanego wsparcia".',
        },
      },
    },
  },
  'header-approximate': {
    severity: 'warning',
    params: { canonical: text },
    message: {
      pl: 'Nagłówek „{value}” rozpoznano jako „{canonical}” (bez polskich znaków)',
      en: 'Header "{value}" read as "{canonical}" (without Polish letters)',
    },
    hint: {
      pl: 'Popraw nagłówek na „{canonical}”.',
      en: 'Rename the header to "{canonical}".',
    },
  },
  'duplicate-column': {
    severity: 'error',
    params: { kept: text },
    message: {
      pl: 'Kolumna „{value}” powtarza się — użyto kolumny {kept}',
      en: 'Column "{value}" is repeated — column {kept} is used',
    },
    hint: {
      pl: 'Usuń powtórzoną kolumnę albo zmień jej nazwę.',
      en: 'Remove the repeated column or rename it.',
    },
  },
  'extra-cells': {
    severity: 'error',
    params: { column: text, last: text, delimiter: text },
    message: {
      pl: 'Wiersz ma wartości poza ostatnią kolumną nagłówka ({last}), od kolumny {column} — wiersz pominięto, jego komórek nie sprawdzano',
      en: 'The row has values beyond the header\'s last column ({last}), from column {column} — the row was left out and its cells not checked',
    },
    hint: {
      pl: 'Wpisz nagłówek nad tą kolumną albo przenieś wartość do kolumny z nagłówkiem (np. „Uwagi”).',
      en: 'Add a header above that column or move the value into a column with a header (e.g. "Uwagi").',
    },
    variants: {
      csv: {
        hint: {
          pl: 'W pliku CSV to zwykle znak „{delimiter}” wewnątrz wartości bez cudzysłowu (np. tytuł „Spotkanie{delimiter} zmiana sali”), który przesuwa kolejne kolumny: ujmij wartość w cudzysłów albo zamień ten znak na inny.',
          en: 'In a CSV this is usually a "{delimiter}" inside an unquoted value (e.g. a title "Meeting{delimiter} room changed"), which shifts every later column: quote the value or use another character.',
        },
      },
    },
  },
  'encoding-guessed': {
    severity: 'info',
    params: { encoding: text },
    message: {
      pl: 'Plik CSV bez znacznika BOM odczytano jako {encoding}',
      en: 'CSV file without BOM read as {encoding}',
    },
    hint: {
      pl: 'Sprawdź polskie litery; w Excelu zapisz plik jako „CSV UTF-8”, aby kodowanie nie było zgadywane.',
      en: 'Check the Polish letters; save from Excel as "CSV UTF-8" so the encoding is not guessed.',
    },
  },
  'no-data': {
    severity: 'info',
    message: {
      pl: 'Tabela ma nagłówek, ale nie ma jeszcze żadnych danych',
      en: 'The table has a header but no data yet',
    },
    hint: {
      pl: 'Wpisz dane pod nagłówkiem albo usuń plik z sekcji data: w pal-report.yaml.',
      en: 'Enter data under the header or remove the file from data: in pal-report.yaml.',
    },
  },
  'invalid-date': {
    severity: 'error',
    message: {
      pl: '„{value}” nie jest poprawną datą',
      en: '"{value}" is not a valid date',
    },
    hint: {
      pl: 'Wpisz datę jako dd.mm.rrrr (np. 15.03.2021) albo jako komórkę typu data.',
      en: 'Enter the date as dd.mm.yyyy (e.g. 15.03.2021) or as a date cell.',
    },
    variants: {
      number: {
        message: {
          pl: 'W komórce jest liczba {value}, a nie data',
          en: 'The cell holds the number {value}, not a date',
        },
      },
      shape: {
        message: {
          pl: '„{value}” wygląda jak data, ale taki dzień nie istnieje',
          en: '"{value}" looks like a date, but there is no such day',
        },
      },
    },
  },
  'invalid-number': {
    severity: 'error',
    message: {
      pl: '„{value}” nie jest poprawną liczbą',
      en: '"{value}" is not a valid number',
    },
    hint: {
      pl: 'Wpisz liczbę, np. 12 albo 1,5.',
      en: 'Enter a number, e.g. 12 or 1,5.',
    },
    variants: {
      hours: {
        message: {
          pl: 'Liczba godzin nie jest poprawną liczbą',
          en: 'The number of hours is not a valid number',
        },
        hint: {
          pl: 'Wpisz liczbę godzin, np. 2 albo 1,5.',
          en: 'Enter the hours, e.g. 2 or 1,5.',
        },
      },
      headcount: {
        message: {
          pl: 'Liczba osób nie jest poprawną liczbą całkowitą',
          en: 'The number of people is not a valid whole number',
        },
        hint: {
          pl: 'Wpisz liczbę uczestników imprezy, np. 45.',
          en: 'Enter the number of people at the event, e.g. 45.',
        },
      },
      time: {
        message: {
          pl: '„{value}” nie jest poprawną godziną',
          en: '"{value}" is not a valid time of day',
        },
        hint: {
          pl: 'Wpisz godzinę jako gg:mm, np. 10:30.',
          en: 'Enter the time as hh:mm, e.g. 10:30.',
        },
      },
    },
  },
  'date-after-as-of': {
    severity: 'error',
    params: { asOf: text, ...DATE_CELL },
    message: {
      pl: 'Data {value} jest późniejsza niż dzień stanu danych ({asOf})',
      en: 'Date {value} is after the data cut-off day ({asOf})',
    },
    hint: {
      pl: 'Popraw datę albo uruchom z opcją --as-of z właściwym dniem stanu danych.',
      en: 'Fix the date or run with --as-of set to the right cut-off day.',
    },
  },
  'no-file-matches': {
    severity: 'error',
    params: { reason: data<Message>() },
    message: {
      pl: 'Żaden plik nie pasuje do wzorca z pal-report.yaml — z tej pozycji nic nie wczytano',
      en: 'No file matches this pattern of pal-report.yaml — nothing was read from it',
    },
    hint: {
      pl: 'Sprawdź nazwy folderu i pliku w pal-report.yaml (sekcja data:). Wzorzec tworzą tylko znaki * i ?; pozostałe znaki, także nawiasy, są częścią nazwy.',
      en: 'Check the folder and file names in pal-report.yaml (data:). Only * and ? make a pattern; every other character, brackets included, is part of the name.',
    },
  },
  'file-skipped': {
    severity: 'info',
    params: { workbook: text },
    variants: {
      'excel-lock': {
        message: {
          pl: 'Pominięto plik blokady Excela: skoroszyt „{workbook}” jest otwarty w Excelu?',
          en: 'Excel lock file skipped: is the workbook "{workbook}" open in Excel?',
        },
        hint: {
          pl: 'Excel tworzy plik ~$… na czas otwarcia skoroszytu. Wczytano ostatnią zapisaną wersję — zapisz i zamknij skoroszyt, aby sprawdzić bieżące zmiany.',
          en: 'Excel creates a ~$… file while the workbook is open. Its last saved version was read — save and close the workbook to check the current changes.',
        },
      },
      'libreoffice-lock': {
        message: {
          pl: 'Pominięto plik blokady LibreOffice: skoroszyt „{workbook}” jest otwarty w LibreOffice?',
          en: 'LibreOffice lock file skipped: is the workbook "{workbook}" open in LibreOffice?',
        },
        hint: {
          pl: 'LibreOffice tworzy plik .~lock.…# na czas otwarcia dokumentu. Wczytano ostatnią zapisaną wersję — zapisz i zamknij dokument, aby sprawdzić bieżące zmiany.',
          en: 'LibreOffice creates a .~lock.…# file while the document is open. Its last saved version was read — save and close the document to check the current changes.',
        },
      },
      'own-output': {
        message: {
          pl: 'Pominięto plik zapisany przez pal-report (kopia z zaznaczonymi problemami albo raport): wyniki programu nie są danymi',
          en: 'A file written by pal-report (an annotated copy or a report) was skipped: the program\'s outputs are not data',
        },
        hint: {
          pl: 'Trzymaj kopie --annotate i raporty poza folderami z danymi; poprawki wprowadzaj w pliku oryginalnym.',
          en: 'Keep --annotate copies and reports outside the data folders; make corrections in the original file.',
        },
      },
    },
  },
  'file-not-matched': {
    severity: 'warning',
    message: {
      pl: 'Plik leży w folderze, z którego czytane są dane, ale nie pasuje do żadnej ścieżki ani wzorca z data: w pal-report.yaml — nie jest czytany',
      en: 'The file is in a folder data is read from, but no path or pattern of data: in pal-report.yaml matches it — it is not read',
    },
    variants: {
      attendance: {
        hint: {
          pl: 'Jeśli to lista obecności, popraw albo dopisz wzorzec w pal-report.yaml (data: → attendance, np. dane/obecnosci/*.ods); jeśli nie — przenieś plik poza folder z danymi.',
          en: 'If it is an attendance list, correct or add a pattern in pal-report.yaml (data: → attendance, e.g. dane/obecnosci/*.ods); if not, move the file out of the data folder.',
        },
      },
      participants: {
        hint: {
          pl: 'Jeśli to plik uczestników, wskaż go w pal-report.yaml (data: → participants); jeśli nie — przenieś plik poza folder z danymi.',
          en: 'If it is the participants file, name it in pal-report.yaml (data: → participants); if not, move the file out of the data folder.',
        },
      },
    },
  },
  'hidden-sheet': {
    severity: 'info',
    params: { rows: count },
    message: {
      pl: 'Ukryty arkusz „{value}” zawiera tabelę danych ({rows}) — arkusze ukryte nie są czytane',
      en: 'Hidden sheet "{value}" holds a data table ({rows}) — hidden sheets are not read',
    },
    hint: {
      pl: 'Jeśli te wiersze mają być liczone, odkryj arkusz (w Excelu: prawy klik na karcie arkusza → Odkryj) albo przenieś je do arkusza widocznego; jeśli nie — nic nie trzeba robić.',
      en: 'If these rows should count, unhide the sheet (in Excel: right-click the sheet tab → Unhide) or move them to a visible sheet; otherwise nothing needs doing.',
    },
  },
  'sheet-not-read': {
    severity: 'warning',
    params: { rows: count },
    message: {
      pl: 'Arkusz „{value}” też zawiera tabelę uczestników ({rows}), ale czytany jest tylko pierwszy widoczny arkusz pliku uczestników',
      en: 'Sheet "{value}" also holds a participant table ({rows}), but only the first visible sheet of the participant file is read',
    },
    hint: {
      pl: 'Przenieś te wiersze do pierwszego arkusza albo wskaż arkusz kluczem sheet: w pal-report.yaml (sekcja data:).',
      en: 'Move these rows to the first sheet or name the sheet with sheet: in pal-report.yaml (data:).',
    },
  },
  'numbers-row': {
    severity: 'info',
    message: {
      pl: 'Wiersz numerów kolumn (1, 2, 3 …) pod nagłówkiem — pominięty, nie jest liczony',
      en: 'A row of column numbers (1, 2, 3 …) under the header — skipped, not counted',
    },
    hint: {
      pl: 'Nic nie trzeba robić; wiersz można też usunąć.',
      en: 'Nothing needs doing; the row may also be deleted.',
    },
    variants: {
      header: {
        message: {
          pl: 'Wiersz powtarza nazwy kolumn nagłówka — pominięty, nie jest liczony',
          en: 'The row repeats the header\'s column names — skipped, not counted',
        },
      },
    },
  },
  'formula-without-value': {
    severity: 'error',
    message: {
      pl: 'Komórka zawiera formułę bez zapisanego wyniku — jej wartość jest nieznana, więc wiersz pominięto',
      en: 'The cell holds a formula without a saved result — its value is unknown, so the row was left out',
    },
    hint: {
      pl: 'Plik zapisał program, który nie przelicza formuł (np. skrypt z openpyxl). Otwórz go w Excelu lub LibreOffice i zapisz ponownie — wyniki formuł zostaną zapisane w pliku.',
      en: 'The file was written by a program that does not calculate formulas (e.g. an openpyxl script). Open it in Excel or LibreOffice and save it again — the formulas\' results will be saved in the file.',
    },
    variants: {
      header: {
        message: {
          pl: 'Nagłówek kolumny to formuła bez zapisanego wyniku — kolumny nie da się rozpoznać',
          en: 'The column header is a formula without a saved result — the column cannot be recognised',
        },
      },
    },
  },
});
