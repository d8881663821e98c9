/** Month by month: people starting, ending and active, sessions, hours and attendances. */
import { num, text } from '../columns.js';
import type { Section, Table } from '../model.js';
import { HEADERS, SECTION_TITLES, TABLE_WORDS } from '../wording.js';
import type { ReportInput } from './input.js';

export function monthlySection({ figures }: ReportInput): Section {
  const rows = figures.monthRows;
  const table: Table = {
    title: TABLE_WORDS.monthly,
    columns: [text(HEADERS.month, 10), num(HEADERS.started, 10), num(HEADERS.ended, 10), num(HEADERS.active, 9), num(HEADERS.sessions), num(HEADERS.hours, 9), num(HEADERS.participantHours, 12), num(HEADERS.present, 10)],
    rows: rows.map((r) => ({ cells: [r.month, r.started, r.ended, r.active, r.sessions, r.hours, r.participantHours, r.attendances] })),
  };
  return {
    title: SECTION_TITLES.monthly,
    sheet: 'Miesięcznie',
    blocks: [
      { kind: 'chart', chart: { kind: 'monthly', title: TABLE_WORDS.monthlyChart, months: figures.months, bars: { label: TABLE_WORDS.monthlyBars, values: rows.map((r) => r.active) }, line: { label: TABLE_WORDS.monthlyLine, values: rows.map((r) => r.hours) } } },
      { kind: 'table', table },
    ],
  };
}
