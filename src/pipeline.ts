/**
 * The pipeline every command runs: ingest → validate (`check`), then compute (`compute`,
 * `computeReport`). Commands start from these results and render them; they never chain the
 * stages themselves.
 */
import { dataAsOf } from './corrections/asof.js';
import { ChangeExplainer, fieldsRead } from './corrections/causes.js';
import { compareSnapshot, recompute, type PeriodComparison } from './corrections/corrections.js';
import { correctionIssues, type PlacesOf } from './corrections/issues.js';
import type { Computed, World } from './corrections/compare.js';
import { fieldHashes, isHashedKey, isRowKey, keyFingerprint } from './corrections/keys.js';
import type { StoredSnapshot } from './corrections/store.js';
import { submittedWorld } from './corrections/world.js';
import { formatPl, monthOf, type IsoDate } from './dates.js';
import { message, type Message } from './i18n/index.js';
import { computeIndicators, type IndicatorValue } from './indicators/compute.js';
import { buildComputeData, type ComputeData, type Person } from './indicators/data.js';
import { efficiency, type EfficiencyResult } from './indicators/efficiency.js';
import type { IndicatorsJson } from './indicators/json.js';
import { monthly, standardTables, type MonthRow, type StandardTables } from './indicators/standard.js';
import { loadDataset, type Dataset, type LoadOptions } from './ingest/dataset.js';
import type { Crypto, Platform } from './platform/index.js';
import type { Project } from './project/load.js';
import { calendarPeriods, resolvePeriod, type Period } from './project/periods.js';
import { sortIssues, summarise, validateDataset, type Usable, type ValidationSummary } from './validate/index.js';
import { IssueSink, type Issue } from './validate/issue.js';

export interface Checked {
  dataset: Dataset;
  issues: Issue[];
  summary: ValidationSummary;
  /** The rows the figures may use: a row with an error counts nowhere. */
  usable: Usable;
}

/** Reads every data file and runs every rule: issues sorted as an accountant walks the files. */
export async function check(platform: Platform, project: Project, asOf: IsoDate, strict: boolean, options: LoadOptions = {}): Promise<Checked> {
  const sink = new IssueSink();
  const dataset = await loadDataset(platform, project, options);
  const usable = validateDataset(project, dataset, asOf, sink);
  const issues = sortIssues(sink.issues, dataset.files.map((f) => f.label));
  return { dataset, issues, summary: summarise(issues, strict), usable };
}

/** The indicators of a period, from the usable rows. */
export interface Figures {
  period: Period;
  asOf: IsoDate;
  data: ComputeData;
  values: IndicatorValue[];
  efficiency: EfficiencyResult[];
  /** The data day is before the project's end: nothing has failed yet. */
  running: boolean;
}

export function compute(project: Project, checked: Checked, period: Period, asOf: IsoDate): Figures {
  const def = project.definition;
  const data = buildComputeData(project, checked.dataset, checked.usable, asOf);
  const values = computeIndicators(def, data, period);
  return { period, asOf, data, values, efficiency: efficiency(def, values), running: asOf < def.project.period.to };
}

/** Everything a report shows beyond the indicators: the standard tables and the months. */
export interface ReportFigures extends Figures {
  tables: StandardTables;
  /** The project's months up to the period's end. */
  months: string[];
  monthRows: MonthRow[];
  /** Per action, the months with sessions held (the Gantt chart's dark cells). */
  activeMonths: Map<string, Set<string>>;
}

export function computeReport(project: Project, checked: Checked, period: Period, asOf: IsoDate): ReportFigures {
  const def = project.definition;
  const figures = compute(project, checked, period, asOf);
  const months = calendarPeriods({ from: def.project.period.from, to: period.to }, 1).map((m) => m.id);
  const activeMonths = new Map<string, Set<string>>();
  for (const s of figures.data.sessions) {
    if (s.present === 0 && s.headcount === 0) continue;
    const set = activeMonths.get(s.action) ?? new Set<string>();
    set.add(monthOf(s.date));
    activeMonths.set(s.action, set);
  }
  return {
    ...figures,
    tables: standardTables(def, figures.data, period),
    months,
    monthRows: monthly(figures.data, months),
    activeMonths,
  };
}

// --------------------------------------------------------------------------- submitted periods (SPEC §8)

/**
 * The values and evidence a snapshot of `period` records: exactly what `report progress` shows for
 * the same data and as-of, and a hash of each person's values the counts read (`fields`; none: a
 * snapshot as made before it kept them), so that later warnings name the cell that changed.
 */
