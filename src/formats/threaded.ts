/**
 * Reading a large input on a second thread: the thread opens the same file itself (the
 * platform's handle to it: a path on Node, the File in the page), inflates, scans and decodes
 * it into cells, and sends the rows back in batches of typed arrays; this thread takes them and
 * does everything after the cells (mapping, rules). Both run at once, so the slower half sets
 * the pace, not the sum.
 *
 * The rows are exactly those the single-threaded read gives (a property test holds them to it):
 * the thread runs that very read (openWorkbook, WorkbookSource.read) and only the hand-over is
 * new. Strings repeat (identifiers, dates as text, action names), so each distinct short string
 * crosses once and then by number, and a cell equal to the one above it crosses as "the same".
 * When this thread has (nearly) nothing left to take, the reading one hands it whole XLSX rows
 * as bytes instead (where nothing ties them to the rows around them: no merged areas, the
 * last row numbered), and this thread scans them with the same SheetScan: both scan at once.
 *
 * The platform gives the thread (Node: worker_threads; the page: a Web Worker) and says from
 * how much work a thread pays (Threads.minBytes, bytes of sheet XML; workbookWork); without one,
 * or for less, the read stays on this thread.
 */
import type { ByteSource, Codec, Thread } from '../platform/index.js';
import type { Cell } from './cell.js';
import { FormatError, type FormatProblem } from './errors.js';
import { openWorkbook, sniff, type ReadLimits, type SheetSource, type SheetVisitor, type WorkbookSource } from './workbook.js';
import type { PieceScanner } from './xlsx.js';
import { ZipFile } from './zip.js';

/**
 * How much reading an input is, in bytes of sheet XML: a workbook's inflated size (what the
 * reader scans), a CSV's size × CSV_WORK; undefined for anything else. Does not close `input`.
 */
export async function workbookWork(input: ByteSource): Promise<number | undefined> {
  const kind = sniff(await input.read(0, 4));
  if (kind === 'text') return input.size * CSV_WORK;
  if (kind !== 'zip') return undefined;
  try {
    return (await ZipFile.open(input, NO_CODEC)).declaredSize();
  } catch {
    return undefined;
  }
}

/** The zip's directory is read without inflating anything. */
const NO_CODEC: Codec = {
  inflateRaw: () => { throw new Error('not here'); },
  deflateRaw: () => { throw new Error('not here'); },
  crc32: () => 0,
};

/** The same rows take about four times the bytes as sheet XML as they do as CSV (a million: 259 MB, 71 MB). */
const CSV_WORK = 4;

const BATCH_ROWS = 4096;
const BATCH_CELLS = 32_768;
/** Room for one more row of the widest kind (Excel's 16,384 columns) once a batch is nearly full. */
const ROW_ROOM = 16_384;
/**
 * Batches sent and not yet taken: the thread waits beyond it. Enough to read well ahead while
 * this thread still reads the participants (a batch of 4,096 rows of 7 cells is ~260 KB: 8 MB).
 */
const IN_FLIGHT = 32;
/**
 * XLSX rows are handed over whole (the taker scans them, both threads scanning at once) while
 * fewer than this many messages wait for the taker: it would otherwise wait itself.
 */
const HAND_OVER_BELOW = 2;
/** Nor where the shared strings are more than this: both threads would hold them. */
const HAND_OVER_STRINGS = 100_000;
/** Strings longer than this, or past this many, cross as they are, not by number. */
const INTERN_MAX_CHARS = 64;
const INTERN_MAX = 200_000;

/** Same: the value of the row before in this column (within a batch: a sheet's batches never mix). */
const enum Kind { Null, Number, True, False, Date, Known, Text, Same }

/** What the reading thread sends. */
type FromThread =
  | { t: 'sheet'; index: number; name: string; hidden: boolean }
  | { t: 'rows'; batch: Batch }
  /** XLSX rows handed over whole, to be scanned by the taker (it was waiting): see PieceOffer. */
  | { t: 'piece'; piece: Uint8Array; lastRow: number; prefix: string; sst?: readonly string[] }
  | { t: 'sheet-end'; merges?: SheetSource['merges'] }
  | { t: 'done'; sheets: SheetSource[]; encoding?: WorkbookSource['encoding']; encodingGuessed?: boolean; bytes: number }
  | { t: 'failed'; problem?: FormatProblem; message?: string; bytes: number };

