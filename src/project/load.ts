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
import { withOverrides, type Dictionaries } from './dictionaries.js';
import { definitionSchema, type Definition } from './schema.js';

export interface Project {
  /** Absolute path of `pal-report.yaml`. */
  file: string;
  /** Directory of the definition: data paths are relative to it. */
  dir: string;
  definition: Definition;
  dictionaries: Dictionaries;
}

export function formatYamlPath(p: readonly PropertyKey[]): string {
  let s = '';
  for (const k of p) {
    if (typeof k === 'number') s += `[${k}]`;
    else s += s ? `.${String(k)}` : String(k);
  }
  return s || '(plik)';
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

function zodMessage(issue: ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? t('def.required') : t('def.expected', { type: describeType(issue.expected) });
    case 'invalid_value':
      return t('def.oneOf', { values: issue.values.map((v) => String(v)).join(', ') });
    case 'unrecognized_keys':
      return t('def.unknownKeys', { keys: issue.keys.join(', ') });
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
      return issue.message;
  }
}

function locate(label: string, p: readonly PropertyKey[], line: number | undefined, message: string): string {
  return `${label}: ${formatYamlPath(p)}: ${message}${line ? ` (${t('def.line', { line })})` : ''}`;
}

/**
 * Parses and checks a definition text. Throws ConfigError whose details are one line per
 * problem: `pal-report.yaml: indicators[3].target.K: oczekiwano liczby (linia 57)`.
 */
export function parseDefinition(text: string, label: string): { definition: Definition; dictionaries: Dictionaries } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const details = doc.errors.map((e) => {
      const line = counter.linePos(e.pos[0]).line;
      return `${label}: ${t('def.yamlSyntax', { line, reason: e.message.split('\n')[0] ?? '' })}`;
    });
    throw new ConfigError(details[0] ?? label, details);
  }
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(`${label}: ${t('def.notMapping')}`);
  }
  const parsed = definitionSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const details = parsed.error.issues.flatMap(flattenUnion)
      .map((i) => locate(label, i.path, lineOf(doc, counter, i.path), zodMessage(i)));
    throw new ConfigError(details[0] ?? label, [...new Set(details)]);
  }
  const definition = parsed.data;
  const dictionaries = withOverrides(definition.dictionaries);
  const problems = checkDefinition(definition, dictionaries);
  if (problems.length > 0) {
    const details = problems.map((p) => locate(label, p.path, lineOf(doc, counter, p.path), t(p.key, p.params as Params)));
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
  const label = path.relative(cwd, file) || path.basename(file);
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
