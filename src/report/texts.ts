/**
 * Wording of the reports. Reports are official documents for a Polish institution, so they
 * are written in Polish whatever `--lang` says (that option is for messages).
 */
import { formatPl, formatMonthPl, type IsoDate } from '../dates.js';

export const REPORT_TITLES = {
  progress: 'Sprawozdanie okresowe z realizacji projektu',
  final: 'Raport końcowy z realizacji Programu Aktywności Lokalnej',
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

export const ACTION_STATUS = {
  planned: 'zaplanowane',
  running: 'w realizacji',
  idle: 'w oknie, bez zajęć w okresie',
  outside: 'zajęcia poza oknem harmonogramu',
  finished: 'zakończone',
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
  const parts = new Intl.DateTimeFormat('pl-PL', {
    timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('day')}.${get('month')}.${get('year')}, ${get('hour')}:${get('minute')}`;
}
