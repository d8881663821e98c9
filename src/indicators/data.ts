/**
 * The dataset as the indicator engine sees it: people, distinct sessions and deduplicated
 * attendance marks, with everything the measures filter on already typed. Built once from the
 * validated dataset; the engine never looks at files.
 */
import { fromDayNumber, type IsoDate } from '../dates.js';
import { MARK } from '../ingest/attendance-store.js';
import type { Dataset } from '../ingest/dataset.js';
import type { Participant, Tri } from '../ingest/participants.js';
import type { Project } from '../project/load.js';

export interface Person {
  index: number;
  /** Where the person is in the participant sheet: the audit trail points here, never at a PESEL. */
  src: { file: string; sheet: string; row: number };
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
  /** Where the session was first recorded (file, sheet and the cell of its date). */
  src: { file: string; sheet: string; cell: string };
}

/** Attendance marks of known participants, one per (session, person), as parallel arrays. */
export interface Attendances {
  length: number;
  session: Int32Array;
  person: Int32Array;
  /** MARK code: 0 absent, 1 present, 2 excused. */
  mark: Uint8Array;
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
 * Builds the engine's view. Records that cannot be placed (no valid date, unknown person,
 * unreadable mark, a repeat of the same person in the same session) are left out: validation
 * has already reported them.
 */
export function buildComputeData(project: Project, dataset: Dataset, asOf: IsoDate): ComputeData {
  const people = dataset.participants.map(toPerson);
  const columns = new Set<DataColumn>();
  for (const p of dataset.participants) {
    for (const [field, column] of COLUMN_OF_FIELD) if (p.ref.columns.has(field)) columns.add(column);
  }
  const store = dataset.attendance;
  const sessions: Session[] = store.sessions.map((s, index) => {
    const src = store.dateSource(s.first);
    return {
      index,
      date: fromDayNumber(s.day),
      action: store.texts.get(s.action),
      form: store.texts.get(s.form),
      title: store.texts.get(s.title),
      hours: 0,
      headcount: 0,
      present: 0,
      src,
    };
  });
  const { flags } = store.duplicates();
  const n = store.length;
  const session = new Int32Array(n);
  const person = new Int32Array(n);
  const mark = new Uint8Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const s = store.session[i] as number;
    if (s < 0) continue;
    const sess = sessions[s] as Session;
    const h = store.hours[i] as number;
    if (sess.hours === 0 && h > 0) sess.hours = h;
    const p = store.person[i] as number;
    const m = store.mark[i] as number;
    if (store.key[i] === 0) {
      const hc = store.headcount.get(i);
      if (hc !== undefined && hc > 0) sess.headcount += hc;
      continue;
    }
    if (p < 0 || m === MARK.invalid || flags[i]) continue;
    session[k] = s;
    person[k] = p;
    mark[k] = m;
    if (m === MARK.present) sess.present++;
    k++;
  }
  return {
    span: { ...project.definition.project.period },
    asOf,
    people,
    sessions,
    attendances: { length: k, session: session.subarray(0, k), person: person.subarray(0, k), mark: mark.subarray(0, k) },
    columns,
  };
}
