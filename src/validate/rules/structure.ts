/**
 * File and structure rules (SPEC §5, first group): what is wrong with a file or a sheet as a
 * whole, before any row is judged.
 */
import type { InputFileError } from '../../errors.js';
import { LimitError } from '../../ingest/limits.js';
import { closestHeader, type HeaderBinding } from '../../ingest/headers.js';
import type { TableRef } from '../../ingest/table.js';
import { columnLetter } from '../../ingest/values.js';
import type { IssueSink } from '../issue.js';

/** A file that cannot be read at all: missing, corrupt, wrong format, or empty. */
export function fileUnreadable(err: InputFileError, sink: IssueSink): void {
  sink.add(err.empty ? 'file-empty' : 'file-unreadable', { file: err.file }, null, { reason: err.message, hint: err instanceof LimitError ? 'limit' : undefined });
}

/** A CSV without BOM that is not valid UTF-8 was read as Windows-1250: say so, once. */
export function encodingGuessed(file: string, wb: { kind: string; encoding?: string | undefined; encodingGuessed?: boolean | undefined }, sink: IssueSink): void {
  if (wb.kind === 'csv' && wb.encodingGuessed) sink.add('encoding-guessed', { file }, null, { encoding: wb.encoding ?? '' });
}

export function sheetMissing(file: string, wanted: string, available: readonly string[], sink: IssueSink): void {
  sink.add('sheet-missing', { file, sheet: wanted }, wanted, { sheets: available.join(', ') });
}

export function headerNotFound(file: string, sheet: string, kind: 'participants' | 'attendance', sink: IssueSink): void {
  sink.add('header-not-found', { file, sheet }, null, { hint: kind });
}

/** Unknown, approximate (diacritics) and repeated headers of a bound header row. */
export function headerNotes(ref: TableRef, binding: HeaderBinding, sink: IssueSink): void {
  for (const n of binding.notes) {
    const at = { file: ref.file, sheet: ref.sheet, row: ref.headerRow, column: n.letter, header: n.header };
    if (n.kind === 'unknown') {
      sink.add('unknown-column', at, n.header, { hint: /^w tym:?$/i.test(n.header.trim()) ? 'wtym' : 'none' });
    } else if (n.kind === 'approximate') {
      sink.add('header-approximate', at, n.header, { canonical: n.canonical ?? '' });
    } else {
      sink.add('duplicate-column', at, n.header, { kept: n.keptLetter ?? '' });
    }
  }
}

/** Required columns absent from the header row, each with the closest header that is there. */
export function missingColumns(ref: TableRef, binding: HeaderBinding, required: readonly { field: string; header: string }[], sink: IssueSink): void {
  for (const r of required) {
    if (binding.columns.has(r.field)) continue;
    const closest = closestHeader(r.header, binding.present);
    sink.add('missing-column', { file: ref.file, sheet: ref.sheet, row: ref.headerRow, header: r.header }, null,
      { column: r.header, closest: closest ?? '', hint: closest ? undefined : 'none' });
  }
}

/** A grid sheet without its `Kod działania:` label above the list. */
export function gridLabelMissing(ref: TableRef, label: string, sink: IssueSink): void {
  sink.add('missing-column', { file: ref.file, sheet: ref.sheet, row: null, header: label }, null, { column: label, hint: 'gridLabel' });
}

/**
 * A data row with values beyond the header's last column: one issue for the row. In a CSV the
 * usual cause is the delimiter inside an unquoted value, which shifts every later cell.
 */
export function extraCells(ref: TableRef, row: number, firstExtra: number, lastHeader: number, delimiter: string | undefined, sink: IssueSink): void {
  sink.add('extra-cells', { file: ref.file, sheet: ref.sheet, row }, null, {
    column: columnLetter(firstExtra), last: columnLetter(lastHeader), delimiter: delimiter === '\t' ? 'tab' : (delimiter ?? ''), hint: delimiter ? 'csv' : undefined,
  });
}

/** A table with a header and no data rows: nothing wrong, but worth saying. */
export function noData(file: string, sheet: string, sink: IssueSink): void {
  sink.add('no-data', { file, sheet });
}
