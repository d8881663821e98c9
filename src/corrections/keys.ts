/**
 * Lasting keys for persons (SPEC §8): the `Identyfikator` when the row has one, else an
 * HMAC-SHA256 of the PESEL under the project's own random key (kept beside the snapshots, never
 * printed), so a snapshot names no one and a person is still matched across runs. Without the
 * key such persons cannot be matched: they get a row-bound key that never matches a snapshot's.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Participant } from '../ingest/participants.js';
import type { ComputeData } from '../indicators/data.js';

export const KEY_BYTES = 32;

export function newKey(): string {
  return randomBytes(KEY_BYTES).toString('hex');
}

/** What a snapshot records of the key it was made with (an HMAC of a fixed text): a wrong key shows, the key does not. */
export function keyFingerprint(key: string): string {
  return createHmac('sha256', Buffer.from(key, 'hex')).update('pal-report/key-check@1').digest('hex');
}

export function hashPesel(pesel: string, key: string): string {
  return createHmac('sha256', Buffer.from(key, 'hex')).update(pesel).digest('hex');
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
export function personKeys(participants: readonly Participant[], data: ComputeData, key: string | undefined): string[] {
  const byPlace = new Map<string, Participant>();
  for (const p of participants) byPlace.set(`${p.ref.file}\u0000${p.ref.sheet}\u0000${p.row}`, p);
  return data.people.map((person) => {
    const p = byPlace.get(`${person.src.file}\u0000${person.src.sheet}\u0000${person.src.row}`);
    return lastingKey(p, key) ?? `row:${person.src.file}:${person.src.row}`;
  });
}

/** The lasting key of a participant row (`id:` or `h:`), if it can have one. */
export function lastingKey(p: Participant | undefined, key: string | undefined): string | undefined {
  if (p?.id) return `id:${p.id}`;
  if (p?.pesel && key !== undefined) return `h:${hashPesel(p.pesel, key)}`;
  return undefined;
}

/** Whether some person has no Identyfikator, so the snapshot needs the key. */
export function needsKey(participants: readonly Participant[]): boolean {
  return participants.some((p) => !p.id && Boolean(p.pesel));
}
