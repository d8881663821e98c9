/**
 * The audit trail: for every indicator, the participant rows and sessions it counted, named by
 * file, sheet and row (never by PESEL or name), so an auditor can recount any figure.
 */
import { formatPl } from '../../dates.js';
import type { Person } from '../../indicators/data.js';
import { int, text } from '../columns.js';
import type { Row, Section } from '../model.js';
import { HEADERS, SECTION_TITLES, TABLE_WORDS } from '../wording.js';
import type { ReportInput } from './input.js';

function repeatNote(p: Person): string | null {
  if (!p.repeatedIn?.length) return null;
  const here = (r: Person['src']) => r.file === p.src.file && r.sheet === p.src.sheet;
  return TABLE_WORDS.repeatedIn(p.repeatedIn.map((r) => (here(r) ? TABLE_WORDS.repeatPlace(r.row) : TABLE_WORDS.repeatPlace(r.row, r.file, r.sheet))));
}

/**
 * One row per counted person and indicator; one row per held session with every session measure
 * that counts it (`W3, W4`), placed where the first of those indicators is: a session counted by
 * four indicators is listed once, not four times.
 */
function auditRows({ figures }: ReportInput): Row[] {
  const { data, period } = figures;
  const { yes, no, auditKinds, auditRoles } = TABLE_WORDS;
  const countedBy = new Map<number, string[]>();
  for (const v of figures.values) {
    for (const index of v.counted?.sessions ?? []) {
      const ids = countedBy.get(index);
      if (ids) ids.push(v.id);
      else countedBy.set(index, [v.id]);
    }
  }
  const rows: Row[] = [];
  let sessionsListed = false;
  for (const v of figures.values) {
    const counted = v.counted;
    if (!counted) continue;
    if (counted.sessions) {
      if (sessionsListed) continue;
      sessionsListed = true;
      for (const [index, ids] of [...countedBy].sort((a, b) => a[0] - b[0])) {
        const s = data.sessions[index];
        if (!s) continue;
        rows.push({ cells: [ids.join(', '), auditKinds.session, auditRoles.sessionCounted, s.date >= period.from ? yes : no, s.src.file, s.src.sheet, s.src.row, s.src.cell, formatPl(s.date), s.action, s.form, s.title, null] });
      }
      continue;
    }
    const inPeriod = new Set(counted.period);
    const numerator = new Set(counted.cumulative);
    const pending = new Set(counted.pending ?? []);
    const people = counted.denominator ? [...new Set([...counted.denominator, ...pending])] : counted.cumulative;
    for (const i of [...people].sort((a, b) => a - b)) {
      const p = data.people[i];
      if (!p) continue;
      const role = counted.denominator ? (pending.has(i) ? auditRoles.pending : numerator.has(i) ? auditRoles.both : auditRoles.denominator) : auditRoles.counted;
      rows.push({ cells: [v.id, auditKinds.person, role, counted.denominator ? null : inPeriod.has(i) ? yes : no, p.src.file, p.src.sheet, p.src.row, null, null, null, null, null, repeatNote(p)] });
    }
  }
  return rows;
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
          text(HEADERS.indicator, 9), text(HEADERS.kind, 9), text(HEADERS.role, 18), text(HEADERS.inPeriod, 10), text(HEADERS.file, 34), text(HEADERS.sheet, 18), int(HEADERS.row, 8),
          text(HEADERS.dateCell, 10), text(HEADERS.sessionDate, 11), text(HEADERS.action, 9), text(HEADERS.form, 16), text(HEADERS.title, 40), text(HEADERS.remarks, 30),
        ],
        rows: auditRows(input),
        note: TABLE_WORDS.auditNote,
      },
    }],
  };
}
