/** Attendance by action and form of support, in the period and from the project's start. */
import type { ActivityStats } from '../../indicators/index.js';
import { keyed, num, pct, text } from '../columns.js';
import type { Row, Section, Table, Value } from '../model.js';
import { HEADERS, SECTION_TITLES, TABLE_WORDS } from '../wording.js';
import type { ReportInput } from './input.js';

function activityCells(s: ActivityStats): Value[] {
  return [s.sessions, s.hours, s.participantHours, s.participants, s.present, s.expected, s.rate];
}

function attendanceTable(title: string, { project, figures }: ReportInput, which: 'period' | 'cumulative'): Table {
  const formName = new Map(project.definition.forms.map((f) => [f.code, f.name]));
  const rows: Row[] = figures.tables.activity
    .filter((r) => r.form === '' || r.stats.cumulative.sessions > 0)
    .map((r) => ({
      cells: [r.action, r.form === '' ? TABLE_WORDS.wholeAction : (formName.get(r.form) ?? r.form), ...activityCells(r.stats[which])],
      ...(r.form === '' ? { style: 'group' as const } : {}),
    }));
  return {
    title,
    columns: [
      text(HEADERS.action, 9), text(HEADERS.form, 26), num(HEADERS.sessions), num(HEADERS.hours, 9), num(HEADERS.participantHours, 11), num(HEADERS.persons),
      keyed('present', num(HEADERS.present, 10)), keyed('expected', num(HEADERS.expected, 11)), { ...pct(HEADERS.rate, 11), formula: { ratio: ['present', 'expected'] } },
    ],
    rows,
    note: TABLE_WORDS.attendanceNote,
  };
}

export function attendanceSection(input: ReportInput): Section {
  return {
    title: SECTION_TITLES.attendance,
    sheet: 'Frekwencja',
    blocks: [
      { kind: 'table', table: attendanceTable(TABLE_WORDS.attendancePeriod, input, 'period') },
      { kind: 'table', table: attendanceTable(TABLE_WORDS.attendanceCumulative, input, 'cumulative') },
    ],
  };
}
