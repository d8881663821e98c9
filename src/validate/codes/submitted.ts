/**
 * Submitted-period codes (SPEC §5, §8): today's data changes a value already reported.
 */
import type { Message, Quantity } from '../../i18n/index.js';
import { codes, num, param, text, words } from './define.js';

export const SUBMITTED_CODES = codes({
  'submitted-period-changed': {
    severity: 'warning',
    params: {
      period: text, indicator: text, side: words, key: param<string | Message>(),
      submitted: param<string | Quantity>(), now: param<string | Quantity>(),
      /** The person an attendance row moved in or out of the value; the old row number of a row that is gone. */
      person: param<string | Message>(), row: num,
    },
    message: {
      pl: 'Ten wiersz zmienia wartość już złożoną: okres {period}, wskaźnik {indicator} ({side}, {key}): złożono {submitted}, obecnie {now}',
      en: 'This row changes a value already submitted: period {period}, indicator {indicator} ({side}, {key}): submitted {submitted}, now {now}',
    },
    hint: {
      pl: 'Jeśli zmiana jest zamierzona, opisz ją we wniosku o płatność (pal-report corrections); jeśli nie — przywróć poprzednią treść wiersza.',
      en: 'If the change is intended, explain it in the payment claim (pal-report corrections); if not, restore the row\'s previous content.',
    },
    variants: {
      removed: {
        message: {
          pl: 'Wiersz {row} (stan ze złożenia okresu {period}) już nie istnieje albo nie jest liczony — zmienia wartość wskaźnika {indicator} ({side}, {key}): złożono {submitted}, obecnie {now}',
          en: 'Row {row} (as submitted for period {period}) no longer exists or no longer counts — it changes indicator {indicator} ({side}, {key}): submitted {submitted}, now {now}',
        },
      },
      cell: {
        message: {
          pl: 'Ta komórka zmienia wartość już złożoną: okres {period}, wskaźnik {indicator} ({side}, {key}): złożono {submitted}, obecnie {now}',
          en: 'This cell changes a value already submitted: period {period}, indicator {indicator} ({side}, {key}): submitted {submitted}, now {now}',
        },
      },
      person: {
        message: {
          pl: 'Ten wiersz zmienia wartość już złożoną (osoba {person}): okres {period}, wskaźnik {indicator} ({side}, {key}): złożono {submitted}, obecnie {now}',
          en: 'This row changes a value already submitted (person {person}): period {period}, indicator {indicator} ({side}, {key}): submitted {submitted}, now {now}',
        },
      },
      removedPerson: {
        message: {
          pl: 'Wiersz {row} (stan ze złożenia okresu {period}) już nie istnieje albo nie jest liczony — przez to osoba {person} zmienia wartość wskaźnika {indicator} ({side}, {key}): złożono {submitted}, obecnie {now}',
          en: 'Row {row} (as submitted for period {period}) no longer exists or no longer counts — so person {person} changes indicator {indicator} ({side}, {key}): submitted {submitted}, now {now}',
        },
      },
    },
  },
});
