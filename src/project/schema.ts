/**
 * The project definition (`pal-report.yaml`, SPEC §2) as a zod schema. Shape only: the
 * cross-references (action and form codes, filters allowed per measure) are checked in
 * `check.ts`, where each problem can name its YAML path.
 */
import { z } from 'zod';
import { parseDateText } from '../dates.js';

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
const tri = oneOrMany(z.enum(TRI));
const yesNo = z.enum(['Tak', 'Nie']);

/** Filters that look at the person (allowed on participant measures and per-attendance ones). */
export const PARTICIPANT_FILTER_KEYS = [
  'sex', 'age', 'education', 'status', 'status_detail', 'disability', 'migrant', 'homeless',
  'other_disadvantage', 'otoczenie', 'area', 'completed_path', 'exit_situation',
  'social_progress', 'employed_after', 'attended_min_hours', 'attended_min_share',
] as const;
/** Filters that look at the session. */
export const whereSchema = z.strictObject({
  sex: oneOrMany(z.enum(['K', 'M'])).optional(),
  age: z.strictObject({ min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional() }).optional(),
  education: oneOrMany(z.string()).optional(),
  status: oneOrMany(z.string()).optional(),
  status_detail: oneOrMany(z.string()).optional(),
  disability: tri.optional(),
  migrant: tri.optional(),
  homeless: tri.optional(),
  other_disadvantage: tri.optional(),
  otoczenie: z.boolean().optional(),
  area: oneOrMany(z.union([z.enum(['1', '2', '3']), z.number().int().min(1).max(3)]).transform(String)).optional(),
  action: oneOrMany(code).optional(),
  form: oneOrMany(code).optional(),
  completed_path: yesNo.optional(),
  exit_situation: oneOrMany(z.string()).optional(),
  social_progress: z.boolean().optional(),
  employed_after: z.boolean().optional(),
  attended_min_hours: z.number().min(0).optional(),
  attended_min_share: z.number().min(0).max(1).optional(),
});
export type Where = z.infer<typeof whereSchema>;

export const MEASURES = ['participants', 'sessions', 'hours', 'participant_hours', 'attendances', 'ratio'] as const;
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

export const indicatorSchema = z.strictObject({
  id: code,
  name: line,
  type: z.enum(['produkt', 'rezultat']),
  unit: z.string().min(1),
  measure: z.enum(MEASURES),
  at: z.enum(AT).optional(),
  where: whereSchema.optional(),
  headcount: z.boolean().optional(),
  numerator: participantCount.optional(),
  denominator: participantCount.optional(),
  target: target.optional(),
  baseline: z.number().optional(),
  description: z.string().optional(),
});
export type IndicatorDefinition = z.infer<typeof indicatorSchema>;

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
});

export type Definition = z.infer<typeof definitionSchema>;

/** Indicators counted in persons are split K/M/O; every other unit has only O. */
export function isPersons(unit: string): boolean {
  return unit.trim().toLocaleLowerCase('pl') === 'osoby';
}

/** A zod schema seen through its definition (only what `keysAt` needs to walk it). */
interface SchemaNode {
  _zod: { def: { type: string; shape?: Record<string, SchemaNode>; element?: SchemaNode; innerType?: SchemaNode; options?: SchemaNode[]; in?: SchemaNode; valueType?: SchemaNode } };
}

/** The schemas a value may be checked against: wrappers, unions and pipes opened up. */
function alternatives(s: SchemaNode): SchemaNode[] {
  const def = s._zod.def;
  if (def.innerType) return alternatives(def.innerType);
  if (def.options) return def.options.flatMap(alternatives);
  if (def.type === 'pipe' && def.in) return alternatives(def.in);
  return [s];
}

/**
 * The keys the schema allows in the mapping at `path` (for "did you mean" when a key is
 * unknown): the definition's shape is the one place that knows them.
 */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let nodes = alternatives(schema as unknown as SchemaNode);
  for (const key of path) {
    nodes = nodes.flatMap((n) => {
      const def = n._zod.def;
      if (def.shape && typeof key === 'string' && def.shape[key]) return alternatives(def.shape[key]);
      if (def.element && typeof key === 'number') return alternatives(def.element);
      if (def.valueType && typeof key === 'string') return alternatives(def.valueType);
      return [];
    });
  }
  return [...new Set(nodes.flatMap((n) => Object.keys(n._zod.def.shape ?? {})))];
}
