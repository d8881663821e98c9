/** Byte-for-byte equality of files, fast: a generic deep equality walks a megabyte element by element for seconds. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/** A file's SHA-256 and size: equal digests mean equal bytes, and a failure shows two short strings. */
export async function digest(file: string): Promise<string> {
  const bytes = await readFile(file);
  return `${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')}`;
}
