/**
 * Indicator values for a period (SPEC §4.2–4.5): the measure over the period and over
 * [project start, period end] — for people always a distinct count, never a sum of periods —
 * split K/M/O for indicators in persons, against the whole-project target.
 */
import { isPersons, type Period, type At, type Definition, type IndicatorDefinition, type RatioIndicator, type Where, type ParticipantField } from '../project/index.js';
import type { ComputeData, Session } from './data.js';
import { fieldsOf, isPending } from './filters.js';
import type { KMO, KMOTarget, RatioCell, TotalCell, TotalTarget } from './json.js';
import { attendanceTotals, countedPeople, heldSessions, type Range } from './measures.js';

/**
 * An indicator's values, tagged by kind (decided by its definition, so also when there is no
 * data): `persons` (K, M and O: a participant count in persons), `total` (O only: any other
 * unit — sessions, hours, attendances, participants in another unit), `ratio` (value with its
 * numerator, denominator and pending). Hours are a `total`: they are shown and compared like
 * any other O, only not always whole.
 */
export type IndicatorValue = PersonsValue | TotalValue | RatioValue;
export type PersonsValue = ValueOf<'persons', KMO, KMOTarget, CountedPeople>;
export type TotalValue = ValueOf<'total', TotalCell, TotalTarget, CountedPeople | CountedSessions>;
export type RatioValue = ValueOf<'ratio', RatioCell, KMOTarget | TotalTarget, CountedRatio>;

interface ValueOf<K extends string, C, T, X extends Counted> {
  kind: K;
  id: string;
  name: string;
  type: 'produkt' | 'rezultat';
  unit: string;
  target: T | null;
  /** Null: no data (a period after the data day, a filter on a field nobody recorded). */
  period: C | null;
  cumulative: C | null;
  realisation: number | null;
  /** The target is the template's example, not the project's own. */
  exampleTarget: boolean;
  /** People or sessions counted, for the audit trail and the evidence (set whenever there is data). */
  counted?: X;
}

/** What an indicator counted, by index into the compute data: the audit trail lists it. */
export type Counted = CountedPeople | CountedRatio | CountedSessions;

/** A participant measure: the people of the period and of the cumulative range. */
export interface CountedPeople {
  kind: 'people';
  period: number[];
  cumulative: number[];
}

/** A ratio: the numerator's people (`period`, `cumulative`), and the cumulative denominator and pending. */
export interface CountedRatio {
  kind: 'ratio';
  period: number[];
  cumulative: number[];
  denominator: number[];
  pending: number[];
  /** With `evidence`: the denominator and pending people of the period itself. */
  periodDenominator?: number[];
  periodPending?: number[];
}

/** A session measure: the sessions held up to the period's end. */
export interface CountedSessions {
  kind: 'sessions';
  sessions: number[];
  /** Attendance measures, with `evidence`: the present marks counted (indices into the marks). */
  marks?: { period: number[]; cumulative: number[] };
}

/** What to keep beyond the values: `evidence` keeps everything a submitted period is compared by (SPEC §8). */
export interface ComputeOptions {
  evidence?: boolean;
}

/** People (indices) counted by sex: K, M, and O for everyone (people without sex data only in O). */
export function kmoOf(data: ComputeData, people: readonly number[]): KMO {
  let K = 0;
  let M = 0;
  for (const i of people) {
    const sex = data.people[i]?.sex;
    if (sex === 'K') K++;
    else if (sex === 'M') M++;
  }
  return { K, M, O: people.length };
}

function defaultAt(ind: { at?: At | undefined }): At {
  return ind.at ?? 'start';
}

/** Whether a filter reads a participant attribute that no participant sheet has. */
function missingColumns(where: Where | undefined, columns: Set<ParticipantField>): boolean {
  return fieldsOf(where).some((fields) => !fields.some((f) => columns.has(f)));
}

function usesEmployment(ind: RatioIndicator): boolean {
  return ind.numerator.where?.employed_after !== undefined || ind.denominator.where?.employed_after !== undefined;
}

type ParticipantsIndicator = Extract<IndicatorDefinition, { measure: 'participants' }>;
type SessionIndicator = Exclude<IndicatorDefinition, { measure: 'participants' | 'ratio' }>;

