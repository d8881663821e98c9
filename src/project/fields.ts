/**
 * The participant sheet's columns, declared once (SPEC §3.2): for each field its header texts,
 * how its cells are read, its dictionary, whether it is personal data or required, and the
 * `where` key that filters on it. Ingest, the validation rules, the definition's schema and
 * checks, the indicator filters and `init` all derive from this table, so adding an attribute
 * is one entry here (plus its words, if it gets a rule of its own).
 */
import type { IsoDate } from '../dates.js';
import type { ListName } from './dictionaries.js';

/** How a field's cells are read. */
export type FieldKind =
  /** A known header whose values are not used (the project and institution blocks of SL2014). */
  | 'ignored'
  | 'text'
  | 'pesel'
  /** Tak/Nie (also T/N/1/0/x). */
  | 'bool'
  /** Tak/Nie/Odmowa from a dictionary. */
  | 'tri'
  | 'dictionary'
  /** Kobieta/Mężczyzna (also K/M); from the PESEL when the sheet has no such column. */
  | 'sex'
  /** The DEGURBA code, optionally followed by its label (`1 – miasto`). */
  | 'degurba'
  /** "W tym": allowed values depend on the status. */
  | 'statusDetail'
  | 'date'
  | 'integer'
  | 'number'
  /** Free text or a list separated by `;`. */
  | 'list';

export type Tri = 'Tak' | 'Nie' | 'Odmowa';

/** The value of each kind once read. */
export interface KindValues {
  ignored: never;
  text: string;
  pesel: string;
  bool: boolean;
  tri: Tri;
  dictionary: string;
  sex: 'K' | 'M';
  degurba: string;
  statusDetail: string;
  date: IsoDate;
  integer: number;
  number: number;
  list: string[];
}

/** How a `where` key compares: dictionary values (case and spacing aside), Tak/Nie/Odmowa, true/false, Tak/Nie, K/M, DEGURBA codes. */
export type FilterMatch = 'dictionary' | 'tri' | 'bool' | 'yesNo' | 'sex' | 'area';

export interface FieldSpec {
  /** Header texts that mean this field (the first is the canonical one, shown in messages and written by `init`). */
  headers: readonly string[];
  kind: FieldKind;
  /** For repeated names (`W tym`): the field of the column immediately before this one. */
  after?: readonly string[];
  /** The list of allowed values (SPEC `dictionaries:`). */
  dictionary?: ListName;
  /** Personal data: never echoed in messages or reports. */
  personal?: boolean;
  /** The column must be there (SPEC §3.2); PESEL may be replaced by `Brak PESEL`. */
  required?: boolean;
  /** A cell of the column must not be empty. */
  valueRequired?: boolean;
  /** The `where` key that filters on this field, and how it compares. Two fields may share a key (either matches). */
  filter?: { key: string; match: FilterMatch };
  /** Left out of the workbook `init` writes (older layout, project and institution blocks). */
  template?: false;
  /** `init` formats the column as text, so digits keep their leading zeros (PESEL, phone). */
  keepText?: true;
}

const STATUS = 'Status osoby na rynku pracy w chwili przystąpienia do projektu';
const ignored = (...headers: string[]) => ({ headers, kind: 'ignored', template: false }) as const;

