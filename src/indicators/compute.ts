/**
 * Indicator values for a period (SPEC §4.2–4.5): the measure over the period and over
 * [project start, period end] — for people always a distinct count, never a sum of periods —
 * split K/M/O for indicators in persons, against the whole-project target.
 */
import type { Period } from '../project/periods.js';
import { isPersons, type At, type Definition, type IndicatorDefinition, type RatioIndicator, type Where } from '../project/schema.js';
import type { ParticipantField } from '../project/fields.js';
import type { ComputeData } from './data.js';
import { fieldsOf, isPending } from './filters.js';
import { attendanceTotals, countedPeople, heldSessions, type Range } from './measures.js';

/** K and M only for indicators counted in persons. */
export interface KMO {
  K?: number;
  M?: number;
  O: number;
}

export interface RatioCell {
  value: number | null;
  numerator: KMO;
  denominator: KMO;
  pending: KMO;
}

export type Cell = KMO | RatioCell;

/** What an indicator counted, by index into the compute data: the audit trail lists it. */
export interface Counted {
  /** People (participant measures; for ratios the numerator). */
  period: number[];
  cumulative: number[];
  denominator?: number[];
  pending?: number[];
  /** Session measures: the sessions held up to the period's end. */
  sessions?: number[];
  /** Ratios, with `evidence`: the denominator and pending people of the period itself. */
  periodDenominator?: number[];
  periodPending?: number[];
  /** Attendance measures, with `evidence`: the present marks counted (indices into the marks). */
  marks?: { period: number[]; cumulative: number[] };
}

/** What to keep beyond the values: `evidence` keeps everything a submitted period is compared by (SPEC §8). */
export interface ComputeOptions {
  evidence?: boolean;
}

export interface IndicatorValue {
  id: string;
  name: string;
  type: 'produkt' | 'rezultat';
  unit: string;
  target: { K?: number | null; M?: number | null; O: number | null } | null;
  period: Cell | null;
  cumulative: Cell | null;
  realisation: number | null;
  /** The target is the template's example, not the project's own. */
  exampleTarget: boolean;
  /** People or sessions counted, for the audit trail. */
  counted?: Counted;
}

export function isRatio(c: Cell | null): c is RatioCell {
  return c !== null && 'value' in c;
}

