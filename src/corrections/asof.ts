/**
 * Today's data seen as it stood on a snapshot's `asOf` (SPEC §8). `dataDay` is that day: what
 * happened after it — participation that started, ended, sessions held — had not happened
 * yet, so it is left out (later periods' rows are not errors here). `outcomeDay` is the day the
 * employment outcomes are judged on: the snapshot's `asOf` for corrections; today to see which
 * values moved only because time passed (a pending three-month window that has closed since),
 * which are reported as `resolved`, not as corrections.
 */
import type { IsoDate } from '../dates.js';
import { newPerson, type ComputeData, type Person } from '../indicators/index.js';

function personAt(p: Person, dataDay: IsoDate, outcomeDay: IsoDate): Person {
  const { index, src, repeatedIn, employmentWindowEnd: _derived, ...values } = p;
  if (values.start !== undefined && values.start > dataDay) {
    // not yet a participant on that day: no dates, so no measure counts them
    delete values.start;
    delete values.end;
    delete values.employmentDate;
  }
  if (values.end !== undefined && values.end > dataDay) delete values.end;
  if (values.employmentDate !== undefined && values.employmentDate > outcomeDay) delete values.employmentDate;
  const person = newPerson(index, src, values);
  if (repeatedIn) person.repeatedIn = repeatedIn;
  return person;
}

export function dataAsOf(data: ComputeData, dataDay: IsoDate, outcomeDay: IsoDate = dataDay): ComputeData {
  const sessions = data.sessions.map((s) => (s.date > dataDay ? { ...s, present: 0, headcount: 0 } : s));
  const attendances = data.attendances.filter((k) => (data.sessions[data.attendances.session(k)]?.date ?? '') <= dataDay);
  return {
    ...data,
    asOf: outcomeDay,
    people: data.people.map((p) => personAt(p, dataDay, outcomeDay)),
    sessions,
    attendances,
  };
}