/**
 * Which sheets the taker reads, said when the read starts: 'all' (the thread reads on without
 * asking, also ahead of time), one sheet's name (only it), or 'ask': each XLSX sheet is read
 * only once the taker said it wants it (its visit), as on one thread.
 */
export type SheetChoice = 'all' | 'ask' | { only: string };

/** What this thread sends to the reading one. */
type ToThread =
  | { t: 'open'; handle: unknown; name: string; limits: ReadLimits; sheets: SheetChoice }
  /** Whether the sheet just announced is wanted (an XLSX sheet is read only then, as on one thread). */
  | { t: 'want'; want: boolean }
  | { t: 'taken' }
  | { t: 'stop' };

interface Batch {
  rows: number;
  n: Float64Array;
  /** Per row: how many cells, how many columns without a formula's value. */
  width: Uint32Array;
  missing: Uint32Array;
  kinds: Uint8Array;
  /** The values of the cells that have one (numbers, strings by number, days), in order. */
  values: Float64Array;
  /** Strings seen for the first time, numbered on from the ones before (both sides keep the list). */
  known: string[];
  /** Strings that cross as they are (Kind.Text: values[i] is the index here). */
  texts: string[];
  noValue: number[];
  /** Compressed bytes read since the last batch (progress). */
  bytes: number;
}

/** Rows as the reading thread collects them for sending: into scratch arrays, sent as exact copies. */
class BatchWriter {
  private rows = 0;
  private cells = 0;
  private valued = 0;
  private readonly n = new Float64Array(BATCH_ROWS);
  private readonly width = new Uint32Array(BATCH_ROWS);
  private readonly missing = new Uint32Array(BATCH_ROWS);
  private readonly kinds = new Uint8Array(BATCH_CELLS + ROW_ROOM);
  private readonly values = new Float64Array(BATCH_CELLS + ROW_ROOM);
  private known: string[] = [];
  private texts: string[] = [];
  private noValue: number[] = [];
  private readonly ids = new Map<string, number>();
  /** The row before's cells, as far as `aboveWidth` (none at a batch's start). */
  private readonly above: Cell[] = [];
  private aboveWidth = 0;
  bytes = 0;

  constructor(private readonly send: (batch: Batch) => void) {}

  row(n: number, cells: readonly Cell[], noValue?: readonly number[]): void {
    const r = this.rows;
    this.n[r] = n;
    this.width[r] = cells.length;
    this.missing[r] = noValue?.length ?? 0;
    if (noValue) this.noValue.push(...noValue);
    let at = this.cells;
    // most columns repeat the row before (readers give the very same string or day again)
    const { above } = this;
    const same = Math.min(cells.length, this.aboveWidth);
    for (let i = 0; i < cells.length; i++, at++) {
      const v = cells[i] ?? null;
      if (i < same && v !== null && v === above[i] && (v !== 0 || Object.is(v, above[i]))) this.kinds[at] = Kind.Same;
      else {
        this.cell(at, v);
        above[i] = v;
      }
    }
    this.aboveWidth = cells.length;
    this.cells = at;
    if (++this.rows === BATCH_ROWS || this.cells >= BATCH_CELLS) this.flush();
  }

  private cell(at: number, v: Cell): void {
    if (v === null) this.kinds[at] = Kind.Null;
    else if (typeof v === 'number') {
      this.kinds[at] = Kind.Number;
      this.values[this.valued++] = v;
    } else if (typeof v === 'string') {
      let id = this.ids.get(v);
      if (id === undefined && v.length <= INTERN_MAX_CHARS && this.ids.size < INTERN_MAX) {
        id = this.ids.size;
        this.ids.set(v, id);
        this.known.push(v);
      }
      if (id === undefined) {
        this.kinds[at] = Kind.Text;
        this.values[this.valued++] = this.texts.push(v) - 1;
      } else {
        this.kinds[at] = Kind.Known;
        this.values[this.valued++] = id;
      }
    } else if (typeof v === 'boolean') this.kinds[at] = v ? Kind.True : Kind.False;
    else {
      this.kinds[at] = Kind.Date;
      this.values[this.valued++] = v.getTime();
    }
  }

