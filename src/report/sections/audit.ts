/**
 * The audit trail: for every indicator, the participant rows and sessions it counted, named by
 * file, sheet and row (never by PESEL or name), so an auditor can recount any figure.
 */
import { formatPl } from '../../dates.js';
import type { Person } from '../../indicators/index.js';
import { num, text } from '../columns.js';
import { RowStream, type Row, type Section } from '../model.js';
import { HEADERS, SECTION_TITLES, TABLE_WORDS } from '../wording.js';
import type { ReportInput } from './input.js';

function repeatNote(p: Person): string | null {
  if (!p.repeatedIn?.length) return null;
  const here = (r: Person['src']) => r.file === p.src.file && r.sheet === p.src.sheet;
  return TABLE_WORDS.repeatedIn(p.repeatedIn.map((r) => (here(r) ? TABLE_WORDS.repeatPlace(r.row) : TABLE_WORDS.repeatPlace(r.row, r.file, r.sheet))));
}

/**
 * For every session, the session measures that count it (`W3, W4`): one text per distinct
 * combination, shared by the sessions that have it, so 200,000 sessions cost one small array.
 */
function sessionCounters(figures: ReportInput['figures']): { texts: string[]; of: Uint16Array } {
  const of = new Uint16Array(figures.data.sessions.length);
  const lists: string[][] = [[]];
  const byList = new Map<string, number>();
  const seen = new Map<number, number>();
  for (const v of figures.values) {
    if (v.counted?.kind !== 'sessions') continue;
    const counted = v.counted.sessions;
    // the sessions' lists so far, each extended by this indicator: old list id → new list id
    seen.clear();
    for (const index of counted) {
      const before = of[index] as number;
      let after = seen.get(before);
      if (after === undefined) {
        const list = [...(lists[before] as string[]), v.id];
        const key = list.join(', ');
        after = byList.get(key);
        if (after === undefined) {
          after = lists.length;
          if (after > 0xffff) throw new Error('more than 65,535 combinations of session indicators');
          lists.push(list);
          byList.set(key, after);
        }
        seen.set(before, after);
      }
      of[index] = after;
    }
  }
  return { texts: lists.map((l) => l.join(', ')), of };
}

/**
 * One row per counted person and indicator; one row per held session with every session measure
 * that counts it (`W3, W4`), placed where the first of those indicators is: a session counted by
 * four indicators is listed once, not four times. Rows are made as they are written (a large
 * project's trail lists every one of its sessions).
 */
function* auditRows({ figures }: ReportInput): Generator<Row> {
  const { data, period } = figures;
  const { yes, no, auditKinds, auditRoles } = TABLE_WORDS;
  let sessionsListed = false;
  for (const v of figures.values) {
    const counted = v.counted;
    if (!counted) continue;
    switch (counted.kind) {
      case 'sessions': {
        if (sessionsListed) continue;
        sessionsListed = true;
        const counters = sessionCounters(figures);
        for (const [index, s] of data.sessions.entries()) {
          const ids = counters.of[index] as number;
          if (ids === 0) continue;
          yield { cells: [counters.texts[ids] as string, auditKinds.session, auditRoles.sessionCounted, s.date >= period.from ? yes : no, s.src.file, s.src.sheet, s.src.row, s.src.cell, formatPl(s.date), s.action, s.form, s.title, null] };
        }
        continue;
      }
      case 'people': {
        const inPeriod = new Set(counted.period);
        for (const i of [...counted.cumulative].sort((a, b) => a - b)) {
          const p = data.people[i];
          if (p) yield personRow(v.id, p, auditRoles.counted, inPeriod.has(i) ? yes : no);
        }
        continue;
      }
      case 'ratio': {
        const numerator = new Set(counted.cumulative);
        const pending = new Set(counted.pending);
        for (const i of [...new Set([...counted.denominator, ...pending])].sort((a, b) => a - b)) {
          const p = data.people[i];
          if (p) yield personRow(v.id, p, pending.has(i) ? auditRoles.pending : numerator.has(i) ? auditRoles.both : auditRoles.denominator, null);
        }
        continue;
      }
    }
  }
}

function personRow(id: string, p: Person, role: string, inPeriod: string | null): Row {
  return { cells: [id, TABLE_WORDS.auditKinds.person, role, inPeriod, p.src.file, p.src.sheet, p.src.row, null, null, null, null, null, repeatNote(p)] };
}

export function auditSection(input: ReportInput): Section {
  return {
    title: SECTION_TITLES.audit,
    sheet: 'Ślad audytowy',
    xlsxOnly: true,
    blocks: [{
      kind: 'table',
      table: {
        title: TABLE_WORDS.audit,
        columns: [
          text(HEADERS.indicator, 9), text(HEADERS.kind, 9), text(HEADERS.role, 18), text(HEADERS.inPeriod, 10), text(HEADERS.file, 34), text(HEADERS.sheet, 18), num(HEADERS.row, 8),
          text(HEADERS.dateCell, 10), text(HEADERS.sessionDate, 11), text(HEADERS.action, 9), text(HEADERS.form, 16), text(HEADERS.title, 40), text(HEADERS.remarks, 30),
        ],
        rows: new RowStream(() => auditRows(input)),
        note: TABLE_WORDS.auditNote,
      },
    }],
  };
}
