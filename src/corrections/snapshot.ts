/**
 * A snapshot of a submitted period (SPEC §8): what `report progress --period P` showed — the
 * §4.4 indicator JSON — with the evidence behind every value, the inputs' SHA-256, and a digest
 * of the whole, so a snapshot edited by hand is refused rather than trusted. Pure: reading and
 * writing files is store.ts.
 */
import { z } from 'zod';
import { message, type Message } from '../i18n/index.js';
import { indicatorsJsonSchema, isoDay, periodJson } from '../indicators/index.js';
import type { Evidence } from './evidence.js';
import type { Crypto } from '../platform/index.js';
import { sha256, stableJson } from './json.js';

export const SNAPSHOT_FORMAT = 'pal-report/snapshot@1';

const snapshotSchema = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT),
  project: z.string(),
  period: periodJson,
  asOf: isoDay,
  /** ISO date-time (`--generated-at` / `SOURCE_DATE_EPOCH`, else now). */
  submittedAt: z.iso.datetime({ offset: true }),
  note: z.string().optional(),
  /** When this snapshot replaced an earlier one: where the old one is kept, its SHA-256 and why. */
  replaces: z.strictObject({ file: z.string(), sha256: z.string(), reason: z.string() }).optional(),
  /** `keyFingerprint` of the project key the persons were hashed with (when there was a key). */
  keyCheck: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  inputs: z.array(z.strictObject({ file: z.string(), sha256: z.string() })),
  /** Exactly `indicators --format json` for the period (SPEC §4.4). */
  values: indicatorsJsonSchema,
  // checked by `evidenceShape` below: zod would copy a million marks to check strings
  evidence: z.unknown(),
  /** SHA-256 of the stable JSON of everything else: a hand edit shows. */
  digest: z.string(),
});

export type SnapshotPeriod = z.infer<typeof periodJson>;

/** A snapshot as written: its values exactly the §4.4 JSON. */
export type SnapshotFile = Omit<z.input<typeof snapshotSchema>, 'evidence'> & { evidence: Evidence };

/** A snapshot as read: each value's cells with their kind. */
export type Snapshot = Omit<z.output<typeof snapshotSchema>, 'evidence'> & { evidence: Evidence };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isStrings = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
const PLACE = (v: unknown) => isObject(v) && typeof v.file === 'string' && typeof v.row === 'number';
const SIDE_KEYS = new Set(['persons', 'denominator', 'pending', 'sessions', 'marks']);

/** The evidence's shape, checked in place: the path of the first thing wrong, or undefined. */
function evidenceShape(e: unknown): string | undefined {
  if (!isObject(e)) return 'evidence';
  for (const part of ['persons', 'sessions', 'marks', 'indicators']) if (!isObject(e[part])) return `evidence.${part}`;
  const { persons, sessions, marks, indicators } = e as Record<string, Record<string, unknown>>;
  for (const [k, v] of Object.entries(persons ?? {})) {
    const fields = PLACE(v) ? (v as Record<string, unknown>).fields : null;
    if (fields !== undefined && (!isObject(fields) || Object.values(fields).some((h) => typeof h !== 'string'))) return `evidence.persons.${k}`;
  }
  for (const [k, v] of Object.entries(sessions ?? {})) {
    if (!PLACE(v) || typeof (v as Record<string, unknown>).date !== 'string' || typeof (v as Record<string, unknown>).hours !== 'number') return `evidence.sessions.${k}`;
  }
  for (const [k, v] of Object.entries(marks ?? {})) if (typeof v !== 'string') return `evidence.marks.${k}`;
  for (const [id, v] of Object.entries(indicators ?? {})) {
    if (!isObject(v)) return `evidence.indicators.${id}`;
    for (const sideName of ['period', 'cumulative']) {
      const sd = v[sideName];
      if (!isObject(sd) || Object.keys(sd).some((k) => !SIDE_KEYS.has(k))) return `evidence.indicators.${id}.${sideName}`;
      if (![sd.persons, sd.denominator, sd.pending, sd.sessions].every(isStrings)) return `evidence.indicators.${id}.${sideName}`;
      if (sd.marks !== undefined && (!isObject(sd.marks) || Object.values(sd.marks).some((n) => typeof n !== 'number'))) return `evidence.indicators.${id}.${sideName}.marks`;
    }
  }
  return undefined;
}

/**
 * The digest is the SHA-256 of the snapshot's stable JSON without it; in the file as written it
 * is the line right after `asOf` (keys are sorted), so checking such a file is removing that line
 * and hashing the rest — no second serialisation of a snapshot that may hold a million marks.
 */
