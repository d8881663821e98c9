/**
 * Reading the project definition: YAML (with line numbers kept for messages), the zod
 * schema, then the cross-reference checks. `parseDefinition` is pure; `loadProject` only
 * finds and reads the file.
 */
import { path, readText, type Inputs } from '../platform/index.js';
import { LineCounter, parseDocument, isMap, isNode, isScalar, isSeq, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError, type DefinitionProblem } from '../errors.js';
import { message, type Message, type MessageKey } from '../i18n/index.js';
import { checkDefinition } from './check.js';
import { closestOf } from '../text.js';
import { withOverrides, type Dictionaries } from './dictionaries.js';
import { definitionSchema, keysAt, tagValues, type Definition } from './schema.js';

export interface Project {
  /** Absolute path of `pal-report.yaml`. */
  file: string;
  /** Directory of the definition: data paths are relative to it. */
  dir: string;
  definition: Definition;
  dictionaries: Dictionaries;
}

/**
 * `indicators[3].target.K` as the user knows it: a list item that has a unique `id` or `code`
 * is named by it (`indicators[WP1].target.K`), otherwise by its position.
 */
export function formatYamlPath(p: readonly PropertyKey[], raw?: unknown): string {
  let s = '';
  let node: unknown = raw;
  for (const k of p) {
    if (typeof k === 'number') s += `[${itemName(node, k) ?? k}]`;
    else s += s ? `.${String(k)}` : String(k);
    node = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[k as string] : undefined;
  }
  return s || '(plik)';
}

function itemName(list: unknown, index: number): string | undefined {
  if (!Array.isArray(list)) return undefined;
  const nameOf = (x: unknown) => {
    if (x === null || typeof x !== 'object') return undefined;
    const v = (x as Record<string, unknown>).id ?? (x as Record<string, unknown>).code;
    return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
  };
  const name = nameOf(list[index]);
  return name !== undefined && list.filter((x) => nameOf(x) === name).length === 1 ? name : undefined;
}

/**
 * The line of the deepest node on the path that exists: for a map entry the line of its key,
 * so a missing key is reported at its parent's key (`project:`).
 */
function lineOf(doc: Document, counter: LineCounter, p: readonly PropertyKey[]): number | undefined {
  let node: unknown = doc.contents;
  let line: number | undefined = isNode(node) && node.range ? counter.linePos(node.range[0]).line : undefined;
  for (const key of p) {
    if (isMap(node)) {
      const pair = node.items.find((it) => (isScalar(it.key) ? it.key.value : it.key) === key);
      if (!pair) break;
      if (isNode(pair.key) && pair.key.range) line = counter.linePos(pair.key.range[0]).line;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key];
      if (!isNode(item)) break;
      if (item.range) line = counter.linePos(item.range[0]).line;
      node = item;
    } else break;
  }
  return line;
}

type ZodIssue = z.core.$ZodIssue;

function describeType(expected: string): Message | string {
  const known = ['number', 'string', 'boolean', 'array', 'object'];
  return known.includes(expected) ? message(`def.type.${expected}` as MessageKey) : expected;
}

/** The most specific issues of a union: those of the branch that got furthest. */
function flattenUnion(issue: ZodIssue): ZodIssue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
  let best: ZodIssue[] = [];
  let depth = -1;
  for (const branch of issue.errors) {
    const d = Math.max(...branch.map((b) => b.path.length));
    if (d > depth) {
      depth = d;
      best = branch.map((b) => ({ ...b, path: [...issue.path, ...b.path] }) as ZodIssue);
    }
  }
  // a branch that failed at the very top only says "wrong type": the union's own text is clearer
  return depth === 0 && best.every((b) => b.code === 'invalid_type') ? [issue] : best.flatMap(flattenUnion);
}

/** The last named key of a path: what is missing or unknown. */
function keyName(p: readonly PropertyKey[]): string {
  const last = [...p].reverse().find((k) => typeof k === 'string');
  return last === undefined ? '' : String(last);
}

/** The definition's value at a path. */
function valueAt(raw: unknown, p: readonly PropertyKey[]): unknown {
  let v = raw;
  for (const k of p) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k as string] : undefined;
  return v;
}