/** The participant sheet in SL2014 order, then the project's columns. */
export const PARTICIPANT_FIELDS = {
  lp: { headers: ['Lp.', 'Lp', 'L.p.', 'Nr'], kind: 'ignored', template: false },
  // block A (project) and B (institutional participant) of the full SL2014 sheet: known, unused
  projectNumber: ignored('Numer umowy/ decyzji /aneksu', 'Numer umowy/decyzji/aneksu', 'Numer umowy'),
  beneficiaryName: ignored('Nazwa beneficjenta'),
  projectTitle: ignored('Tytuł projektu'),
  projectFrom: ignored('Okres realizacji projektu od'),
  projectTo: ignored('Okres realizacji projektu do'),
  claimPeriod: ignored('Wniosek za okres'),
  institutionNip: ignored('NIP'),
  institutionNoNip: ignored('Brak NIP'),
  institutionType: ignored('Typ instytucji'),
  institutionTypeDetail: { headers: ['W tym'], kind: 'ignored', after: ['institutionType'], template: false },
  institutionStaff: ignored('Czy wsparciem zostali objęci pracownicy instytucji'),
  // block C (individual participant)
  country: { headers: ['Kraj'], kind: 'text' },
  participantType: { headers: ['Rodzaj uczestnika'], kind: 'dictionary', dictionary: 'rodzaj_uczestnika' },
  institutionName: { headers: ['Nazwa instytucji'], kind: 'text' },
  firstName: { headers: ['Imię', 'Imie'], kind: 'text', personal: true, required: true, valueRequired: true },
  lastName: { headers: ['Nazwisko'], kind: 'text', personal: true, required: true, valueRequired: true },
  pesel: { headers: ['PESEL'], kind: 'pesel', personal: true, required: true, keepText: true },
  noPesel: { headers: ['Brak PESEL'], kind: 'bool', dictionary: 'tak_nie' },
  sex: { headers: ['Płeć'], kind: 'sex', dictionary: 'plec', valueRequired: true, filter: { key: 'sex', match: 'sex' } },
  age: { headers: ['Wiek w chwili przystąpienia do projektu', 'Wiek'], kind: 'integer' },
  education: { headers: ['Wykształcenie'], kind: 'dictionary', dictionary: 'wyksztalcenie', required: true, valueRequired: true, filter: { key: 'education', match: 'dictionary' } },
  voivodeship: { headers: ['Województwo'], kind: 'text' },
  county: { headers: ['Powiat'], kind: 'text' },
  gmina: { headers: ['Gmina'], kind: 'text', required: true, valueRequired: true },
  locality: { headers: ['Miejscowość'], kind: 'text', personal: true },
  street: { headers: ['Ulica'], kind: 'text', personal: true },
  building: { headers: ['Nr budynku'], kind: 'text', personal: true },
  flat: { headers: ['Nr lokalu'], kind: 'text', personal: true },
  postcode: { headers: ['Kod pocztowy'], kind: 'text', personal: true, keepText: true },
  degurba: { headers: ['Obszar wg stopnia urbanizacji (DEGURBA)', 'Obszar według stopnia urbanizacji (DEGURBA)', 'DEGURBA'], kind: 'degurba', dictionary: 'degurba', filter: { key: 'area', match: 'area' } },
  phone: { headers: ['Telefon kontaktowy', 'Telefon'], kind: 'text', personal: true, keepText: true },
  email: { headers: ['Adres e-mail', 'E-mail', 'Email'], kind: 'text', personal: true },
  start: { headers: ['Data rozpoczęcia udziału w projekcie'], kind: 'date', required: true, valueRequired: true },
  end: { headers: ['Data zakończenia udziału w projekcie'], kind: 'date' },
  status: { headers: [STATUS, 'Status osoby na rynku pracy'], kind: 'dictionary', dictionary: 'status', required: true, valueRequired: true, filter: { key: 'status', match: 'dictionary' } },
  statusDetail: { headers: ['W tym'], kind: 'statusDetail', after: ['status'], filter: { key: 'status_detail', match: 'dictionary' } },
  occupation: { headers: ['Wykonywany zawód'], kind: 'text' },
  employer: { headers: ['Zatrudniony w'], kind: 'text' },
  exitSituation1: { headers: ['Sytuacja (1) osoby w momencie zakończenia udziału w projekcie', 'Sytuacja osoby w momencie zakończenia udziału w projekcie'], kind: 'dictionary', dictionary: 'sytuacja_po_zakonczeniu', filter: { key: 'exit_situation', match: 'dictionary' } },
  exitSituation2: { headers: ['Sytuacja (2) osoby w momencie zakończenia udziału w projekcie'], kind: 'dictionary', dictionary: 'sytuacja_po_zakonczeniu', filter: { key: 'exit_situation', match: 'dictionary' } },
  youthResults: { headers: ['Inne rezultaty dotyczące osób młodych (dotyczy IZM)'], kind: 'text' },
  completedPath: { headers: ['Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną dla niej ścieżką uczestnictwa'], kind: 'bool', dictionary: 'tak_nie', filter: { key: 'completed_path', match: 'yesNo' } },
  supportType: { headers: ['Rodzaj przyznanego wsparcia'], kind: 'text' },
  supportDetail: { headers: ['W tym'], kind: 'text', after: ['supportType'] },
  supportStart: { headers: ['Data rozpoczęcia udziału we wsparciu'], kind: 'date' },
  supportEnd: { headers: ['Data zakończenia udziału we wsparciu'], kind: 'date' },
  businessDate: { headers: ['Data założenia działalności gospodarczej'], kind: 'date' },
  businessAmount: { headers: ['Kwota środków przyznanych na założenie działalności gospodarczej'], kind: 'number' },
  businessPkd: { headers: ['PKD założonej działalności gospodarczej'], kind: 'text' },
  migrant: { headers: ['Osoba należąca do mniejszości narodowej lub etnicznej, migrant, osoba obcego pochodzenia'], kind: 'tri', dictionary: 'tak_nie_odmowa', filter: { key: 'migrant', match: 'tri' } },
  homeless: { headers: ['Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań'], kind: 'tri', dictionary: 'bezdomnosc', filter: { key: 'homeless', match: 'tri' } },
  disability: { headers: ['Osoba z niepełnosprawnościami'], kind: 'tri', dictionary: 'tak_nie_odmowa', filter: { key: 'disability', match: 'tri' } },
  // 2015–2017 layout only
  jobless: { headers: ['Osoba przebywająca w gospodarstwie domowym bez osób pracujących'], kind: 'tri', dictionary: 'tak_nie_odmowa', template: false },
  joblessChildren: { headers: ['W tym: w gospodarstwie domowym z dziećmi pozostającymi na utrzymaniu'], kind: 'tri', dictionary: 'tak_nie_odmowa', template: false },
  singleAdult: { headers: ['Osoba żyjąca w gospodarstwie składającym się z jednej osoby dorosłej i dzieci pozostających na utrzymaniu'], kind: 'tri', dictionary: 'tak_nie_odmowa', template: false },
  otherDisadvantage: { headers: ['Osoba w innej niekorzystnej sytuacji społecznej'], kind: 'tri', dictionary: 'tak_nie_odmowa', filter: { key: 'other_disadvantage', match: 'tri' } },
  plannedEducationEnd: { headers: ['Planowana data zakończenia edukacji w placówce edukacyjnej, w której skorzystano ze wsparcia'], kind: 'date' },
  // project columns (SPEC §3.2)
  id: { headers: ['Identyfikator'], kind: 'text', keepText: true },
  otoczenie: { headers: ['Otoczenie'], kind: 'bool', dictionary: 'tak_nie', filter: { key: 'otoczenie', match: 'bool' } },
  riskReasons: { headers: ['Przesłanka zagrożenia wykluczeniem'], kind: 'list' },
  socialProgress: { headers: ['Postęp w aktywizacji społecznej'], kind: 'bool', dictionary: 'tak_nie', filter: { key: 'social_progress', match: 'bool' } },
  progressDate: { headers: ['Data stwierdzenia postępu'], kind: 'date' },
  employmentDate: { headers: ['Data podjęcia zatrudnienia'], kind: 'date' },
  employmentForm: { headers: ['Forma zatrudnienia'], kind: 'dictionary', dictionary: 'forma_zatrudnienia' },
  remarks: { headers: ['Uwagi'], kind: 'text', template: false },
} as const satisfies Record<string, FieldSpec>;

