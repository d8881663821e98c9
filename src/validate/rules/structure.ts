/**
 * File and structure rules (SPEC §5, first group): what ingest found wrong with a file, a sheet
 * or a header row as a whole, before any row is judged, as issues.
 */
import type { FileReason, InputFileError } from '../../errors.js';
import { closestHeader, LimitError, columnLetter, type Finding, type RequiredColumn, type HeaderBinding, type TableRef } from '../../ingest/index.js';
import { quantity } from '../../i18n/index.js';
import type { IssueSink } from '../issue.js';

/** Unknown, approximate (diacritics) and repeated headers of a bound header row. */
function headerNotes(ref: TableRef, binding: HeaderBinding, sink: IssueSink): void {
  for (const n of binding.notes) {
    const at = { file: ref.file, sheet: ref.sheet, row: ref.headerRow, column: n.letter, header: n.header };
    if (n.kind === 'unknown') {
      sink.add('unknown-column', at, n.header, { variant: /^w tym:?$/i.test(n.header.trim()) ? 'wtym' : undefined });
    } else if (n.kind === 'approximate') {
      sink.add('header-approximate', at, n.header, { canonical: n.canonical ?? '' });
    } else {
      sink.add('duplicate-column', at, n.header, { kept: n.keptLetter ?? '' });
    }
  }
}

/** Required columns absent from the header row, each with the closest header that is there. */
function missingColumns(ref: TableRef, binding: HeaderBinding, required: readonly RequiredColumn[], sink: IssueSink): void {
  for (const r of required) {
    if (binding.columns.has(r.field)) continue;
    const closest = closestHeader(r.header, binding.present);
    sink.add('missing-column', { file: ref.file, sheet: ref.sheet, row: ref.headerRow, header: r.header }, null,
      closest ? { variant: 'closest', column: r.header, closest } : { column: r.header });
  }
}

/** Reasons that already say how to fix the file (save it as XLSX or ODS): no hint about the path. */
const SELF_EXPLAINED: ReadonlySet<FileReason> = new Set(['zip-broken', 'xlsx-broken', 'ods-broken', 'xls', 'encrypted', 'numbers', 'unknown-format', 'pdf', 'binary',
  'participants-not-found', 'participants-not-found-csv', 'participants-not-in-sheet', 'participants-elsewhere', 'participants-hidden', 'participants-sheet-missing']);

function unreadableVariant(e: InputFileError): 'limit' | 'selfExplained' | undefined {
  if (e instanceof LimitError) return 'limit';
  return SELF_EXPLAINED.has(e.reason) ? 'selfExplained' : undefined;
}

/** One finding of ingest as issues. */
function structureIssue(f: Finding, sink: IssueSink): void {
  switch (f.kind) {
    case 'unreadable':
      // missing, corrupt, wrong format, or empty: the file cannot be read at all
      if (f.error.empty) sink.add('file-empty', { file: f.error.file }, null, { reason: f.error.text, reasonCode: f.error.reason });
      else sink.add('file-unreadable', { file: f.error.file }, null, { reason: f.error.text, reasonCode: f.error.reason, variant: unreadableVariant(f.error) });
      return;
    case 'no-file-matches':
      // an error is read by the CLI as a file that cannot be read: exit 2, one line naming the pattern
      sink.add('no-file-matches', { file: f.pattern }, null, { reason: { key: 'reason.no-file-matches' } });
      return;
    case 'file-not-matched':
      sink.add('file-not-matched', { file: f.file }, null, { variant: f.role });
      return;
    case 'file-skipped':
      sink.add('file-skipped', { file: f.file }, null, { workbook: f.workbook ?? '', variant: f.reason });
      return;
    case 'formula-without-value': {
      const at = { file: f.ref.file, sheet: f.ref.sheet, row: f.row, column: columnLetter(f.column), header: f.header ?? null };
      if (f.row === f.ref.headerRow) sink.add('formula-without-value', at, null, { variant: 'header' });
      // a script writes every row the same way: one cause per column of a sheet, one line
      else sink.addGrouped(`${f.ref.file}\u0001formula\u0001${f.ref.sheet}\u0001${f.column}`, 'formula-without-value', at);
      return;
    }
    case 'numbers-row':
      sink.add('numbers-row', { file: f.ref.file, sheet: f.ref.sheet, row: f.row }, null, { variant: f.repeat === 'header' ? 'header' : undefined });
      return;
    case 'hidden-sheet':
    case 'sheet-not-read':
      sink.add(f.kind, { file: f.file, sheet: f.sheet }, f.sheet, { rows: quantity(f.rows, 'row') });
      return;
    case 'encoding-guessed':
      sink.add('encoding-guessed', { file: f.file }, null, { encoding: f.encoding });
      return;
    case 'sheet-missing':
      sink.add('sheet-missing', { file: f.file, sheet: f.sheet }, f.sheet, { sheets: f.available.join(', ') });
      return;
    case 'header-not-found':
      sink.add('header-not-found', { file: f.file, sheet: f.sheet }, null, { variant: f.table });
      return;
    case 'header-notes':
      headerNotes(f.ref, f.binding, sink);
      return;
    case 'missing-columns':
      missingColumns(f.ref, f.binding, f.required, sink);
      return;
    case 'grid-label-missing':
      sink.add('missing-column', { file: f.ref.file, sheet: f.ref.sheet, row: null, header: f.label }, null, { column: f.label, variant: 'gridLabel' });
      return;
    case 'no-data':
      sink.add('no-data', { file: f.file, sheet: f.sheet });
      return;
    case 'extra-cells':
      // in a CSV the usual cause is the delimiter inside an unquoted value, which shifts every later cell
      sink.add('extra-cells', { file: f.ref.file, sheet: f.ref.sheet, row: f.row }, null, {
        column: columnLetter(f.firstExtra), last: columnLetter(f.lastHeader), delimiter: f.delimiter === '\t' ? 'tab' : (f.delimiter ?? ''), variant: f.delimiter ? 'csv' : undefined,
      });
  }
}

export function structureIssues(findings: readonly Finding[], sink: IssueSink): void {
  for (const f of findings) structureIssue(f, sink);
}