  flush(): void {
    if (this.rows === 0) return;
    const { rows, cells } = this;
    this.send({
      rows, n: this.n.slice(0, rows), width: this.width.slice(0, rows), missing: this.missing.slice(0, rows),
      kinds: this.kinds.slice(0, cells), values: this.values.slice(0, this.valued), known: this.known, texts: this.texts, noValue: this.noValue, bytes: this.bytes,
    });
    this.rows = this.cells = this.bytes = this.aboveWidth = this.valued = 0;
    this.known = [];
    this.texts = [];
    this.noValue = [];
  }
}

/** Rows as this thread takes them back: the same cells, strings and dates the reader made. */
class BatchReader {
  private readonly known: string[] = [];
  private readonly dates = new Map<number, Date>();
  private readonly cells: Cell[] = [];
  private readonly noValue: number[] = [];
  /** How many of the batch's values are taken. */
  private valued = 0;

  take(b: Batch, visitor: SheetVisitor | undefined): void {
    for (const s of b.known) this.known.push(s);
    if (!visitor) return;
    let at = 0;
    let missing = 0;
    this.valued = 0;
    for (let r = 0; r < b.rows; r++) {
      const width = b.width[r] as number;
      const cells = this.cells;
      cells.length = width;
      for (let i = 0; i < width; i++, at++) if (b.kinds[at] !== Kind.Same) cells[i] = this.cell(b, b.kinds[at] as Kind);
      const m = b.missing[r] as number;
      if (m > 0) {
        this.noValue.length = 0;
        for (let i = 0; i < m; i++) this.noValue.push(b.noValue[missing++] as number);
      }
      visitor.row(b.n[r] as number, cells, m > 0 ? this.noValue : undefined);
    }
  }

  /** The next cell of a batch, of a kind other than Same (its value, where it has one, is the next value). */
  private cell(b: Batch, kind: Kind): Cell {
    switch (kind) {
      case Kind.Null: return null;
      case Kind.Number: return b.values[this.valued++] as number;
      case Kind.True: return true;
      case Kind.False: return false;
      case Kind.Known: return this.known[b.values[this.valued++] as number] as string;
      case Kind.Text: return b.texts[b.values[this.valued++] as number] as string;
      case Kind.Same: throw new Error('a repeated cell is taken from the row before');
      case Kind.Date: {
        const v = b.values[this.valued++] as number;
        let d = this.dates.get(v);
        if (!d) {
          if (this.dates.size > 50_000) this.dates.clear();
          d = new Date(v);
          this.dates.set(v, d);
        }
        return d;
      }
    }
  }
}

const transfers = (b: Batch): ArrayBuffer[] => [b.n.buffer, b.width.buffer, b.missing.buffer, b.kinds.buffer, b.values.buffer] as ArrayBuffer[];

/** The reading thread failed before it sent anything: read on the calling thread instead. */
export class ThreadUnavailable extends Error {
  constructor(readonly reason: unknown) {
    super(`the reading thread did not start: ${reason instanceof Error ? reason.message : String(reason)}`);
  }
}

/**
 * A read on a reading thread (which runs serveReads), started before anyone takes the rows: the
 * thread reads ahead (IN_FLIGHT batches) while this one does other work, and `read` then gives
 * the rows to `visit` as `source.read` would. `handle` is how the thread opens the input
 * (Threads.handle). A read never taken is `cancel`led.
 */
export class ThreadRead {
  private readonly queue: FromThread[] = [];
  private take: ((m: FromThread) => void) | undefined;
  private broken: { error: unknown } | undefined;
  private onBroken: ((error: unknown) => void) | undefined;

  private readonly asks: boolean;

