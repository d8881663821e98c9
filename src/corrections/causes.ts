/**
 * Where the data changed, for the `submitted-period-changed` warnings (SPEC §8). A person who
 * entered or left a participant count did so because of a cell of their row (the start date, a
 * flag: that cell, with its column) or because of their attendance (a late row, a changed mark:
 * that attendance row, naming the person) — never "their row" as a whole when no cell of it
 * changed. Without the old values (a snapshot holds no personal data), the cause is found from
 * the indicator's conditions: for a person who left, the conditions they fail now; for one who
 * entered, the conditions they meet now, less those another count shows they met before too.
 * Pure: the caller passes today's data as of the snapshot's day.
 */
import type { IsoDate } from '../dates.js';
import { countedPeople, isPending, needsAttendance, personFilter, sessionFilter, type ComputeData, type Person, type Session } from '../indicators/index.js';
import { locate, type Participant, type Location } from '../ingest/index.js';
import { attributeFilters, type ParticipantField, type At, type Definition, type IndicatorDefinition, type Where } from '../project/index.js';
import type { Difference, Item, Side, World } from './compare.js';
import { markPlace, sessionKey } from './evidence.js';
import type { Snapshot } from './snapshot.js';

/** A place a warning is given at: a cell or row today, or a row that is gone (`removedRow`, at its file); `person` is named when it is not their own row. */
export interface ChangePlace {
  at: Location;
  removedRow?: number;
  person?: { id: string | null; file: string; row: number };
}

/** Today's data as of a snapshot's day, and how to find rows and cells in the files. */
export interface ChangeContext {
  def: Definition;
  snapshot: Snapshot;
  /** Today's data. */
  data: ComputeData;
  /** Today's data seen as of the snapshot's `asOf` (asof.ts), made when first needed. */
  view(): ComputeData;
  /** The lasting key of each person of `view`, by index. */
  keys: readonly string[];
  participants: readonly Participant[];
  /** The mark cell of an attendance record (index into the store). */
  markAt(record: number): Location;
  world: World;
  /** Today's hashes of a person's values as the snapshot's were made (`fieldHashes`); undefined when they cannot be compared (another key). */
  fieldHashes?: (person: Person, personKey: string, fields: readonly string[]) => Record<string, string>;
}

/** One condition of a participant count, and the cells (or the attendance) that decide it. */
interface Part {
  /** The same condition in two counts has the same signature. */
  sig: string;
  fields?: readonly ParticipantField[];
  /** An attendance condition: the sessions it reads (on or before `to`). */
  attendance?: { where: Where | undefined; to: IsoDate };
  /** Whether the person meets it now; undefined when it cannot be told alone (attendance). */
  holds(p: Person): boolean | undefined;
}

interface Spec {
  where: Where | undefined;
  at: At;
}

const ATTRIBUTES = attributeFilters();

function inRange(d: IsoDate | undefined, from: IsoDate, to: IsoDate): boolean {
  return d !== undefined && d >= from && d <= to;
}

function rangeOf(ctx: ChangeContext, side: Side): { from: IsoDate; to: IsoDate } {
  const period = ctx.snapshot.period;
  return { from: side === 'period' ? period.from : ctx.data.span.from, to: period.to };
}

/** The conditions of a participant count over a range (SPEC §4.1). */
function partsOf(spec: Spec, range: { from: IsoDate; to: IsoDate }): Part[] {
  const parts: Part[] = [];
  const span = `${range.from}..${range.to}`;
  switch (spec.at) {
    case 'start':
      parts.push({ sig: `start:${span}`, fields: ['start'], holds: (p) => inRange(p.start, range.from, range.to) });
      break;
    case 'end':
      parts.push({ sig: `end:${span}`, fields: ['end'], holds: (p) => inRange(p.end, range.from, range.to) });
      break;
    case 'active':
      parts.push({ sig: `active:${span}`, fields: ['start', 'end'], holds: (p) => p.start !== undefined && p.start <= range.to && (p.end === undefined || p.end >= range.from) });
      break;
    case 'support':
      break;
  }
  const where = spec.where ?? {};
  for (const [key, value] of Object.entries(where)) {
    const filter = ATTRIBUTES.get(key);
    const test = filter || key === 'age' || key === 'employed_after' ? personFilter({ [key]: value } as Where) : undefined;
    if (!test) continue;
    const fields: ParticipantField[] = filter ? filter.fields : key === 'age' ? ['age', 'pesel'] : ['employmentDate'];
    parts.push({ sig: `${key}=${JSON.stringify(value)}`, fields, holds: test });
  }
  if (spec.at === 'support' || needsAttendance(spec.where)) {
    const reads = { action: where.action, form: where.form, hours: where.attended_min_hours, share: where.attended_min_share, support: spec.at === 'support' ? span : undefined };
    parts.push({ sig: `attendance:${range.to}:${JSON.stringify(reads)}`, attendance: { where: spec.where, to: range.to }, holds: () => undefined });
  }
  return parts;
}

