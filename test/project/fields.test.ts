/**
 * The participant field table is the one place an attribute is declared: ingest's headers,
 * the definition's `where` keys, the filters, the dictionaries `init` offers and the personal
 * data rules all follow from it.
 */
import { describe, expect, it } from 'vitest';
import { personFilter } from '../../src/indicators/filters.js';
import type { Person } from '../../src/indicators/data.js';
import { HeaderMatcher } from '../../src/ingest/headers.js';
import { PARTICIPANT_COLUMNS } from '../../src/ingest/participants.js';
import { participantColumns } from '../../src/init/init.js';
import { builtinDictionaries } from '../../src/project/dictionaries.js';
import { attributeFilters, FIELD_NAMES, fieldSpec, headerOf, PERSONAL_FIELDS } from '../../src/project/fields.js';
import { whereSchema } from '../../src/project/schema.js';

describe('the participant field table', () => {
  const filters = attributeFilters();

  it('ingest recognises every field by its canonical header', () => {
    const matcher = new HeaderMatcher(PARTICIPANT_COLUMNS);
    for (const f of FIELD_NAMES) {
      if (fieldSpec(f).after) continue; // `W tym` is bound by the column before it
      const binding = matcher.bind([headerOf(f)]);
      expect([...binding.columns.keys()], f).toEqual([f]);
    }
  });

  it('every filter key is a key of `where`, and filters people by the field behind it', () => {
    const dict = builtinDictionaries();
    const sample: Record<string, unknown> = {
      dictionary: undefined, tri: 'Tak', bool: true, yesNo: 'Tak', sex: 'K', area: '1',
    };
    for (const [key, { match, fields }] of filters) {
      const field = fields[0];
      expect(field, key).toBeDefined();
      if (!field) continue;
      const spec = fieldSpec(field);
      const dictionaryValue = spec.kind === 'statusDetail' ? Object.values(dict.status_detail).flat()[0] : spec.dictionary ? dict[spec.dictionary][0] : undefined;
      const wanted = match === 'dictionary' ? dictionaryValue : sample[match];
      const where = whereSchema.parse({ [key]: wanted });
      const value = match === 'yesNo' ? true : wanted;
      const person = { index: 0, src: { file: 'x', sheet: 'x', row: 2 }, [field]: value } as Person;
      const other = { index: 1, src: { file: 'x', sheet: 'x', row: 3 } } as Person;
      expect(personFilter(where)(person), key).toBe(true);
      expect(personFilter(where)(other), key).toBe(false);
    }
    expect([...filters.keys()]).toEqual(expect.arrayContaining(['sex', 'education', 'status', 'status_detail', 'exit_situation', 'disability', 'otoczenie', 'area']));
  });

  it('init offers each dictionary field its dictionary as a drop-down list', () => {
    const dict = builtinDictionaries();
    const columns = participantColumns(dict);
    for (const f of FIELD_NAMES) {
      const spec = fieldSpec(f);
      if (spec.template === false || !spec.dictionary) continue;
      const column = columns.find((c) => c.header === headerOf(f));
      expect(column?.list, f).toEqual(dict[spec.dictionary]);
    }
  });

  it('personal data are the names, PESEL, address and contact fields', () => {
    expect([...PERSONAL_FIELDS].sort()).toEqual(['building', 'email', 'firstName', 'flat', 'lastName', 'locality', 'pesel', 'phone', 'postcode', 'street']);
  });
});
