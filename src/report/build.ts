/**
 * Building the report model (SPEC §6) from the checked data: every number comes from the
 * indicator engine; this file only decides what goes where and how it is worded.
 */
import { formatPl, monthOf, type IsoDate } from '../dates.js';
import { computeIndicators, isRatio, isRatioIndicator, type IndicatorValue, type KMO, type RatioCell } from '../indicators/compute.js';
import { buildComputeData, type ComputeData, type Person } from '../indicators/data.js';
import { efficiency, type EfficiencyResult } from '../indicators/efficiency.js';
import { heldSessions, type Range } from '../indicators/measures.js';
import { monthly, standardTables, type ActivityStats, type MonthRow, type StandardTables } from '../indicators/standard.js';
import { countText, formatNumber, formatPercent, pluralForm, t } from '../i18n/index.js';
import type { Checked } from '../pipeline.js';
import type { Project } from '../project/load.js';
import { calendarPeriods, type Period } from '../project/periods.js';
import type { IndicatorDefinition } from '../project/schema.js';
import { issueMessage, type Severity } from '../validate/issue.js';
import type { Block, Column, Row, Section, Table, ReportModel, Value } from './model.js';
import {
  ACTION_STATUS, GROUP_LABELS, REPORT_TITLES, categoryLabel, periodText, thresholdStatus, warsawDateTime, windowText,
} from './texts.js';

export interface BuildOptions {
  kind: 'progress' | 'final';
  period: Period;
  asOf: IsoDate;
  generatedAt: string;
  allowErrors: boolean;
  /** Text of `opisy/<period-id>.md` (progress) or `opisy/koncowy.md` (final), if any. */
  descriptions?: string;
}

/** Reports are Polish whatever --lang says. */
function severityPl(s: Severity): string {
  return t(`out.severity.${s}`, {}, 'pl');
}

// ---------------------------------------------------------------------------------------
// small helpers

/** `2 kobiety`, `5 kobiet`, `22 kobiety`: Polish plural forms. */
export function plural(n: number, one: string, few: string, many: string): string {
  return `${n} ${{ one, few, many }[pluralForm(n, 'pl')]}`;
}

const text = (header: string, width: number): Column => ({ header, kind: 'text', width });
const int = (header: string, width = 8): Column => ({ header, kind: 'int', width });
const dec = (header: string, width = 9): Column => ({ header, kind: 'decimal', width });
const pct = (header: string, width = 10): Column => ({ header, kind: 'percent', width });

/** K, M, b.d. (no sex data), and O as their sum: four columns under one heading. */
function kmoColumns(group: string, first: number): Column[] {
  return [
    { ...int('K', 6), group }, { ...int('M', 6), group }, { ...int('b.d.', 5), group },
    { ...int('O', 7), group, formula: { sum: [first, first + 1, first + 2] } },
  ];
}

function kmoCells(c: KMO | null | undefined): Value[] {
  if (!c) return [null, null, null, null];
  if (c.K === undefined || c.M === undefined) return [null, null, null, c.O];
  return [c.K, c.M, c.O - c.K - c.M, c.O];
}

function sumKmo(c: KMO): string {
  return c.K === undefined ? formatNumber(c.O, 2, 'pl') : `${c.O} (K ${c.K}, M ${c.M})`;
}

function paragraphs(textBlock: string): string[] {
  return textBlock.split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, ' ').trim()).filter(Boolean);
}

/** `## D.2 …` and `## D.3 …` sections of a Markdown description file. */
export function parseDescriptions(source: string | undefined): { d2: string[]; d3: string[] } {
  const out = { d2: [] as string[], d3: [] as string[] };
  if (!source) return out;
  let current: 'd2' | 'd3' | undefined;
  const buffer: Record<'d2' | 'd3', string[]> = { d2: [], d3: [] };
  for (const line of source.split(/\r?\n/)) {
    const h = /^#+\s*(.*)$/.exec(line);
    if (h) {
      const title = h[1] ?? '';
      current = /D\.?\s*2/i.test(title) ? 'd2' : /D\.?\s*3/i.test(title) ? 'd3' : undefined;
      continue;
    }
    if (current) buffer[current].push(line);
  }
  out.d2 = paragraphs(buffer.d2.join('\n'));
  out.d3 = paragraphs(buffer.d3.join('\n'));
  return out;
}

