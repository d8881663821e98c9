/**
 * The participant sheet (SPEC §3.2), read by the field table of `project/fields.ts`: both the
 * 2015–2017 layout (three household columns) and the 2018+ one, plus the project columns.
 * Parsing here only converts: an unreadable value becomes `null` (empty stays `undefined`)
 * and the validation rules say what is wrong with it.
 */
import { fullYears, type IsoDate } from '../dates.js';
import { Lookup, FIELD_NAMES, fieldSpec, fieldsOfKind, type Dictionaries, type ListName, type FieldKind, type KindValues, type ParticipantField, type ParticipantValues, type Tri } from '../project/index.js';
import { isPeselShape, looksRounded, peselBirthDate, peselChecksumOk, peselSex } from '../pesel.js';
import type { ColumnSpec } from './headers.js';
import { cellOf, type TableRef } from './table.js';
import { detach } from '../text.js';
import { cellText, parseBoolCell, parseDateCell, parseNumberCell, type Cell } from './values.js';

export type { ParticipantField, Tri } from '../project/index.js';

/** Columns of the participant sheet, in SL2014 order, for header matching. */
export const PARTICIPANT_COLUMNS: readonly ColumnSpec[] = FIELD_NAMES.map((field) => {
  const spec = fieldSpec(field);
  return spec.after ? { field, headers: spec.headers, after: spec.after } : { field, headers: spec.headers };
});

/** Columns that must be present (SPEC §3.2); PESEL may be replaced by `Brak PESEL`. */
export const REQUIRED_PARTICIPANT_COLUMNS: readonly ParticipantField[] = FIELD_NAMES.filter((f) => fieldSpec(f).required === true);

/** Date columns of the participant sheet. */
export const DATE_FIELDS = fieldsOfKind('date');
export type DateField = (typeof DATE_FIELDS)[number];

export interface Participant extends ParticipantValues {
  ref: TableRef;
  row: number;
  /** The row has values beyond the header (`extra-cells`): its cells are not trusted, the row counts nowhere. */
  overflow?: boolean;
  /** Trimmed text of every non-empty cell, by field. */
  text: Partial<Record<ParticipantField, string>>;
  /** Workbook dates read from a number or a text cell rather than a date cell: messages say so. */
  dateCells?: Partial<Record<DateField, 'number' | 'text'>>;
  /** Key used by attendance files: `Identyfikator`, else PESEL. */
  key: string;
  /** The PESEL was a number cell shorter than 11 digits and was left-padded. */
  peselPadded: boolean;
  /** The PESEL is a number Excel rounded (`8,80312E+10`): its digits are lost. */
  peselRounded?: boolean;
  peselOk: boolean;
  birthDate?: IsoDate;
  /** Sex taken from the PESEL because the sheet has no `Płeć` column. */
  sexFromPesel: boolean;
  /** Full years at the start date: from the PESEL, else the `Wiek` column. */
  ageAtStart?: number;
}

/** The dictionary lookups participants are read and checked against, built once per run. */
export class ParticipantLookups {
  private readonly byList = new Map<ListName, Lookup>();
  readonly statusDetail: Map<string, Lookup>;
  readonly allStatusDetails: Lookup;
  /** Homelessness refused: accepted, with a warning, unless the project's list allows it. */
  readonly homelessRefusalIsWarning: boolean;
  private area: Lookup | undefined;
  constructor(readonly dict: Dictionaries) {
    this.statusDetail = new Map(Object.entries(dict.status_detail).map(([s, l]) => [s, new Lookup(l)]));
    this.allStatusDetails = new Lookup([...new Set(Object.values(dict.status_detail).flat())]);
    this.homelessRefusalIsWarning = !dict.bezdomnosc.some((v) => v.toLocaleLowerCase('pl').startsWith('odmowa'));
  }

  /** The lookup a field is read with: its dictionary (a Tak/Nie/Odmowa field also takes the three words). */
  of(field: ParticipantField): Lookup {
    const spec = fieldSpec(field);
    const list = spec.dictionary ?? 'tak_nie';
    let lookup = this.byList.get(list);
    if (!lookup) {
      const values = spec.kind === 'tri' ? [...new Set([...this.dict[list], ...this.dict.tak_nie_odmowa])] : this.dict[list];
      lookup = new Lookup(values);
      this.byList.set(list, lookup);
    }
    return lookup;
  }

  /** The project area's gmina as a one-value lookup (same matching as dictionaries). */
  areaGmina(gmina: string): Lookup {
    if (this.area?.values[0] !== gmina) this.area = new Lookup([gmina]);
    return this.area;
  }
}

/**
 * PESEL as typed: text, or a number cell that lost its leading zero (born 2000–2009 in some
 * months). CSV has no cell types, so digit-only text shorter than 11 is treated the same way.
 */
function peselValue(cell: Cell | undefined, csv: boolean): { pesel?: string; padded: boolean } {
  if (cell === undefined || cell === null) return { padded: false };
  const raw = cellText(cell).replace(/[\s-]/g, '');
  if (raw === '') return { padded: false };
  const fromNumber = typeof cell === 'number' || csv;
  if (/^\d{9,10}$/.test(raw) && fromNumber) return { pesel: raw.padStart(11, '0'), padded: true };
  return { pesel: raw, padded: false };
}

