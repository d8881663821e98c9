/**
 * The participant sheet (SPEC §3.2): SL2014 individual-participant columns, both the
 * 2015–2017 layout (three household columns) and the 2018+ one, plus the project columns.
 * Parsing here only converts: an unreadable value becomes `null` (empty stays `undefined`)
 * and the validation rules say what is wrong with it.
 */
import { fullYears, type IsoDate } from '../dates.js';
import { Lookup, type Dictionaries } from '../project/dictionaries.js';
import { isPeselShape, peselBirthDate, peselChecksumOk, peselSex } from '../pesel.js';
import type { ColumnSpec } from './headers.js';
import { cellOf, type TableRef } from './table.js';
import { cellText, parseBoolCell, parseDateCell, parseNumberCell, type Cell } from './values.js';

const STATUS = 'Status osoby na rynku pracy w chwili przystąpienia do projektu';

/** Columns of the participant sheet, in SL2014 order. */
export const PARTICIPANT_COLUMNS = [
  { field: 'lp', headers: ['Lp.', 'Lp', 'L.p.', 'Nr'] },
  // block A (project) and B (institutional participant) of the full SL2014 sheet: known, unused
  { field: 'projectNumber', headers: ['Numer umowy/ decyzji /aneksu', 'Numer umowy/decyzji/aneksu', 'Numer umowy'] },
  { field: 'beneficiaryName', headers: ['Nazwa beneficjenta'] },
  { field: 'projectTitle', headers: ['Tytuł projektu'] },
  { field: 'projectFrom', headers: ['Okres realizacji projektu od'] },
  { field: 'projectTo', headers: ['Okres realizacji projektu do'] },
  { field: 'claimPeriod', headers: ['Wniosek za okres'] },
  { field: 'institutionNip', headers: ['NIP'] },
  { field: 'institutionNoNip', headers: ['Brak NIP'] },
  { field: 'institutionType', headers: ['Typ instytucji'] },
  { field: 'institutionTypeDetail', headers: ['W tym'], after: ['institutionType'] },
  { field: 'institutionStaff', headers: ['Czy wsparciem zostali objęci pracownicy instytucji'] },
  // block C (individual participant)
  { field: 'country', headers: ['Kraj'] },
  { field: 'participantType', headers: ['Rodzaj uczestnika'] },
  { field: 'institutionName', headers: ['Nazwa instytucji'] },
  { field: 'firstName', headers: ['Imię', 'Imie'] },
  { field: 'lastName', headers: ['Nazwisko'] },
  { field: 'pesel', headers: ['PESEL'] },
  { field: 'noPesel', headers: ['Brak PESEL'] },
  { field: 'sex', headers: ['Płeć'] },
  { field: 'age', headers: ['Wiek w chwili przystąpienia do projektu', 'Wiek'] },
  { field: 'education', headers: ['Wykształcenie'] },
  { field: 'voivodeship', headers: ['Województwo'] },
  { field: 'county', headers: ['Powiat'] },
  { field: 'gmina', headers: ['Gmina'] },
  { field: 'locality', headers: ['Miejscowość'] },
  { field: 'street', headers: ['Ulica'] },
  { field: 'building', headers: ['Nr budynku'] },
  { field: 'flat', headers: ['Nr lokalu'] },
  { field: 'postcode', headers: ['Kod pocztowy'] },
  { field: 'degurba', headers: ['Obszar wg stopnia urbanizacji (DEGURBA)', 'Obszar według stopnia urbanizacji (DEGURBA)', 'DEGURBA'] },
  { field: 'phone', headers: ['Telefon kontaktowy', 'Telefon'] },
  { field: 'email', headers: ['Adres e-mail', 'E-mail', 'Email'] },
  { field: 'start', headers: ['Data rozpoczęcia udziału w projekcie'] },
  { field: 'end', headers: ['Data zakończenia udziału w projekcie'] },
  { field: 'status', headers: [STATUS, 'Status osoby na rynku pracy'] },
  { field: 'statusDetail', headers: ['W tym'], after: ['status'] },
  { field: 'occupation', headers: ['Wykonywany zawód'] },
  { field: 'employer', headers: ['Zatrudniony w'] },
  { field: 'exitSituation1', headers: ['Sytuacja (1) osoby w momencie zakończenia udziału w projekcie', 'Sytuacja osoby w momencie zakończenia udziału w projekcie'] },
  { field: 'exitSituation2', headers: ['Sytuacja (2) osoby w momencie zakończenia udziału w projekcie'] },
  { field: 'youthResults', headers: ['Inne rezultaty dotyczące osób młodych (dotyczy IZM)'] },
  { field: 'completedPath', headers: ['Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną dla niej ścieżką uczestnictwa'] },
  { field: 'supportType', headers: ['Rodzaj przyznanego wsparcia'] },
  { field: 'supportDetail', headers: ['W tym'], after: ['supportType'] },
  { field: 'supportStart', headers: ['Data rozpoczęcia udziału we wsparciu'] },
  { field: 'supportEnd', headers: ['Data zakończenia udziału we wsparciu'] },
  { field: 'businessDate', headers: ['Data założenia działalności gospodarczej'] },
  { field: 'businessAmount', headers: ['Kwota środków przyznanych na założenie działalności gospodarczej'] },
  { field: 'businessPkd', headers: ['PKD założonej działalności gospodarczej'] },
  { field: 'migrant', headers: ['Osoba należąca do mniejszości narodowej lub etnicznej, migrant, osoba obcego pochodzenia'] },
  { field: 'homeless', headers: ['Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań'] },
  { field: 'disability', headers: ['Osoba z niepełnosprawnościami'] },
  // 2015–2017 layout only
  { field: 'jobless', headers: ['Osoba przebywająca w gospodarstwie domowym bez osób pracujących'] },
  { field: 'joblessChildren', headers: ['W tym: w gospodarstwie domowym z dziećmi pozostającymi na utrzymaniu'] },
  { field: 'singleAdult', headers: ['Osoba żyjąca w gospodarstwie składającym się z jednej osoby dorosłej i dzieci pozostających na utrzymaniu'] },
  { field: 'otherDisadvantage', headers: ['Osoba w innej niekorzystnej sytuacji społecznej'] },
  { field: 'plannedEducationEnd', headers: ['Planowana data zakończenia edukacji w placówce edukacyjnej, w której skorzystano ze wsparcia'] },
  // project columns (SPEC §3.2)
  { field: 'otoczenie', headers: ['Otoczenie'] },
  { field: 'riskReasons', headers: ['Przesłanka zagrożenia wykluczeniem'] },
  { field: 'socialProgress', headers: ['Postęp w aktywizacji społecznej'] },
  { field: 'progressDate', headers: ['Data stwierdzenia postępu'] },
  { field: 'employmentDate', headers: ['Data podjęcia zatrudnienia'] },
  { field: 'employmentForm', headers: ['Forma zatrudnienia'] },
  { field: 'id', headers: ['Identyfikator'] },
  { field: 'remarks', headers: ['Uwagi'] },
] as const satisfies readonly ColumnSpec[];

