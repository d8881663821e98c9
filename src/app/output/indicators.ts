/**
 * `indicators` output (the JSON of SPEC §4.4 is in indicators/json.ts): an aligned table with Polish number formatting,
 * and a flat `;` CSV (UTF-8 with BOM, decimal comma) that Polish Excel opens as numbers.
 */
import { formatPl } from '../../dates.js';
import type { EfficiencyResult, IndicatorsReport, IndicatorValue, KMOTarget, RatioCell } from '../../indicators/index.js';
import { formatNumber, formatPercent, t, type Lang, type MessageKey } from '../../i18n/index.js';

function num(n: number | null | undefined, lang: Lang): string {
  return n === null || n === undefined ? '—' : formatNumber(n, 2, lang);
}

function kmoText(c: KMOTarget, lang: Lang): string {
  return `${num(c.K, lang)} / ${num(c.M, lang)} / ${num(c.O, lang)}`;
}

function ratioText(c: RatioCell, lang: Lang): string {
  const pending = c.pending.O > 0 ? t('ind.pendingShort', { n: c.pending.O }, lang) : '';
  return `${formatPercent(c.value, lang)} (${c.numerator.O}/${c.denominator.O}${pending})`;
}

/** The period or cumulative value as the table shows it: K / M / O, O, or a share with its parts. */
function sideText(v: IndicatorValue, side: 'period' | 'cumulative', lang: Lang): string {
  switch (v.kind) {
    case 'persons': {
      const c = v[side];
      return c === null ? t('ind.noData', {}, lang) : kmoText(c, lang);
    }
    case 'total': {
      const c = v[side];
      return c === null ? t('ind.noData', {}, lang) : num(c.O, lang);
    }
    case 'ratio': {
      const c = v[side];
      return c === null ? t('ind.noData', {}, lang) : ratioText(c, lang);
    }
  }
}

function targetText(v: IndicatorValue, lang: Lang): string {
  if (!v.target) return '—';
  const text = v.kind === 'ratio' ? formatPercent(v.target.O, lang) : v.kind === 'persons' ? kmoText(v.target, lang) : num(v.target.O, lang);
  return v.exampleTarget ? `${text}*` : text;
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

function pad(s: string, n: number, right = false): string {
  const len = [...s].length;
  return right ? ' '.repeat(Math.max(0, n - len)) + s : s + ' '.repeat(Math.max(0, n - len));
}

/** Each indicator's cells as the table shows them (the offline page shows the same). */
export function indicatorCells(r: IndicatorsReport, lang: Lang): { id: string; name: string; unit: string; target: string; period: string; cumulative: string; realisation: string }[] {
  return r.indicators.map((v) => ({
    id: v.id, name: v.name, unit: v.unit, target: targetText(v, lang), period: sideText(v, 'period', lang), cumulative: sideText(v, 'cumulative', lang), realisation: formatPercent(v.realisation, lang),
  }));
}

/** The table; `running`: the data day is before the project's end, so a value below a threshold has not failed yet. */
export function renderIndicatorsTable(r: IndicatorsReport, eff: readonly EfficiencyResult[], running: boolean, lang: Lang): string {
  const head = (['id', 'name', 'unit', 'target', 'period', 'cumulative', 'realisation'] as const).map((k) => t(`ind.col.${k}`, {}, lang));
  const rows = indicatorCells(r, lang).map((c) => [c.id, truncate(c.name, 52), c.unit, c.target, c.period, c.cumulative, c.realisation]);
  const widths = head.map((h, i) => Math.max([...h].length, ...rows.map((row) => [...(row[i] ?? '')].length)));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i] ?? 0, i >= 3)).join('  ').trimEnd();
  const out = [
    t('ind.header', { number: r.project, period: r.period.id, from: formatPl(r.period.from), to: formatPl(r.period.to), asOf: formatPl(r.asOf) }, lang),
    '',
    line(head),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...rows.map(line),
  ];
  if (r.indicators.some((v) => v.exampleTarget)) out.push('', t('ind.exampleTargets', {}, lang));
  if (r.indicators.some((v) => v.period === null)) out.push(t('ind.noDataNote', {}, lang));
  for (const e of eff) {
    out.push(t('ind.efficiency', {
      name: t(`ind.eff.${e.kind}` as MessageKey, {}, lang),
      value: formatPercent(e.cumulative?.value ?? null, lang),
      threshold: formatPercent(e.threshold, lang),
      status: t(e.status === 'not-met' && running ? 'ind.status.below' : (`ind.status.${e.status}` as MessageKey), {}, lang),
      pending: e.cumulative && e.cumulative.pending.O > 0 ? t('ind.pendingLong', { n: e.cumulative.pending.O }, lang) : '',
    }, lang));
  }
  return `${out.join('\n')}\n`;
}

/**
 * A text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a
 * leading apostrophe, so it stays text (CSV injection).
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** CSV fields: numbers with a decimal comma, text neutralised and quoted when it must be. */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v).replace('.', ',');
  const safe = neutralise(v);
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const CSV_COLUMNS = [
  'ID', 'Wskaźnik', 'Typ', 'Jednostka', 'Cel K', 'Cel M', 'Cel O', 'Cel przykładowy',
  'Okres K', 'Okres M', 'Okres O', 'Narastająco K', 'Narastająco M', 'Narastająco O', 'Realizacja',
  'Okres licznik', 'Okres mianownik', 'Okres oczekujący', 'Narastająco licznik', 'Narastająco mianownik', 'Narastająco oczekujący',
  'Okres od', 'Okres do', 'Stan danych na',
];

type Columns = (number | null | undefined)[];

/** K, M, O (the value for a ratio) and then numerator, denominator, pending O of one side: empty where they do not apply. */
function sideColumns(v: IndicatorValue, side: 'period' | 'cumulative'): { counts: Columns; ratio: Columns } {
  const none = [null, null, null];
  switch (v.kind) {
    case 'persons': {
      const c = v[side];
      return { counts: c ? [c.K, c.M, c.O] : none, ratio: none };
    }
    case 'total': {
      const c = v[side];
      return { counts: c ? [undefined, undefined, c.O] : none, ratio: none };
    }
    case 'ratio': {
      const c = v[side];
      return c ? { counts: [null, null, c.value], ratio: [c.numerator.O, c.denominator.O, c.pending.O] } : { counts: none, ratio: none };
    }
  }
}

/**
 * The table flat: one row per indicator, fractions unrounded (format them as % in Excel);
 * `Cel przykładowy` = tak marks a target still the template's example.
 */
export function indicatorsCsv(r: IndicatorsReport): string {
  const lines = [CSV_COLUMNS.map(csvField).join(';')];
  for (const v of r.indicators) {
    // K and M where the target has them (a count in persons, or a ratio in persons)
    const target: { K?: number | null; M?: number | null; O: number | null } | null = v.target;
    const period = sideColumns(v, 'period');
    const cumulative = sideColumns(v, 'cumulative');
    lines.push([
      v.id, v.name, v.type, v.unit, target?.K, target?.M, target?.O ?? null, v.exampleTarget ? 'tak' : null,
      ...period.counts, ...cumulative.counts, v.realisation,
      ...period.ratio, ...cumulative.ratio,
      formatPl(r.period.from), formatPl(r.period.to), formatPl(r.asOf),
    ].map(csvField).join(';'));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