  constructor(private readonly thread: Thread, handle: unknown, name: string, limits: ReadLimits, sheets: SheetChoice = 'ask') {
    this.asks = sheets === 'ask';
    let heard = false;
    thread.onMessage((m) => {
      heard = true;
      if (this.take) this.take(m as FromThread);
      else this.queue.push(m as FromThread);
    });
    thread.onError((e) => {
      // a thread that failed before it said anything (it could not load, say) gave no row yet:
      // the read can still be made on this thread
      const error = heard ? e : new ThreadUnavailable(e);
      this.broken ??= { error };
      this.onBroken?.(error);
    });
    this.post({ t: 'open', handle, name, limits: { maxInputBytes: limits.maxInputBytes, maxCellChars: limits.maxCellChars }, sheets });
  }

  private post(m: ToThread): void {
    this.thread.post(m);
  }

  /** Stops the thread; it is ended once it has closed its input (its last message). */
  cancel(): void {
    this.take = (m) => {
      if (m.t === 'done' || m.t === 'failed') this.thread.end();
    };
    for (const m of this.queue.splice(0)) this.take(m);
    this.post({ t: 'stop' });
  }

  read(source: WorkbookSource, visit: (sheet: SheetSource) => SheetVisitor | undefined, onProgress?: (bytes: number) => void): Promise<SheetSource[]> {
    const rows = new BatchReader();
    let visitor: SheetVisitor | undefined;
    let sheet: SheetSource | undefined;
    // the current sheet's scanner of handed-over rows (made with its first piece), and the
    // workbook's shared strings (sent with the first piece of the read)
    let scanPiece: PieceScanner | undefined;
    let sst: readonly string[] = [];
    // the first failure here (a consumer's): the reading thread is stopped, then it is thrown
    let failure: { error: unknown } | undefined;
    let settled = false;
    return new Promise<SheetSource[]>((resolve, reject) => {
      const settle = (f: () => void) => {
        if (settled) return;
        settled = true;
        this.take = () => {};
        this.thread.end();
        if (failure) reject(failure.error);
        else f();
      };
      const handle = (m: FromThread) => {
        if (settled) return;
        const bytes = m.t === 'rows' ? m.batch.bytes : 'bytes' in m ? m.bytes : 0;
        if (bytes > 0 && !failure) onProgress?.(bytes);
        if (m.t === 'done') return settle(() => {
          source.encoding = m.encoding;
          source.encodingGuessed = m.encodingGuessed;
          resolve(m.sheets);
        });
        if (m.t === 'failed') return settle(() => reject(m.problem ? new FormatError(m.problem) : new Error(m.message)));
        if (failure) return;
        try {
          if (m.t === 'sheet') {
            sheet = { index: m.index, name: m.name, hidden: m.hidden, ...(source.kind === 'ods' ? { merges: [] } : {}) };
            scanPiece = undefined;
            visitor = visit(sheet);
            if (this.asks) this.post({ t: 'want', want: visitor !== undefined });
          } else if (m.t === 'rows') {
            rows.take(m.batch, visitor);
            this.post({ t: 'taken' });
          } else if (m.t === 'piece') {
            if (m.sst) sst = m.sst;
            if (visitor) {
              scanPiece ??= source.pieceScanner?.({ prefix: m.prefix, sst }, visitor.row);
              if (!scanPiece) throw new Error('rows were handed over that this thread cannot scan');
              scanPiece(m.piece, m.lastRow);
            }
            this.post({ t: 'taken' });
          } else {
            if (m.merges && sheet?.merges) (sheet.merges as unknown[]).push(...m.merges);
            visitor?.end?.();
            visitor = undefined;
          }
        } catch (e) {
          failure = { error: e };
          this.post({ t: 'stop' });
        }
      };
      if (this.broken) return settle(() => reject(this.broken?.error));
      this.onBroken = (e) => settle(() => reject(e));
      this.take = handle;
      for (const m of this.queue.splice(0)) handle(m);
    });
  }
}

/**
 * The reading thread's side: opens the input it is told of (`open` turns the platform's handle
 * into bytes), reads every sheet and sends the rows; waits while IN_FLIGHT batches are untaken.
 */
