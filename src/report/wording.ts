/**
 * Everything the reports say, in one place. Reports are official documents for a Polish
 * institution, so they are written in Polish whatever `--lang` says (that option is for
 * messages); numbers, dates and percentages are formatted for the locale passed explicitly.
 */
import { DateTime } from 'luxon';
import { formatMonthPl, formatPl, WARSAW, type IsoDate } from '../dates.js';
import { countText, formatNumber, formatPercent, pluralForm, t, type Lang } from '../i18n/index.js';
import type { Severity } from '../validate/index.js';

/** The reports' language: fixed, and passed explicitly to every formatter. */
export const LANG: Lang = 'pl';

export const number = (n: number, digits = 2): string => formatNumber(n, digits, LANG);
export const percent = (x: number | null): string => formatPercent(x, LANG);
export const severity = (s: Severity): string => t(`out.severity.${s}`, {}, LANG);

/** `2 kobiety`, `5 kobiet`, `22 kobiety`: Polish plural forms. */
export function plural(n: number, one: string, few: string, many: string): string {
  return `${n} ${{ one, few, many }[pluralForm(n, LANG)]}`;
}

export const REPORT_TITLES = {
  progress: 'Sprawozdanie okresowe z realizacji projektu',
  final: 'Raport końcowy z realizacji Programu Aktywności Lokalnej',
} as const;

export const SECTION_TITLES = {
  summary: 'Podsumowanie',
  context: 'Diagnoza wyjściowa',
  indicators: 'Wskaźniki projektu',
  outcomes: 'Produkty i rezultaty programu',
  efficiency: 'Efektywność społeczno-zatrudnieniowa',
  participants: 'Uczestnicy',
  schedule: 'Harmonogram',
  attendance: 'Frekwencja według działań i form wsparcia',
  monthly: 'Przebieg miesięczny',
  quality: 'Jakość danych',
  issues: 'Lista problemów (walidacja)',
  descriptions: { progress: 'Opis postępu (D.2, D.3)', final: 'Problemy, wnioski i rekomendacje' },
  audit: 'Ślad audytowy',
} as const;

export const FACT_LABELS = {
  programme: 'Program',
  title: 'Tytuł projektu',
  number: 'Numer umowy o dofinansowanie',
  beneficiary: 'Beneficjent',
  basis: 'Podstawa',
  projectPeriod: 'Okres realizacji projektu',
  reportPeriod: { progress: 'Okres sprawozdawczy', final: 'Okres objęty raportem' },
  wholeProject: 'cały projekt',
  asOf: 'Stan danych na dzień',
  generatedAt: 'Data wygenerowania',
} as const;

export const NOTICES = {
  errors: (errors: number, participants: number, records: number) =>
    `DANE ZAWIERAJĄ BŁĘDY (${countText(errors, 'error', LANG)}) — raport utworzono mimo to (--allow-errors). Wiersze z błędami pominięto we wszystkich liczbach: ${countText(participants, 'row', LANG)} uczestników i ${countText(records, 'record', LANG)}. Lista problemów: arkusz „Jakość danych”.`,
  placeholderNumber: (number: string) => `Numer umowy ${number} jest wypełniaczem z szablonu — wpisz w pal-report.yaml numer umowy o dofinansowanie.`,
  exampleTargets: (ids: readonly string[]) => `Wartości docelowe wskaźników ${ids.join(', ')} są przykładowe (z szablonu) — przepisz je z wniosku o dofinansowanie.`,
} as const;