/** The counts a key of an indicator reads (a ratio: its numerator, denominator, or both). */
function specsOf(ind: IndicatorDefinition, key: string): Spec[] {
  if (ind.measure === 'participants') return [{ where: ind.where, at: ind.at ?? 'start' }];
  if (ind.measure !== 'ratio') return [];
  const num = { where: ind.numerator.where, at: ind.numerator.at ?? 'start' };
  const den = { where: ind.denominator.where, at: ind.denominator.at ?? 'start' };
  if (key === 'value') return [num, den];
  return key.startsWith('numerator.') || !key.includes('.') ? [num] : [den];
}

function usesEmployment(ind: IndicatorDefinition): boolean {
  return ind.measure === 'ratio' && (ind.numerator.where?.employed_after !== undefined || ind.denominator.where?.employed_after !== undefined);
}

/** The value of a `Person` a participant cell decides (the age at start comes from the PESEL, else the age column). */
function personFieldOf(field: ParticipantField): string {
  return field === 'age' || field === 'pesel' ? 'ageAtStart' : field;
}

/**
 * The values of a person (`Person` fields) the participant counts of a definition read: what a
 * snapshot keeps a hash of for each person, to tell later which of them changed. The sex is
 * kept as it is (`PersonRef.sex`).
 */
export function fieldsRead(def: Definition): string[] {
  const out = new Set<string>();
  const range = { from: def.project.period.from, to: def.project.period.to };
  for (const ind of def.indicators) {
    for (const spec of specsOf(ind, 'value')) for (const part of partsOf(spec, range)) for (const f of part.fields ?? []) out.add(personFieldOf(f));
    if (usesEmployment(ind)) for (const f of ['end', 'employmentDate']) out.add(f);
  }
  out.delete('sex');
  return [...out].sort();
}

/** Where a participant cell is: its column, else (age or sex read from it) the PESEL's; none when the sheet has neither. */
function cellOf(p: Participant, field: ParticipantField): Location | undefined {
  if (p.ref.columns.has(field)) return locate(p.ref, p.row, field);
  if ((field === 'sex' || field === 'age') && p.ref.columns.has('pesel')) return locate(p.ref, p.row, 'pesel');
  return undefined;
}

/** Explains the person items of the differences of one snapshot. */
export class ChangeExplainer {
  private readonly byPlace = new Map<string, number>();
  private readonly rows = new Map<string, Participant>();
  private readonly counted = new Map<string, Set<number>>();
  private viewMade: ComputeData | undefined;

  constructor(private readonly ctx: ChangeContext) {
    ctx.data.people.forEach((p, i) => this.byPlace.set(`${p.src.file}\u0000${p.src.sheet}\u0000${p.src.row}`, i));
    for (const p of ctx.participants) this.rows.set(`${p.ref.file}\u0000${p.ref.sheet}\u0000${p.row}`, p);
  }

  private get view(): ComputeData {
    this.viewMade ??= this.ctx.view();
    return this.viewMade;
  }

  /** The places of one item of a difference: the item's own row, unless it is a person whose count moved for a reason elsewhere. */
  places(d: Difference, item: Item, entered: boolean): ChangePlace[] {
    const own: ChangePlace[] = [item.removed
      ? { at: { file: item.file, sheet: item.sheet ?? null, row: null, column: null, header: null }, removedRow: item.row }
      : { at: { file: item.file, sheet: item.sheet ?? null, row: item.row, column: null, header: null } }];
    if (item.kind === 'attendance' && !item.removed && !item.excluded) {
      // a mark that came or went: its cell (the mark column of a list, the date column of a grid)
      const record = this.markRecord(item);
      return record === undefined ? own : [{ at: this.ctx.markAt(record) }];
    }
    // a row that is gone or has errors is itself what changed
    if (item.kind !== 'person' || item.removed || item.excluded) return own;
    const place = `${item.file}\u0000${item.sheet ?? ''}\u0000${item.row}`;
    const index = this.byPlace.get(place);
    const row = this.rows.get(place);
    const ind = this.ctx.def.indicators.find((i) => i.id === d.indicator);
    if (index === undefined || !row || !ind) return own;
    const found = this.explain(ind, d, index, row, entered);
    return found.length > 0 ? found : own;
  }