export type ParticipantField = (typeof PARTICIPANT_COLUMNS)[number]['field'];

/** Columns that must be present (SPEC §3.2); PESEL may be replaced by `Brak PESEL`. */
export const REQUIRED_PARTICIPANT_COLUMNS: readonly ParticipantField[] = [
  'firstName', 'lastName', 'pesel', 'education', 'gmina', 'start', 'status',
];

/** Date columns of the participant sheet. */
export const DATE_FIELDS = [
  'start', 'end', 'supportStart', 'supportEnd', 'businessDate', 'plannedEducationEnd', 'progressDate', 'employmentDate',
] as const satisfies readonly ParticipantField[];
export type DateField = (typeof DATE_FIELDS)[number];

/** Columns whose values are personal data: never echoed in messages or reports. */
export const PERSONAL_FIELDS: ReadonlySet<string> = new Set([
  'firstName', 'lastName', 'pesel', 'street', 'building', 'flat', 'phone', 'email', 'locality', 'postcode',
]);

export type Tri = 'Tak' | 'Nie' | 'Odmowa';

export interface Participant {
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
  id?: string;
  /** 11 digits when the cell holds a PESEL shape (after restoring a dropped leading zero). */
  pesel?: string;
  /** The PESEL was a number cell shorter than 11 digits and was left-padded. */
  peselPadded: boolean;
  peselOk: boolean;
  noPesel?: boolean | null;
  birthDate?: IsoDate;
  sex?: 'K' | 'M' | null;
  /** Sex taken from the PESEL because the sheet has no `Płeć` column. */
  sexFromPesel: boolean;
  age?: number | null;
  /** Full years at the start date: from the PESEL, else the `Wiek` column. */
  ageAtStart?: number;
  education?: string | null;
  status?: string | null;
  statusDetail?: string | null;
  start?: IsoDate | null;
  end?: IsoDate | null;
  exitSituation1?: string | null;
  exitSituation2?: string | null;
  completedPath?: boolean | null;
  supportStart?: IsoDate | null;
  supportEnd?: IsoDate | null;
  businessDate?: IsoDate | null;
  businessAmount?: number | null;
  plannedEducationEnd?: IsoDate | null;
  migrant?: Tri | null;
  homeless?: Tri | null;
  disability?: Tri | null;
  otherDisadvantage?: Tri | null;
  jobless?: Tri | null;
  joblessChildren?: Tri | null;
  singleAdult?: Tri | null;
  participantType?: string | null;
  degurba?: string | null;
  otoczenie?: boolean | null;
  riskReasons: string[];
  socialProgress?: boolean | null;
  progressDate?: IsoDate | null;
  employmentDate?: IsoDate | null;
  employmentForm?: string | null;
}

