/**
 * The dataset as the indicator engine sees it: people, distinct sessions and deduplicated
 * attendance marks, with everything the measures filter on already typed. Built once from the
 * validated dataset; the engine never looks at files.
 */
import type { IsoDate } from '../dates.js';
import { effectiveForm, onlyForms, sessionKey, type Mark } from '../ingest/attendance.js';
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

export interface Attendance {
  session: number;
  person: number;
  mark: Mark;
}

/** Participant columns some sheet had: a filter on a column nobody has is "no data", not zero. */
export type DataColumn = 'sex' | 'age' | 'education' | 'status' | 'statusDetail' | 'disability' | 'migrant' | 'homeless'
  | 'otherDisadvantage' | 'degurba' | 'completedPath' | 'exitSituation' | 'socialProgress' | 'employmentDate' | 'end';

export interface ComputeData {
  span: { from: IsoDate; to: IsoDate };
  asOf: IsoDate;
  people: Person[];
  sessions: Session[];
  attendances: Attendance[];
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
 * unreadable mark) are left out: validation has already reported them.
 */
export function buildComputeData(project: Project, dataset: Dataset, asOf: IsoDate): ComputeData {
  const people = dataset.participants.map(toPerson);
  const byKey = new Map<string, number>();
  dataset.participants.forEach((p, i) => {
    if (p.id && !byKey.has(p.id)) byKey.set(p.id, i);
  });
  dataset.participants.forEach((p, i) => {
    if (p.pesel && !byKey.has(p.pesel)) byKey.set(p.pesel, i);
  });
  const columns = new Set<DataColumn>();
  for (const p of dataset.participants) {
    for (const [field, column] of COLUMN_OF_FIELD) if (p.ref.columns.has(field)) columns.add(column);
  }

  const onlyForm = onlyForms(project.definition.actions);

  const sessions: Session[] = [];
  const sessionIndex = new Map<string, number>();
  const attendances: Attendance[] = [];
  const seen = new Set<string>();
  for (const r of dataset.attendance) {
    if (!r.date) continue;
    const key = sessionKey(r, onlyForm);
    let s = sessionIndex.get(key);
    if (s === undefined) {
      s = sessions.length;
      sessionIndex.set(key, s);
      sessions.push({
        index: s, date: r.date, action: r.action, form: effectiveForm(r, onlyForm), title: r.title, hours: 0, headcount: 0, present: 0,
        src: { file: r.ref.file, sheet: r.ref.sheet, cell: `${r.dateAt.column ?? ''}${r.dateAt.row ?? ''}` },
      });
    }
    const session = sessions[s] as Session;
    if (session.hours === 0 && typeof r.hours === 'number' && r.hours > 0) session.hours = r.hours;
    if (r.key === '') {
      if (typeof r.headcount === 'number') session.headcount += r.headcount;
      continue;
    }
    const person = byKey.get(r.key);
    if (person === undefined || r.mark === null) continue;
    const dedupe = `${s}\u0002${person}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    attendances.push({ session: s, person, mark: r.mark });
    if (r.mark === 'present') session.present++;
  }
  return { span: { ...project.definition.project.period }, asOf, people, sessions, attendances, columns };
}
