/** Data quality: problems by code, and with --allow-errors the list of problems itself. */
import { issueMessage, type Severity } from '../../validate/index.js';
import { num, text } from '../columns.js';
import type { Block, Section, Table } from '../model.js';
import { HEADERS, LANG, SECTION_TITLES, TABLE_WORDS, severity } from '../wording.js';
import type { ReportInput } from './input.js';

/** The XLSX lists at most this many problems; `validate` lists them all. */
export const MAX_LISTED_ISSUES = 5000;

function byCodeTable({ checked, options }: ReportInput): Table | undefined {
  const byCode = new Map<string, { severity: Severity; count: number; example: string }>();
  for (const i of checked.issues) {
    if (i.severity === 'error' && !options.allowErrors) continue;
    const e = byCode.get(i.code);
    if (e) e.count++;
    else byCode.set(i.code, { severity: i.severity, count: 1, example: issueMessage(i, LANG) });
  }
  if (byCode.size === 0) return undefined;
  return {
    title: TABLE_WORDS.qualityByCode,
    columns: [text(HEADERS.code, 28), text(HEADERS.severity, 12), num(HEADERS.count, 8), text(HEADERS.example, 60)],
    rows: [...byCode].map(([code, e]) => ({ cells: [code, severity(e.severity), e.count, e.example] })),
  };
}

function issueList({ checked }: ReportInput): Section {
  const listed = checked.issues.slice(0, MAX_LISTED_ISSUES);
  return {
    title: SECTION_TITLES.issues,
    sheet: 'Jakość danych',
    xlsxOnly: true,
    blocks: [{
      kind: 'table',
      table: {
        title: TABLE_WORDS.issueList(listed.length, checked.issues.length),
        columns: [text(HEADERS.file, 30), text(HEADERS.sheet, 16), text(HEADERS.cell, 9), text(HEADERS.severity, 12), text(HEADERS.code, 26), text(HEADERS.message, 70)],
        rows: listed.map((i) => ({ cells: [i.file, i.sheet ?? '', i.row !== null ? `${i.column ?? ''}${i.row}` : '', severity(i.severity), i.code, issueMessage(i, LANG)] })),
      },
    }],
  };
}

export function qualitySections(input: ReportInput): Section[] {
  const table = byCodeTable(input);
  const blocks: Block[] = table ? [{ kind: 'table', table }] : [{ kind: 'paragraphs', lines: [TABLE_WORDS.qualityClean] }];
  const sections: Section[] = [{ title: SECTION_TITLES.quality, sheet: 'Jakość danych', blocks }];
  if (input.options.allowErrors && input.checked.summary.counts.error > 0) sections.push(issueList(input));
  return sections;
}
