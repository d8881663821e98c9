/**
 * Stable JSON for snapshots (SPEC §8): keys sorted at every level, two-space indents, a final
 * newline, so the same content is always the same bytes and diffs well in git.
 */
import type { Crypto } from '../platform/index.js';

/**
 * Each object as it is written, with its keys sorted: a shallow copy that lives only while
 * JSON.stringify writes it (a sorted deep copy of a million-row snapshot first would double it).
 */
function sortKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = (value as Record<string, unknown>)[key];
  return out;
}

export function stableJson(value: unknown): string {
  return `${JSON.stringify(value, sortKeys, 2)}\n`;
}

export function sha256(crypto: Pick<Crypto, 'sha256'>, data: string | Uint8Array): string {
  return crypto.sha256().update(data).digest();
}
