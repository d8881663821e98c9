/**
 * `where` filters (SPEC §4.1) compiled once per indicator: one predicate over people, one over
 * sessions. Keys are AND-ed, a list means any of. The attendance-based keys
 * (`attended_min_hours`, `attended_min_share`) need the marks and live in measures.ts.
 */
import type { IsoDate } from '../dates.js';
import { dictionaryKey } from '../text.js';
import { attributeFilters, type Where, type FilterMatch, type ParticipantField } from '../project/index.js';
import type { Person, Session } from './data.js';

function list<T>(v: T | T[] | undefined): T[] | undefined {
  return v === undefined ? undefined : Array.isArray(v) ? v : [v];
}

function keySet(values: string[] | undefined): Set<string> | undefined {
  return values ? new Set(values.map(dictionaryKey)) : undefined;
}

/**
 * `employed_after` (SPEC §4.5): employment taken up between the start of participation and
 * three calendar months after its end, both ends inclusive; during participation counts too.
 */
export function employedAfter(p: Person): boolean {
  if (!p.employmentDate || !p.start || p.employmentDate < p.start) return false;
  return p.employmentWindowEnd === undefined || p.employmentDate <= p.employmentWindowEnd;
}

/** The three-month window has not closed by as-of and no qualifying employment yet. */
export function isPending(p: Person, asOf: IsoDate): boolean {
  return p.employmentWindowEnd !== undefined && p.employmentWindowEnd > asOf && !employedAfter(p);
}

type PersonTest = (p: Person) => boolean;

/** The `where` keys on participant attributes, from the field table. */
const ATTRIBUTE_FILTERS = attributeFilters();

/** The test for one attribute key: any of its fields (two for the exit situation) may match. */
function attributeTest(match: FilterMatch, fields: readonly ParticipantField[], wanted: unknown): PersonTest {
  const valuesOf = (p: Person) => fields.map((f) => (p as Record<string, unknown>)[f]);
  switch (match) {
    case 'dictionary': {
      const keys = keySet(list(wanted as string | string[])) ?? new Set<string>();
      return (p) => valuesOf(p).some((v) => typeof v === 'string' && keys.has(dictionaryKey(v)));
    }
    case 'bool':
      // no value counts as "no": a person is not from the otoczenie unless marked so
      return (p) => valuesOf(p).some((v) => v === true) === wanted;
    case 'yesNo':
      return (p) => valuesOf(p).some((v) => v === (wanted === 'Tak'));
    default: {
      // Tak/Nie/Odmowa, K/M, DEGURBA codes: exact values
      const allowed = list(wanted as string | string[]) ?? [];
      return (p) => valuesOf(p).some((v) => typeof v === 'string' && allowed.includes(v));
    }
  }
}

/** Predicate over the person's own data (not their attendance). */
export function personFilter(where: Where | undefined): PersonTest {
  if (!where) return () => true;
  const tests: PersonTest[] = [];
  for (const [key, { match, fields }] of ATTRIBUTE_FILTERS) {
    const wanted = (where as Record<string, unknown>)[key];
    if (wanted !== undefined) tests.push(attributeTest(match, fields, wanted));
  }
  if (where.age) {
    const { min, max } = where.age;
    tests.push((p) => p.ageAtStart !== undefined && (min === undefined || p.ageAtStart >= min) && (max === undefined || p.ageAtStart <= max));
  }
  if (where.employed_after !== undefined) {
    const want = where.employed_after;
    tests.push((p) => employedAfter(p) === want);
  }
  return tests.length === 0 ? () => true : (p) => tests.every((t) => t(p));
}

/** Predicate over sessions: `action` and `form`. */
export function sessionFilter(where: Where | undefined): ((s: Pick<Session, 'action' | 'form'>) => boolean) | undefined {
  const actions = list(where?.action);
  const forms = list(where?.form);
  if (!actions && !forms) return undefined;
  return (s) => (!actions || actions.includes(s.action)) && (!forms || forms.includes(s.form));
}

/** Whether a filter needs attendance (action/form on a person, minimum hours or share). */
export function needsAttendance(where: Where | undefined): boolean {
  return Boolean(where && (where.action || where.form || where.attended_min_hours !== undefined || where.attended_min_share !== undefined));
}

/** Fields behind the keys that are not plain attributes. */
const DERIVED_FIELDS: Record<string, ParticipantField[]> = { age: ['age'], employed_after: ['employmentDate'] };

/** For each participant key of a filter, the fields it reads (none of them recorded: "no data"). */
export function fieldsOf(where: Where | undefined): ParticipantField[][] {
  if (!where) return [];
  return Object.keys(where).map((k) => ATTRIBUTE_FILTERS.get(k)?.fields ?? DERIVED_FIELDS[k]).filter((f): f is ParticipantField[] => f !== undefined);
}