export const TABLE_WORDS = {
  productIndicators: 'F.1 Wskaźniki produktu',
  resultIndicators: 'F.2 Wskaźniki rezultatu',
  ratios: 'Wskaźniki ilorazowe (efektywność)',
  realisationChart: 'Stopień realizacji wskaźników (narastająco; linia = 100%)',
  indicatorNote: 'b.d. — osoby bez danych o płci (liczą się tylko w O). Realizacja = narastająco O ÷ wartość docelowa O całego projektu.',
  ratioNote: 'Oczekujący: osoby, którym nie zamknęło się jeszcze 3-miesięczne okno na podjęcie zatrudnienia — poza licznikiem i mianownikiem.',
  target: 'Wartość docelowa',
  inPeriod: 'W okresie',
  cumulative: 'Narastająco',
  noSex: 'b.d.',
  flows: 'Uczestnicy: rozpoczęli, zakończyli, aktywni',
  flowRows: { started: 'Rozpoczęli udział', ended: 'Zakończyli udział', active: 'Aktywni (uczestniczący)' },
  structure: 'Struktura uczestników w chwili przystąpienia do projektu',
  structureNote: '„W okresie”: osoby, które rozpoczęły udział w okresie; „narastająco”: od początku projektu do końca okresu.',
  schedule: 'Realizacja działań wobec harmonogramu',
  scheduleNote: (asOf: IsoDate) => `Status na dzień stanu danych (${formatPl(asOf)}): „w realizacji” — okno harmonogramu obejmuje ten dzień i w okresie były zajęcia; „zrealizowane” albo „nie zrealizowano” — okno działania (albo projekt) skończyło się, z zajęciami albo bez nich; „zaplanowane” — okno jeszcze się nie zaczęło.`,
  gantt: 'Harmonogram: okna planowane (jasne) i miesiące z zajęciami (ciemne)',
  ganttLegend: 'Jasne pole: miesiąc w oknie harmonogramu; ciemne: miesiąc z zajęciami (● w oknie, ○ poza oknem).',
  ganttKeys: { planned: 'okno planowane', active: 'miesiąc z zajęciami', outside: 'zajęcia poza oknem' },
  ganttAfterAsOf: (asOf: IsoDate) => `Miesiące po dniu stanu danych (${formatPl(asOf)}) pokazują tylko plan.`,
  attendancePeriod: 'W okresie sprawozdawczym',
  attendanceCumulative: 'Narastająco od początku projektu',
  attendanceNote: 'Frekwencja = obecności ÷ wpisy na listach w czasie udziału danej osoby (obecny, nieobecny, usprawiedliwiony).',
  wholeAction: 'razem',
  monthly: 'Miesiąc po miesiącu',
  monthlyChart: 'Aktywni uczestnicy (słupki) i godziny zajęć (linia) w miesiącach',
  monthlyBars: 'aktywni uczestnicy',
  monthlyLine: 'godziny zajęć',
  qualityByCode: 'Problemy w danych według kodu',
  qualityClean: 'Walidacja nie wykazała ostrzeżeń ani błędów w danych.',
  issueList: (shown: number, total: number) => `Lista problemów${shown < total ? ` (pierwsze ${shown} z ${total})` : ''}`,
  audit: 'Skąd pochodzi każda liczba: wiersze uczestników i zajęcia policzone we wskaźnikach (narastająco)',
  auditNote: 'Uczestnicy wskazani plikiem, arkuszem i numerem wiersza (bez PESEL i nazwisk). Dla miar godzin i obecności liczą się zajęcia z tych samych działań i form; zajęcia policzone w kilku wskaźnikach są wymienione raz, z listą tych wskaźników. Wiersze z błędami nie są liczone.',
  auditKinds: { person: 'osoba', session: 'zajęcia' },
  /** Where else a person's row appears (a repeat, not counted again). */
  repeatedIn: (places: readonly string[]) => `powtórzony w ${places.join(', ')} — powtórzenie pominięte`,
  repeatPlace: (row: number, file?: string, sheet?: string) => (file === undefined ? `wierszu ${row}` : `${file} › ${sheet ?? ''}, wierszu ${row}`),
  auditRoles: { counted: 'policzony', sessionCounted: 'policzone', pending: 'oczekujący', both: 'licznik i mianownik', denominator: 'mianownik' },
  yes: 'tak',
  no: 'nie',
  efficiency: 'Efektywność społeczno-zatrudnieniowa wobec progów',
  efficiencyNote: 'Narastająco do końca okresu; uczestnicy zagrożeni wykluczeniem (bez otoczenia), którzy zakończyli udział.',
  efficiencyKinds: { spoleczna: 'Efektywność społeczna', zatrudnieniowa: 'Efektywność zatrudnieniowa' },
  programmeProducts: 'Produkty programu (uchwała, rozdz. XI)',
  programmeResults: 'Rezultaty programu (uchwała, rozdz. X)',
  noData: 'brak danych',
  context: 'Dane wyjściowe (diagnoza w programie)',
  emptySheet: 'Brak danych w tej części raportu.',
  continued: (title: string) => `${title} (cd.)`,
} as const;

