/**
 * Input files opened for ingest: the file is opened as a ByteSource and read by the formats
 * (src/formats), and what makes it unreadable becomes the user's reason, naming the file. This is
 * the one place where FormatError codes become InputFileError reasons (and limits' messages).
 */
import { InputFileError } from '../errors.js';
import { FormatError, openWorkbook as openInput, type WorkbookSource } from '../formats/index.js';
import type { ByteSource, Platform } from '../platform/index.js';
import { cellTooLong, DEFAULT_LIMITS, inflatedTooLarge, unzippedTooLarge, type Limits } from './limits.js';

export { readSheets, type ProgressCallback, type ReadSheet, type SheetRow, type SheetSource, type SheetVisitor, type WorkbookSource } from '../formats/index.js';

/** A reader's FormatError as the reason the user reads (limits say how to raise them). */
export function inputFileError(e: FormatError, file: string, limits: Limits): InputFileError {
  const p = e.problem;
  switch (p.code) {
    case 'unzipped-too-large':
      return unzippedTooLarge(file, p.bytes, limits);
    case 'inflated-too-large':
      return inflatedTooLarge(file, limits);
    case 'cell-too-long':
      return cellTooLong(file, p.row, limits);
    case 'csv-quote':
      return new InputFileError(file, 'csv-quote', { line: p.line });
    default:
      return new InputFileError(file, p.code);
  }
}

const asInputError = (e: unknown, file: string, limits: Limits): unknown => (e instanceof FormatError ? inputFileError(e, file, limits) : e);

/** The file system's refusal to open a file, as the reason the user reads. */
function openError(e: unknown, file: string): InputFileError {
  const code = (e as { code?: unknown } | undefined)?.code;
  if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') return new InputFileError(file, ({ ENOENT: 'missing', EISDIR: 'is-directory', EACCES: 'no-access' } as const)[code]);
  return new InputFileError(file, 'io-error', { code: typeof code === 'string' ? code : 'unknown' });
}

/** A failure of the platform (an errno-like code: ENOENT, EIO …), not of the format or the codec (Z_DATA_ERROR). */
function isPlatformError(e: unknown): boolean {
  const code = (e as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code);
}

/** Opens any input file; throws InputFileError with a reason the user can act on, also while its rows are read. */
export async function openWorkbook(platform: Pick<Platform, 'inputs' | 'codec'>, path: string, label: string, limits: Limits = DEFAULT_LIMITS): Promise<WorkbookSource> {
  let input: ByteSource;
  try {
    input = await platform.inputs.open(path);
  } catch (e) {
    throw openError(e, label);
  }
  let source: WorkbookSource;
  try {
    source = await openInput(input, label, platform.codec, limits);
  } catch (e) {
    // the first read failing is the file system's refusal too
    if (!(e instanceof FormatError) && isPlatformError(e)) throw openError(e, label);
    throw asInputError(e, label, limits);
  }
  const read = source.read.bind(source);
  source.read = async (visit, onProgress) => {
    try {
      return await read(visit, onProgress);
    } catch (e) {
      throw asInputError(e, label, limits);
    }
  };
  return source;
}