  private explain(ind: IndicatorDefinition, d: Difference, index: number, row: Participant, entered: boolean): ChangePlace[] {
    const person = this.view.people[index] as Person;
    const range = rangeOf(this.ctx, d.side);
    let parts = specsOf(ind, d.key).flatMap((s) => partsOf(s, range));
    const letter = d.key.slice(d.key.lastIndexOf('.') + 1);
    if (letter === 'K' || letter === 'M') parts.push({ sig: `sex=${letter}`, fields: ['sex'], holds: (p) => p.sex === letter });
    if (usesEmployment(ind)) {
      // a pending window (SPEC §4.5) takes a person out of both sides of the ratio, or puts them in `pending`
      const pending = d.key.startsWith('pending.');
      const asOf = this.view.asOf;
      parts.push({ sig: `pending=${pending}`, fields: ['end', 'employmentDate'], holds: (p) => isPending(p, asOf) === pending });
    }
    if (parts.length === 0) return [];
    const changed = this.changedFields(index, parts);
    if (changed) {
      const found = this.changedCells(parts, changed, person, row, entered);
      const attendance = parts.filter((p) => p.attendance);
      if (found.length === 0) for (const part of attendance) found.push(...this.attendanceRows(index, row, part.attendance as NonNullable<Part['attendance']>, entered));
      if (found.length > 0) return dedupe(found);
    }
    let causes: Part[];
    if (!entered) {
      // they met every condition before: the ones they fail now changed; else their attendance did
      causes = parts.filter((p) => p.holds(person) === false);
      if (causes.length === 0) causes = parts.filter((p) => p.attendance);
    } else {
      // they meet every condition now: of those, not the ones another count shows they met before too
      const unchanged = this.unchangedParts(index, ind, d.side);
      causes = parts.filter((p) => !unchanged.has(p.sig));
    }
    const out: ChangePlace[] = [];
    for (const part of causes) {
      if (part.attendance) out.push(...this.attendanceRows(index, row, part.attendance, entered));
      else out.push(...(part.fields ?? []).flatMap((f) => { const at = cellOf(row, f); return at ? [{ at }] : []; }));
    }
    return dedupe(out);
  }

  /**
   * The person's values that changed since the snapshot, by its hashes of them (`Person` fields,
   * and `sex`); undefined when it cannot tell for every condition (an older snapshot, a field a
   * condition reads that it has no hash of, persons hashed under another key).
   */
  private changedFields(index: number, parts: readonly Part[]): Set<string> | undefined {
    const key = this.ctx.keys[index] as string;
    const before = this.ctx.snapshot.evidence.persons[key];
    const hashes = this.ctx.fieldHashes;
    if (!before?.fields || !hashes) return undefined;
    const fields = Object.keys(before.fields);
    const read = new Set(parts.flatMap((p) => (p.fields ?? []).map(personFieldOf)));
    read.delete('sex');
    if ([...read].some((f) => !fields.includes(f))) return undefined;
    const person = this.view.people[index] as Person;
    const now = hashes(person, key, fields);
    const changed = new Set(fields.filter((f) => now[f] !== before.fields?.[f]));
    if ((before.sex ?? '') !== (person.sex ?? '')) changed.add('sex');
    return changed;
  }

  /**
   * The cells of the changed values among an indicator's conditions: for a person who left, of
   * the conditions they fail now; for one who entered, of any (they meet all now). The age moves
   * with the start date: it is named only when the start did not change.
   */
  private changedCells(parts: readonly Part[], changed: ReadonlySet<string>, person: Person, row: Participant, entered: boolean): ChangePlace[] {
    const out: ChangePlace[] = [];
    for (const part of parts) {
      if (part.attendance || (!entered && part.holds(person) !== false)) continue;
      for (const f of part.fields ?? []) {
        const field = personFieldOf(f);
        if (!changed.has(field)) continue;
        if (field === 'ageAtStart') {
          if (changed.has('start')) continue;
          // the age at start comes from the PESEL when there is one, else from the age column
          const at = (row.pesel ? cellOf(row, 'pesel') : undefined) ?? cellOf(row, 'age');
          if (at) out.push({ at });
          continue;
        }
        const at = cellOf(row, f);
        if (at) out.push({ at });
      }
    }
    return out;
  }

  /** The record of a mark item (its session, at its row). */
  private markRecord(item: Extract<Item, { kind: 'attendance' }>): number | undefined {
    return this.ctx.world.markRecord?.(sessionKey(item), item);
  }

  /** People a count has today, by index. */
  private countedNow(spec: Spec, range: { from: IsoDate; to: IsoDate }): Set<number> {
    const key = `${JSON.stringify(spec)}|${range.from}|${range.to}`;
    let set = this.counted.get(key);
    if (!set) {
      set = new Set(countedPeople(this.view, spec.where, spec.at, range));
      this.counted.set(key, set);
    }
    return set;
  }

