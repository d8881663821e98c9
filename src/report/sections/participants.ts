/** Who took part: flows (started, ended, active) and the structure at entry, by sex. */
import type { StandardTables } from '../../indicators/index.js';
import { kmoCells, kmoColumns, text } from '../columns.js';
import type { Row, Section, Table } from '../model.js';
import { GROUP_LABELS, HEADERS, SECTION_TITLES, TABLE_WORDS, categoryLabel } from '../wording.js';
import type { ReportInput } from './input.js';

const byPeriod = () => [...kmoColumns(TABLE_WORDS.inPeriod, 'period'), ...kmoColumns(TABLE_WORDS.cumulative, 'cumulative')];

function flowsTable(t: StandardTables): Table {
  const rows: Row[] = (['started', 'ended', 'active'] as const).map((k) => ({
    cells: [TABLE_WORDS.flowRows[k], ...kmoCells(t.flows[k].period), ...kmoCells(t.flows[k].cumulative)],
  }));
  return { title: TABLE_WORDS.flows, columns: [text('', 26), ...byPeriod()], rows };
}

function structureTable(t: StandardTables): Table {
  const rows: Row[] = [];
  let group = '';
  for (const r of t.structure) {
    if (r.group !== group) {
      group = r.group;
      rows.push({ cells: [GROUP_LABELS[group] ?? group, null, null, null, null, null, null, null, null], style: 'group' });
    }
    rows.push({ cells: [`  ${categoryLabel(r.category)}`, ...kmoCells(r.counts.period), ...kmoCells(r.counts.cumulative)] });
  }
  return { title: TABLE_WORDS.structure, columns: [text(HEADERS.category, 40), ...byPeriod()], rows, note: TABLE_WORDS.structureNote };
}

export function participantsSection({ figures }: ReportInput): Section {
  return { title: SECTION_TITLES.participants, sheet: 'Uczestnicy', blocks: [{ kind: 'table', table: flowsTable(figures.tables) }, { kind: 'table', table: structureTable(figures.tables) }] };
}