/** A ratio indicator: its values are shares (a `%` indicator without data counts as one). */
export function isRatioIndicator(v: IndicatorValue): boolean {
  return isRatio(v.cumulative) || (v.cumulative === null && v.unit.trim() === '%');
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

function kmo(data: ComputeData, people: readonly number[], persons: boolean): KMO {
  return persons ? kmoOf(data, people) : { O: people.length };
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

interface Measured {
  cell: Cell;
  counted?: number[];
  denominator?: number[];
  pending?: number[];
  sessions?: number[];
  marks?: number[];
}

function ratioCell(data: ComputeData, ind: RatioIndicator, range: Range): Measured & { cell: RatioCell } {
  const num = countedPeople(data, ind.numerator.where, defaultAt(ind.numerator), range);
  const den = countedPeople(data, ind.denominator.where, defaultAt(ind.denominator), range);
  // pending people (SPEC §4.5) leave both sides of a ratio that uses employed_after
  const pending = usesEmployment(ind) ? new Set(den.filter((i) => { const p = data.people[i]; return p !== undefined && isPending(p, data.asOf); })) : new Set<number>();
  const numerator = num.filter((i) => !pending.has(i));
  const denominator = den.filter((i) => !pending.has(i));
  return {
    cell: {
      value: denominator.length === 0 ? null : numerator.length / denominator.length,
      numerator: kmo(data, numerator, true),
      denominator: kmo(data, denominator, true),
      pending: kmo(data, [...pending], true),
    },
    counted: numerator,
    denominator,
    pending: [...pending],
  };
}

/** `listSessions`: the sessions held are listed (the cumulative range: the audit trail and the evidence read them). */
function measureCell(data: ComputeData, ind: IndicatorDefinition, range: Range, options: ComputeOptions, listSessions: boolean): Measured {
  const marks = options.evidence ? [] as number[] : undefined;
  const persons = isPersons(ind.unit);
  switch (ind.measure) {
    case 'participants': {
      const people = countedPeople(data, ind.where, defaultAt(ind), range);
      return { cell: kmo(data, people, persons), counted: people };
    }
    case 'sessions': {
      const held = heldSessions(data, ind.where, range);
      return { cell: { O: held.length }, ...(listSessions ? { sessions: held.map((x) => x.index) } : {}) };
    }
    case 'hours': {
      const held = heldSessions(data, ind.where, range);
      return { cell: { O: held.reduce((s, x) => s + x.hours, 0) }, ...(listSessions ? { sessions: held.map((x) => x.index) } : {}) };
    }
    case 'participant_hours': {
      const cell = { O: attendanceTotals(data, ind.where, range, marks).participantHours };
      return { cell, ...(listSessions ? { sessions: heldSessions(data, ind.where, range).map((x) => x.index) } : {}), ...(marks ? { marks } : {}) };
    }
    case 'attendances': {
      const t = attendanceTotals(data, ind.where, range, marks);
      const cell = { O: t.attendances + (ind.headcount ? t.headcount : 0) };
      return { cell, ...(listSessions ? { sessions: heldSessions(data, ind.where, range).map((x) => x.index) } : {}), ...(marks ? { marks } : {}) };
    }
    case 'ratio':
      return ratioCell(data, ind, range);
  }
}

function targetOf(ind: IndicatorDefinition): IndicatorValue['target'] {
  const t = ind.target;
  if (!t) return null;
  const O = t.O ?? (t.K !== undefined && t.M !== undefined ? t.K + t.M : null);
  return isPersons(ind.unit) ? { K: t.K ?? null, M: t.M ?? null, O } : { O };
}

function realisationOf(cumulative: Cell | null, target: IndicatorValue['target']): number | null {
  if (!cumulative || !target || !target.O) return null;
  const achieved = isRatio(cumulative) ? cumulative.value : cumulative.O;
  return achieved === null ? null : achieved / target.O;
}

function hasNoData(ind: IndicatorDefinition, data: ComputeData): boolean {
  const wheres = ind.measure === 'ratio' ? [ind.numerator.where, ind.denominator.where] : [ind.where];
  const ats = ind.measure === 'ratio' ? [ind.numerator.at, ind.denominator.at] : [ind.measure === 'participants' ? ind.at : undefined];
  return wheres.some((w) => missingColumns(w, data.columns)) || (ats.includes('end') && !data.columns.has('end'));
}

/** Values of one indicator for a period. */
export function computeIndicator(ind: IndicatorDefinition, data: ComputeData, period: Period, options: ComputeOptions = {}): IndicatorValue {
  const target = targetOf(ind);
  const base = { id: ind.id, name: ind.name, type: ind.type, unit: ind.unit, target, exampleTarget: ind.target?.przyklad === true };
  // a period that starts after the data cut-off, or a filter on data nobody recorded: no data
  if (period.from > data.asOf || hasNoData(ind, data)) {
    return { ...base, period: null, cumulative: null, realisation: null };
  }
  // a period from the project start is its own cumulative range
  const fromStart = period.from <= data.span.from;
  const inPeriod = measureCell(data, ind, { from: period.from, to: period.to }, options, fromStart);
  const upTo = fromStart ? inPeriod : measureCell(data, ind, { from: data.span.from, to: period.to }, options, true);
  const value: IndicatorValue = { ...base, period: inPeriod.cell, cumulative: upTo.cell, realisation: realisationOf(upTo.cell, target) };
  if (inPeriod.counted && upTo.counted) {
    value.counted = { period: inPeriod.counted, cumulative: upTo.counted };
    if (upTo.denominator) value.counted.denominator = upTo.denominator;
    if (upTo.pending) value.counted.pending = upTo.pending;
    if (options.evidence && inPeriod.denominator) value.counted.periodDenominator = inPeriod.denominator;
    if (options.evidence && inPeriod.pending) value.counted.periodPending = inPeriod.pending;
  } else if (upTo.sessions) {
    value.counted = { period: [], cumulative: [], sessions: upTo.sessions };
    if (inPeriod.marks && upTo.marks) value.counted.marks = { period: inPeriod.marks, cumulative: upTo.marks };
  }
  return value;
}

export function computeIndicators(def: Definition, data: ComputeData, period: Period, options: ComputeOptions = {}): IndicatorValue[] {
  return def.indicators.map((ind) => computeIndicator(ind, data, period, options));
}