// ---------------------------------------------------------------------------------------
// sections

function headerFacts(project: Project, opts: BuildOptions): Block {
  const p = project.definition.project;
  const items: [string, string][] = [
    ['Program', p.programme],
    ['Tytuł projektu', p.title],
    ['Numer umowy o dofinansowanie', p.number],
    ['Beneficjent', p.beneficiary],
  ];
  if (p.basis) items.push(['Podstawa', p.basis]);
  items.push(
    ['Okres realizacji projektu', periodText(p.period.from, p.period.to)],
    [opts.kind === 'final' ? 'Okres objęty raportem' : 'Okres sprawozdawczy', `${opts.period.id === 'all' ? 'cały projekt' : opts.period.id} (${periodText(opts.period.from, opts.period.to)})`],
    ['Stan danych na dzień', formatPl(opts.asOf)],
    ['Data wygenerowania', warsawDateTime(opts.generatedAt)],
  );
  return { kind: 'facts', items };
}

function notices(project: Project, values: readonly IndicatorValue[], checked: Checked, opts: BuildOptions): ReportModel['notices'] {
  const out: ReportModel['notices'] = [];
  if (opts.allowErrors && checked.summary.counts.error > 0) {
    const { participants, records } = checked.usable.leftOut;
    out.push({
      level: 'error',
      text: `DANE ZAWIERAJĄ BŁĘDY (${countText(checked.summary.counts.error, 'error', 'pl')}) — raport utworzono mimo to (--allow-errors). Wiersze z błędami pominięto we wszystkich liczbach: ${countText(participants, 'row', 'pl')} uczestników i ${countText(records, 'record', 'pl')}. Lista problemów: arkusz „Jakość danych”.`,
    });
  }
  if (/0000\//.test(project.definition.project.number)) {
    out.push({ level: 'warning', text: `Numer umowy ${project.definition.project.number} jest wypełniaczem z szablonu — wpisz w pal-report.yaml numer umowy o dofinansowanie.` });
  }
  const examples = values.filter((v) => v.exampleTarget).map((v) => v.id);
  if (examples.length > 0) {
    out.push({ level: 'warning', text: `Wartości docelowe wskaźników ${examples.join(', ')} są przykładowe (z szablonu) — przepisz je z wniosku o dofinansowanie.` });
  }
  return out;
}

/** Target K, M, b.d., O: b.d. is 0 when O is exactly K + M, so the O formula holds. */
function targetCells(t: IndicatorValue['target']): Value[] {
  if (!t) return [null, null, null, null];
  if (t.K === null || t.K === undefined || t.M === null || t.M === undefined || t.O === null) return [t.K ?? null, t.M ?? null, null, t.O];
  return [t.K, t.M, t.O === t.K + t.M ? 0 : null, t.O];
}

function indicatorRows(values: readonly IndicatorValue[]): Row[] {
  return values.map((v) => ({
    cells: [v.id, v.name, v.unit, ...targetCells(v.target), ...kmoCells(v.period as KMO | null), ...kmoCells(v.cumulative as KMO | null), v.realisation],
  }));
}

function indicatorTable(title: string, values: readonly IndicatorValue[]): Table {
  const columns: Column[] = [
    text('ID', 6), text('Nazwa wskaźnika', 40), text('Jedn.', 9),
    ...kmoColumns('Wartość docelowa', 3), ...kmoColumns('W okresie', 7), ...kmoColumns('Narastająco', 11),
    { ...pct('Realizacja', 9), formula: { ratio: [14, 6] } },
  ];
  return { title, columns, rows: indicatorRows(values), note: 'b.d. — osoby bez danych o płci (liczą się tylko w O). Realizacja = narastająco O ÷ wartość docelowa O całego projektu.' };
}

function ratioCells(c: RatioCell | null): Value[] {
  return c ? [c.value, c.numerator.O, c.denominator.O, c.pending.O] : [null, null, null, null];
}

