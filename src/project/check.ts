/**
 * Cross-reference checks of a definition that passed the schema: every code used exists,
 * every filter fits its measure, ids are unique. Each problem names its YAML path.
 */
import type { MessageKey, Params } from '../i18n/index.js';
import { dictionaryKey } from '../text.js';
import type { Dictionaries } from './dictionaries.js';
import { isPersons, PARTICIPANT_FILTER_KEYS, type Definition, type IndicatorDefinition, type Where } from './schema.js';

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
  const lists: [keyof Where, readonly string[]][] = [
    ['education', dict.wyksztalcenie],
    ['status', dict.status],
    ['status_detail', Object.values(dict.status_detail).flat()],
    ['exit_situation', dict.sytuacja_po_zakonczeniu],
  ];
  for (const [key, allowed] of lists) {
    const keys = new Set(allowed.map(dictionaryKey));
    asList(where[key] as string | string[] | undefined).forEach((v, j) => {
      if (!keys.has(dictionaryKey(v))) {
        const p = Array.isArray(where[key]) ? [...path, key, j] : [...path, key];
        out.push({ path: p, key: 'def.unknownValue', params: { value: v } });
      }
    });
  }
  if (where.age?.min !== undefined && where.age.max !== undefined && where.age.min > where.age.max) {
    out.push({ path: [...path, 'age'], key: 'def.ageOrder' });
  }
}

function checkWhereCodes(where: Where, path: YamlPath, def: Definition, out: Problems): void {
  const actions = new Set(def.actions.map((a) => a.code));
  const forms = new Set(def.forms.map((f) => f.code));
  for (const [key, known, msg] of [['action', actions, 'def.unknownAction'], ['form', forms, 'def.unknownForm']] as const) {
    const v = where[key];
    asList(v).forEach((c, j) => {
      if (!known.has(c)) out.push({ path: Array.isArray(v) ? [...path, key, j] : [...path, key], key: msg, params: { code: c } });
    });
  }
}

const SESSION_MEASURES = new Set(['sessions', 'hours']);

function checkIndicator(ind: IndicatorDefinition, i: number, def: Definition, dict: Dictionaries, out: Problems): void {
  const base: YamlPath = ['indicators', i];
  const persons = isPersons(ind.unit);
  if (ind.where) {
    checkWhereCodes(ind.where, [...base, 'where'], def, out);
    checkWhereValues(ind.where, [...base, 'where'], dict, out);
    if (SESSION_MEASURES.has(ind.measure)) {
      for (const key of PARTICIPANT_FILTER_KEYS) {
        if (ind.where[key] !== undefined) {
          out.push({ path: [...base, 'where', key], key: 'def.participantFilterOnSession', params: { key, measure: ind.measure } });
        }
      }
    }
  }
  if (ind.measure === 'ratio') {
    for (const part of ['numerator', 'denominator'] as const) {
      const sub = ind[part];
      if (!sub) {
        out.push({ path: [...base], key: 'def.ratioNeeds', params: { part } });
        continue;
      }
      if (sub.where) {
        checkWhereCodes(sub.where, [...base, part, 'where'], def, out);
        checkWhereValues(sub.where, [...base, part, 'where'], dict, out);
      }
    }
    if (ind.where) out.push({ path: [...base, 'where'], key: 'def.ratioWhere' });
  } else {
    if (ind.numerator) out.push({ path: [...base, 'numerator'], key: 'def.onlyRatio' });
    if (ind.denominator) out.push({ path: [...base, 'denominator'], key: 'def.onlyRatio' });
  }
  if (ind.at !== undefined && ind.measure !== 'participants') {
    out.push({ path: [...base, 'at'], key: 'def.atOnlyParticipants' });
  }
  if (ind.headcount !== undefined && ind.measure !== 'attendances') {
    out.push({ path: [...base, 'headcount'], key: 'def.headcountOnlyAttendances' });
  }
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
