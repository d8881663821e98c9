/**
 * The project definition (`pal-report.yaml`, SPEC §2) as a zod schema. Shape only: the
 * cross-references (action and form codes, filters allowed per measure) are checked in
 * `check.ts`, where each problem can name its YAML path.
 */
import { z } from 'zod';
import { parseDateText } from '../dates.js';
import { attributeFilters, type AttributeKey, type FilterMatch, type MatchOf } from './fields.js';

const isoDate = z.string().transform((s, ctx) => {
  const d = parseDateText(s);
  if (!d) {
    ctx.addIssue({ code: 'custom', message: 'bad-date' });
    return z.NEVER;
  }
  return d;
});

/** `2021-03` or `03.2021` (as the resolution writes them) → `2021-03`. */
const month = z.string().transform((s, ctx) => {
  const t = s.trim();
  let m = /^(\d{4})-(\d{1,2})$/.exec(t);
  if (m) return check(Number(m[1]), Number(m[2]));
  m = /^(\d{1,2})\.(\d{4})$/.exec(t);
  if (m) return check(Number(m[2]), Number(m[1]));
  ctx.addIssue({ code: 'custom', message: 'bad-month' });
  return z.NEVER;
  function check(y: number, mo: number): string {
    if (mo < 1 || mo > 12) {
      ctx.addIssue({ code: 'custom', message: 'bad-month' });
      return '';
    }
    return `${y}-${String(mo).padStart(2, '0')}`;
  }
});

/** A name or sentence printed on one line: YAML line breaks and runs of spaces become one space. */
const line = z.string().trim().overwrite((s) => s.replace(/\s+/g, ' ')).min(1);

const code = z.string().regex(/^[\p{L}\p{N}_.-]+$/u, 'bad-code');
const oneOrMany = <T extends z.ZodType>(t: T) => z.union([t, z.array(t).min(1)]);

const dataSource = z.union([
  z.string().min(1),
  z.strictObject({ path: z.string().min(1), sheet: z.string().min(1).optional() }),
]);

export const TRI = ['Tak', 'Nie', 'Odmowa'] as const;

/** How each kind of attribute filter is written (the field table says which key is which kind). */
const MATCH_SCHEMA = {
  dictionary: oneOrMany(z.string()),
  tri: oneOrMany(z.enum(TRI)),
  bool: z.boolean(),
  yesNo: z.enum(['Tak', 'Nie']),
  sex: oneOrMany(z.enum(['K', 'M'])),
  area: oneOrMany(z.union([z.enum(['1', '2', '3']), z.number().int().min(1).max(3)]).transform(String)),
} satisfies Record<FilterMatch, z.ZodType>;

/** `where` keys on the person's own attributes, from the field table (`sex`, `education`, `otoczenie` …). */
const attributeShape = Object.fromEntries([...attributeFilters()].map(([key, f]) => [key, MATCH_SCHEMA[f.match].optional()])) as {
  [K in AttributeKey]: z.ZodOptional<(typeof MATCH_SCHEMA)[MatchOf<K>]>;
};

/** Filters on sessions: which actions and forms. */
const sessionShape = {
  action: oneOrMany(code).optional(),
  form: oneOrMany(code).optional(),
};

/** Filters that look at the person: attributes, age, employment, attendance. */
export const whereSchema = z.strictObject({
  ...attributeShape,
  age: z.strictObject({ min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional() }).optional(),
  employed_after: z.boolean().optional(),
  attended_min_hours: z.number().min(0).optional(),
  attended_min_share: z.number().min(0).max(1).optional(),
  ...sessionShape,
});
export type Where = z.infer<typeof whereSchema>;

/** Measures that count sessions take only session filters: a person filter there is a definition error. */
const sessionWhereSchema = z.strictObject(sessionShape);

export const MEASURES = ['participants', 'sessions', 'hours', 'participant_hours', 'attendances', 'ratio'] as const;
export type Measure = (typeof MEASURES)[number];
export const AT = ['start', 'end', 'support', 'active'] as const;
export type At = (typeof AT)[number];

const participantCount = z.strictObject({
  measure: z.literal('participants'),
  at: z.enum(AT).optional(),
  where: whereSchema.optional(),
});

const target = z.strictObject({
  K: z.number().min(0).optional(),
  M: z.number().min(0).optional(),
  O: z.number().min(0).optional(),
  /** The template's example value: reports say so until it is replaced from the wniosek. */
  przyklad: z.boolean().optional(),
});

const indicatorBase = {
  id: code,
  name: line,
  type: z.enum(['produkt', 'rezultat']),
  unit: z.string().min(1),
  target: target.optional(),
  baseline: z.number().optional(),
  description: z.string().optional(),
};

