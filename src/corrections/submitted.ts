/**
 * Submitted periods against today's data (SPEC §8): the values a new snapshot records, and every
 * stored snapshot compared with what the data says now. The compute data is the caller's: built
 * once per run, whatever reads it.
 */
import { formatPl, type IsoDate } from '../dates.js';
import { message, type Message } from '../i18n/index.js';
import type { ComputeData, Person, IndicatorsJson } from '../indicators/index.js';
import type { Dataset } from '../ingest/index.js';
import type { Crypto } from '../platform/index.js';
import { resolvePeriod, type Project, type Period } from '../project/index.js';
import type { Usable, Issue } from '../validate/index.js';
import { dataAsOf } from './asof.js';
import { ChangeExplainer, fieldsRead } from './causes.js';
import type { Computed, World } from './compare.js';
import { compareSnapshot, recompute, type PeriodComparison } from './corrections.js';
import { correctionIssues, type PlacesOf } from './issues.js';
import { fieldHashes, isHashedKey, isRowKey, keyFingerprint } from './keys.js';
import type { StoredSnapshot } from './store.js';
import { submittedWorld } from './world.js';

/** The data read and checked, as the comparisons need it. */
export interface CheckedData {
  dataset: Dataset;
  usable: Usable;
  /** Built from `dataset` and `usable` once per run, as of the run's data day. */
  data: ComputeData;
}

/**
 * The values and evidence a snapshot of `period` records: exactly what `report progress` shows for
 * the same data and as-of, and a hash of each person's values the counts read (`fields`; none: a
 * snapshot as made before it kept them), so that later warnings name the cell that changed.
 */
export function submittedValues(crypto: Crypto, project: Project, checked: CheckedData, period: Period, asOf: IsoDate, key: string | undefined, fields = fieldsRead(project.definition)): Computed & { values: IndicatorsJson } {
  const { data } = checked;
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

/** Every submitted period against today's data (`today`: this run's data day, the day `checked.data` was built for). */
export function compareSubmitted(crypto: Crypto, project: Project, checked: CheckedData, snapshots: readonly StoredSnapshot[], today: IsoDate, key: string | undefined): SubmittedComparison {
  const def = project.definition;
  const notes: Message[] = [];
  if (snapshots.length === 0) return { comparisons: [], notes, issues: () => [] };
  const { data } = checked;
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