/** Column headers of the report tables. */
export const HEADERS = {
  id: 'ID', name: 'Nazwa wskaźnika', unit: 'Jedn.', target: 'Cel', value: 'Wartość', numerator: 'Licznik', denominator: 'Mianownik',
  pending: 'Oczekujący', realisation: 'Realizacja', category: 'Kategoria', code: 'Kod', action: 'Działanie', window: 'Okno planowane',
  status: 'Status', sessions: 'Zajęcia', hours: 'Godziny', persons: 'Osoby', form: 'Forma', participantHours: 'Osobogodziny',
  present: 'Obecności', expected: 'Oczekiwane', rate: 'Frekwencja', month: 'Miesiąc', started: 'Rozpoczęli', ended: 'Zakończyli',
  active: 'Aktywni', severity: 'Ważność', count: 'Liczba', example: 'Przykład', file: 'Plik', sheet: 'Arkusz', cell: 'Komórka',
  message: 'Komunikat', indicator: 'Wskaźnik', kind: 'Rodzaj', role: 'Rola', inPeriod: 'W okresie', row: 'Wiersz', dateCell: 'Komórka daty',
  sessionDate: 'Data zajęć', title: 'Zajęcia', remarks: 'Uwagi', criterion: 'Kryterium', threshold: 'Próg', assessment: 'Ocena',
  achieved: 'Osiągnięto', figure: 'Wskaźnik diagnozy', year: 'Rok',
} as const;

export const GROUP_LABELS: Record<string, string> = {
  sex: 'Płeć',
  age: 'Wiek w chwili przystąpienia do projektu',
  education: 'Wykształcenie',
  status: 'Status na rynku pracy',
  statusDetail: 'Status na rynku pracy — w tym',
  disability: 'Osoby z niepełnosprawnościami',
  migrant: 'Mniejszość narodowa lub etniczna, migrant, osoba obcego pochodzenia',
  homeless: 'Bezdomność lub wykluczenie z dostępu do mieszkań',
  otherDisadvantage: 'Inna niekorzystna sytuacja społeczna',
  otoczenie: 'Osoby z otoczenia',
};

const CATEGORY_LABELS: Record<string, string> = {
  K: 'kobiety',
  M: 'mężczyźni',
  brak: 'brak danych',
  '<25': 'poniżej 25 lat',
  '25-54': '25–54 lata',
  '>54': 'powyżej 54 lat',
  'ISCED 0-2': 'ISCED 0–2 (najwyżej gimnazjalne)',
  'ISCED 3-4': 'ISCED 3–4 (ponadgimnazjalne, policealne)',
  'ISCED 5-8': 'ISCED 5–8 (wyższe)',
  Odmowa: 'odmowa podania informacji',
};

export function categoryLabel(category: string): string {
  return CATEGORY_LABELS[category] ?? category;
}

/** An action's status on the report's data day (its window, the period, and whether it had sessions). */
export const ACTION_STATUS = {
  planned: 'zaplanowane',
  running: 'w realizacji',
  idle: 'w oknie, bez zajęć w okresie',
  outside: 'zajęcia poza oknem harmonogramu',
  done: 'zrealizowane',
  notDone: 'nie zrealizowano',
} as const;

export const THRESHOLD_STATUS = {
  met: 'osiągnięta',
  'not-met': 'nieosiągnięta',
  'not-measurable': 'jeszcze niemierzalna',
} as const;

/** Before the project's end a value below the threshold is not a failure yet. */
export function thresholdStatus(status: keyof typeof THRESHOLD_STATUS, running: boolean): string {
  return status === 'not-met' && running ? 'poniżej progu (projekt w trakcie realizacji)' : THRESHOLD_STATUS[status];
}