const DIGEST_LINE = /^ {2}"digest": "([0-9a-f]{64})",\n/m;

/** A snapshot's file text, with its digest. */
export function sealSnapshot(crypto: Crypto, s: Omit<SnapshotFile, 'digest'>): { text: string } {
  const body = stableJson(s);
  const digest = sha256(crypto, body);
  const at = body.indexOf('\n', body.indexOf('\n  "asOf": ') + 1) + 1;
  return { text: `${body.slice(0, at)}  "digest": "${digest}",\n${body.slice(at)}` };
}

/** Whether a snapshot file's text is exactly what `sealSnapshot` wrote (the fast way: no second serialisation). */
function writtenAsSealed(crypto: Crypto, text: string, digest: string): boolean {
  const m = DIGEST_LINE.exec(text);
  return m?.[1] === digest && sha256(crypto, text.slice(0, m.index) + text.slice(m.index + m[0].length)) === digest;
}

/**
 * Whether the digest holds over the snapshot's canonical form (the stable JSON `sealSnapshot`
 * hashed): a file re-indented or with its keys re-ordered (an editor, `jq`) says the same and is
 * accepted; a changed value is not. A file as it was written is checked without serialising it again.
 */
function digestHolds(crypto: Crypto, text: string, raw: Record<string, unknown>, digest: string): boolean {
  if (writtenAsSealed(crypto, text, digest)) return true;
  const { digest: _own, ...rest } = raw;
  return sha256(crypto, stableJson(rest)) === digest;
}

export type ParsedSnapshot = { ok: true; snapshot: Snapshot } | { ok: false; problem: Message };

/**
 * A snapshot file's text as `sealSnapshot` wrote it, if only its line endings or a leading BOM
 * changed on the way (Git for Windows with core.autocrlf=true checks text out with CRLF; some
 * editors save UTF-8 with a BOM): neither changes what the snapshot says.
 */
export function normaliseSnapshotText(text: string): string {
  const noBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return noBom.includes('\r\n') ? noBom.replace(/\r\n/g, '\n') : noBom;
}

/** Checks a snapshot file's text: JSON, the shape, the digest, the project number. */
export function parseSnapshot(crypto: Crypto, fileText: string, projectNumber: string): ParsedSnapshot {
  const text = normaliseSnapshotText(fileText);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, problem: message('snapshot.notJson') };
  }
  const parsed = snapshotSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: message('snapshot.shape', { path: issue?.path.join('.') || '—' }) };
  }
  const wrong = evidenceShape(parsed.data.evidence);
  if (wrong !== undefined) return { ok: false, problem: message('snapshot.shape', { path: wrong }) };
  const s = parsed.data;
  if (!digestHolds(crypto, text, raw as Record<string, unknown>, s.digest)) return { ok: false, problem: message('snapshot.edited') };
  if (s.project !== projectNumber) return { ok: false, problem: message('snapshot.otherProject', { number: s.project, expected: projectNumber }) };
  return { ok: true, snapshot: { ...s, evidence: s.evidence as Evidence } };
}

/** The period block of a snapshot as `sealSnapshot` writes it (two-space indents, keys sorted). */
const PERIOD_BLOCK = /^ {2}"period": \{\n {4}"from": ("(?:[^"\\\n]|\\.)*"),\n {4}"id": ("(?:[^"\\\n]|\\.)*"),\n {4}"to": ("(?:[^"\\\n]|\\.)*")\n {2}\},?$/m;

/**
 * Just the period of a snapshot file, for `submit` (which checks a new period against the ones
 * submitted): read from its lines when the file is as written, without parsing a snapshot that
 * may hold a million marks; otherwise (re-formatted) from the parsed JSON. Undefined when there
 * is none; 'not-json' when the text is not JSON.
 */
export function snapshotPeriod(fileText: string): SnapshotPeriod | 'not-json' | undefined {
  const text = normaliseSnapshotText(fileText);
  const m = PERIOD_BLOCK.exec(text);
  if (m) return { from: JSON.parse(m[1] as string) as string, id: JSON.parse(m[2] as string) as string, to: JSON.parse(m[3] as string) as string };
  let period: unknown;
  try {
    period = (JSON.parse(text) as { period?: unknown }).period;
  } catch {
    return 'not-json';
  }
  const p = period as Partial<SnapshotPeriod> | undefined;
  return typeof p?.id === 'string' && typeof p.from === 'string' && typeof p.to === 'string' ? { id: p.id, from: p.from, to: p.to } : undefined;
}
