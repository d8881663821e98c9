/** The actions against their planned windows: a table of sessions and a Gantt chart. */
import { monthOf, type IsoDate } from '../../dates.js';
import type { Range } from '../../indicators/index.js';
import { num, text, under } from '../columns.js';
import type { Block, Row, Section, Table } from '../model.js';
import { ACTION_STATUS, HEADERS, SECTION_TITLES, TABLE_WORDS, windowText } from '../wording.js';
import type { ReportInput } from './input.js';

/** What decides an action's status: the report's data day and whether the action had sessions. */
interface StatusFacts {
  period: Range;
  asOf: IsoDate;
  /** The project ended by the data day. */
  projectOver: boolean;
  /** Sessions of the action in the period. */
  inPeriod: boolean;
  /** Sessions of the action at all, up to the data day. */
  held: boolean;
}

/**
 * Words that fit the data day: after the project's end (or the action's window) an action is
 * done or not done, never running; "w realizacji" only while its window includes the data day.
 */
function actionStatus(window: { from: string; to: string }, f: StatusFacts): string {
  const asOf = monthOf(f.asOf);
  const finished = f.held ? ACTION_STATUS.done : ACTION_STATUS.notDone;
  if (f.projectOver || window.to < asOf) return finished;
  const pFrom = monthOf(f.period.from);
  const pTo = monthOf(f.period.to);
  if (window.to < pFrom || window.from > pTo) {
    if (f.inPeriod) return ACTION_STATUS.outside;
    return pTo < window.from ? ACTION_STATUS.planned : finished;
  }
  if (window.from > asOf) return ACTION_STATUS.planned;
  return f.inPeriod ? ACTION_STATUS.running : ACTION_STATUS.idle;
}

function scheduleTable({ project, figures }: ReportInput): Table {
  const rows: Row[] = project.definition.actions.map((a) => {
    const row = figures.tables.activity.find((r) => r.action === a.code && r.form === '');
    const inPeriod = row?.stats.period;
    const status = actionStatus(a.window, {
      period: figures.period,
      asOf: figures.asOf,
      projectOver: !figures.running,
      inPeriod: (inPeriod?.sessions ?? 0) > 0,
      held: (figures.activeMonths.get(a.code)?.size ?? 0) > 0,
    });
    return {
      cells: [a.code, a.name, windowText(a.window.from, a.window.to), status,
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
    note: TABLE_WORDS.scheduleNote(figures.asOf),
  };
}

function ganttChart({ project, figures }: ReportInput): Block {
  const { months, activeMonths } = figures;
  const last = months[months.length - 1];
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
      ...(last !== undefined && monthOf(figures.asOf) < last ? { note: TABLE_WORDS.ganttAfterAsOf(figures.asOf) } : {}),
    },
  };
}

export function scheduleSection(input: ReportInput): Section {
  return { title: SECTION_TITLES.schedule, sheet: 'Harmonogram', blocks: [{ kind: 'table', table: scheduleTable(input) }, ganttChart(input)] };
}