/** The dictionary lookups participants are checked against, built once per run. */
export class ParticipantLookups {
  readonly sex: Lookup;
  readonly participantType: Lookup;
  readonly education: Lookup;
  readonly status: Lookup;
  readonly statusDetail: Map<string, Lookup>;
  readonly allStatusDetails: Lookup;
  readonly exitSituation: Lookup;
  readonly tri: Lookup;
  readonly homeless: Lookup;
  readonly degurba: Lookup;
  readonly employmentForm: Lookup;
  /** Homelessness refused: accepted, with a warning, unless the project's list allows it. */
  readonly homelessRefusalIsWarning: boolean;
  private area: Lookup | undefined;
  constructor(readonly dict: Dictionaries) {
    this.sex = new Lookup(dict.plec);
    this.participantType = new Lookup(dict.rodzaj_uczestnika);
    this.education = new Lookup(dict.wyksztalcenie);
    this.status = new Lookup(dict.status);
    this.statusDetail = new Map(Object.entries(dict.status_detail).map(([s, l]) => [s, new Lookup(l)]));
    this.allStatusDetails = new Lookup([...new Set(Object.values(dict.status_detail).flat())]);
    this.exitSituation = new Lookup(dict.sytuacja_po_zakonczeniu);
    this.tri = new Lookup(dict.tak_nie_odmowa);
    this.homeless = new Lookup([...dict.bezdomnosc, ...dict.tak_nie_odmowa]);
    this.degurba = new Lookup(dict.degurba);
    this.employmentForm = new Lookup(dict.forma_zatrudnienia);
    this.homelessRefusalIsWarning = !new Lookup(dict.bezdomnosc).values.some((v) => v.toLocaleLowerCase('pl').startsWith('odmowa'));
  }

  /** The project area's gmina as a one-value lookup (same matching as dictionaries). */
  areaGmina(gmina: string): Lookup {
    if (this.area?.values[0] !== gmina) this.area = new Lookup([gmina]);
    return this.area;
  }
}

function dictValue(text: string | undefined, lookup: Lookup): string | null | undefined {
  if (text === undefined) return undefined;
  return lookup.canonical(text) ?? null;
}

function triValue(text: string | undefined, lookup: Lookup): Tri | null | undefined {
  const v = dictValue(text, lookup);
  if (v === undefined || v === null) return v;
  const k = v.toLocaleLowerCase('pl');
  return k === 'tak' ? 'Tak' : k === 'nie' ? 'Nie' : 'Odmowa';
}

function sexValue(text: string | undefined, lookup: Lookup): 'K' | 'M' | null | undefined {
  if (text === undefined) return undefined;
  const k = text.trim().toLocaleLowerCase('pl');
  if (k === 'k') return 'K';
  if (k === 'm') return 'M';
  const v = lookup.canonical(text);
  if (!v) return null;
  return v.toLocaleLowerCase('pl').startsWith('k') ? 'K' : 'M';
}

/** DEGURBA: the code, optionally followed by its label (`1 – miasto`). */
function degurbaValue(text: string | undefined, lookup: Lookup): string | null | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*([0-9])\b/.exec(text);
  return lookup.canonical(m?.[1] ?? text) ?? null;
}

