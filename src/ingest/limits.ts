/**
 * Limits against decompression bombs and runaway input, checked before or while reading, never
 * after holding the whole thing in memory. Each refusal says which limit and how to raise it.
 */
import { InputFileError } from '../errors.js';
import { quantity } from '../i18n/index.js';

export interface Limits {
  /** Largest total uncompressed size of an XLSX's zip entries (declared and actual). */
  maxInputBytes: number;
  /** Most rows in one input file. */
  maxRows: number;
  /** Longest cell text (Excel's own limit is 32,767 characters). */
  maxCellChars: number;
}

export const MB = 1024 * 1024;

export const DEFAULT_LIMITS: Limits = { maxInputBytes: 256 * MB, maxRows: 5_000_000, maxCellChars: 32_767 };

/** A limit refused the file: the reason says which, and how to raise it. */
export class LimitError extends InputFileError {
  override name = 'LimitError';
}

export function unzippedTooLarge(file: string, bytes: number, limits: Limits): LimitError {
  return new LimitError(file, 'limit-unzipped', { size: quantity(Math.round(bytes / MB)), limit: quantity(limits.maxInputBytes / MB) });
}

export function inflatedTooLarge(file: string, limits: Limits): LimitError {
  return new LimitError(file, 'limit-inflated', { limit: quantity(limits.maxInputBytes / MB) });
}

export function tooManyRows(file: string, limits: Limits): LimitError {
  return new LimitError(file, 'limit-rows', { limit: quantity(limits.maxRows) });
}

export function cellTooLong(file: string, row: number, limits: Limits): LimitError {
  return new LimitError(file, 'limit-cell', { row, limit: quantity(limits.maxCellChars) });
}