function ratioTable(values: readonly IndicatorValue[]): Table {
  return {
    title: 'Wskaźniki ilorazowe (efektywność)',
    columns: [
      text('ID', 6), text('Nazwa wskaźnika', 28), pct('Cel', 8),
      { ...pct('Wartość', 9), group: 'W okresie', formula: { ratio: [4, 5] } }, { ...int('Licznik', 8), group: 'W okresie' }, { ...int('Mianownik', 9), group: 'W okresie' }, { ...int('Oczekujący', 9), group: 'W okresie' },
      { ...pct('Wartość', 9), group: 'Narastająco', formula: { ratio: [8, 9] } }, { ...int('Licznik', 8), group: 'Narastająco' }, { ...int('Mianownik', 9), group: 'Narastająco' }, { ...int('Oczekujący', 9), group: 'Narastająco' },
      { ...pct('Realizacja', 10), formula: { ratio: [7, 2] } },
    ],
    rows: values.map((v) => ({
      cells: [v.id, v.name, v.target?.O ?? null, ...ratioCells(isRatio(v.period) ? v.period : null), ...ratioCells(isRatio(v.cumulative) ? v.cumulative : null), v.realisation],
    })),
    note: 'Oczekujący: osoby, którym nie zamknęło się jeszcze 3-miesięczne okno na podjęcie zatrudnienia — poza licznikiem i mianownikiem.',
  };
}

function indicatorsSection(values: readonly IndicatorValue[]): Section {
  const plain = (type: string) => values.filter((v) => v.type === type && !isRatioIndicator(v));
  const ratios = values.filter(isRatioIndicator);
  const blocks: Block[] = [
    { kind: 'table', table: indicatorTable('F.1 Wskaźniki produktu', plain('produkt')) },
    { kind: 'table', table: indicatorTable('F.2 Wskaźniki rezultatu', plain('rezultat')) },
  ];
  if (ratios.length) blocks.push({ kind: 'table', table: ratioTable(ratios) });
  const withTargets = values.filter((v) => v.target?.O);
  if (withTargets.length) {
    blocks.push({ kind: 'chart', chart: { kind: 'bars', title: 'Stopień realizacji wskaźników (narastająco; linia = 100%)', items: withTargets.map((v) => ({ label: v.id, value: v.realisation })) } });
  }
  return { title: 'Wskaźniki projektu', sheet: 'Wskaźniki', blocks };
}

function flowsTable(t: StandardTables): Table {
  const rows: Row[] = (['started', 'ended', 'active'] as const).map((k) => ({
    cells: [{ started: 'Rozpoczęli udział', ended: 'Zakończyli udział', active: 'Aktywni (uczestniczący)' }[k], ...kmoCells(t.flows[k].period), ...kmoCells(t.flows[k].cumulative)],
  }));
  return { title: 'Uczestnicy: rozpoczęli, zakończyli, aktywni', columns: [text('', 26), ...kmoColumns('W okresie', 1), ...kmoColumns('Narastająco', 5)], rows };
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
  return { title: 'Struktura uczestników w chwili przystąpienia do projektu', columns: [text('Kategoria', 40), ...kmoColumns('W okresie', 1), ...kmoColumns('Narastająco', 5)], rows, note: '„W okresie”: osoby, które rozpoczęły udział w okresie; „narastająco”: od początku projektu do końca okresu.' };
}

function participantsSection(t: StandardTables): Section {
  return { title: 'Uczestnicy', sheet: 'Uczestnicy', blocks: [{ kind: 'table', table: flowsTable(t) }, { kind: 'table', table: structureTable(t) }] };
}

function actionStatus(window: { from: string; to: string }, period: Range, active: boolean): string {
  const pFrom = monthOf(period.from);
  const pTo = monthOf(period.to);
  const overlap = window.from <= pTo && window.to >= pFrom;
  if (overlap) return active ? ACTION_STATUS.running : ACTION_STATUS.idle;
  if (active) return ACTION_STATUS.outside;
  return pTo < window.from ? ACTION_STATUS.planned : ACTION_STATUS.finished;
}