export type ParticipantField = keyof typeof PARTICIPANT_FIELDS;

/** The fields of a kind. */
export type FieldOfKind<K extends FieldKind> = { [F in ParticipantField]: (typeof PARTICIPANT_FIELDS)[F]['kind'] extends K ? F : never }[ParticipantField];

/** Kinds whose cells can hold something unreadable (`null`); text is always read as it is. */
type Checked = 'bool' | 'tri' | 'dictionary' | 'sex' | 'degurba' | 'statusDetail' | 'date' | 'integer' | 'number';
type ValueOf<K extends FieldKind> = K extends Checked ? KindValues[K] | null : KindValues[K];

/** The values read from a row: absent when the column is absent or the cell empty, null when unreadable. */
export type ParticipantValues = {
  -readonly [F in ParticipantField as (typeof PARTICIPANT_FIELDS)[F]['kind'] extends 'ignored' ? never : F]?: ValueOf<(typeof PARTICIPANT_FIELDS)[F]['kind']>;
};

export const FIELD_NAMES = Object.keys(PARTICIPANT_FIELDS) as ParticipantField[];

export function fieldSpec(field: ParticipantField): FieldSpec {
  return PARTICIPANT_FIELDS[field];
}

export function fieldsOfKind<K extends FieldKind>(kind: K): FieldOfKind<K>[] {
  return FIELD_NAMES.filter((f) => fieldSpec(f).kind === kind) as FieldOfKind<K>[];
}

/** The canonical header of a field (what messages and `init` say). */
export function headerOf(field: ParticipantField): string {
  return fieldSpec(field).headers[0] ?? field;
}

export const PERSONAL_FIELDS: ReadonlySet<ParticipantField> = new Set(FIELD_NAMES.filter((f) => fieldSpec(f).personal));

type Spec<F extends ParticipantField> = (typeof PARTICIPANT_FIELDS)[F];

/** The `where` keys on participant attributes (`sex`, `education`, `otoczenie` …). */
export type AttributeKey = { [F in ParticipantField]: Spec<F> extends { filter: { key: infer K extends string } } ? K : never }[ParticipantField];

/** How an attribute key compares. */
export type MatchOf<K extends AttributeKey> = { [F in ParticipantField]: Spec<F> extends { filter: { key: K; match: infer M } } ? M : never }[ParticipantField];

/** `where` keys that filter on participant fields, with the fields behind each. */
export function attributeFilters(): Map<string, { match: FilterMatch; fields: ParticipantField[] }> {
  const out = new Map<string, { match: FilterMatch; fields: ParticipantField[] }>();
  for (const f of FIELD_NAMES) {
    const filter = fieldSpec(f).filter;
    if (!filter) continue;
    const entry = out.get(filter.key) ?? { match: filter.match, fields: [] };
    entry.fields.push(f);
    out.set(filter.key, entry);
  }
  return out;
}