interface ReadContext {
  lookups: ParticipantLookups;
  date1904: boolean;
  /** The status already read (the `W tym` detail is looked up among its details). */
  status: string | null | undefined;
}

/** How each kind of field is read from its cell (and its trimmed text). */
function readField<K extends FieldKind>(field: ParticipantField, kind: K, cell: Cell | undefined, text: string | undefined, ctx: ReadContext): KindValues[K] | null | undefined {
  const read = (): unknown => {
    switch (kind) {
      case 'text':
        return text;
      case 'bool':
        return parseBoolCell(cell ?? null);
      case 'date':
        return parseDateCell(cell, ctx.date1904);
      case 'number':
        return parseNumberCell(cell);
      case 'integer': {
        const n = parseNumberCell(cell);
        return n === undefined || n === null ? n : Number.isInteger(n) && n >= 0 ? n : null;
      }
      case 'list':
        return (text ?? '').split(';').map((s) => s.trim()).filter(Boolean);
      default:
        break;
    }
    if (text === undefined) return undefined;
    switch (kind) {
      case 'dictionary':
        return ctx.lookups.of(field).canonical(text) ?? null;
      case 'tri': {
        const v = ctx.lookups.of(field).canonical(text);
        if (v === undefined) return null;
        const k = v.toLocaleLowerCase('pl');
        return k === 'tak' ? 'Tak' : k === 'nie' ? 'Nie' : 'Odmowa';
      }
      case 'sex': {
        const k = text.trim().toLocaleLowerCase('pl');
        if (k === 'k' || k === 'm') return k.toUpperCase();
        const v = ctx.lookups.of(field).canonical(text);
        return v ? (v.toLocaleLowerCase('pl').startsWith('k') ? 'K' : 'M') : null;
      }
      case 'degurba': {
        const m = /^\s*([0-9])\b/.exec(text);
        return ctx.lookups.of(field).canonical(m?.[1] ?? text) ?? null;
      }
      case 'statusDetail': {
        const lookup = ctx.status ? ctx.lookups.statusDetail.get(ctx.status) : undefined;
        return lookup?.canonical(text) ?? ctx.lookups.allStatusDetails.canonical(text) ?? null;
      }
      default:
        return undefined;
    }
  };
  return read() as KindValues[K] | null | undefined;
}

/** Fields read by the generic readers; PESEL and sex need the row as a whole. */
const READ_ORDER = FIELD_NAMES.filter((f) => {
  const kind = fieldSpec(f).kind;
  return kind !== 'ignored' && kind !== 'pesel' && kind !== 'sex';
});

export function parseParticipant(ref: TableRef, row: number, cells: readonly Cell[], lk: ParticipantLookups, date1904: boolean, csv: boolean): Participant {
  const text: Partial<Record<ParticipantField, string>> = {};
  for (const [field, col] of ref.columns) {
    const v = cellText(cells[col.index] ?? null);
    if (v !== '') text[field as ParticipantField] = detach(v);
  }
  const cell = (f: ParticipantField) => cellOf(ref, cells, f);

  const { pesel, padded } = peselValue(cell('pesel'), csv);
  const peselOk = pesel !== undefined && isPeselShape(pesel) && peselChecksumOk(pesel) && peselBirthDate(pesel) !== null;
  const birthDate = peselOk && pesel ? (peselBirthDate(pesel) ?? undefined) : undefined;
  const sexColumn = ref.columns.has('sex');
  const ctx: ReadContext = { lookups: lk, date1904, status: undefined };
  const sex = sexColumn ? readField('sex', 'sex', cell('sex'), text.sex, ctx) : peselOk && pesel ? peselSex(pesel) : undefined;

  const p: Participant = {
    ref,
    row,
    text,
    key: text.id ?? pesel ?? '',
    peselPadded: padded,
    peselRounded: pesel !== undefined && !peselOk && looksRounded(pesel),
    peselOk,
    sexFromPesel: !sexColumn && sex !== undefined,
  };
  const values = p as unknown as Record<string, unknown>;
  if (pesel !== undefined) p.pesel = pesel;
  if (birthDate !== undefined) p.birthDate = birthDate;
  if (sex !== undefined) p.sex = sex;
  for (const field of READ_ORDER) {
    if (!ref.columns.has(field) && fieldSpec(field).kind !== 'list') continue;
    const v = readField(field, fieldSpec(field).kind, cell(field), text[field], ctx);
    // only defined values are kept, so "column absent" stays distinguishable from "empty"
    if (v !== undefined) values[field] = v;
    if (field === 'status') ctx.status = v as string | null | undefined;
  }
  if (!csv) {
    // a number (serial) or a text that reads as a date is not a date cell in the spreadsheet
    for (const field of DATE_FIELDS) {
      const c = cell(field);
      if (typeof p[field] === 'string' && (typeof c === 'number' || typeof c === 'string')) (p.dateCells ??= {})[field] = typeof c === 'number' ? 'number' : 'text';
    }
  }
  if (birthDate && p.start) p.ageAtStart = fullYears(birthDate, p.start);
  else if (typeof p.age === 'number') p.ageAtStart = p.age;
  return p;
}