export function serveReads(thread: Pick<Thread, 'post' | 'onMessage'>, codec: Codec, open: (handle: unknown) => Promise<ByteSource>, handOver: (inFlight: number) => boolean = (n) => n <= HAND_OVER_BELOW): void {
  let inFlight = 0;
  let stopped = false;
  let wake: (() => void) | undefined;
  // the answer to the sheet announced last (ToThread 'want')
  let wanted: ((want: boolean) => void) | undefined;
  const send = (m: FromThread, transfer?: ArrayBuffer[]) => thread.post(m, transfer);
  const writer = new BatchWriter((batch) => {
    inFlight++;
    send({ t: 'rows', batch }, transfers(batch));
  });
  const stop = new Error('stopped');

  /** The input, read no further ahead than the other thread takes the rows. */
  const paced = (input: ByteSource): ByteSource => ({
    size: input.size,
    async read(offset, length) {
      while (inFlight >= IN_FLIGHT && !stopped) await new Promise<void>((r) => (wake = r));
      if (stopped) throw stop;
      return input.read(offset, length);
    },
    close: () => input.close(),
  });

  /** Reads the input; the last message (done or failed) is sent once the input is closed: the other thread ends this one on it. */
  const run = async (m: Extract<ToThread, { t: 'open' }>) => {
    let source: WorkbookSource | undefined;
    let sstSent = false;
    let last: FromThread;
    try {
      source = await openWorkbook(paced(await open(m.handle)), m.name, codec, m.limits);
      const choice = m.sheets;
      const sheets = await source.read((sheet) => {
        writer.flush();
        if (stopped || (typeof choice === 'object' && sheet.name !== choice.only)) return undefined;
        send({ t: 'sheet', index: sheet.index, name: sheet.name, hidden: sheet.hidden });
        return {
          // an XLSX sheet the other thread does not want is not read (nor can it fail the read)
          ...(choice === 'ask' ? { ready: new Promise<boolean>((resolve) => (wanted = resolve)) } : {}),
          row: (n, cells, noValue) => {
            if (stopped) throw stop;
            writer.row(n, cells, noValue);
          },
          // the taker has (nearly) nothing left to do: it scans the next rows itself (with the
          // shared strings, sent once, where they are few enough to be held twice)
          offer: {
            wanted: (sst) => !stopped && sst.length <= HAND_OVER_STRINGS && handOver(inFlight),
            take: (piece, from) => {
              writer.flush();
              inFlight++;
              send({ t: 'piece', piece, lastRow: from.lastRow, prefix: from.prefix, ...(sstSent ? {} : { sst: from.sst }) }, [piece.buffer as ArrayBuffer]);
              sstSent = true;
            },
          },
          end: () => {
            writer.flush();
            send({ t: 'sheet-end', ...(sheet.merges ? { merges: sheet.merges } : {}) });
          },
        };
      }, (bytes) => (writer.bytes += bytes));
      writer.flush();
      const { encoding, encodingGuessed } = source;
      last = { t: 'done', sheets, ...(encoding ? { encoding } : {}), ...(encodingGuessed === undefined ? {} : { encodingGuessed }), bytes: writer.bytes };
    } catch (e) {
      // the rows before the failure are given, as on one thread (a taker keeps what it took)
      if (e !== stop) writer.flush();
      last = e instanceof FormatError ? { t: 'failed', problem: e.problem, bytes: 0 } : { t: 'failed', message: e instanceof Error ? e.message : String(e), bytes: 0 };
    }
    await source?.close().catch(() => {});
    send(last);
  };

  thread.onMessage((raw) => {
    const m = raw as ToThread;
    if (m.t === 'open') void run(m);
    else if (m.t === 'want') {
      wanted?.(m.want);
      wanted = undefined;
    } else {
      if (m.t === 'stop') {
        wanted?.(false);
        wanted = undefined;
      }
      if (m.t === 'taken') inFlight--;
      else stopped = true;
      wake?.();
      wake = undefined;
    }
  });
}
