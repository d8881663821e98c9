/** The actions against their planned windows: a table of sessions and a Gantt chart. */
import { monthOf } from '../../dates.js';
import type { Range } from '../../indicators/measures.js';
import { num, text, under } from '../columns.js';
import type { Block, Row, Section, Table } from '../model.js';
import { ACTION_STATUS, HEADERS, SECTION_TITLES, TABLE_WORDS, windowText } from '../wording.js';
import type { ReportInput } from './input.js';

function actionStatus(window: { from: string; to: string }, period: Range, active: boolean): string {
  const pFrom = monthOf(period.from);
  const pTo = monthOf(period.to);
  const overlap = window.from <= pTo && window.to >= pFrom;
  if (overlap) return active ? ACTION_STATUS.running : ACTION_STATUS.idle;
  if (active) return ACTION_STATUS.outside;
  return pTo < window.from ? ACTION_STATUS.planned : ACTION_STATUS.finished;
}

function scheduleTable({ project, figures }: ReportInput): Table {
  const rows: Row[] = project.definition.actions.map((a) => {
    const row = figures.tables.activity.find((r) => r.action === a.code && r.form === '');
    const inPeriod = row?.stats.period;
    return {
      cells: [a.code, a.name, windowText(a.window.from, a.window.to), actionStatus(a.window, figures.period, (inPeriod?.sessions ?? 0) > 0),
        inPeriod?.sessions ?? 0, inPeriod?.hours ?? 0, inPeriod?.participants ?? 0, row?.stats.cumulative.sessions ?? 0, row?.stats.cumulative.hours ?? 0],
    };
  });
  const inPeriod = TABLE_WORDS.inPeriod;
  const cumulative = TABLE_WORDS.cumulative;
  return {
    title: TABLE_WORDS.schedule,
    columns: [
      text(HEADERS.code, 5), text(HEADERS.action, 32), text(HEADERS.window, 15), text(HEADERS.status, 18),
      under(inPeriod, num(HEADERS.sessions)), under(inPeriod, num(HEADERS.hours, 9)), under(inPeriod, num(HEADERS.persons)),
      under(cumulative, num(HEADERS.sessions)), under(cumulative, num(HEADERS.hours, 9)),
    ],
    rows,
  };
}

function ganttChart({ project, figures }: ReportInput): Block {
  const { months, activeMonths } = figures;
  return {
    kind: 'chart',
    chart: {
      kind: 'gantt',
      title: TABLE_WORDS.gantt,
      months,
      rows: project.definition.actions.map((a) => ({
        label: a.code,
        name: a.name,
        planned: months.map((m) => m >= a.window.from && m <= a.window.to),
        active: months.map((m) => activeMonths.get(a.code)?.has(m) ?? false),
      })),
    },
  };
}

export function scheduleSection(input: ReportInput): Section {
  return { title: SECTION_TITLES.schedule, sheet: 'Harmonogram', blocks: [{ kind: 'table', table: scheduleTable(input) }, ganttChart(input)] };
}
