/**
 * What goes into a report, decided once: sections of paragraphs, tables and charts with every
 * number already computed. The XLSX and PDF renderers (and the JSON dump) only lay it out, so
 * the formats can never disagree.
 */
import type { IsoDate } from '../dates.js';
import type { IndicatorJson } from '../indicators/index.js';

export type Value = string | number | null;

/**
 * How a column's values print. `number`: counts, hours and other measures, with the decimals a
 * value has (up to two: `2 035,5`, `2 036`); `difference`: the same with its sign (`+2`, `−0,5`);
 * `points`: a difference of shares in percentage points (`+2,5 p.p.`, the value is in points).
 */
export type ColumnKind = 'text' | 'number' | 'percent' | 'difference' | 'points';

export type Formula = { sum: string[] } | { ratio: [string, string] };

export interface Column {
  header: string;
  /** A heading over several adjacent columns (`W okresie` over K, M, b.d., O). */
  group?: string;
  kind: ColumnKind;
  /** Relative width (PDF) and character width (XLSX). */
  width: number;
  /** The name other columns' formulas use for this one (unique within its table). */
  key?: string;
  /**
   * The XLSX writes this column as a formula over other columns of the same row (by key), with
   * the value as its cached result: `sum` adds them, `ratio` divides the first by the second.
   */
  formula?: Formula;
}

export interface Row {
  cells: Value[];
  /** Kinds of single cells that differ from their column's (a share among counts), by position. */
  kinds?: (ColumnKind | undefined)[];
  style?: 'group' | 'total';
}

/**
 * Rows made again each time they are read: a listing as long as the data (the audit trail of
 * 200,000 sessions) is streamed into the XLSX without ever being held whole. The JSON dump
 * reads it as an array.
 */
export class RowStream implements Iterable<Row> {
  constructor(private readonly make: () => Iterable<Row>) {}

  [Symbol.iterator](): Iterator<Row> {
    return this.make()[Symbol.iterator]();
  }

  toJSON(): Row[] {
    return [...this];
  }
}

export interface Table {
  title?: string;
  columns: Column[];
  rows: Row[] | RowStream;
  note?: string;
}

export interface BarsChart {
  kind: 'bars';
  title: string;
  /** Realisation per indicator: 1 = 100% (drawn as a line). */
  items: { label: string; value: number | null }[];
}

export interface MonthlyChart {
  kind: 'monthly';
  title: string;
  months: string[];
  bars: { label: string; values: number[] };
  line: { label: string; values: number[] };
}

export interface GanttChart {
  kind: 'gantt';
  title: string;
  months: string[];
  rows: { label: string; name: string; planned: boolean[]; active: boolean[] }[];
  /** Said under the legend (the months after the data day show only the plan). */
  note?: string;
}

export type Chart = BarsChart | MonthlyChart | GanttChart;

/** A piece of text with its emphasis. */
export interface TextRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

/** A paragraph of the coordinator's text, or a list item (`•` or its number as written) on a line of its own. */
export interface RichParagraph {
  runs: TextRun[];
  item?: string;
  /** Nesting of a list item (0 = top level). */
  depth?: number;
}

export type Block =
  | { kind: 'paragraphs'; lines: string[] }
  | { kind: 'rich'; paragraphs: RichParagraph[] }
  | { kind: 'facts'; items: [string, string][] }
  | { kind: 'banner'; level: 'warning' | 'error'; lines: string[] }
  | { kind: 'table'; table: Table }
  | { kind: 'chart'; chart: Chart }
  | { kind: 'heading'; text: string };

export type SheetName = 'Podsumowanie' | 'Wskaźniki' | 'Korekty' | 'Uczestnicy' | 'Harmonogram' | 'Frekwencja' | 'Miesięcznie' | 'Jakość danych' | 'Ślad audytowy';

export const SHEETS: readonly SheetName[] = ['Podsumowanie', 'Wskaźniki', 'Korekty', 'Uczestnicy', 'Harmonogram', 'Frekwencja', 'Miesięcznie', 'Jakość danych', 'Ślad audytowy'];

/** Sheets written only when a section is on them (`Korekty`: only when there are corrections). */
export const OPTIONAL_SHEETS: ReadonlySet<SheetName> = new Set(['Korekty']);

export interface Section {
  title: string;
  sheet: SheetName;
  blocks: Block[];
  /** Only in the XLSX (long listings such as the audit trail). */
  xlsxOnly?: boolean;
}

export interface ReportModel {
  kind: 'progress' | 'final';
  /** `raport-okresowy-2021-Q3` or `raport-koncowy`. */
  fileBase: string;
  title: string;
  project: { title: string; programme: string; number: string; beneficiary: string; funding: string; basis?: string };
  period: { id: string; from: IsoDate; to: IsoDate };
  asOf: IsoDate;
  /** ISO date-time of generation (pinned by SOURCE_DATE_EPOCH or --generated-at). */
  generatedAt: string;
  /** Placeholder notices and the "dane zawierają błędy" banner: the first page says them. */
  notices: { level: 'warning' | 'error'; text: string }[];
  sections: Section[];
  /** The indicator values exactly as `indicators --format json` prints them (SPEC §4.4). */
  indicators: IndicatorJson[];
}
