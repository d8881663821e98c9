/**
 * Input files opened for ingest: the file is opened as a ByteSource and read by the formats
 * (src/formats), and what makes it unreadable becomes the user's reason, naming the file. This is
 * the one place where FormatError codes become InputFileError reasons (and limits' messages).
 */
import { InputFileError } from '../errors.js';
import { FormatError, openWorkbook as openInput, ThreadRead, ThreadUnavailable, workbookWork, type SheetChoice, type WorkbookSource } from '../formats/index.js';
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

type Reading = Pick<Platform, 'inputs' | 'codec' | 'threads'>;

/**
 * Starts reading a large workbook or CSV on a second thread now (where the platform has threads),
 * so its rows are ready when openWorkbook's read asks for them; undefined for a small one, or
 * when the file cannot be opened (openWorkbook then says why). `sheets`: which sheets
 * the read will take, where known before it starts (SheetChoice).
 */
export async function readAhead(platform: Reading, path: string, label: string, limits: Limits = DEFAULT_LIMITS, sheets: SheetChoice = 'ask'): Promise<ThreadRead | undefined> {
  const threads = platform.threads;
  const handle = threads?.handle(path);
  if (!threads || handle === undefined) return undefined;
  try {
    const input = await platform.inputs.open(path);
    const work = await workbookWork(input).finally(() => input.close());
    if (work === undefined || work < threads.minBytes) return undefined;
  } catch {
    return undefined;
  }
  const thread = threads.start();
  return thread && new ThreadRead(thread, handle, label, limits, sheets);
}

/**
 * Opens any input file; throws InputFileError with a reason the user can act on, also while its
 * rows are read. A large input is read on a second thread where the platform has one (the rows
 * are the same, src/formats/threaded.ts); `ahead` is such a read already started (readAhead).
 */
export async function openWorkbook(platform: Reading, path: string, label: string, limits: Limits = DEFAULT_LIMITS, ahead?: ThreadRead): Promise<WorkbookSource> {
  let input: ByteSource;
  try {
    input = await platform.inputs.open(path);
  } catch (e) {
    ahead?.cancel();
    throw openError(e, label);
  }
  let source: WorkbookSource;
  try {
    source = await openInput(input, label, platform.codec, limits);
  } catch (e) {
    ahead?.cancel();
    // the first read failing is the file system's refusal too
    if (!(e instanceof FormatError) && isPlatformError(e)) throw openError(e, label);
    throw asInputError(e, label, limits);
  }
  const read = source.read.bind(source);
  const close = source.close.bind(source);
  const opened = source;
  // a read started ahead and never asked for is stopped when the file is closed
  let unread = ahead;
  source.close = async () => {
    unread?.cancel();
    await close();
  };
  source.read = async (visit, onProgress) => {
    unread = undefined;
    try {
      const thread = ahead ?? await readAhead(platform, path, label, limits);
      if (thread) {
        try {
          return await thread.read(opened, visit, onProgress);
        } catch (e) {
          // no row was given yet: the same read on this thread
          if (!(e instanceof ThreadUnavailable)) throw e;
        }
      }
      return await read(visit, onProgress);
    } catch (e) {
      throw asInputError(e, label, limits);
    }
  };
  return source;
}
