/**
 * `where` filters (SPEC §4.1) compiled once per indicator: one predicate over people, one over
 * sessions. Keys are AND-ed, a list means any of. The attendance-based keys
 * (`attended_min_hours`, `attended_min_share`) need the marks and live in measures.ts.
 */
import { addMonths, type IsoDate } from '../dates.js';
import { dictionaryKey } from '../text.js';
import type { Where } from '../project/schema.js';
import type { DataColumn, Person, Session } from './data.js';

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
  return !p.end || p.employmentDate <= addMonths(p.end, 3);
}

/** The three-month window has not closed by as-of and no qualifying employment yet. */
export function isPending(p: Person, asOf: IsoDate): boolean {
  return p.end !== undefined && addMonths(p.end, 3) > asOf && !employedAfter(p);
}

type PersonTest = (p: Person) => boolean;

/** Predicate over the person's own data (not their attendance). */
export function personFilter(where: Where | undefined): PersonTest {
  if (!where) return () => true;
  const tests: PersonTest[] = [];
  const sex = list(where.sex);
  if (sex) tests.push((p) => p.sex !== undefined && sex.includes(p.sex));
  if (where.age) {
    const { min, max } = where.age;
    tests.push((p) => p.ageAtStart !== undefined && (min === undefined || p.ageAtStart >= min) && (max === undefined || p.ageAtStart <= max));
  }
  const dict: [keyof Where, (p: Person) => string | undefined][] = [
    ['education', (p) => p.education], ['status', (p) => p.status], ['status_detail', (p) => p.statusDetail],
  ];
  for (const [key, get] of dict) {
    const allowed = keySet(list(where[key] as string | string[] | undefined));
    if (allowed) tests.push((p) => { const v = get(p); return v !== undefined && allowed.has(dictionaryKey(v)); });
  }
  const tri: [keyof Where, (p: Person) => string | undefined][] = [
    ['disability', (p) => p.disability], ['migrant', (p) => p.migrant], ['homeless', (p) => p.homeless],
    ['other_disadvantage', (p) => p.otherDisadvantage],
  ];
  for (const [key, get] of tri) {
    const allowed = list(where[key] as string | string[] | undefined);
    if (allowed) tests.push((p) => { const v = get(p); return v !== undefined && allowed.includes(v); });
  }
  if (where.otoczenie !== undefined) {
    const want = where.otoczenie;
    tests.push((p) => p.otoczenie === want);
  }
  const area = list(where.area);
  if (area) tests.push((p) => p.degurba !== undefined && area.includes(p.degurba));
  if (where.completed_path !== undefined) {
    const want = where.completed_path === 'Tak';
    tests.push((p) => p.completedPath === want);
  }
  const exits = keySet(list(where.exit_situation));
  if (exits) tests.push((p) => p.exitSituations.some((x) => exits.has(dictionaryKey(x))));
  if (where.social_progress !== undefined) {
    const want = where.social_progress;
    tests.push((p) => p.socialProgress === want);
  }
  if (where.employed_after !== undefined) {
    const want = where.employed_after;
    tests.push((p) => employedAfter(p) === want);
  }
  return tests.length === 0 ? () => true : (p) => tests.every((t) => t(p));
}

/** Predicate over sessions: `action` and `form`. */
export function sessionFilter(where: Where | undefined): ((s: Session) => boolean) | undefined {
  const actions = list(where?.action);
  const forms = list(where?.form);
  if (!actions && !forms) return undefined;
  return (s) => (!actions || actions.includes(s.action)) && (!forms || forms.includes(s.form));
}

/** Whether a filter needs attendance (action/form on a person, minimum hours or share). */
export function needsAttendance(where: Where | undefined): boolean {
  return Boolean(where && (where.action || where.form || where.attended_min_hours !== undefined || where.attended_min_share !== undefined));
}

const COLUMN_OF_KEY: Partial<Record<keyof Where, DataColumn>> = {
  sex: 'sex', age: 'age', education: 'education', status: 'status', status_detail: 'statusDetail',
  disability: 'disability', migrant: 'migrant', homeless: 'homeless', other_disadvantage: 'otherDisadvantage',
  area: 'degurba', completed_path: 'completedPath', exit_situation: 'exitSituation', social_progress: 'socialProgress',
  employed_after: 'employmentDate',
};

/** The participant columns a filter reads (a value is "no data" when none of the sheets has one). */
export function columnsOf(where: Where | undefined): DataColumn[] {
  if (!where) return [];
  return (Object.keys(where) as (keyof Where)[]).map((k) => COLUMN_OF_KEY[k]).filter((c): c is DataColumn => c !== undefined);
}
