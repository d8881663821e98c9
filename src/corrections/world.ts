/**
 * Today's data as the comparison with snapshots sees it (SPEC §8): the lasting key of each
 * person, where each person, session and mark is in the files, and which rows are there but not
 * counted (data errors), so that a difference names them as such and not as gone.
 */
import type { ComputeData } from '../indicators/index.js';
import type { Dataset } from '../ingest/index.js';
import type { Usable } from '../validate/index.js';
import type { ExcludedBy, World } from './compare.js';
import { individualSessionKey, personRef, sessionKey, sessionRef, type Locator, type PersonRef, type SessionRef } from './evidence.js';
import type { Crypto } from '../platform/index.js';
import { isHashedKey, isRowKey, lastingKey, personKeys } from './keys.js';

/**
 * The lasting key of each session (by index): date, action, form and title; for a session of an
 * individual form (one record) also its person's lasting key, as `personKeys` names persons, and
 * its hours (`individualSessionKey`).
 */
function sessionKeys(crypto: Crypto, dataset: Dataset, data: ComputeData, key: string | undefined): string[] {
  const store = dataset.attendance;
  const rows = store.sessions();
  const seen = new Map<string, number>();
  return data.sessions.map((s, i) => {
    const row = rows[i];
    if (!row?.individual) return sessionKey(s);
    const first = store.person(row.first);
    const p = first === undefined ? undefined : dataset.participants[first];
    const person = p ? lastingKey(crypto, p, key) ?? `row:${p.ref.file}:${p.row}` : '';
    const base = individualSessionKey(s, person, 1);
    const nth = (seen.get(base) ?? 0) + 1;
    seen.set(base, nth);
    return individualSessionKey(s, person, nth);
  });
}