/**
 * An indicator: its measure decides which keys it takes (`at` only for participants,
 * `headcount` only for attendances, numerator and denominator only for a ratio, no person
 * filters on sessions or hours), so the type carries the rules.
 */
export const indicatorSchema = z.discriminatedUnion('measure', [
  z.strictObject({ ...indicatorBase, measure: z.literal('participants'), at: z.enum(AT).optional(), where: whereSchema.optional() }),
  z.strictObject({ ...indicatorBase, measure: z.literal('sessions'), where: sessionWhereSchema.optional() }),
  z.strictObject({ ...indicatorBase, measure: z.literal('hours'), where: sessionWhereSchema.optional() }),
  z.strictObject({ ...indicatorBase, measure: z.literal('participant_hours'), where: whereSchema.optional() }),
  z.strictObject({ ...indicatorBase, measure: z.literal('attendances'), where: whereSchema.optional(), headcount: z.boolean().optional() }),
  z.strictObject({ ...indicatorBase, measure: z.literal('ratio'), numerator: participantCount, denominator: participantCount }),
]);
export type IndicatorDefinition = z.infer<typeof indicatorSchema>;
export type RatioIndicator = Extract<IndicatorDefinition, { measure: 'ratio' }>;

const actionSchema = z.strictObject({
  code,
  name: line,
  description: z.string().optional(),
  window: z.strictObject({ from: month, to: month }),
  forms: z.array(code).optional(),
});
export type ActionDefinition = z.infer<typeof actionSchema>;

const formSchema = z.strictObject({
  code,
  name: line,
  hours: z.number().positive().max(12).optional(),
  /** Each attendance row is a session of its own (individual counselling, a diagnostic interview). */
  individual: z.boolean().optional(),
});
export type FormDefinition = z.infer<typeof formSchema>;

const periodSchema = z.strictObject({ id: code, from: isoDate, to: isoDate, name: z.string().optional() });

const outcomeSchema = z.strictObject({
  id: code,
  name: line,
  indicators: z.array(code).default([]),
  description: z.string().optional(),
});

const stringList = z.array(z.string().min(1));
const listOverride = z.union([stringList, z.strictObject({ add: stringList })]);

export const dictionaryOverridesSchema = z.strictObject({
  plec: listOverride.optional(),
  rodzaj_uczestnika: listOverride.optional(),
  wyksztalcenie: listOverride.optional(),
  status: listOverride.optional(),
  status_detail: z.record(z.string(), listOverride).optional(),
  sytuacja_po_zakonczeniu: listOverride.optional(),
  tak_nie: listOverride.optional(),
  tak_nie_odmowa: listOverride.optional(),
  bezdomnosc: listOverride.optional(),
  degurba: listOverride.optional(),
  forma_zatrudnienia: listOverride.optional(),
  obecnosc: z.strictObject({
    obecny: listOverride.optional(),
    nieobecny: listOverride.optional(),
    usprawiedliwiony: listOverride.optional(),
  }).optional(),
});
export type DictionaryOverrides = z.infer<typeof dictionaryOverridesSchema>;

export const definitionSchema = z.strictObject({
  project: z.strictObject({
    title: line,
    programme: line,
    number: line,
    beneficiary: line,
    funding: line,
    basis: z.string().optional(),
    period: z.strictObject({ from: isoDate, to: isoDate }),
    area: z.strictObject({ gmina: z.string().min(1), streets: z.array(z.string().min(1)).optional() }).optional(),
  }),
  data: z.strictObject({
    participants: oneOrMany(dataSource),
    attendance: oneOrMany(dataSource).optional(),
  }),
  actions: z.array(actionSchema).min(1),
  forms: z.array(formSchema).default([]),
  reporting: z.strictObject({
    periods: z.union([z.enum(['monthly', 'quarterly', 'half-yearly', 'yearly']), z.array(periodSchema).min(1)]),
  }).default({ periods: 'quarterly' }),
  indicators: z.array(indicatorSchema).default([]),
  products: z.array(outcomeSchema).default([]),
  results: z.array(outcomeSchema).default([]),
  thresholds: z.strictObject({
    efektywnosc_spoleczna: z.number().min(0).max(1).optional(),
    efektywnosc_zatrudnieniowa: z.number().min(0).max(1).optional(),
  }).optional(),
  context: z.strictObject({
    diagnosis: z.string().optional(),
    figures: z.array(z.strictObject({
      label: z.string().min(1),
      value: z.union([z.number(), z.string()]),
      unit: z.string().optional(),
      year: z.union([z.number(), z.string()]).optional(),
    })).optional(),
  }).optional(),
  dictionaries: dictionaryOverridesSchema.default({}),
  columns: z.record(z.string(), z.string()).default({}),
  /** Where `submit` keeps the snapshots of submitted periods (SPEC §8), relative to the definition. */
  submissions: z.string().min(1).default('zlozone'),
});

