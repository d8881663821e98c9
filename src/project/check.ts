/**
 * Cross-reference checks of a definition that passed the schema: every code used exists,
 * every filter fits its measure, ids are unique. Each problem names its YAML path.
 */
import type { MessageKey, Params } from '../i18n/index.js';
import { dictionaryKey } from '../text.js';
import type { Dictionaries } from './dictionaries.js';
import { attributeFilters, fieldSpec, type ParticipantField } from './fields.js';
import { isPersons, type Definition, type IndicatorDefinition, type Where } from './schema.js';

export type YamlPath = (string | number)[];

export interface DefinitionProblem {
  path: YamlPath;
  key: MessageKey;
  params?: Params;
}

type Problems = DefinitionProblem[];

function duplicates<T>(items: readonly T[], keyOf: (x: T) => string, base: YamlPath, field: string, out: Problems): void {
  const seen = new Set<string>();
  items.forEach((x, i) => {
    const k = keyOf(x);
    if (seen.has(k)) out.push({ path: [...base, i, field], key: 'def.duplicateId', params: { id: k } });
    seen.add(k);
  });
}

function asList<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function checkProjectPeriod(def: Definition, out: Problems): void {
  const { from, to } = def.project.period;
  if (from > to) out.push({ path: ['project', 'period', 'to'], key: 'def.periodOrder' });
}

function checkActions(def: Definition, out: Problems): void {
  const forms = new Set(def.forms.map((f) => f.code));
  duplicates(def.actions, (a) => a.code, ['actions'], 'code', out);
  duplicates(def.forms, (f) => f.code, ['forms'], 'code', out);
  def.actions.forEach((a, i) => {
    if (a.window.from > a.window.to) out.push({ path: ['actions', i, 'window', 'to'], key: 'def.periodOrder' });
    (a.forms ?? []).forEach((f, j) => {
      if (!forms.has(f)) out.push({ path: ['actions', i, 'forms', j], key: 'def.unknownForm', params: { code: f } });
    });
  });
}

function checkReporting(def: Definition, out: Problems): void {
  const p = def.reporting.periods;
  if (!Array.isArray(p)) return;
  duplicates(p, (x) => x.id, ['reporting', 'periods'], 'id', out);
  p.forEach((x, i) => {
    if (x.from > x.to) out.push({ path: ['reporting', 'periods', i, 'to'], key: 'def.periodOrder' });
  });
}

/** Dictionary-backed `where` values must be allowed values, or they would silently match nothing. */
function checkWhereValues(where: Where, path: YamlPath, dict: Dictionaries, out: Problems): void {
  for (const [key, { match, fields }] of attributeFilters()) {
    if (match !== 'dictionary') continue;
    const values = (where as Record<string, string | string[] | undefined>)[key];
    const allowed = new Set(fields.flatMap((f) => allowedValues(f, dict)).map(dictionaryKey));
    asList(values).forEach((v, j) => {
      if (!allowed.has(dictionaryKey(v))) out.push({ path: Array.isArray(values) ? [...path, key, j] : [...path, key], key: 'def.unknownValue', params: { value: v } });
    });
  }
  if (where.age?.min !== undefined && where.age.max !== undefined && where.age.min > where.age.max) {
    out.push({ path: [...path, 'age'], key: 'def.ageOrder' });
  }
}

/** The values a dictionary field allows (a status detail: any status's details). */
function allowedValues(field: ParticipantField, dict: Dictionaries): string[] {
  const spec = fieldSpec(field);
  if (spec.kind === 'statusDetail') return Object.values(dict.status_detail).flat();
  return spec.dictionary ? dict[spec.dictionary] : [];
}

function checkWhereCodes(where: Where | { action?: string | string[]; form?: string | string[] }, path: YamlPath, def: Definition, out: Problems): void {
  const actions = new Set(def.actions.map((a) => a.code));
  const forms = new Set(def.forms.map((f) => f.code));
  for (const [key, known, msg] of [['action', actions, 'def.unknownAction'], ['form', forms, 'def.unknownForm']] as const) {
    const v = where[key];
    asList(v).forEach((c, j) => {
      if (!known.has(c)) out.push({ path: Array.isArray(v) ? [...path, key, j] : [...path, key], key: msg, params: { code: c } });
    });
  }
}

/** The filters of an indicator with their YAML paths: its own, or its numerator's and denominator's. */
function filtersOf(ind: IndicatorDefinition, base: YamlPath): [Where, YamlPath][] {
  if (ind.measure === 'ratio') {
    return (['numerator', 'denominator'] as const).flatMap((part) => (ind[part].where ? [[ind[part].where, [...base, part, 'where']] as [Where, YamlPath]] : []));
  }
  return ind.where ? [[ind.where, [...base, 'where']]] : [];
}

/**
 * What the schema cannot see: codes and dictionary values in filters, and units. The keys each
 * measure takes are the schema's (a discriminated union on `measure`).
 */
function checkIndicator(ind: IndicatorDefinition, i: number, def: Definition, dict: Dictionaries, out: Problems): void {
  const base: YamlPath = ['indicators', i];
  for (const [where, path] of filtersOf(ind, base)) {
    checkWhereCodes(where, path, def, out);
    checkWhereValues(where, path, dict, out);
  }
  const persons = isPersons(ind.unit);
  if (persons && ind.measure !== 'participants' && ind.measure !== 'ratio') {
    out.push({ path: [...base, 'unit'], key: 'def.personsUnit', params: { measure: ind.measure } });
  }
  if (!persons && ind.measure !== 'ratio' && ind.target && (ind.target.K !== undefined || ind.target.M !== undefined)) {
    out.push({ path: [...base, 'target'], key: 'def.targetKMOnlyPersons' });
  }
}

function checkOutcomes(def: Definition, out: Problems): void {
  const ids = new Set(def.indicators.map((x) => x.id));
  for (const section of ['products', 'results'] as const) {
    duplicates(def[section], (x) => x.id, [section], 'id', out);
    def[section].forEach((o, i) => {
      o.indicators.forEach((id, j) => {
        if (!ids.has(id)) out.push({ path: [section, i, 'indicators', j], key: 'def.unknownIndicator', params: { id } });
      });
    });
  }
}

export function checkDefinition(def: Definition, dict: Dictionaries): DefinitionProblem[] {
  const out: Problems = [];
  checkProjectPeriod(def, out);
  checkActions(def, out);
  checkReporting(def, out);
  duplicates(def.indicators, (x) => x.id, ['indicators'], 'id', out);
  def.indicators.forEach((ind, i) => checkIndicator(ind, i, def, dict, out));
  checkOutcomes(def, out);
  return out;
}