interface RatioSide {
  cell: RatioCell;
  numerator: number[];
  denominator: number[];
  pending: number[];
}

function ratioSide(data: ComputeData, ind: RatioIndicator, range: Range): RatioSide {
  const num = countedPeople(data, ind.numerator.where, defaultAt(ind.numerator), range);
  const den = countedPeople(data, ind.denominator.where, defaultAt(ind.denominator), range);
  // pending people (SPEC §4.5) leave both sides of a ratio that uses employed_after
  const pending = usesEmployment(ind) ? new Set(den.filter((i) => { const p = data.people[i]; return p !== undefined && isPending(p, data.asOf); })) : new Set<number>();
  const numerator = num.filter((i) => !pending.has(i));
  const denominator = den.filter((i) => !pending.has(i));
  return {
    cell: {
      value: denominator.length === 0 ? null : numerator.length / denominator.length,
      numerator: kmoOf(data, numerator),
      denominator: kmoOf(data, denominator),
      pending: kmoOf(data, [...pending]),
    },
    numerator,
    denominator,
    pending: [...pending],
  };
}

interface SessionSide {
  cell: TotalCell;
  sessions?: number[];
  marks?: number[];
}

/** `listSessions`: the sessions held are listed (the cumulative range: the audit trail and the evidence read them). */
function sessionSide(data: ComputeData, ind: SessionIndicator, range: Range, options: ComputeOptions, listSessions: boolean): SessionSide {
  const marks = options.evidence ? [] as number[] : undefined;
  const listed = (held: () => Session[]) => (listSessions ? { sessions: held().map((x) => x.index) } : {});
  switch (ind.measure) {
    case 'sessions': {
      const held = heldSessions(data, ind.where, range);
      return { cell: { O: held.length }, ...listed(() => held) };
    }
    case 'hours': {
      const held = heldSessions(data, ind.where, range);
      return { cell: { O: held.reduce((s, x) => s + x.hours, 0) }, ...listed(() => held) };
    }
    case 'participant_hours': {
      const cell = { O: attendanceTotals(data, ind.where, range, marks).participantHours };
      return { cell, ...listed(() => heldSessions(data, ind.where, range)), ...(marks ? { marks } : {}) };
    }
    case 'attendances': {
      const t = attendanceTotals(data, ind.where, range, marks);
      const cell = { O: t.attendances + (ind.headcount ? t.headcount : 0) };
      return { cell, ...listed(() => heldSessions(data, ind.where, range)), ...(marks ? { marks } : {}) };
    }
  }
}

/** A measure over the period and over [project start, period end]; a period from the project start is its own cumulative range. */
function bothRanges<S>(data: ComputeData, period: Period, measure: (range: Range, cumulative: boolean) => S): { inPeriod: S; upTo: S } {
  const fromStart = period.from <= data.span.from;
  const inPeriod = measure({ from: period.from, to: period.to }, fromStart);
  return { inPeriod, upTo: fromStart ? inPeriod : measure({ from: data.span.from, to: period.to }, true) };
}

type Target = NonNullable<IndicatorDefinition['target']>;

function targetO(t: Target): number | null {
  return t.O ?? (t.K !== undefined && t.M !== undefined ? t.K + t.M : null);
}

function kmoTarget(t: Target | undefined): KMOTarget | null {
  return t ? { K: t.K ?? null, M: t.M ?? null, O: targetO(t) } : null;
}

function totalTarget(t: Target | undefined): TotalTarget | null {
  return t ? { O: targetO(t) } : null;
}

/** Cumulative ÷ the whole-project target O (SPEC §4.3); null without either. */
function realisation(achieved: number | null, target: { O: number | null } | null): number | null {
  return achieved === null || !target?.O ? null : achieved / target.O;
}

function hasNoData(ind: IndicatorDefinition, data: ComputeData): boolean {
  const wheres = ind.measure === 'ratio' ? [ind.numerator.where, ind.denominator.where] : [ind.where];
  const ats = ind.measure === 'ratio' ? [ind.numerator.at, ind.denominator.at] : [ind.measure === 'participants' ? ind.at : undefined];
  return wheres.some((w) => missingColumns(w, data.columns)) || (ats.includes('end') && !data.columns.has('end'));
}

