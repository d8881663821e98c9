/** The indicator tables (F.1, F.2, ratios), the programme's products and results, and efficiency. */
import type { IndicatorValue, PersonsValue, RatioValue, TotalValue, EfficiencyResult, RatioCell } from '../../indicators/index.js';
import type { Definition } from '../../project/index.js';
import { keyed, kmoCells, kmoColumns, kmoText, num, pct, targetCells, text, totalCells, under } from '../columns.js';
import type { Block, Row, Section, Table, Value } from '../model.js';
import { includedCorrections } from './corrections.js';
import { CORRECTION_WORDS, HEADERS, SECTION_TITLES, TABLE_WORDS, number, percent, thresholdStatus } from '../wording.js';
import type { ReportInput } from './input.js';

/** A remarks column only when some cumulative value includes a correction of a submitted period (SPEC §8). */
function withRemarks(table: Table & { rows: Row[] }, values: readonly IndicatorValue[], included: ReadonlyMap<string, string>): Table {
  if (!values.some((v) => included.has(v.id))) return table;
  return {
    ...table,
    columns: [...table.columns, text(CORRECTION_WORDS.remarks, 22)],
    rows: table.rows.map((r, i) => ({ ...r, cells: [...r.cells, included.get(values[i]?.id ?? '') ?? null] })),
  };
}

/** Target, period and cumulative, each as K, M, b.d. and O (O only for units other than persons). */
function countCells(v: PersonsValue | TotalValue): Value[] {
  switch (v.kind) {
    case 'persons':
      return [...targetCells(v.target), ...kmoCells(v.period), ...kmoCells(v.cumulative)];
    case 'total':
      return [...totalCells(v.target?.O), ...totalCells(v.period?.O), ...totalCells(v.cumulative?.O)];
  }
}

function indicatorTable(title: string, values: readonly (PersonsValue | TotalValue)[], included: ReadonlyMap<string, string>): Table {
  return withRemarks({
    title,
    columns: [
      text(HEADERS.id, 6), text(HEADERS.name, 40), text(HEADERS.unit, 9),
      ...kmoColumns(TABLE_WORDS.target, 'target'), ...kmoColumns(TABLE_WORDS.inPeriod, 'period'), ...kmoColumns(TABLE_WORDS.cumulative, 'cumulative'),
      { ...pct(HEADERS.realisation, 9), formula: { ratio: ['cumulative.O', 'target.O'] } },
    ],
    rows: values.map((v) => ({
      cells: [v.id, v.name, v.unit, ...countCells(v), v.realisation],
    })),
    note: TABLE_WORDS.indicatorNote,
  }, values, included);
}

function ratioCells(c: RatioCell | null): Value[] {
  return c ? [c.value, c.numerator.O, c.denominator.O, c.pending.O] : [null, null, null, null];
}

/** Value (numerator ÷ denominator), numerator, denominator, pending under one heading. */
function ratioColumns(group: string, key: string) {
  return [
    { ...under(group, pct(HEADERS.value, 9)), key: `${key}.value`, formula: { ratio: [`${key}.numerator`, `${key}.denominator`] as [string, string] } },
    keyed(`${key}.numerator`, under(group, num(HEADERS.numerator, 8))),
    keyed(`${key}.denominator`, under(group, num(HEADERS.denominator, 9))),
    under(group, num(HEADERS.pending, 9)),
  ];
}

function ratioTable(values: readonly RatioValue[], included: ReadonlyMap<string, string>): Table {
  return withRemarks({
    title: TABLE_WORDS.ratios,
    columns: [
      text(HEADERS.id, 6), text(HEADERS.name, 28), keyed('target', pct(HEADERS.target, 8)),
      ...ratioColumns(TABLE_WORDS.inPeriod, 'period'), ...ratioColumns(TABLE_WORDS.cumulative, 'cumulative'),
      { ...pct(HEADERS.realisation, 10), formula: { ratio: ['cumulative.value', 'target'] } },
    ],
    rows: values.map((v) => ({
      cells: [v.id, v.name, v.target?.O ?? null, ...ratioCells(v.period), ...ratioCells(v.cumulative), v.realisation],
    })),
    note: TABLE_WORDS.ratioNote,
  }, values, included);
}