export type Definition = z.infer<typeof definitionSchema>;

/** Indicators counted in persons are split K/M/O; every other unit has only O. */
export function isPersons(unit: string): boolean {
  return unit.trim().toLocaleLowerCase('pl') === 'osoby';
}

/** A zod schema seen through its definition (only what `keysAt` needs to walk it). */
interface SchemaNode {
  _zod: {
    def: {
      type: string; shape?: Record<string, SchemaNode>; element?: SchemaNode; innerType?: SchemaNode; options?: SchemaNode[];
      in?: SchemaNode; valueType?: SchemaNode; discriminator?: string; values?: unknown[];
    };
  };
}

/** A schema reached along a path; `branch` names the other branch of a tagged union it lies in (`measure: sessions`). */
interface Reached {
  node: SchemaNode;
  branch?: string;
}

/**
 * The schemas a value may be checked against: wrappers and pipes opened up; of a tagged union
 * (`measure`), the branch the value's tag picks, the others marked as such.
 */
function alternatives(r: Reached, raw: unknown): Reached[] {
  const def = r.node._zod.def;
  if (def.innerType) return alternatives({ ...r, node: def.innerType }, raw);
  if (def.type === 'pipe' && def.in) return alternatives({ ...r, node: def.in }, raw);
  if (!def.options) return [r];
  const tag = def.discriminator;
  return def.options.flatMap((o) => {
    if (!tag) return alternatives({ ...r, node: o }, raw);
    const value = o._zod.def.shape?.[tag]?._zod.def.values?.[0];
    const own = raw !== null && typeof raw === 'object' && (raw as Record<string, unknown>)[tag] === value;
    return alternatives(own ? { ...r, node: o } : { node: o, branch: r.branch ?? `${tag}: ${String(value)}` }, raw);
  });
}

export interface KeysAt {
  /** The keys allowed in the mapping at the path (for "did you mean"). */
  known: string[];
  /** Keys allowed there only in other branches of a tagged union: key → those branches (`measure: participants`). */
  elsewhere: Map<string, string[]>;
}

/** The keys the schema allows in the mapping at `path`, given the definition's values (the definition's shape is the one place that knows them). */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[], raw: unknown): KeysAt {
  let value = raw;
  let reached = alternatives({ node: schema as unknown as SchemaNode }, value);
  for (const key of path) {
    value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key as string] : undefined;
    reached = reached.flatMap((r) => {
      const def = r.node._zod.def;
      const next = def.shape && typeof key === 'string' ? def.shape[key]
        : def.element && typeof key === 'number' ? def.element
          : def.valueType && typeof key === 'string' ? def.valueType : undefined;
      return next ? alternatives({ ...r, node: next }, value) : [];
    });
  }
  const known = new Set<string>();
  const elsewhere = new Map<string, string[]>();
  for (const r of reached) {
    for (const key of Object.keys(r.node._zod.def.shape ?? {})) {
      if (r.branch === undefined) known.add(key);
      else elsewhere.set(key, [...new Set([...(elsewhere.get(key) ?? []), r.branch])]);
    }
  }
  for (const key of known) elsewhere.delete(key);
  return { known: [...known], elsewhere };
}

/** The values a tagged union's tag may take at `path` (`measure`: participants, sessions …). */
export function tagValues(schema: z.ZodType, path: readonly PropertyKey[], tag: string): string[] {
  const parent = path.slice(0, -1);
  const out: string[] = [];
  const visit = (n: SchemaNode, rest: readonly PropertyKey[]) => {
    const def = n._zod.def;
    if (def.innerType) return visit(def.innerType, rest);
    if (def.options) {
      if (rest.length === 0 && def.discriminator === tag) {
        for (const o of def.options) out.push(String(o._zod.def.shape?.[tag]?._zod.def.values?.[0]));
        return undefined;
      }
      for (const o of def.options) visit(o, rest);
      return undefined;
    }
    const [key, ...more] = rest;
    const next = def.shape && typeof key === 'string' ? def.shape[key] : def.element && typeof key === 'number' ? def.element : undefined;
    if (next) visit(next, more);
    return undefined;
  };
  visit(schema as unknown as SchemaNode, parent);
  return [...new Set(out)];
}