function ganttChart(project: Project, data: ComputeData, months: string[]): Block {
  const activeMonths = new Map<string, Set<string>>();
  for (const s of data.sessions) {
    if (s.present === 0 && s.headcount === 0) continue;
    const set = activeMonths.get(s.action) ?? new Set<string>();
    set.add(monthOf(s.date));
    activeMonths.set(s.action, set);
  }
  return {
    kind: 'chart',
    chart: {
      kind: 'gantt',
      title: 'Harmonogram: okna planowane (jasne) i miesiące z zajęciami (ciemne)',
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

function scheduleSection(project: Project, data: ComputeData, t: StandardTables, period: Range, months: string[]): Section {
  const rows: Row[] = project.definition.actions.map((a) => {
    const row = t.activity.find((r) => r.action === a.code && r.form === '');
    const inPeriod = row?.stats.period;
    return {
      cells: [a.code, a.name, windowText(a.window.from, a.window.to), actionStatus(a.window, period, (inPeriod?.sessions ?? 0) > 0),
        inPeriod?.sessions ?? 0, inPeriod?.hours ?? 0, inPeriod?.participants ?? 0, row?.stats.cumulative.sessions ?? 0, row?.stats.cumulative.hours ?? 0],
    };
  });
  const table: Table = {
    title: 'Realizacja działań wobec harmonogramu',
    columns: [text('Kod', 5), text('Działanie', 32), text('Okno planowane', 15), text('Status w okresie', 18), { ...int('Zajęcia', 8), group: 'W okresie' }, { ...dec('Godziny', 9), group: 'W okresie' }, { ...int('Osoby', 8), group: 'W okresie' }, { ...int('Zajęcia', 8), group: 'Narastająco' }, { ...dec('Godziny', 9), group: 'Narastająco' }],
    rows,
  };
  return { title: 'Harmonogram', sheet: 'Harmonogram', blocks: [{ kind: 'table', table }, ganttChart(project, data, months)] };
}

function activityCells(s: ActivityStats): Value[] {
  return [s.sessions, s.hours, s.participantHours, s.participants, s.present, s.expected, s.rate];
}

function attendanceTable(title: string, project: Project, t: StandardTables, which: 'period' | 'cumulative'): Table {
  const formName = new Map(project.definition.forms.map((f) => [f.code, f.name]));
  const rows: Row[] = t.activity
    .filter((r) => r.form === '' || r.stats.cumulative.sessions > 0)
    .map((r) => ({
      cells: [r.action, r.form === '' ? 'razem' : (formName.get(r.form) ?? r.form), ...activityCells(r.stats[which])],
      ...(r.form === '' ? { style: 'group' as const } : {}),
    }));
  return {
    title,
    columns: [text('Działanie', 9), text('Forma', 26), int('Zajęcia'), dec('Godziny'), dec('Osobogodziny', 11), int('Osoby'), int('Obecności', 10), int('Oczekiwane', 11), { ...pct('Frekwencja', 11), formula: { ratio: [6, 7] } }],
    rows,
    note: 'Frekwencja = obecności ÷ wpisy na listach w czasie udziału danej osoby (obecny, nieobecny, usprawiedliwiony).',
  };
}

function attendanceSection(project: Project, t: StandardTables): Section {
  return {
    title: 'Frekwencja według działań i form wsparcia',
    sheet: 'Frekwencja',
    blocks: [
      { kind: 'table', table: attendanceTable('W okresie sprawozdawczym', project, t, 'period') },
      { kind: 'table', table: attendanceTable('Narastająco od początku projektu', project, t, 'cumulative') },
    ],
  };
}

function monthlySection(rows: readonly MonthRow[], months: string[]): Section {
  const table: Table = {
    title: 'Miesiąc po miesiącu',
    columns: [text('Miesiąc', 10), int('Rozpoczęli', 10), int('Zakończyli', 10), int('Aktywni', 9), int('Zajęcia', 8), dec('Godziny', 9), dec('Osobogodziny', 12), int('Obecności', 10)],
    rows: rows.map((r) => ({ cells: [r.month, r.started, r.ended, r.active, r.sessions, r.hours, r.participantHours, r.attendances] })),
  };
  return {
    title: 'Przebieg miesięczny',
    sheet: 'Miesięcznie',
    blocks: [
      { kind: 'chart', chart: { kind: 'monthly', title: 'Aktywni uczestnicy (słupki) i godziny zajęć (linia) w miesiącach', months, bars: { label: 'aktywni uczestnicy', values: rows.map((r) => r.active) }, line: { label: 'godziny zajęć', values: rows.map((r) => r.hours) } } },
      { kind: 'table', table },
    ],
  };
}

function qualitySection(checked: Checked, allowErrors: boolean): Section[] {
  const byCode = new Map<string, { severity: Severity; count: number; example: string }>();
  for (const i of checked.issues) {
    if (i.severity === 'error' && !allowErrors) continue;
    const e = byCode.get(i.code);
    if (e) e.count++;
    else byCode.set(i.code, { severity: i.severity, count: 1, example: issueMessage(i, 'pl') });
  }
  const summary: Table = {
    title: 'Problemy w danych według kodu',
    columns: [text('Kod', 28), text('Ważność', 12), int('Liczba', 8), text('Przykład', 60)],
    rows: [...byCode].map(([code, e]) => ({ cells: [code, severityPl(e.severity), e.count, e.example] })),
  };
  const blocks: Block[] = byCode.size === 0
    ? [{ kind: 'paragraphs', lines: ['Walidacja nie wykazała ostrzeżeń ani błędów w danych.'] }]
    : [{ kind: 'table', table: summary }];
  const sections: Section[] = [{ title: 'Jakość danych', sheet: 'Jakość danych', blocks }];
  if (allowErrors && checked.summary.counts.error > 0) {
    const listed = checked.issues.slice(0, 5000);
    sections.push({
      title: 'Lista problemów (walidacja)',
      sheet: 'Jakość danych',
      xlsxOnly: true,
      blocks: [{
        kind: 'table',
        table: {
          title: `Lista problemów${listed.length < checked.issues.length ? ` (pierwsze ${listed.length} z ${checked.issues.length})` : ''}`,
          columns: [text('Plik', 30), text('Arkusz', 16), text('Komórka', 9), text('Ważność', 12), text('Kod', 26), text('Komunikat', 70)],
          rows: listed.map((i) => ({ cells: [i.file, i.sheet ?? '', i.row !== null ? `${i.column ?? ''}${i.row}` : '', severityPl(i.severity), i.code, issueMessage(i, 'pl')] })),
        },
      }],
    });
  }
  return sections;
}

function repeatNote(p: Person): string | null {
  if (!p.repeatedIn?.length) return null;
  return `powtórzony w ${p.repeatedIn.map((r) => (r.file === p.src.file && r.sheet === p.src.sheet ? `wierszu ${r.row}` : `${r.file} › ${r.sheet}, wierszu ${r.row}`)).join(', ')} — powtórzenie pominięte`;
}

function auditSection(def: Project['definition'], values: readonly IndicatorValue[], data: ComputeData, period: Period): Section {
  const rows: Row[] = [];
  const byId = new Map(def.indicators.map((i) => [i.id, i]));
  for (const v of values) {
    const ind = byId.get(v.id) as IndicatorDefinition;
    if (v.counted) {
      const inPeriod = new Set(v.counted.period);
      const numerator = new Set(v.counted.cumulative);
      const pending = new Set(v.counted.pending ?? []);
      const people = v.counted.denominator ? [...new Set([...v.counted.denominator, ...pending])] : v.counted.cumulative;
      for (const i of [...people].sort((a, b) => a - b)) {
        const p = data.people[i];
        if (!p) continue;
        const role = v.counted.denominator ? (pending.has(i) ? 'oczekujący' : numerator.has(i) ? 'licznik i mianownik' : 'mianownik') : 'policzony';
        rows.push({ cells: [v.id, 'osoba', role, v.counted.denominator ? null : inPeriod.has(i) ? 'tak' : 'nie', p.src.file, p.src.sheet, p.src.row, null, null, null, null, null, repeatNote(p)] });
      }
    } else if (v.cumulative !== null && ind.measure !== 'participants' && ind.measure !== 'ratio') {
      for (const s of heldSessions(data, ind.where, { from: data.span.from, to: period.to })) {
        rows.push({ cells: [v.id, 'zajęcia', 'policzone', s.date >= period.from ? 'tak' : 'nie', s.src.file, s.src.sheet, s.src.row, s.src.cell, formatPl(s.date), s.action, s.form, s.title, null] });
      }
    }
  }
  return {
    title: 'Ślad audytowy',
    sheet: 'Ślad audytowy',
    xlsxOnly: true,
    blocks: [{
      kind: 'table',
      table: {
        title: 'Skąd pochodzi każda liczba: wiersze uczestników i zajęcia policzone we wskaźnikach (narastająco)',
        columns: [text('Wskaźnik', 9), text('Rodzaj', 9), text('Rola', 18), text('W okresie', 10), text('Plik', 34), text('Arkusz', 18), int('Wiersz', 8), text('Komórka daty', 10), text('Data zajęć', 11), text('Działanie', 9), text('Forma', 16), text('Zajęcia', 40), text('Uwagi', 30)],
        rows,
        note: 'Uczestnicy wskazani plikiem, arkuszem i numerem wiersza (bez PESEL i nazwisk). Dla miar godzin i obecności liczą się zajęcia z tych samych działań i form. Wiersze z błędami nie są liczone.',
      },
    }],
  };
}

function efficiencyTable(eff: readonly EfficiencyResult[], running: boolean): Table {
  return {
    title: 'Efektywność społeczno-zatrudnieniowa wobec progów',
    columns: [text('Kryterium', 28), pct('Wartość', 10), int('Licznik', 8), int('Mianownik', 10), int('Oczekujący', 10), pct('Próg', 8), text('Ocena', 22)],
    rows: eff.map((e) => ({
      cells: [e.kind === 'spoleczna' ? 'Efektywność społeczna' : 'Efektywność zatrudnieniowa', e.cumulative?.value ?? null, e.cumulative?.numerator.O ?? null, e.cumulative?.denominator.O ?? null, e.cumulative?.pending.O ?? null, e.threshold, thresholdStatus(e.status, running)],
    })),
    note: 'Narastająco do końca okresu; uczestnicy zagrożeni wykluczeniem (bez otoczenia), którzy zakończyli udział.',
  };
}

function outcomesTable(title: string, outcomes: Project['definition']['products'], values: readonly IndicatorValue[]): Table {
  const byId = new Map(values.map((v) => [v.id, v]));
  const rows: Row[] = [];
  for (const o of outcomes) {
    rows.push({ cells: [o.name, null, null, null, null, null], style: 'group' });
    for (const id of o.indicators) {
      const v = byId.get(id);
      if (!v) continue;
      const achieved = v.cumulative === null ? 'brak danych' : isRatio(v.cumulative) ? formatPercent(v.cumulative.value, 'pl') : sumKmo(v.cumulative);
      const target = !v.target || v.target.O === null ? '—' : isRatio(v.cumulative) ? formatPercent(v.target.O, 'pl') : formatNumber(v.target.O, 2, 'pl');
      rows.push({ cells: [id, v.name, v.unit, target, achieved, v.realisation] });
    }
  }
  return { title, columns: [text('ID', 7), text('Wskaźnik', 56), text('Jedn.', 11), text('Cel', 9), text('Osiągnięto', 16), pct('Realizacja', 10)], rows };
}

/** The automatically written summary: what was achieved and what was not. */
/**
 * The automatically written summary: what was achieved and what was not. `runningUntil` is the
 * project's end when the data day is before it: then nothing has failed yet, the summary states
 * progress instead.
 */
export function summaryLines(kind: BuildOptions['kind'], values: readonly IndicatorValue[], eff: readonly EfficiencyResult[], t: StandardTables, months: readonly MonthRow[], runningUntil?: IsoDate): string[] {
  const lines: string[] = [];
  const running = runningUntil !== undefined;
  if (running) lines.push(`Projekt w trakcie realizacji (do ${formatPl(runningUntil)}): wartości docelowe dotyczą całego projektu, liczby pokazują stan osiągnięty do dnia stanu danych.`);
  const started = t.flows.started.cumulative;
  const ended = t.flows.ended.cumulative;
  const otoczenie = t.structure.find((r) => r.group === 'otoczenie' && r.category === 'Tak')?.counts.cumulative.O ?? 0;
  const sessions = months.reduce((s, m) => s + m.sessions, 0);
  const hours = months.reduce((s, m) => s + m.hours, 0);
  const noSex = started.O - (started.K ?? 0) - (started.M ?? 0);
  lines.push(`Liczba osób, które ${kind === 'progress' ? 'do końca okresu ' : ''}rozpoczęły udział w projekcie: ${started.O} (${plural(started.K ?? 0, 'kobieta', 'kobiety', 'kobiet')}, ${plural(started.M ?? 0, 'mężczyzna', 'mężczyzn', 'mężczyzn')}${noSex > 0 ? `, ${noSex} bez danych o płci` : ''}), w tym z otoczenia: ${otoczenie}; zakończyły udział: ${ended.O}. Przeprowadzone zajęcia: ${formatNumber(sessions, 2, 'pl')}, łącznie ${formatNumber(hours, 2, 'pl')} godz.`);
  for (const v of values) {
    if (eff.some((e) => e.indicator === v.id)) continue;
    if (v.realisation === null) continue;
    lines.push(v.realisation >= 1
      ? `Wskaźnik ${v.id} („${v.name}”) osiągnięty w ${formatPercent(v.realisation, 'pl')}.`
      : kind === 'progress'
        ? `Wskaźnik ${v.id} („${v.name}”) zrealizowany narastająco w ${formatPercent(v.realisation, 'pl')} wartości docelowej.`
        : running
          ? `Wskaźnik ${v.id} („${v.name}”): zrealizowano ${formatPercent(v.realisation, 'pl')} wartości docelowej (projekt w trakcie realizacji).`
          : `Wskaźnik ${v.id} („${v.name}”) zrealizowany w ${formatPercent(v.realisation, 'pl')} — wartość docelowa nie została osiągnięta.`);
  }
  for (const e of eff) {
    const name = e.kind === 'spoleczna' ? 'Efektywność społeczna' : 'Efektywność zatrudnieniowa';
    lines.push(`${name}: ${formatPercent(e.cumulative?.value ?? null, 'pl')} wobec progu ${formatPercent(e.threshold, 'pl')} — ${thresholdStatus(e.status, running)}${e.cumulative && e.cumulative.pending.O > 0 ? ` (${e.cumulative.pending.O} os. oczekuje na zamknięcie 3-miesięcznego okna)` : ''}.`);
  }
  return lines;
}

function contextSection(project: Project): Section | undefined {
  const ctx = project.definition.context;
  if (!ctx) return undefined;
  const blocks: Block[] = [];
  if (ctx.diagnosis) blocks.push({ kind: 'paragraphs', lines: paragraphs(ctx.diagnosis) });
  if (ctx.figures?.length) {
    blocks.push({
      kind: 'table',
      table: {
        title: 'Dane wyjściowe (diagnoza w programie)',
        columns: [text('Wskaźnik diagnozy', 56), text('Wartość', 20), text('Rok', 8)],
        rows: ctx.figures.map((f) => ({ cells: [f.label, typeof f.value === 'number' ? `${formatNumber(f.value, 2, 'pl')}${f.unit ? ` ${f.unit}` : ''}` : `${f.value}${f.unit ? ` ${f.unit}` : ''}`, f.year === undefined ? null : String(f.year)] })),
      },
    });
  }
  return { title: 'Diagnoza wyjściowa', sheet: 'Podsumowanie', blocks };
}

function descriptionsSection(kind: BuildOptions['kind'], source: string | undefined): Section {
  const d = parseDescriptions(source);
  const titles = kind === 'final'
    ? ['Problemy napotkane w trakcie realizacji i działania korygujące', 'Wnioski i rekomendacje']
    : ['D.2 Problemy napotkane w trakcie realizacji projektu oraz podjęte środki zaradcze', 'D.3 Planowany przebieg realizacji projektu do czasu złożenia kolejnego wniosku o płatność'];
  return {
    title: kind === 'final' ? 'Problemy, wnioski i rekomendacje' : 'Opis postępu (D.2, D.3)',
    sheet: 'Podsumowanie',
    blocks: [
      { kind: 'heading', text: titles[0] ?? '' },
      { kind: 'paragraphs', lines: d.d2.length ? d.d2 : ['—'] },
      { kind: 'heading', text: titles[1] ?? '' },
      { kind: 'paragraphs', lines: d.d3.length ? d.d3 : ['—'] },
    ],
  };
}

// ---------------------------------------------------------------------------------------

export function buildReport(project: Project, checked: Checked, opts: BuildOptions): ReportModel {
  const def = project.definition;
  const data = buildComputeData(project, checked.dataset, checked.usable, opts.asOf);
  const period = opts.period;
  const values = computeIndicators(def, data, period);
  const eff = efficiency(def, values);
  const tables = standardTables(def, data, period);
  const months = calendarPeriods({ from: def.project.period.from, to: period.to }, 1).map((m) => m.id);
  const monthRows = monthly(data, months);
  // before the project's end nothing has failed yet
  const running = opts.asOf < def.project.period.to;

  const summary: Block[] = [headerFacts(project, opts), { kind: 'paragraphs', lines: [def.project.funding] }];
  const head: Section = { title: opts.kind === 'final' ? REPORT_TITLES.final : REPORT_TITLES.progress, sheet: 'Podsumowanie', blocks: summary };
  const sections: Section[] = [head];
  sections.push({ title: 'Podsumowanie', sheet: 'Podsumowanie', blocks: [{ kind: 'paragraphs', lines: summaryLines(opts.kind, values, eff, tables, monthRows, running ? def.project.period.to : undefined) }] });
  if (opts.kind === 'final') {
    const ctx = contextSection(project);
    if (ctx) sections.push(ctx);
  }
  sections.push(indicatorsSection(values));
  if (opts.kind === 'final' && (def.products.length || def.results.length)) {
    sections.push({
      title: 'Produkty i rezultaty programu',
      sheet: 'Wskaźniki',
      blocks: [
        { kind: 'table', table: outcomesTable('Produkty programu (uchwała, rozdz. XI)', def.products, values) },
        { kind: 'table', table: outcomesTable('Rezultaty programu (uchwała, rozdz. X)', def.results, values) },
      ],
    });
  }
  if (eff.length) sections.push({ title: 'Efektywność społeczno-zatrudnieniowa', sheet: 'Wskaźniki', blocks: [{ kind: 'table', table: efficiencyTable(eff, running) }] });
  sections.push(participantsSection(tables));
  sections.push(scheduleSection(project, data, tables, period, months));
  sections.push(attendanceSection(project, tables));
  sections.push(monthlySection(monthRows, months));
  sections.push(...qualitySection(checked, opts.allowErrors));
  sections.push(descriptionsSection(opts.kind, opts.descriptions));
  sections.push(auditSection(def, values, data, period));

  return {
    kind: opts.kind,
    fileBase: opts.kind === 'final' ? 'raport-koncowy' : `raport-okresowy-${period.id}`,
    title: opts.kind === 'final' ? REPORT_TITLES.final : REPORT_TITLES.progress,
    project: {
      title: def.project.title,
      programme: def.project.programme,
      number: def.project.number,
      beneficiary: def.project.beneficiary,
      funding: def.project.funding,
      ...(def.project.basis ? { basis: def.project.basis } : {}),
    },
    period: { id: period.id, from: period.from, to: period.to },
    asOf: opts.asOf,
    generatedAt: opts.generatedAt,
    notices: notices(project, values, checked, opts),
    sections,
    indicators: values,
  };
}
