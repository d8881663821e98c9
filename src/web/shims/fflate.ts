/**
 * pdfkit's browser build compresses its streams with fflate, whose deflate differs from zlib's:
 * this stands in for the two functions it uses, with pako (zlib's algorithm, the same bytes as
 * Node's), so the page's PDF is the CLI's byte for byte. Only the page's build uses it.
 */
import { deflate, inflate } from 'pako';

export const zlibSync = (data: Uint8Array, opts?: { level?: number }): Uint8Array =>
  deflate(data, opts?.level === undefined ? {} : { level: opts.level as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 });
export const unzlib = (data: Uint8Array): Uint8Array => inflate(data);
