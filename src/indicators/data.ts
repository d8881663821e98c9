/**
 * The dataset as the indicator engine sees it: people, distinct sessions and deduplicated
 * attendance marks, with everything the measures filter on already typed. Built once from the
 * validated dataset; the engine never looks at files.
 */
import { addMonths, fromDayNumber, type IsoDate } from '../dates.js';
import type { Dataset, Participant } from '../ingest/index.js';
import { FIELD_NAMES, fieldSpec, PARTICIPANT_FIELDS, type ParticipantField, type ParticipantValues, type Project } from '../project/index.js';
import type { Usable } from '../validate/index.js';

/** Fields a `where` key filters on (the field table says which). */
export type AttributeField = { [F in ParticipantField]: (typeof PARTICIPANT_FIELDS)[F] extends { filter: object } ? F : never }[ParticipantField];
const ATTRIBUTE_FIELDS = FIELD_NAMES.filter((f) => fieldSpec(f).filter !== undefined) as AttributeField[];

/** A person as the engine sees them: the attributes filters read, and the dates of participation. */
export type Person = {
  index: number;
  /** Where the person is in the participant sheet: the audit trail points here, never at a PESEL. */
  src: { file: string; sheet: string; row: number };
  /** Later rows that repeat this person (left out; the audit trail names them). */
  repeatedIn?: { file: string; sheet: string; row: number }[];
  ageAtStart?: number;
  employmentDate?: IsoDate;
  start?: IsoDate;
  end?: IsoDate;
  /** Three calendar months after the end: the last day employment still counts (SPEC §4.5). */
  employmentWindowEnd?: IsoDate;
} & { [F in AttributeField]?: NonNullable<ParticipantValues[F]> };

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

/**
 * Attendance marks of known participants, one per (session, person): its session and person (as
 * indices into the compute data), whether present (every mark is expected, only presence counts
 * as attended), and the attendance record it comes from (where the mark is in its file). Parallel
 * typed arrays inside, read by index: a million marks are a few megabytes, not a million objects.
 */
export class Marks {
  private constructor(
    private readonly sessionOf: Int32Array,
    private readonly personOf: Int32Array,
    private readonly presentOf: Uint8Array,
    private readonly recordOf: Int32Array,
  ) {}

  /** Marks added one by one, at most `capacity` of them. */
  static builder(capacity: number): MarksBuilder {
    const session = new Int32Array(capacity);
    const person = new Int32Array(capacity);
    const present = new Uint8Array(capacity);
    const record = new Int32Array(capacity);
    let n = 0;
    return {
      add: (s, p, isPresent, r) => {
        session[n] = s;
        person[n] = p;
        if (isPresent) present[n] = 1;
        record[n] = r;
        n++;
      },
      finish: () => new Marks(session.subarray(0, n), person.subarray(0, n), present.subarray(0, n), record.subarray(0, n)),
    };
  }

  /** Marks from a list (small data, tests). */
  static of(marks: readonly { session: number; person: number; present: boolean; record: number }[]): Marks {
    const b = Marks.builder(marks.length);
    for (const m of marks) b.add(m.session, m.person, m.present, m.record);
    return b.finish();
  }

  get length(): number {
    return this.sessionOf.length;
  }

  /** Index of mark k's session (into `ComputeData.sessions`). */
  session(k: number): number {
    return this.sessionOf[k] as number;
  }

  /** Index of mark k's person (into `ComputeData.people`). */
  person(k: number): number {
    return this.personOf[k] as number;
  }

  isPresent(k: number): boolean {
    return this.presentOf[k] === 1;
  }

  /** The attendance record mark k comes from (index into the store). */
  record(k: number): number {
    return this.recordOf[k] as number;
  }

  /** The marks k in order (for walks that are not hot: those index from 0 to `length`). */
  [Symbol.iterator](): Iterator<number> {
    let k = 0;
    const n = this.sessionOf.length;
    return { next: () => (k < n ? { value: k++, done: false } : { value: undefined, done: true }) };
  }

  /** The marks `keep` says, renumbered in order (the same object when it keeps them all). */
  filter(keep: (k: number) => boolean): Marks {
    const kept: number[] = [];
    for (let k = 0; k < this.length; k++) if (keep(k)) kept.push(k);
    if (kept.length === this.length) return this;
    const pick = <T extends Int32Array | Uint8Array>(from: T, to: T): T => {
      kept.forEach((k, j) => { to[j] = from[k] as number; });
      return to;
    };
    const n = kept.length;
    return new Marks(pick(this.sessionOf, new Int32Array(n)), pick(this.personOf, new Int32Array(n)), pick(this.presentOf, new Uint8Array(n)), pick(this.recordOf, new Int32Array(n)));
  }
}