function zodMessage(issue: ZodIssue, raw: unknown): Message {
  // a tagged union (`measure`) whose tag is missing or unknown
  if (issue.code === 'invalid_union' && 'discriminator' in issue && typeof issue.discriminator === 'string') {
    const value = valueAt(raw, issue.path);
    if (value === undefined) return message('def.missingKey', { key: issue.discriminator });
    return message('def.oneOf', { value: String(value), values: tagValues(definitionSchema, issue.path, issue.discriminator).join(', ') });
  }
  // a key that is not there is missing, whatever type it should have had
  if (issue.input === undefined && issue.code !== 'unrecognized_keys' && issue.code !== 'custom') {
    return message('def.missingKey', { key: keyName(issue.path) });
  }
  switch (issue.code) {
    case 'invalid_type':
      return message('def.expected', { type: describeType(issue.expected) });
    case 'invalid_value':
      return message('def.oneOf', { value: String(issue.input), values: issue.values.map((v) => String(v)).join(', ') });
    case 'too_small':
      return issue.origin === 'array' ? message('def.tooFewItems', { min: String(issue.minimum) })
        : issue.origin === 'string' ? message('def.required') : message('def.tooSmall', { min: String(issue.minimum) });
    case 'too_big':
      return message('def.tooBig', { max: String(issue.maximum) });
    case 'invalid_format':
      return message('def.badCode');
    case 'custom':
      return message(issue.message === 'bad-date' ? 'def.badDate' : issue.message === 'bad-month' ? 'def.badMonth' : 'def.badShape');
    default:
      return message('def.badShape');
  }
}

/**
 * Each unknown key on its own line: a key that belongs to another measure says so (a person
 * filter on a measure that counts sessions, `at` outside `participants` …); otherwise the
 * closest key the schema knows there.
 */
function unknownKeys(issue: ZodIssue & { code: 'unrecognized_keys' }, raw: unknown, locate: Locate): DefinitionProblem[] {
  const { known, elsewhere } = keysAt(definitionSchema, issue.path, raw);
  // the indicator (or ratio part) the key sits in, and its measure
  const owner = issue.path.at(-1) === 'where' ? issue.path.slice(0, -1) : issue.path;
  const measure = String(valueAt(raw, [...owner, 'measure']) ?? '');
  return issue.keys.map((key) => {
    const p = [...issue.path, key];
    const other = elsewhere.get(key);
    if (other && issue.path.at(-1) === 'where') return locate(p, message('def.participantFilterOnSession', { key, measure }));
    if (other) return locate(p, message('def.keyOfOtherMeasure', { key, measure, measures: other.map((b) => b.replace(/^measure: /, '')).join(', ') }));
    const closest = closestOf(key, known);
    return locate(p, closest ? message('def.unknownKeyClosest', { key, closest }) : message('def.unknownKey', { key, known: known.join(', ') }));
  });
}

/** A problem at a YAML path: the path as the user knows it and the line of the deepest node that is there. */
type Locate = (p: readonly PropertyKey[], m: Message) => DefinitionProblem;

function locator(label: string, doc: Document, counter: LineCounter, raw: unknown): Locate {
  return (p, m) => {
    const line = lineOf(doc, counter, p);
    return line === undefined ? { file: label, path: formatYamlPath(p, raw), message: m } : { file: label, path: formatYamlPath(p, raw), line, message: m };
  };
}

/** The parser's error codes in words; the parser's own (English) text is only for --debug. */
const YAML_ERRORS: Partial<Record<string, MessageKey>> = {
  BAD_INDENT: 'def.yaml.indent',
  TAB_AS_INDENT: 'def.yaml.tab',
  DUPLICATE_KEY: 'def.yaml.duplicateKey',
  MISSING_CHAR: 'def.yaml.missingChar',
  BLOCK_AS_IMPLICIT_KEY: 'def.yaml.structure',
  MULTILINE_IMPLICIT_KEY: 'def.yaml.structure',
  UNEXPECTED_TOKEN: 'def.yaml.unexpected',
  BAD_SCALAR_START: 'def.yaml.scalarStart',
  BAD_DQ_ESCAPE: 'def.yaml.escape',
  MULTIPLE_DOCS: 'def.yaml.multipleDocs',
};