  /** Signatures of the conditions a person met both when submitted and now, by the participant counts that counted them both times. */
  private unchangedParts(index: number, ind: IndicatorDefinition, side: Side): Set<string> {
    const out = new Set<string>();
    const key = this.ctx.keys[index] as string;
    // the sex a person was counted with is in the snapshot
    const sex = this.ctx.snapshot.evidence.persons[key]?.sex;
    if (sex !== undefined && sex === this.view.people[index]?.sex) for (const letter of ['K', 'M']) out.add(`sex=${letter}`);
    const evidence = this.ctx.snapshot.evidence.indicators;
    for (const other of this.ctx.def.indicators) {
      if (other.measure !== 'participants') continue;
      for (const s of ['period', 'cumulative'] as const) {
        if (other.id === ind.id && s === side) continue;
        if (!(evidence[other.id]?.[s].persons ?? []).includes(key)) continue;
        const spec = { where: other.where, at: other.at ?? 'start' };
        const range = rangeOf(this.ctx, s);
        if (!this.countedNow(spec, range).has(index)) continue;
        for (const p of partsOf(spec, range)) out.add(p.sig);
      }
    }
    return out;
  }

  /** The person's marks as submitted, by session: their line in each session's marks (a million marks are not parsed for a few persons). */
  private marksBefore(key: string): Map<string, number | string> {
    const out = new Map<string, number | string>();
    const head = `${key}\t`;
    for (const [skey, text] of Object.entries(this.ctx.snapshot.evidence.marks)) {
      let at = text.startsWith(head) ? 0 : text.indexOf(`\n${head}`);
      if (at < 0) continue;
      if (at > 0) at += 1;
      const end = text.indexOf('\n', at);
      const place = text.slice(at + head.length, end < 0 ? undefined : end);
      out.set(skey, /^\d+$/.test(place) ? Number(place) : place);
    }
    return out;
  }

  /**
   * The attendance rows of a person that changed a condition on their attendance: present now
   * and not among the marks submitted (a late row), or submitted and not present now (a mark
   * changed, or a row gone). Only sessions whose marks a snapshot records can be told apart.
   */
  private attendanceRows(index: number, row: Participant, reads: { where: Where | undefined; to: IsoDate }, entered: boolean): ChangePlace[] {
    const { snapshot } = this.ctx;
    const key = this.ctx.keys[index] as string;
    const before = this.marksBefore(key);
    const person = { id: row.id ?? null, file: row.ref.file, row: row.row };
    const sf = sessionFilter(reads.where);
    const relevant = (s: { date: string; action: string; form: string }) => s.date <= reads.to && (!sf || sf(s));
    const present = this.presentNow(index);
    const out: ChangePlace[] = [];
    if (entered) {
      const recorded = this.recordedSessions(index);
      for (const [skey, { session, record }] of present) {
        if (!relevant(session) || !recorded(session) || before.has(skey)) continue;
        out.push({ at: this.ctx.markAt(record), person });
      }
      return out;
    }
    for (const [skey, at] of before) {
      const ref = snapshot.evidence.sessions[skey];
      if (!ref || !relevant(ref) || present.has(skey)) continue;
      const now = this.ctx.world.mark(skey, key);
      if (now) out.push({ at: { file: now.file, sheet: now.sheet, row: now.row, column: null, header: null }, person });
      else {
        const place = markPlace(at, ref);
        out.push({ at: { file: place.file, sheet: place.sheet ?? null, row: null, column: null, header: null }, removedRow: place.row, person });
      }
    }
    return out;
  }

  /** The sessions a person is marked present at now, with the record of the mark. */
  private presentNow(index: number): Map<string, { session: Session; record: number }> {
    const out = new Map<string, { session: Session; record: number }>();
    const a = this.view.attendances;
    for (const k of a) {
      if (a.person(k) !== index || !a.isPresent(k)) continue;
      const session = this.view.sessions[a.session(k)];
      if (session) out.set(sessionKey(session), { session, record: a.record(k) });
    }
    return out;
  }

  /**
   * Whether the snapshot would have recorded this person's mark in a session: an attendance
   * count without conditions on the attendance itself takes every present mark of the sessions
   * and persons its filters pass.
   */
  private recordedSessions(index: number): (s: { action: string; form: string }) => boolean {
    const person = this.view.people[index] as Person;
    const filters: ReturnType<typeof sessionFilter>[] = [];
    for (const i of this.ctx.def.indicators) {
      if (i.measure !== 'attendances' && i.measure !== 'participant_hours') continue;
      if (i.where?.attended_min_hours !== undefined || i.where?.attended_min_share !== undefined || !personFilter(i.where)(person)) continue;
      filters.push(sessionFilter(i.where));
    }
    return (s) => filters.some((f) => !f || f(s));
  }
}

function dedupe(places: ChangePlace[]): ChangePlace[] {
  const seen = new Set<string>();
  return places.filter((p) => {
    const k = `${p.at.file}\u0000${p.at.sheet ?? ''}\u0000${p.at.row ?? ''}\u0000${p.at.column ?? ''}\u0000${p.removedRow ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