const NO_DATA = { period: null, cumulative: null, realisation: null };

function baseOf(ind: IndicatorDefinition) {
  return { id: ind.id, name: ind.name, type: ind.type, unit: ind.unit, exampleTarget: ind.target?.przyklad === true };
}

function participantsValue(ind: ParticipantsIndicator, data: ComputeData, period: Period, noData: boolean): PersonsValue | TotalValue {
  const base = baseOf(ind);
  const persons = isPersons(ind.unit);
  if (noData) return persons ? { kind: 'persons', ...base, target: kmoTarget(ind.target), ...NO_DATA } : { kind: 'total', ...base, target: totalTarget(ind.target), ...NO_DATA };
  const { inPeriod, upTo } = bothRanges(data, period, (range) => countedPeople(data, ind.where, defaultAt(ind), range));
  const counted: CountedPeople = { kind: 'people', period: inPeriod, cumulative: upTo };
  if (persons) {
    const target = kmoTarget(ind.target);
    const cumulative = kmoOf(data, upTo);
    return { kind: 'persons', ...base, target, period: kmoOf(data, inPeriod), cumulative, realisation: realisation(cumulative.O, target), counted };
  }
  const target = totalTarget(ind.target);
  return { kind: 'total', ...base, target, period: { O: inPeriod.length }, cumulative: { O: upTo.length }, realisation: realisation(upTo.length, target), counted };
}

function ratioValue(ind: RatioIndicator, data: ComputeData, period: Period, options: ComputeOptions, noData: boolean): RatioValue {
  const base = baseOf(ind);
  const target = isPersons(ind.unit) ? kmoTarget(ind.target) : totalTarget(ind.target);
  if (noData) return { kind: 'ratio', ...base, target, ...NO_DATA };
  const { inPeriod, upTo } = bothRanges(data, period, (range) => ratioSide(data, ind, range));
  const counted: CountedRatio = { kind: 'ratio', period: inPeriod.numerator, cumulative: upTo.numerator, denominator: upTo.denominator, pending: upTo.pending };
  if (options.evidence) {
    counted.periodDenominator = inPeriod.denominator;
    counted.periodPending = inPeriod.pending;
  }
  return { kind: 'ratio', ...base, target, period: inPeriod.cell, cumulative: upTo.cell, realisation: realisation(upTo.cell.value, target), counted };
}

function sessionValue(ind: SessionIndicator, data: ComputeData, period: Period, options: ComputeOptions, noData: boolean): TotalValue {
  const base = baseOf(ind);
  const target = totalTarget(ind.target);
  if (noData) return { kind: 'total', ...base, target, ...NO_DATA };
  const { inPeriod, upTo } = bothRanges(data, period, (range, listSessions) => sessionSide(data, ind, range, options, listSessions));
  const value: TotalValue = { kind: 'total', ...base, target, period: inPeriod.cell, cumulative: upTo.cell, realisation: realisation(upTo.cell.O, target) };
  if (upTo.sessions) {
    value.counted = { kind: 'sessions', sessions: upTo.sessions };
    if (inPeriod.marks && upTo.marks) value.counted.marks = { period: inPeriod.marks, cumulative: upTo.marks };
  }
  return value;
}

/** Values of one indicator for a period. */
export function computeIndicator(ind: IndicatorDefinition, data: ComputeData, period: Period, options: ComputeOptions = {}): IndicatorValue {
  // a period that starts after the data cut-off, or a filter on data nobody recorded: no data
  const noData = period.from > data.asOf || hasNoData(ind, data);
  switch (ind.measure) {
    case 'participants':
      return participantsValue(ind, data, period, noData);
    case 'ratio':
      return ratioValue(ind, data, period, options, noData);
    default:
      return sessionValue(ind, data, period, options, noData);
  }
}

export function computeIndicators(def: Definition, data: ComputeData, period: Period, options: ComputeOptions = {}): IndicatorValue[] {
  return def.indicators.map((ind) => computeIndicator(ind, data, period, options));
}