/** The line (1-based) of a `[` or `{` before `line` that is still open, if any (outside quotes and comments). */
function unclosedBracket(text: string, line: number): number | undefined {
  const lines = text.split(/\r?\n/).slice(0, line - 1);
  const open: number[] = [];
  lines.forEach((l, i) => {
    let quote = '';
    for (const ch of l) {
      if (quote) {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '#') break;
      else if (ch === '[' || ch === '{') open.push(i + 1);
      else if ((ch === ']' || ch === '}') && open.length) open.pop();
    }
  });
  return open.at(-1);
}

/**
 * The first syntax error, in Polish, with line and column (one mistake trips many later
 * checks, so the rest are only counted); an unclosed bracket above is pointed at.
 */
function yamlSyntaxError(text: string, doc: Document, counter: LineCounter, label: string): ConfigError {
  const debug = doc.errors.map((e) => {
    const { line, col } = counter.linePos(e.pos[0]);
    return `${label}:${line}:${col}: ${e.code}: ${e.message.split('\n')[0] ?? ''}`;
  });
  const first = doc.errors[0] as (typeof doc.errors)[number];
  const { line, col } = counter.linePos(first.pos[0]);
  const bracket = first.code === 'BAD_INDENT' || first.code === 'MISSING_CHAR' ? unclosedBracket(text, line) : undefined;
  const reason = bracket !== undefined ? message('def.yaml.unclosed', { line: bracket }) : message(YAML_ERRORS[first.code] ?? 'def.yaml.other');
  const more = doc.errors.length > 1 ? message('def.yaml.more', { n: doc.errors.length - 1 }) : '';
  return new ConfigError([{ file: label, message: message('def.yamlSyntax', { line, column: col, reason, more }) }], debug);
}

/**
 * Parses and checks a definition text. Throws ConfigError with one problem per mistake, each
 * with its YAML path and line: `pal-report.yaml: indicators[WP1].target.K: oczekiwano liczby (linia 57)`.
 */
export function parseDefinition(text: string, label: string): { definition: Definition; dictionaries: Dictionaries } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) throw yamlSyntaxError(text, doc, counter, label);
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError([{ file: label, message: message('def.notMapping') }]);
  }
  const locate = locator(label, doc, counter, raw);
  const parsed = definitionSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap(flattenUnion).flatMap((i) => (i.code === 'unrecognized_keys' ? unknownKeys(i, raw, locate) : [locate(i.path, zodMessage(i, raw))]));
    // a union tried in several branches can report the same thing twice
    throw new ConfigError([...new Map(problems.map((p) => [JSON.stringify(p), p])).values()]);
  }
  const definition = parsed.data;
  const dictionaries = withOverrides(definition.dictionaries);
  const problems = checkDefinition(definition, dictionaries);
  if (problems.length > 0) throw new ConfigError(problems.map((p) => locate(p.path, message(p.key, p.params))));
  return { definition, dictionaries };
}

/** `--project <file|dir>`: a directory means `<dir>/pal-report.yaml`. */
export async function resolveProjectFile(inputs: Inputs, option: string | undefined): Promise<string> {
  const given = inputs.resolve(option ?? 'pal-report.yaml');
  // not there: reported by loadProject with the path the user gave
  if ((await inputs.kind(given)) === 'directory') return path.join(given, 'pal-report.yaml');
  return given;
}

/** The definition `--project` names (relative to the platform's working folder), read and checked. */
export async function loadProject(inputs: Inputs, option: string | undefined): Promise<Project> {
  const file = await resolveProjectFile(inputs, option);
  // the path as the user gave it (a directory they named shows the file inside it)
  const label = option === undefined ? path.basename(file) : inputs.resolve(option) === file ? option : path.join(option, path.basename(file));
  let text: string;
  try {
    text = await readText(inputs, file);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const m = code === 'ENOENT' ? message('def.missingFile') : code === 'EISDIR' ? message('def.isDirectory') : message('def.unreadable', { reason: code ?? String(e) });
    throw new ConfigError([{ file: label, message: m }]);
  }
  const { definition, dictionaries } = parseDefinition(text.replace(/^\uFEFF/, ''), label);
  return { file, dir: path.dirname(file), definition, dictionaries };
}
