/** The comparison on the engine's own data (no files): differences that only a session, not a mark, explains. */
import { describe, expect, it } from 'vitest';
import { compareSnapshot, recompute } from '../../src/corrections/corrections.js';
import type { World } from '../../src/corrections/compare.js';
import { sessionKey, sessionRef, type Locator } from '../../src/corrections/evidence.js';
import type { Snapshot } from '../../src/corrections/snapshot.js';
import { readIndicators } from '../../src/indicators/json.js';
import type { ComputeData } from '../../src/indicators/data.js';
import type { Definition } from '../../src/project/schema.js';
import { indicator, makeData, TEST_DEF, type MarkSpec, type PersonSpec, type SessionSpec } from '../helpers/compute.js';

const DEF: Definition = {
  ...TEST_DEF,
  indicators: [
    indicator({ id: 'A', unit: 'uczestnictwa', measure: 'attendances', headcount: true }),
    indicator({ id: 'K', unit: 'godziny', measure: 'participant_hours', where: { sex: 'K' } }),
  ],
};
const Q1 = { id: '2021-Q1', from: '2021-01-01', to: '2021-03-31' };
const loc: Locator = { personKey: (i) => `id:P${i}`, sessionKey, markRow: (record) => ({ file: 'lista.csv', sheet: 'lista', row: record + 2 }) };
const world = (data: ComputeData): World => {
  const sessions = new Map(data.sessions.map((s) => [sessionKey(s), sessionRef(s)]));
  return { person: () => undefined, session: (k) => sessions.get(k), mark: () => undefined };
};

const PEOPLE: PersonSpec[] = [{ sex: 'K', start: '2021-01-10' }, { sex: 'M', start: '2021-01-10' }];
const SESSIONS: SessionSpec[] = [{ date: '2021-02-01', hours: 2, title: 'Spotkanie' }, { date: '2021-02-20', action: 'A3', form: '', hours: 3, headcount: 25, title: 'Festyn' }];
const MARKS: MarkSpec[] = [[0, 0, 'present'], [0, 1, 'present']];

function submitted(people: PersonSpec[], sessions: SessionSpec[]): Snapshot {
  const c = recompute(DEF, makeData(people, sessions, MARKS), Q1, '2021-04-15', '2021-04-15', loc);
  return { period: Q1, asOf: '2021-04-15', values: readIndicators(c.values), evidence: c.evidence } as unknown as Snapshot;
}

describe('differences a session explains', () => {
  it('an open event’s headcount corrected: the event is named with its old and new figures', () => {
    const snap = submitted(PEOPLE, SESSIONS);
    const now = makeData(PEOPLE, [SESSIONS[0]!, { ...SESSIONS[1]!, headcount: 30 }], MARKS);
    const r = compareSnapshot(DEF, now, snap, '2021-07-01', loc, world(now));
    expect(r.corrections.map((c) => `${c.indicator} ${c.side} ${c.key} ${c.submitted}→${c.now}`)).toEqual(['A period O 27→32', 'A cumulative O 27→32']);
    expect(r.corrections[0]?.left.map((i) => i.kind === 'session' && `${i.title} ${i.date}`)).toEqual(['Festyn 2021-02-20']);
    expect(r.corrections[0]?.entered.map((i) => i.kind === 'session' && `${i.title} ${i.date}`)).toEqual(['Festyn 2021-02-20']);
  });

  it('the same marks counted differently (a sex corrected): the session is named', () => {
    const snap = submitted(PEOPLE, SESSIONS);
    const now = makeData([PEOPLE[0]!, { ...PEOPLE[1]!, sex: 'K' }], SESSIONS, MARKS);
    const r = compareSnapshot(DEF, now, snap, '2021-07-01', loc, world(now));
    expect(r.corrections.map((c) => `${c.indicator} ${c.side} ${c.key} ${c.submitted}→${c.now}`)).toEqual(['K period O 2→4', 'K cumulative O 2→4']);
    expect(r.corrections[0]?.entered.map((i) => i.kind === 'session' && `${i.title} ${i.date}`)).toEqual(['Spotkanie 2021-02-01']);
  });
});
