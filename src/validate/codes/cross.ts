/**
 * Cross-file codes (SPEC §5): participants against their attendance.
 */
import { codes, text, DATE_CELL } from './define.js';

export const CROSS_CODES = codes({
  'participant-without-support': {
    severity: 'warning',
    message: {
      pl: 'Uczestnik zarejestrowany, ale nie ma żadnej obecności na listach',
      en: 'Registered participant with no attendance on any list',
    },
    hint: {
      pl: 'Uczestnik to osoba, która otrzymała wsparcie: sprawdź listy obecności.',
      en: 'A participant is someone who received support: check the attendance lists.',
    },
  },
  'start-not-first-support': {
    severity: 'warning',
    params: { first: text, ...DATE_CELL },
    message: {
      pl: 'Data rozpoczęcia udziału ({value}) różni się od dnia pierwszego wsparcia ({first})',
      en: 'Start of participation ({value}) differs from the day of first support ({first})',
    },
    hint: {
      pl: 'Datą rozpoczęcia udziału jest dzień pierwszej formy wsparcia.',
      en: 'The start of participation is the day of the first support.',
    },
  },
});
