/**
 * Lasting keys for persons (SPEC §8): the `Identyfikator` when the row has one, else an
 * HMAC-SHA256 of the PESEL under the project's own random key (kept beside the snapshots, never
 * printed), so a snapshot names no one and a person is still matched across runs. Without the
 * key such persons cannot be matched: they get a row-bound key that never matches a snapshot's.
 */
import type { Crypto } from '../platform/index.js';
import type { Participant } from '../ingest/index.js';
import type { ComputeData, Person } from '../indicators/index.js';

export const KEY_BYTES = 32;

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** The key's bytes (it is written as hex). */
function keyBytes(key: string): Uint8Array {
  const out = new Uint8Array(key.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(key.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function newKey(crypto: Crypto): string {
  return hex(crypto.randomBytes(KEY_BYTES));
}

/** What a snapshot records of the key it was made with (an HMAC of a fixed text): a wrong key shows, the key does not. */
export function keyFingerprint(crypto: Crypto, key: string): string {
  return crypto.hmacSha256(keyBytes(key)).update('pal-report/key-check@1').digest();
}

export function hashPesel(crypto: Crypto, pesel: string, key: string): string {
  return crypto.hmacSha256(keyBytes(key)).update(pesel).digest();
}

/** Whether a key names a person by a hashed PESEL (needs the project key to match). */
export function isHashedKey(key: string): boolean {
  return key.startsWith('h:');
}

/** Whether a key could not be made lasting (no Identyfikator, and no PESEL or no key). */
export function isRowKey(key: string): boolean {
  return key.startsWith('row:');
}

/** The key of each person of the compute data (by index), from their participant row. */
export function personKeys(crypto: Crypto, participants: readonly Participant[], data: ComputeData, key: string | undefined): string[] {
  const byPlace = new Map<string, Participant>();
  for (const p of participants) byPlace.set(`${p.ref.file}\u0000${p.ref.sheet}\u0000${p.row}`, p);
  return data.people.map((person) => {
    const p = byPlace.get(`${person.src.file}\u0000${person.src.sheet}\u0000${person.src.row}`);
    return lastingKey(crypto, p, key) ?? `row:${person.src.file}:${person.src.row}`;
  });
}

/** The lasting key of a participant row (`id:` or `h:`), if it can have one. */
export function lastingKey(crypto: Crypto, p: Participant | undefined, key: string | undefined): string | undefined {
  if (p?.id) return `id:${p.id}`;
  if (p?.pesel && key !== undefined) return `h:${hashPesel(crypto, p.pesel, key)}`;
  return undefined;
}

/** Whether some person has no Identyfikator, so the snapshot needs the key. */
export function needsKey(participants: readonly Participant[]): boolean {
  return participants.some((p) => !p.id && Boolean(p.pesel));
}

/** Hex digits kept of a field hash: enough to tell a changed value, short in a snapshot of 10,000 persons. */
const FIELD_HASH_CHARS = 16;

/**
 * A hash of each value of a person that the participant counts read (start, end, flags, age …),
 * so that a snapshot tells which of them changed without holding the values (SPEC §8.1): an HMAC
 * under the project key when the snapshot has one, else a SHA-256 — salted with the person's key
 * and the field's name, never of a PESEL or a name.
 */
export function fieldHashes(crypto: Crypto, person: Person, personKey: string, fields: readonly string[], key: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const bytes = key === undefined ? undefined : keyBytes(key);
  for (const field of fields) {
    const hash = bytes === undefined ? crypto.sha256() : crypto.hmacSha256(bytes);
    const value = (person as Record<string, unknown>)[field] ?? null;
    out[field] = hash.update(`pal-report/field@1\u0000${personKey}\u0000${field}\u0000${JSON.stringify(value)}`).digest().slice(0, FIELD_HASH_CHARS);
  }
  return out;
}
