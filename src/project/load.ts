/**
 * Reading the project definition: YAML (with line numbers kept for messages), the zod
 * schema, then the cross-reference checks. `parseDefinition` is pure; `loadProject` only
 * finds and reads the file.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isMap, isNode, isScalar, isSeq, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { t, type MessageKey, type Params } from '../i18n/index.js';
import { checkDefinition } from './check.js';
import { closestOf } from '../text.js';
import { withOverrides, type Dictionaries } from './dictionaries.js';
import { definitionSchema, keysAt, type Definition } from './schema.js';

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

function describeType(expected: string): string {
  const key = `def.type.${expected}` as MessageKey;
  const known = ['number', 'string', 'boolean', 'array', 'object'];
  return known.includes(expected) ? t(key) : expected;
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

function zodMessage(issue: ZodIssue): string {
  // a key that is not there is missing, whatever type it should have had
  if (issue.input === undefined && issue.code !== 'unrecognized_keys' && issue.code !== 'custom') {
    return t('def.missingKey', { key: keyName(issue.path) });
  }
  switch (issue.code) {
    case 'invalid_type':
      return t('def.expected', { type: describeType(issue.expected) });
    case 'invalid_value':
      return t('def.oneOf', { value: String(issue.input), values: issue.values.map((v) => String(v)).join(', ') });
    case 'too_small':
      return issue.origin === 'array' ? t('def.tooFewItems', { min: String(issue.minimum) })
        : issue.origin === 'string' ? t('def.required') : t('def.tooSmall', { min: String(issue.minimum) });
    case 'too_big':
      return t('def.tooBig', { max: String(issue.maximum) });
    case 'invalid_union':
      return t('def.badShape');
    case 'invalid_format':
      return t('def.badCode');
    case 'custom':
      return issue.message === 'bad-date' ? t('def.badDate')
        : issue.message === 'bad-month' ? t('def.badMonth') : t('def.badShape');
    default:
      return t('def.badShape');
  }
}

/** Each unknown key on its own line, with the closest key the schema knows there. */
function unknownKeys(issue: ZodIssue & { code: 'unrecognized_keys' }, raw: unknown, where: (p: PropertyKey[]) => number | undefined, label: string): string[] {
  const known = keysAt(definitionSchema, issue.path);
  return issue.keys.map((key) => {
    const p = [...issue.path, key];
    const closest = closestOf(key, known);
    const message = closest ? t('def.unknownKeyClosest', { key, closest }) : t('def.unknownKey', { key, known: known.join(', ') });
    return locate(label, p, where(p), message, raw);
  });
}

function locate(label: string, p: readonly PropertyKey[], line: number | undefined, message: string, raw: unknown): string {
  return `${label}: ${formatYamlPath(p, raw)}: ${message}${line ? ` (${t('def.line', { line })})` : ''}`;
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
  const reason = bracket !== undefined ? t('def.yaml.unclosed', { line: bracket }) : t(YAML_ERRORS[first.code] ?? 'def.yaml.other');
  const more = doc.errors.length > 1 ? ` ${t('def.yaml.more', { n: doc.errors.length - 1 })}` : '';
  const message = `${label}: ${t('def.yamlSyntax', { line, column: col, reason })}${more}`;
  return new ConfigError(message, [message], debug);
}

/**
 * Parses and checks a definition text. Throws ConfigError whose details are one line per
 * problem: `pal-report.yaml: indicators[3].target.K: oczekiwano liczby (linia 57)`.
 */
export function parseDefinition(text: string, label: string): { definition: Definition; dictionaries: Dictionaries } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) throw yamlSyntaxError(text, doc, counter, label);
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(`${label}: ${t('def.notMapping')}`);
  }
  const parsed = definitionSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const where = (p: PropertyKey[]) => lineOf(doc, counter, p);
    const details = parsed.error.issues.flatMap(flattenUnion).flatMap((i) => (i.code === 'unrecognized_keys'
      ? unknownKeys(i, raw, where, label)
      : [locate(label, i.path, where(i.path), zodMessage(i), raw)]));
    throw new ConfigError(details[0] ?? label, [...new Set(details)]);
  }
  const definition = parsed.data;
  const dictionaries = withOverrides(definition.dictionaries);
  const problems = checkDefinition(definition, dictionaries);
  if (problems.length > 0) {
    const details = problems.map((p) => locate(label, p.path, lineOf(doc, counter, p.path), t(p.key, p.params as Params), raw));
    throw new ConfigError(details[0] ?? label, details);
  }
  return { definition, dictionaries };
}

/** `--project <file|dir>`: a directory means `<dir>/pal-report.yaml`. */
export function resolveProjectFile(option: string | undefined, cwd: string): string {
  const given = path.resolve(cwd, option ?? 'pal-report.yaml');
  try {
    if (statSync(given).isDirectory()) return path.join(given, 'pal-report.yaml');
  } catch {
    // not there: reported by loadProject with the path the user gave
  }
  return given;
}

export function loadProject(option: string | undefined, cwd = process.cwd()): Project {
  const file = resolveProjectFile(option, cwd);
  // the path as the user gave it (a directory they named shows the file inside it)
  const label = option === undefined ? path.basename(file) : path.resolve(cwd, option) === file ? option : path.join(option, path.basename(file));
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(`${label}: ${code === 'ENOENT' ? t('def.missingFile') : code === 'EISDIR' ? t('def.isDirectory') : t('def.unreadable', { reason: code ?? String(e) })}`);
  }
  const { definition, dictionaries } = parseDefinition(text.replace(/^\uFEFF/, ''), label);
  return { file, dir: path.dirname(file), definition, dictionaries };
}
