/**
 * The dataset as the indicator engine sees it: people, distinct sessions and deduplicated
 * attendance marks, with everything the measures filter on already typed. Built once from the
 * validated dataset; the engine never looks at files.
 */
import { fromDayNumber, type IsoDate } from '../dates.js';
import type { Dataset } from '../ingest/dataset.js';
import type { Participant, Tri } from '../ingest/participants.js';
import type { Project } from '../project/load.js';
import type { Usable } from '../validate/index.js';

export interface Person {
  index: number;
  /** Where the person is in the participant sheet: the audit trail points here, never at a PESEL. */
  src: { file: string; sheet: string; row: number };
  /** Later rows that repeat this person (left out; the audit trail names them). */
  repeatedIn?: { file: string; sheet: string; row: number }[];
  sex?: 'K' | 'M';
  ageAtStart?: number;
  education?: string;
  status?: string;
  statusDetail?: string;
  disability?: Tri;
  migrant?: Tri;
  homeless?: Tri;
  otherDisadvantage?: Tri;
  otoczenie: boolean;
  degurba?: string;
  completedPath?: boolean;
  exitSituations: string[];
  socialProgress: boolean;
  employmentDate?: IsoDate;
  start?: IsoDate;
  end?: IsoDate;
}

export interface Session {
  index: number;
  date: IsoDate;
  action: string;
  form: string;
  title: string;
  /** Hours of the session (the first valid value seen; conflicts are validation errors). */
  hours: number;
  /** People at an open event without a list (`Liczba osób`), summed over headcount rows. */
  headcount: number;
  /** Present marks of listed participants. */
  present: number;
  /** Where the session was first recorded (file, sheet, and the row and cell of its date). */
  src: { file: string; sheet: string; row: number; cell: string };
}

/** Attendance marks of known participants, one per (session, person), as parallel arrays. */
export interface Attendances {
  length: number;
  session: Int32Array;
  person: Int32Array;
  /** 1 present; 0 absent or excused (every mark is expected, only presence counts as attended). */
  present: Uint8Array;
}

/** Participant columns some sheet had: a filter on a column nobody has is "no data", not zero. */
export type DataColumn = 'sex' | 'age' | 'education' | 'status' | 'statusDetail' | 'disability' | 'migrant' | 'homeless'
  | 'otherDisadvantage' | 'degurba' | 'completedPath' | 'exitSituation' | 'socialProgress' | 'employmentDate' | 'end';

export interface ComputeData {
  span: { from: IsoDate; to: IsoDate };
  asOf: IsoDate;
  people: Person[];
  sessions: Session[];
  attendances: Attendances;
  columns: Set<DataColumn>;
}

function defined<T>(v: T | null | undefined): T | undefined {
  return v === null ? undefined : v;
}

function toPerson(p: Participant, index: number): Person {
  const person: Person = {
    index,
    src: { file: p.ref.file, sheet: p.ref.sheet, row: p.row },
    otoczenie: p.otoczenie === true,
    exitSituations: [p.exitSituation1, p.exitSituation2].filter((x): x is string => typeof x === 'string'),
    socialProgress: p.socialProgress === true,
  };
  const optional: Partial<Person> = {
    sex: defined(p.sex),
    ageAtStart: p.ageAtStart,
    education: defined(p.education),
    status: defined(p.status),
    statusDetail: defined(p.statusDetail),
    disability: defined(p.disability),
    migrant: defined(p.migrant),
    homeless: defined(p.homeless),
    otherDisadvantage: defined(p.otherDisadvantage),
    degurba: defined(p.degurba),
    completedPath: defined(p.completedPath),
    employmentDate: defined(p.employmentDate),
    start: defined(p.start),
    end: defined(p.end),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (person as unknown as Record<string, unknown>)[k] = v;
  return person;
}

const COLUMN_OF_FIELD: [string, DataColumn][] = [
  ['sex', 'sex'], ['pesel', 'sex'], ['age', 'age'], ['pesel', 'age'], ['education', 'education'], ['status', 'status'],
  ['statusDetail', 'statusDetail'], ['disability', 'disability'], ['migrant', 'migrant'], ['homeless', 'homeless'],
  ['otherDisadvantage', 'otherDisadvantage'], ['degurba', 'degurba'], ['completedPath', 'completedPath'],
  ['exitSituation1', 'exitSituation'], ['exitSituation2', 'exitSituation'], ['socialProgress', 'socialProgress'],
  ['employmentDate', 'employmentDate'], ['end', 'end'],
];

/**
 * Builds the engine's view from the rows validation left usable (a row with an error counts
 * nowhere, issue 9). Records that cannot be placed (no valid date, a repeat of the same person
 * in the same session) are errors, so they are not usable either.
 */
export function buildComputeData(project: Project, dataset: Dataset, usable: Usable, asOf: IsoDate): ComputeData {
  // people are renumbered: only usable participant rows become persons
  const personOf = new Int32Array(dataset.participants.length).fill(-1);
  const people: Person[] = [];
  const byRow = new Map<Participant, Person>();
  dataset.participants.forEach((p, k) => {
    if (!usable.participants[k]) return;
    personOf[k] = people.length;
    const person = toPerson(p, people.length);
    byRow.set(p, person);
    people.push(person);
  });
  for (const [row, repeat] of usable.repeats) {
    const first = byRow.get(repeat.first);
    if (first && repeat.kind !== 'idConflict') (first.repeatedIn ??= []).push({ file: row.ref.file, sheet: row.ref.sheet, row: row.row });
  }
  const columns = new Set<DataColumn>();
  for (const p of dataset.participants) {
    for (const [field, column] of COLUMN_OF_FIELD) if (p.ref.columns.has(field)) columns.add(column);
  }
  const store = dataset.attendance;
  const sessions: Session[] = store.sessions().map((s, index) => {
    const src = store.dateSource(s.first);
    return {
      index,
      date: fromDayNumber(s.day),
      action: store.textOf(s.action),
      form: store.textOf(s.form),
      title: store.textOf(s.title),
      hours: 0,
      headcount: 0,
      present: 0,
      src,
    };
  });
  const n = store.length;
  const session = new Int32Array(n);
  const person = new Int32Array(n);
  const present = new Uint8Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (!usable.records[i]) continue;
    const s = store.session(i);
    const sess = sessions[s] as Session;
    if (sess.hours === 0) {
      // the session's hours and provenance from its first usable record
      sess.hours = store.hours(i);
      sess.src = store.dateSource(i);
    }
    const p = store.person(i);
    if (p < 0) {
      sess.headcount += store.headcount(i) ?? 0;
      continue;
    }
    session[k] = s;
    person[k] = personOf[p] as number;
    if (store.isPresent(i)) {
      present[k] = 1;
      sess.present++;
    }
    k++;
  }
  return {
    span: { ...project.definition.project.period },
    asOf,
    people,
    sessions,
    attendances: { length: k, session: session.subarray(0, k), person: person.subarray(0, k), present: present.subarray(0, k) },
    columns,
  };
}
