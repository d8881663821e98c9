/**
 * How an issue code is defined (SPEC §5): one plain object per code holds its default severity,
 * its parameters with their types, and its message and hint in Polish and English, with the
 * variants a rule picks (`invalid-hours` › `timeOrder`). The types below turn a definition into
 * what a rule must pass when it reports the code: a call with a parameter missing, misspelt or of
 * the wrong type does not compile.
 */
import type { Message, Param, Quantity } from '../../i18n/index.js';

export type Severity = 'error' | 'warning' | 'info';

/** One template in both languages; `{name}` is a parameter, `{value}` and `{header}` come from the issue. */
export interface Texts {
  readonly pl: string;
  readonly en: string;
}

/**
 * How a parameter is used: `shown` in a template (a variant must be given the ones its texts
 * use); `data` carried for a reader other than the texts (the JSON `reason`, the unreadable-file
 * line), always given; `note` for the date-cell note (`DATE_CELL`), given when there is one.
 */
export type ParamUse = 'shown' | 'data' | 'note';

/** A declared parameter: the object names its use, its type parameter is what a call site passes. */
export interface ParamSpec<T extends Param = Param, U extends ParamUse = ParamUse> {
  readonly use: U;
  /** Type only: never set. */
  readonly type?: [T];
}

export function param<T extends Param>(): ParamSpec<T, 'shown'> {
  return { use: 'shown' };
}

export function data<T extends Param>(): ParamSpec<T, 'data'> {
  return { use: 'data' };
}

function note<T extends Param>(): ParamSpec<T, 'note'> {
  return { use: 'note' };
}

export const text = param<string>();
/** A number shown as written (`12`, a row number). */
export const num = param<number>();
/** A number with its noun in the language's plural form (`3 wiersze`). */
export const count = param<Quantity>();
/** A message rendered in the language. */
export const words = param<Message>();

/** How a date cell was written, when it is not a date cell: a note after the message says so. */
export type CellNote = 'number' | 'text';

/** The parameters of the date-cell note, for codes that show a participant's date (`dateShown`). */
export const DATE_CELL = { cellNote: note<CellNote>(), cellText: note<string>() };

/** What `DATE_CELL` takes: the note's kind and the cell as written, or nothing for a date cell. */
export interface DateCellParams {
  cellNote?: CellNote;
  cellText?: string;
}

/** The note itself, appended to the message: `(W komórce jest liczba 44256, a nie data: …)`. */
export const CELL_NOTE = {
  number: {
    pl: '(W komórce jest liczba {cellText}, a nie data: ustaw dla kolumny format Data, aby Excel pokazał ją jako datę).',
    en: '(The cell holds the number {cellText}, not a date: give the column the Date format and Excel shows it as a date.)',
  },
  text: {
    pl: '(W komórce jest tekst „{cellText}”, który tylko wygląda na datę: Excel nie posortuje go ani nie przefiltruje jak daty).',
    en: '(The cell holds the text "{cellText}", which only looks like a date: Excel will not sort or filter it as a date.)',
  },
} as const satisfies Record<CellNote, Texts>;

/** The hint of a value that is not known but close to one that is (a dictionary value, an action or form code). */
export const DID_YOU_MEAN = { pl: 'Czy chodziło o „{closest}”?', en: 'Did you mean "{closest}"?' } as const satisfies Texts;

/** A variant replaces the plain message, the hint (`null`: none), or the severity; the rest is the plain one's. */
export interface VariantDef {
  readonly severity?: Severity;
  readonly message?: Texts;
  readonly hint?: Texts | null;
}

export interface CodeDef {
  readonly severity: Severity;
  readonly params?: { readonly [name: string]: ParamSpec };
  /** The plain message; a code without one is always reported with a variant. */
  readonly message?: Texts;
  readonly hint?: Texts;
  readonly variants?: { readonly [name: string]: VariantDef };
}

/** A group of definitions, with its literal texts kept in the type (they give each variant its parameters). */
export function codes<const T extends Record<string, CodeDef>>(defs: T): T {
  return defs;
}

// ---- from a definition to what a call site passes

type Placeholders<S> = S extends `${string}{${infer P}}${infer R}` ? P | Placeholders<R> : never;
type TemplatesOf<T> = T extends Texts ? T['pl'] | T['en'] : never;
type VariantsOf<D> = D extends { variants: infer Vs } ? Vs : {};
type VariantOf<D, V> = V extends keyof VariantsOf<D> ? VariantsOf<D>[V] : {};
type MessageOf<D, V> = VariantOf<D, V> extends { message: infer M } ? M : D extends { message: infer M } ? M : never;
type HintOf<D, V> = VariantOf<D, V> extends { hint: infer H } ? H : D extends { hint: infer H } ? H : never;
/** The parameters the texts of variant `V` (`undefined`: the plain one) use. */
type Used<D, V> = Placeholders<TemplatesOf<MessageOf<D, V> | HintOf<D, V>>>;

type Specs<D> = D extends { params: infer P } ? P : {};
type Named<D, U extends ParamUse> = { [N in keyof Specs<D>]: Specs<D>[N] extends ParamSpec<Param, U> ? N : never }[keyof Specs<D>];
type TypeOf<S> = S extends { type?: [infer T] } ? T : never;
type Flat<T> = { [K in keyof T]: T[K] } & {};

/** Variant `V`: the shown parameters its texts use are required, the code's other ones allowed. */
type ParamsOf<D, V> = Flat<
  & { [N in Named<D, 'shown'> & Used<D, V>]: TypeOf<Specs<D>[N]> }
  & { [N in Exclude<Named<D, 'shown'>, Used<D, V>>]?: TypeOf<Specs<D>[N]> }
  & { [N in Named<D, 'data'>]: TypeOf<Specs<D>[N]> }
  & { [N in Named<D, 'note'>]?: TypeOf<Specs<D>[N]> }
>;

type VariantName<D> = keyof VariantsOf<D> & string;

/** What reporting a code takes: a variant (none for the plain texts) and that variant's parameters. */
export type ArgsOf<D> =
  | (D extends { message: Texts } ? Flat<{ variant?: undefined } & ParamsOf<D, undefined>> : never)
  | { [V in VariantName<D>]: Flat<{ variant: V } & ParamsOf<D, V>> }[VariantName<D>];
