/**
 * Finding the header row and binding header cells to fields. Headers match ignoring case,
 * extra spaces, NBSP, line breaks inside the cell and a trailing `:`; a header that matches
 * only without diacritics is accepted with a warning. SL2014 repeats some names (`W tym`),
 * so a spec may say which field must stand right before it.
 */
import { closestOf, stripDiacritics } from '../text.js';
import { cellText, columnLetter, type Cell } from './values.js';

export interface ColumnSpec<F extends string = string> {
  field: F;
  /** Header texts that mean this field (the first is the canonical one, shown in messages). */
  headers: readonly string[];
  /** For repeated names: the field of the column immediately before this one. */
  after?: readonly string[];
}

export interface BoundColumn {
  field: string;
  index: number;
  letter: string;
  /** The header as written in the file. */
  header: string;
}

export interface HeaderNote {
  kind: 'unknown' | 'approximate' | 'duplicate';
  index: number;
  letter: string;
  header: string;
  /** approximate: the canonical header matched; duplicate: the field. */
  canonical?: string;
  /** duplicate: letter of the column kept. */
  keptLetter?: string;
}

export interface HeaderBinding {
  columns: Map<string, BoundColumn>;
  notes: HeaderNote[];
  /** All header texts present (for "closest header" hints). */
  present: string[];
}

export function normalizeHeader(text: string): string {
  return text
    .replace(/[\r\n\t\u00a0\u202f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*[:*]+$/, '')
    .trim()
    .toLocaleLowerCase('pl');
}

interface Index {
  exact: Map<string, ColumnSpec[]>;
  loose: Map<string, ColumnSpec[]>;
}

function push(map: Map<string, ColumnSpec[]>, key: string, spec: ColumnSpec): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(spec)) list.push(spec);
  } else map.set(key, [spec]);
}

function buildIndex(specs: readonly ColumnSpec[], aliases: Record<string, string>): Index {
  const exact = new Map<string, ColumnSpec[]>();
  const loose = new Map<string, ColumnSpec[]>();
  for (const spec of specs) {
    for (const h of spec.headers) {
      push(exact, normalizeHeader(h), spec);
      push(loose, stripDiacritics(normalizeHeader(h)), spec);
    }
  }
  // project aliases: `columns: { "Nr ewid.": "Identyfikator" }`
  for (const [alias, target] of Object.entries(aliases)) {
    for (const spec of exact.get(normalizeHeader(target)) ?? []) push(exact, normalizeHeader(alias), spec);
  }
  return { exact, loose };
}

interface Candidates {
  specs: ColumnSpec[];
  approximate: boolean;
}

const MAX_SEEN = 10_000;

function pickSpec(candidates: ColumnSpec[], previousField: string | undefined): ColumnSpec | undefined {
  if (candidates.length === 1 && !candidates[0]?.after) return candidates[0];
  const positional = candidates.find((s) => s.after && previousField !== undefined && s.after.includes(previousField));
  return positional ?? candidates.find((s) => !s.after);
}

/** Matches header cells against a table's column specs (built once per table kind). */
export class HeaderMatcher {
  private readonly idx: Index;
  /** Header detection asks about the same few texts again and again (dates, names, labels). */
  private readonly seen = new Map<string, Candidates | undefined>();
  constructor(specs: readonly ColumnSpec[], aliases: Record<string, string> = {}) {
    this.idx = buildIndex(specs, aliases);
  }

  private candidates(header: string): Candidates | undefined {
    if (this.seen.has(header)) return this.seen.get(header);
    const found = this.lookup(header);
    if (this.seen.size < MAX_SEEN) this.seen.set(header, found);
    return found;
  }

  private lookup(header: string): Candidates | undefined {
    const norm = normalizeHeader(header);
    if (!norm) return undefined;
    const exact = this.idx.exact.get(norm);
    if (exact) return { specs: exact, approximate: false };
    const loose = this.idx.loose.get(stripDiacritics(norm));
    return loose ? { specs: loose, approximate: true } : undefined;
  }

  /** How many cells of a row are known headers: the header row is the first with enough. */
  count(cells: readonly Cell[]): number {
    let n = 0;
    for (const c of cells) if (this.candidates(cellText(c))) n++;
    return n;
  }

  /** True when this cell's text is one of the given field's headers. */
  is(cell: Cell | undefined, field: string): boolean {
    return this.candidates(cellText(cell ?? null))?.specs.some((s) => s.field === field) ?? false;
  }

  /**
   * Binds a header row. `laterWins` is for the full SL2014 sheet, whose institution block
   * repeats the participant columns' names before the participant block: there the later
   * occurrence is the participant's and the earlier ones are not an error.
   */
  bind(cells: readonly Cell[], laterWins = false): HeaderBinding {
    const columns = new Map<string, BoundColumn>();
    const notes: HeaderNote[] = [];
    const present: string[] = [];
    let previousField: string | undefined;
    cells.forEach((cell, index) => {
      const header = cellText(cell);
      if (!header) {
        previousField = undefined;
        return;
      }
      present.push(header);
      const letter = columnLetter(index);
      const found = this.candidates(header);
      const spec = found ? pickSpec(found.specs, previousField) : undefined;
      if (!spec) {
        notes.push({ kind: 'unknown', index, letter, header });
        previousField = undefined;
        return;
      }
      if (found?.approximate) notes.push({ kind: 'approximate', index, letter, header, canonical: spec.headers[0] });
      const existing = columns.get(spec.field);
      if (existing && !laterWins) {
        notes.push({ kind: 'duplicate', index, letter, header, canonical: spec.field, keptLetter: existing.letter });
      } else {
        columns.set(spec.field, { field: spec.field, index, letter, header });
      }
      previousField = spec.field;
    });
    return { columns, notes, present };
  }
}

/** The header in the file closest to a missing column's name, for the hint. */
export function closestHeader(wanted: string, present: readonly string[]): string | undefined {
  return closestOf(wanted, present);
}