export function indicatorsSection({ figures, options }: ReportInput): Section {
  const values = figures.values;
  const included = includedCorrections(options.submitted?.corrections ?? [], options.submitted?.lastPeriod);
  const plain = (type: IndicatorValue['type']) => values.filter((v): v is PersonsValue | TotalValue => v.type === type && v.kind !== 'ratio');
  const ratios = values.filter((v): v is RatioValue => v.kind === 'ratio');
  const blocks: Block[] = [
    { kind: 'table', table: indicatorTable(TABLE_WORDS.productIndicators, plain('produkt'), included) },
    { kind: 'table', table: indicatorTable(TABLE_WORDS.resultIndicators, plain('rezultat'), included) },
  ];
  if (ratios.length) blocks.push({ kind: 'table', table: ratioTable(ratios, included) });
  const withTargets = values.filter((v) => v.target?.O);
  if (withTargets.length) {
    blocks.push({ kind: 'chart', chart: { kind: 'bars', title: TABLE_WORDS.realisationChart, items: withTargets.map((v) => ({ label: v.id, value: v.realisation })) } });
  }
  return { title: SECTION_TITLES.indicators, sheet: 'Wskaźniki', blocks };
}

/** What an indicator achieved, in one cell: a share, a count in persons with its K and M, or a number. */
function achieved(v: IndicatorValue): string {
  if (v.cumulative === null) return TABLE_WORDS.noData;
  switch (v.kind) {
    case 'ratio':
      return percent(v.cumulative.value);
    case 'persons':
      return kmoText(v.cumulative);
    case 'total':
      return number(v.cumulative.O);
  }
}

function outcomeTarget(v: IndicatorValue): string {
  if (!v.target || v.target.O === null) return '—';
  return v.kind === 'ratio' ? percent(v.target.O) : number(v.target.O);
}

function outcomesTable(title: string, outcomes: Definition['products'], values: readonly IndicatorValue[]): Table {
  const byId = new Map(values.map((v) => [v.id, v]));
  const rows: Row[] = [];
  for (const o of outcomes) {
    rows.push({ cells: [o.name, null, null, null, null, null], style: 'group' });
    for (const id of o.indicators) {
      const v = byId.get(id);
      if (!v) continue;
      rows.push({ cells: [id, v.name, v.unit, outcomeTarget(v), achieved(v), v.realisation] });
    }
  }
  return { title, columns: [text(HEADERS.id, 7), text(HEADERS.indicator, 56), text(HEADERS.unit, 11), text(HEADERS.target, 9), text(HEADERS.achieved, 16), pct(HEADERS.realisation, 10)], rows };
}

/** The final report's products (XI) and results (X) of the programme resolution. */
export function outcomesSection({ project, figures, options }: ReportInput): Section | undefined {
  const def = project.definition;
  if (options.kind !== 'final' || (!def.products.length && !def.results.length)) return undefined;
  return {
    title: SECTION_TITLES.outcomes,
    sheet: 'Wskaźniki',
    blocks: [
      { kind: 'table', table: outcomesTable(TABLE_WORDS.programmeProducts, def.products, figures.values) },
      { kind: 'table', table: outcomesTable(TABLE_WORDS.programmeResults, def.results, figures.values) },
    ],
  };
}

function efficiencyTable(eff: readonly EfficiencyResult[], running: boolean): Table {
  return {
    title: TABLE_WORDS.efficiency,
    columns: [text(HEADERS.criterion, 28), pct(HEADERS.value, 10), num(HEADERS.numerator, 8), num(HEADERS.denominator, 10), num(HEADERS.pending, 10), pct(HEADERS.threshold, 8), text(HEADERS.assessment, 22)],
    rows: eff.map((e) => ({
      cells: [TABLE_WORDS.efficiencyKinds[e.kind], e.cumulative?.value ?? null, e.cumulative?.numerator.O ?? null, e.cumulative?.denominator.O ?? null, e.cumulative?.pending.O ?? null, e.threshold, thresholdStatus(e.status, running)],
    })),
    note: TABLE_WORDS.efficiencyNote,
  };
}

export function efficiencySection({ figures }: ReportInput): Section | undefined {
  if (!figures.efficiency.length) return undefined;
  return { title: SECTION_TITLES.efficiency, sheet: 'Wskaźniki', blocks: [{ kind: 'table', table: efficiencyTable(figures.efficiency, figures.running) }] };
}
