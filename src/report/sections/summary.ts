/** The automatically written summary: what was achieved and what was not. */
import type { EfficiencyResult, IndicatorValue, MonthRow, StandardTables } from '../../indicators/index.js';
import type { IsoDate } from '../../dates.js';
import type { Section } from '../model.js';
import { SECTION_TITLES, SUMMARY, thresholdStatus, TABLE_WORDS } from '../wording.js';
import type { ReportInput, ReportKind } from './input.js';

export interface SummaryFacts {
  kind: ReportKind;
  values: readonly IndicatorValue[];
  efficiency: readonly EfficiencyResult[];
  tables: StandardTables;
  monthRows: readonly MonthRow[];
  /** The project's end when the data day is before it: then nothing has failed yet, the summary states progress. */
  runningUntil?: IsoDate;
}

export function summaryLines(f: SummaryFacts): string[] {
  const lines: string[] = [];
  const running = f.runningUntil !== undefined;
  if (f.runningUntil !== undefined) lines.push(SUMMARY.running(f.runningUntil));
  const started = f.tables.flows.started.cumulative;
  const women = started.K ?? 0;
  const men = started.M ?? 0;
  lines.push(SUMMARY.people({
    progress: f.kind === 'progress',
    started: started.O,
    women,
    men,
    noSex: started.O - women - men,
    otoczenie: f.tables.structure.find((r) => r.group === 'otoczenie' && r.category === 'Tak')?.counts.cumulative.O ?? 0,
    ended: f.tables.flows.ended.cumulative.O,
    sessions: f.monthRows.reduce((s, m) => s + m.sessions, 0),
    hours: f.monthRows.reduce((s, m) => s + m.hours, 0),
  }));
  for (const v of f.values) {
    if (v.realisation === null || f.efficiency.some((e) => e.indicator === v.id)) continue;
    const say = v.realisation >= 1 ? SUMMARY.achieved : f.kind === 'progress' ? SUMMARY.progress : running ? SUMMARY.progressRunning : SUMMARY.missed;
    lines.push(say(v.id, v.name, v.realisation));
  }
  for (const e of f.efficiency) {
    lines.push(SUMMARY.efficiency(TABLE_WORDS.efficiencyKinds[e.kind], e.cumulative?.value ?? null, e.threshold, thresholdStatus(e.status, running), e.cumulative?.pending.O ?? 0));
  }
  return lines;
}

export function summarySection({ project, figures, options }: ReportInput): Section {
  const lines = summaryLines({
    kind: options.kind,
    values: figures.values,
    efficiency: figures.efficiency,
    tables: figures.tables,
    monthRows: figures.monthRows,
    ...(figures.running ? { runningUntil: project.definition.project.period.to } : {}),
  });
  return { title: SECTION_TITLES.summary, sheet: 'Podsumowanie', blocks: [{ kind: 'paragraphs', lines }] };
}