export function submittedValues(crypto: Crypto, project: Project, checked: Checked, period: Period, asOf: IsoDate, key: string | undefined, fields = fieldsRead(project.definition)): Computed & { values: IndicatorsJson } {
  const data = buildComputeData(project, checked.dataset, checked.usable, asOf);
  const { loc } = submittedWorld(crypto, checked.dataset, checked.usable, data, key);
  const hashed = fields.length === 0 ? loc : { ...loc, personFields: (person: Person, k: string) => fieldHashes(crypto, person, k, fields, key) };
  return recompute(project.definition, data, period, asOf, asOf, hashed);
}

export interface SubmittedComparison {
  comparisons: (PeriodComparison & { file: string })[];
  /** Warnings for the user: a period no longer in the definition, persons that cannot be matched without the key. */
  notes: Message[];
  /** The `submitted-period-changed` warnings, at the cells and rows where the data changed (built when asked). */
  issues(): Issue[];
}

/** Every submitted period against today's data (`today`: this run's data day). */
export function compareSubmitted(crypto: Crypto, project: Project, checked: Checked, snapshots: readonly StoredSnapshot[], today: IsoDate, key: string | undefined): SubmittedComparison {
  const def = project.definition;
  const notes: Message[] = [];
  if (snapshots.length === 0) return { comparisons: [], notes, issues: () => [] };
  const data = buildComputeData(project, checked.dataset, checked.usable, today);
  const { loc, world } = submittedWorld(crypto, checked.dataset, checked.usable, data, key);
  if (key === undefined && snapshots.some((s) => Object.keys(s.snapshot.evidence.persons).some(isHashedKey))) {
    notes.push(message('corrections.noKey'));
  }
  const comparisons = snapshots.map(({ file, snapshot }) => {
    let known: Period | undefined;
    try {
      known = resolvePeriod(snapshot.period.id, def);
    } catch {
      known = undefined;
    }
    if (today < snapshot.asOf) notes.push(message('corrections.asOfBeforeSnapshot', { file, asOf: formatPl(today), snapshotAsOf: formatPl(snapshot.asOf) }));
    if (!known || known.from !== snapshot.period.from || known.to !== snapshot.period.to) {
      notes.push(message('corrections.periodByDates', { file, period: snapshot.period.id, from: formatPl(snapshot.period.from), to: formatPl(snapshot.period.to) }));
    }
    // persons hashed under another key than today's cannot be matched: compared as without a key
    const otherKey = key !== undefined && snapshot.keyCheck !== undefined && snapshot.keyCheck !== keyFingerprint(crypto, key);
    if (otherKey) notes.push(message('corrections.wrongKey', { file }));
    const seen: World = otherKey ? { ...world, unmatchable: (k) => isHashedKey(k) || isRowKey(k) } : world;
    return { file, world: seen, ...compareSnapshot(def, data, snapshot, today, loc, seen) };
  });
  const keys = data.people.map((_, i) => loc.personKey(i));
  const issues = () => comparisons.flatMap(({ snapshot, corrections, world: seen }) => {
    if (corrections.length === 0) return [];
    // today's data as of the snapshot's day, only when a person's count moved and needs its cause
    let explainer: ChangeExplainer | undefined;
    const places: PlacesOf = (d, item, entered) => {
      // the snapshot's field hashes are compared only under the key they were made with (none, or the same)
      const hashKey = snapshot.keyCheck === undefined ? null : key !== undefined && snapshot.keyCheck === keyFingerprint(crypto, key) ? key : undefined;
      explainer ??= new ChangeExplainer({
        def, snapshot, data, view: () => dataAsOf(data, snapshot.asOf, snapshot.asOf), keys, participants: checked.dataset.participants,
        markAt: (record) => checked.dataset.attendance.at(record, 'mark'), world: seen,
        ...(hashKey === undefined ? {} : { fieldHashes: (person: Person, k: string, fields: readonly string[]) => fieldHashes(crypto, person, k, fields, hashKey ?? undefined) }),
      });
      return explainer.places(d, item, entered);
    };
    return correctionIssues(corrections, places);
  });
  return { comparisons: comparisons.map(({ world: _w, ...c }) => c), notes, issues };
}

/** The checked data with more issues (the `submitted-period-changed` warnings): sorted and summarised again. */
export function withIssues(checked: Checked, extra: readonly Issue[], strict: boolean): Checked {
  if (extra.length === 0) return checked;
  const issues = sortIssues([...checked.issues, ...extra], checked.dataset.files.map((f) => f.label));
  return { ...checked, issues, summary: summarise(issues, strict) };
}
