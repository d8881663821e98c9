/**
 * Submitted-period codes (SPEC §5, §8): today's data changes a value already reported.
 */
import type { Message } from '../../i18n/index.js';
import { codes, num, param, text, words } from './define.js';

export const SUBMITTED_CODES = codes({
  'submitted-period-changed': {
    severity: 'warning',
    params: {
      /** `a value already submitted` or `values…`, and the list of what changed, by period. */
      what: words, changes: words,
      /** The snapshot's period whose old row a removed place names. */
      period: text,
      /** The person an attendance row moved in or out of the value; the old row number of a row that is gone. */
      person: param<string | Message>(), row: num,
    },
    message: {
      pl: 'Ten wiersz zmienia {what}: {changes}',
      en: 'This row changes {what}: {changes}',
    },
    hint: {
      pl: 'Jeśli zmiana jest zamierzona, opisz ją we wniosku o płatność (pal-report corrections); jeśli nie — przywróć poprzednią treść wiersza.',
      en: 'If the change is intended, explain it in the payment claim (pal-report corrections); if not, restore the row\'s previous content.',
    },
    variants: {
      removed: {
        message: {
          pl: 'Wiersz {row} (stan ze złożenia okresu {period}) już nie istnieje albo nie jest liczony — zmienia {what}: {changes}',
          en: 'Row {row} (as submitted for period {period}) no longer exists or no longer counts — it changes {what}: {changes}',
        },
      },
      cell: {
        message: {
          pl: 'Ta komórka zmienia {what}: {changes}',
          en: 'This cell changes {what}: {changes}',
        },
      },
      person: {
        message: {
          pl: 'Ten wiersz zmienia {what} (osoba {person}): {changes}',
          en: 'This row changes {what} (person {person}): {changes}',
        },
      },
      cellPerson: {
        message: {
          pl: 'Ta komórka zmienia {what} (osoba {person}): {changes}',
          en: 'This cell changes {what} (person {person}): {changes}',
        },
      },
      removedPerson: {
        message: {
          pl: 'Wiersz {row} (stan ze złożenia okresu {period}) już nie istnieje albo nie jest liczony — przez to osoba {person} zmienia {what}: {changes}',
          en: 'Row {row} (as submitted for period {period}) no longer exists or no longer counts — so person {person} changes {what}: {changes}',
        },
      },
    },
  },
});