function boolValue(c: Cell | undefined): boolean | null | undefined {
  return parseBoolCell(c ?? null);
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

export function parseParticipant(ref: TableRef, row: number, cells: readonly Cell[], lk: ParticipantLookups, date1904: boolean, csv: boolean): Participant {
  const text: Partial<Record<ParticipantField, string>> = {};
  for (const [field, col] of ref.columns) {
    const v = cellText(cells[col.index] ?? null);
    if (v !== '') text[field as ParticipantField] = v;
  }
  const cell = (f: ParticipantField) => cellOf(ref, cells, f);
  const date = (f: ParticipantField) => parseDateCell(cell(f), date1904);

  const { pesel, padded } = peselValue(cell('pesel'), csv);
  const peselOk = pesel !== undefined && isPeselShape(pesel) && peselChecksumOk(pesel) && peselBirthDate(pesel) !== null;
  const birthDate = peselOk && pesel ? (peselBirthDate(pesel) ?? undefined) : undefined;
  const sexColumn = ref.columns.has('sex');
  const sex = sexColumn ? sexValue(text.sex, lk.sex) : peselOk && pesel ? peselSex(pesel) : undefined;
  const status = dictValue(text.status, lk.status);
  const detailLookup = status ? lk.statusDetail.get(status) : undefined;
  const statusDetail = text.statusDetail === undefined ? undefined
    : (detailLookup?.canonical(text.statusDetail) ?? lk.allStatusDetails.canonical(text.statusDetail) ?? null);
  const start = date('start');
  const ageRaw = parseNumberCell(cell('age'));
  const age = ageRaw === undefined || ageRaw === null ? ageRaw : Number.isInteger(ageRaw) && ageRaw >= 0 ? ageRaw : null;
  const id = text.id;

  const p: Participant = {
    ref,
    row,
    text,
    key: id ?? pesel ?? '',
    peselPadded: padded,
    peselOk,
    sexFromPesel: !sexColumn && sex !== undefined,
    riskReasons: (text.riskReasons ?? '').split(';').map((s) => s.trim()).filter(Boolean),
  };
  if (id !== undefined) p.id = id;
  if (pesel !== undefined) p.pesel = pesel;
  if (birthDate !== undefined) p.birthDate = birthDate;
  assign(p, {
    noPesel: boolValue(cell('noPesel')),
    sex,
    age,
    education: dictValue(text.education, lk.education),
    status,
    statusDetail,
    start,
    end: date('end'),
    exitSituation1: dictValue(text.exitSituation1, lk.exitSituation),
    exitSituation2: dictValue(text.exitSituation2, lk.exitSituation),
    completedPath: boolValue(cell('completedPath')),
    supportStart: date('supportStart'),
    supportEnd: date('supportEnd'),
    businessDate: date('businessDate'),
    businessAmount: parseNumberCell(cell('businessAmount')),
    plannedEducationEnd: date('plannedEducationEnd'),
    migrant: triValue(text.migrant, lk.tri),
    homeless: triValue(text.homeless, lk.homeless),
    disability: triValue(text.disability, lk.tri),
    otherDisadvantage: triValue(text.otherDisadvantage, lk.tri),
    jobless: triValue(text.jobless, lk.tri),
    joblessChildren: triValue(text.joblessChildren, lk.tri),
    singleAdult: triValue(text.singleAdult, lk.tri),
    participantType: dictValue(text.participantType, lk.participantType),
    degurba: degurbaValue(text.degurba, lk.degurba),
    otoczenie: boolValue(cell('otoczenie')),
    socialProgress: boolValue(cell('socialProgress')),
    progressDate: date('progressDate'),
    employmentDate: date('employmentDate'),
    employmentForm: dictValue(text.employmentForm, lk.employmentForm),
  });
  if (!csv) {
    // a number (serial) or a text that reads as a date is not a date cell in the spreadsheet
    for (const field of DATE_FIELDS) {
      const c = cell(field);
      if (typeof p[field] === 'string' && (typeof c === 'number' || typeof c === 'string')) (p.dateCells ??= {})[field] = typeof c === 'number' ? 'number' : 'text';
    }
  }
  if (birthDate && start) p.ageAtStart = fullYears(birthDate, start);
  else if (typeof age === 'number') p.ageAtStart = age;
  return p;
}

/** Copies only the defined values, so "column absent" stays distinguishable from "empty". */
function assign(p: Participant, values: Partial<Participant>): void {
  for (const [k, v] of Object.entries(values)) {
    if (v !== undefined) (p as unknown as Record<string, unknown>)[k] = v;
  }
}