export interface MarksBuilder {
  /** A mark of person `person` in session `session` (indices into the compute data), from attendance record `record`. */
  add(session: number, person: number, present: boolean, record: number): void;
  finish(): Marks;
}

export interface ComputeData {
  span: { from: IsoDate; to: IsoDate };
  asOf: IsoDate;
  people: Person[];
  sessions: Session[];
  attendances: Marks;
  /** Fields some participant sheet has a column for: a filter on a field nobody recorded is "no data", not zero. */
  columns: Set<ParticipantField>;
}

type PersonValues = Omit<Person, 'index' | 'src' | 'repeatedIn' | 'employmentWindowEnd'>;

/** A person from their attributes and dates; what follows from them (the employment window) is derived here. */
export function newPerson(index: number, src: Person['src'], values: PersonValues): Person {
  const person: Person = { index, src, ...values };
  if (person.end !== undefined) person.employmentWindowEnd = addMonths(person.end, 3);
  return person;
}

function toPerson(p: Participant, index: number): Person {
  const values: Record<string, unknown> = {};
  // an unreadable value (null) is an error, and a row with an error is never a person: null cannot occur here
  for (const f of [...ATTRIBUTE_FIELDS, 'start', 'end', 'employmentDate', 'ageAtStart'] as const) {
    const v = p[f];
    if (v !== undefined && v !== null) values[f] = v;
  }
  return newPerson(index, { file: p.ref.file, sheet: p.ref.sheet, row: p.row }, values as PersonValues);
}

/** The fields a sheet provides: its columns, and sex and age where a PESEL column gives them. */
function providedFields(p: Participant): ParticipantField[] {
  const fields = [...p.ref.columns.keys()] as ParticipantField[];
  return p.ref.columns.has('pesel') ? [...fields, 'sex', 'age'] : fields;
}

/**
 * A session of the attendance store. Where it was recorded is looked up when asked: only the
 * audit trail and the evidence of submitted periods ask, and a project of 200,000 individual
 * sessions would otherwise keep 200,000 places in memory.
 */
class StoredSession implements Session {
  hours = 0;
  headcount = 0;
  present = 0;
  constructor(
    private readonly store: Dataset['attendance'],
    /** The record the place is read from: the session's first usable one. */
    public record: number,
    readonly index: number, readonly date: IsoDate, readonly action: string, readonly form: string, readonly title: string,
  ) {}

  get src(): Session['src'] {
    return this.store.dateSource(this.record);
  }
}

/**
 * Builds the engine's view from the rows validation left usable (a row with an error counts
 * nowhere, issue 9). Records that cannot be placed (no valid date, a repeat of the same person
 * in the same session) are errors, so they are not usable either.
 */
export function buildComputeData(project: Project, dataset: Dataset, usable: Usable, asOf: IsoDate): ComputeData {
  // people are renumbered: only usable participant rows become persons
  const personOf = new Int32Array(dataset.participants.length);
  const people: Person[] = [];
  const byRow = new Map<Participant, Person>();
  for (const k of usable.participants()) {
    const p = dataset.participants[k] as Participant;
    personOf[k] = people.length;
    const person = toPerson(p, people.length);
    byRow.set(p, person);
    people.push(person);
  }
  for (const [row, repeat] of usable.repeats) {
    const first = byRow.get(repeat.first);
    if (first && repeat.kind !== 'idConflict') (first.repeatedIn ??= []).push({ file: row.ref.file, sheet: row.ref.sheet, row: row.row });
  }
  const columns = new Set<ParticipantField>();
  for (const p of dataset.participants) for (const f of providedFields(p)) columns.add(f);
  const store = dataset.attendance;
  const days = new Map<number, IsoDate>();
  const sessions: StoredSession[] = store.sessions().map((s, index) => {
    let date = days.get(s.day);
    if (date === undefined) days.set(s.day, (date = fromDayNumber(s.day)));
    return new StoredSession(store, s.first, index, date, store.textOf(s.action), store.textOf(s.form), store.textOf(s.title));
  });
  const marks = Marks.builder(store.length);
  for (const i of usable.records()) {
    // a usable record has a date, so a session (a record without one drew an error)
    const s = store.session(i) as number;
    const sess = sessions[s] as StoredSession;
    if (sess.hours === 0) {
      // the session's hours and provenance from its first usable record
      sess.hours = store.hours(i);
      sess.record = i;
    }
    const p = store.person(i);
    if (p === undefined) {
      sess.headcount += store.headcount(i) ?? 0;
      continue;
    }
    const present = store.isPresent(i);
    if (present) sess.present++;
    // a usable record's participant row is usable too, so a person
    marks.add(s, personOf[p] as number, present, i);
  }
  return {
    span: { ...project.definition.project.period },
    asOf,
    people,
    sessions,
    attendances: marks.finish(),
    columns,
  };
}
