/**
 * Limits against decompression bombs and runaway input, checked before or while reading, never
 * after holding the whole thing in memory. Each refusal says which limit and how to raise it.
 */
import { InputFileError } from '../errors.js';
import { formatNumber, getLang, t } from '../i18n/index.js';

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

export class LimitError extends InputFileError {
  override name = 'LimitError';
}

export function unzippedTooLarge(file: string, bytes: number, limits: Limits): LimitError {
  return new LimitError(file, t('limit.unzipped', { size: formatNumber(Math.round(bytes / MB), 0, getLang()), limit: formatNumber(limits.maxInputBytes / MB, 0, getLang()) }));
}

export function inflatedTooLarge(file: string, limits: Limits): LimitError {
  return new LimitError(file, t('limit.inflated', { limit: formatNumber(limits.maxInputBytes / MB, 0, getLang()) }));
}

export function tooManyRows(file: string, limits: Limits): LimitError {
  return new LimitError(file, t('limit.rows', { limit: formatNumber(limits.maxRows, 0, getLang()) }));
}

export function cellTooLong(file: string, row: number, limits: Limits): LimitError {
  return new LimitError(file, t('limit.cell', { row, limit: formatNumber(limits.maxCellChars, 0, getLang()) }));
}