/** The automatically written summary's sentences. */
export const SUMMARY = {
  running: (until: IsoDate) => `Projekt w trakcie realizacji (do ${formatPl(until)}): wartości docelowe dotyczą całego projektu, liczby pokazują stan osiągnięty do dnia stanu danych.`,
  people: (o: { progress: boolean; started: number; women: number; men: number; noSex: number; otoczenie: number; ended: number; sessions: number; hours: number }) =>
    `Liczba osób, które ${o.progress ? 'do końca okresu ' : ''}rozpoczęły udział w projekcie: ${o.started} (${plural(o.women, 'kobieta', 'kobiety', 'kobiet')}, ${plural(o.men, 'mężczyzna', 'mężczyzn', 'mężczyzn')}${o.noSex > 0 ? `, ${o.noSex} bez danych o płci` : ''}), w tym z otoczenia: ${o.otoczenie}; zakończyły udział: ${o.ended}. Przeprowadzone zajęcia: ${number(o.sessions)}, łącznie ${number(o.hours)} godz.`,
  achieved: (id: string, name: string, r: number) => `Wskaźnik ${id} („${name}”) osiągnięty w ${percent(r)}.`,
  progress: (id: string, name: string, r: number) => `Wskaźnik ${id} („${name}”) zrealizowany narastająco w ${percent(r)} wartości docelowej.`,
  progressRunning: (id: string, name: string, r: number) => `Wskaźnik ${id} („${name}”): zrealizowano ${percent(r)} wartości docelowej (projekt w trakcie realizacji).`,
  missed: (id: string, name: string, r: number) => `Wskaźnik ${id} („${name}”) zrealizowany w ${percent(r)} — wartość docelowa nie została osiągnięta.`,
  efficiency: (name: string, value: number | null, threshold: number, status: string, pending: number) =>
    `${name}: ${percent(value)} wobec progu ${percent(threshold)} — ${status}${pending > 0 ? ` (${pending} os. oczekuje na zamknięcie 3-miesięcznego okna)` : ''}.`,
} as const;

export const DESCRIPTION_HEADINGS = {
  progress: ['D.2 Problemy napotkane w trakcie realizacji projektu oraz podjęte środki zaradcze', 'D.3 Planowany przebieg realizacji projektu do czasu złożenia kolejnego wniosku o płatność'],
  final: ['Problemy napotkane w trakcie realizacji i działania korygujące', 'Wnioski i rekomendacje'],
} as const;

export function periodText(from: IsoDate, to: IsoDate): string {
  return `${formatPl(from)} – ${formatPl(to)}`;
}

export function windowText(from: string, to: string): string {
  return from === to ? formatMonthPl(from) : `${formatMonthPl(from)} – ${formatMonthPl(to)}`;
}

const MONTHS_SHORT = ['sty', 'lut', 'mar', 'kwi', 'maj', 'cze', 'lip', 'sie', 'wrz', 'paź', 'lis', 'gru'];

/** `2021-03` → `mar 21` for chart axes. */
export function monthShort(month: string): string {
  return `${MONTHS_SHORT[Number(month.slice(5, 7)) - 1] ?? ''} ${month.slice(2, 4)}`;
}

/** Date and time in Warsaw, from an ISO instant: `31.12.2022, 14:05`. */
export function warsawDateTime(iso: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(WARSAW).toFormat('dd.MM.yyyy, HH:mm');
}

// ---- submitted periods and corrections (SPEC §8)
export const CORRECTION_WORDS = {
  title: 'Korekty złożonych okresów',
  intro: 'Wartości wskaźników złożone we wcześniejszych wnioskach o płatność, które po zmianie danych są dziś inne (przeliczone na dzień stanu danych ze złożenia). Wartości narastające w tym raporcie zawierają te korekty. Osoby wskazano identyfikatorem i wierszem, bez PESEL i nazwisk.',
  table: 'Różnice między wartościami złożonymi a obecnymi',
  period: 'Okres złożony',
  submittedOn: 'Złożono',
  indicator: 'Wskaźnik',
  side: 'Wartość',
  key: 'Klucz',
  submitted: 'Złożono',
  now: 'Obecnie',
  difference: 'Różnica',
  left: 'Wypadły',
  entered: 'Weszły',
  more: (n: number) => `… i ${n} więcej (pełna lista: pal-report corrections)`,
  remarks: 'Uwagi',
  included: (d: string) => `w tym korekta ${d}`,
  resolvedNote: (n: number) => `Dodatkowo ${plural(n, 'wartość zmieniła się', 'wartości zmieniły się', 'wartości zmieniło się')} wyłącznie z upływu czasu (zamknięte okna zatrudnienia) — to nie są korekty.`,
  status: 'Status okresu',
  submittedStatus: (date: string) => `złożono ${date}`,
} as const;