/** How today's data names persons and marks for snapshots, and where things are in it. */
export function submittedWorld(crypto: Crypto, dataset: Dataset, usable: Usable, data: ComputeData, key: string | undefined): { loc: Locator; world: World } {
  const keys = personKeys(crypto, dataset.participants, data, key);
  const skeys = sessionKeys(crypto, dataset, data, key);
  const store = dataset.attendance;
  const loc: Locator = {
    personKey: (i) => keys[i] ?? `row:${i}`,
    sessionKey: (s) => skeys[s.index] ?? sessionKey(s),
    markRow: (record) => store.place(record),
  };
  // marks are kept by date, action, form and title also for individual forms (evidence.ts
  // `markSession`); so are the sessions of a snapshot made before a form was marked individual
  const rows = store.sessions();
  const alias = (i: number): string | undefined => {
    const s = data.sessions[i];
    return s && rows[i]?.individual ? sessionKey(s) : undefined;
  };
  const persons = new Map<string, PersonRef & { excluded?: boolean }>();
  data.people.forEach((_, i) => {
    const k = keys[i];
    if (k !== undefined && !persons.has(k)) persons.set(k, personRef(data, i));
  });
  // rows that are there but not counted (data errors): named as such, not as gone
  dataset.participants.forEach((p, i) => {
    if (usable.participant(i)) return;
    const k = lastingKey(crypto, p, key);
    if (k !== undefined && !persons.has(k)) persons.set(k, { file: p.ref.file, sheet: p.ref.sheet, row: p.row, excluded: true });
  });
  // a record left out while its person's row has an error is left out by that row (the record may be fine)
  const excludedBy = (record: number): ExcludedBy | undefined => {
    const p = store.person(record);
    const row = p === undefined || usable.participant(p) ? undefined : dataset.participants[p];
    return row ? { id: row.id ?? null, file: row.ref.file, sheet: row.ref.sheet, row: row.row } : undefined;
  };
  const counted = new Uint8Array(data.sessions.length);
  // a usable record has a date, so a session
  for (const i of usable.records()) counted[store.session(i) as number] = 1;
  // a session none of whose records counts: left out by its persons' rows only when no record of it is left out by its own errors
  let sessionsBy: Map<number, ExcludedBy | null> | undefined;
  const sessionExcludedBy = (index: number): ExcludedBy | undefined => {
    if (!sessionsBy) {
      sessionsBy = new Map();
      for (let i = 0; i < store.length; i++) {
        const s = store.session(i);
        if (s === undefined || counted[s] || sessionsBy.get(s) === null) continue;
        const by = excludedBy(i);
        if (!by) sessionsBy.set(s, null);
        else if (!sessionsBy.has(s)) sessionsBy.set(s, by);
      }
    }
    return sessionsBy.get(index) ?? undefined;
  };
  const sessionIndex = new Map<string, number>();
  data.sessions.forEach((_, i) => {
    sessionIndex.set(skeys[i] as string, i);
    const base = alias(i);
    if (base !== undefined && !sessionIndex.has(base)) sessionIndex.set(base, i);
  });
  const session = (k: string): (SessionRef & { excluded?: boolean; excludedBy?: ExcludedBy }) | undefined => {
    const i = sessionIndex.get(k);
    const s = i === undefined ? undefined : data.sessions[i];
    if (i === undefined || !s) return undefined;
    if (counted[i]) return sessionRef(s);
    const by = sessionExcludedBy(i);
    return by ? { ...sessionRef(s), excluded: true, excludedBy: by } : { ...sessionRef(s), excluded: true };
  };
  // marks not counted, by session and person key (built on the first question)
  let excludedMarks: Map<string, number> | undefined;
  const excludedMark = (s: string, p: string): { file: string; sheet: string; row: number; excluded: true; excludedBy?: ExcludedBy } | undefined => {
    if (!excludedMarks) {
      excludedMarks = new Map();
      for (let i = 0; i < store.length; i++) {
        if (usable.record(i)) continue;
        const person = store.person(i);
        const s = store.session(i);
        const sess = s === undefined ? undefined : data.sessions[s];
        const pk = person === undefined ? undefined : lastingKey(crypto, dataset.participants[person], key);
        if (pk === undefined || !sess) continue;
        const mk = `${sessionKey(sess)}\u0000${pk}`;
        if (!excludedMarks.has(mk)) excludedMarks.set(mk, i);
      }
    }
    const i = excludedMarks.get(`${s}\u0000${p}`);
    if (i === undefined) return undefined;
    const by = excludedBy(i);
    return by ? { ...loc.markRow(i), excluded: true, excludedBy: by } : { ...loc.markRow(i), excluded: true };
  };
  // today's marks by session, built on the first question (a million marks: indices, no strings)
  let marksOf: Map<string, number[]> | undefined;
  const marksIn = (s: string): number[] => {
    if (!marksOf) {
      const a = data.attendances;
      const bySession: number[][] = data.sessions.map(() => []);
      for (const k of a) bySession[a.session(k)]?.push(k);
      const built = new Map<string, number[]>();
      data.sessions.forEach((x, i) => {
        const k = sessionKey(x);
        const list = built.get(k);
        // the sessions of an individual form share their marks' key
        if (list) list.push(...(bySession[i] ?? []));
        else built.set(k, bySession[i] ?? []);
      });
      marksOf = built;
    }
    return marksOf.get(s) ?? [];
  };
  const world: World = {
    person: (k) => persons.get(k),
    session,
    mark: (s, p) => {
      const a = data.attendances;
      for (const k of marksIn(s)) if (keys[a.person(k)] === p) return loc.markRow(a.record(k));
      return excludedMark(s, p);
    },
    markRecord: (s, at) => {
      const a = data.attendances;
      for (const k of marksIn(s)) {
        const record = a.record(k);
        const place = loc.markRow(record);
        if (place.row === at.row && place.file === at.file && place.sheet === (at.sheet ?? place.sheet)) return record;
      }
      return undefined;
    },
  };
  if (key === undefined) world.unmatchable = (k) => isHashedKey(k) || isRowKey(k);
  return { loc, world };
}

