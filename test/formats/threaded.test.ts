/**
 * Reading on a second thread (src/formats/threaded.ts) gives exactly what reading on one thread
 * gives: on random workbooks (XLSX with shared and inline strings, rich text, entities, dates,
 * booleans, errors, formulas saved without their value, merged ranges, hidden sheets; ODS; CSV
 * with quoted line breaks, also across the reader's 1 MB chunks) the same rows, cells, sheets,
 * encoding and progress; a file's failure is the same FormatError; a consumer's failure stops the
 * thread and is the error thrown. The thread is a MessageChannel's far end here (structured clone
 * and transfer, as between threads), and once a real worker_threads Worker.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import fc from 'fast-check';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { FormatError, openWorkbook, serveReads, ThreadRead, type Cell, type SheetSource, type WorkbookSource } from '../../src/formats/index.js';
import { DEFAULT_LIMITS } from '../../src/ingest/limits.js';
import { nodeCodec } from '../../src/node/codec.js';
import { nodePlatform } from '../../src/node/index.js';
import type { Thread } from '../../src/platform/index.js';
import { memorySource } from '../helpers/memory.js';
import { openWorkbook as openInputFile } from '../../src/ingest/source.js';

interface Read {
  rows: string[];
  sheets: { name: string; hidden: boolean; merges?: unknown }[];
  encoding?: string | undefined;
  progress: number;
}

const show = (c: Cell | undefined): string => (c instanceof Date ? `D${c.toISOString()}` : c === undefined ? 'U' : JSON.stringify(c));

/** A read that failed, with the rows it gave before. */
class Failed extends Error {
  constructor(readonly error: unknown, readonly rows: string[]) {
    super('failed');
  }
}

/** What a read gives, written down: every row with its cells and formulas without value, in order. */
async function record(source: WorkbookSource, read: WorkbookSource['read'], rows: string[] = []): Promise<Read> {
  let progress = 0;
  const sheets = await read((sheet) => {
    rows.push(`sheet ${sheet.index} ${sheet.name} ${sheet.hidden}`);
    return {
      row: (n, cells, noValue) => rows.push(`${n}: ${Array.from({ length: cells.length }, (_, i) => show(cells[i])).join(' ')}${noValue ? ` noValue ${noValue.join(',')}` : ''}`),
      end: () => rows.push(`end ${sheet.name} ${JSON.stringify(sheet.merges ?? null)}`),
    };
  }, (b) => (progress += b));
  return { rows, sheets: sheets.map((s: SheetSource) => ({ name: s.name, hidden: s.hidden, ...(s.merges ? { merges: s.merges } : {}) })), encoding: source.encoding, progress };
}

/** A thread at the far end of a MessageChannel, serving reads of in-memory bytes. */
/** Rows handed over whole by the channel threads (messages 'piece'). */
let handed = 0;

function channelThread(handOver?: (inFlight: number) => boolean): Thread {
  const { port1, port2 } = new MessageChannel();
  const post = (m: unknown, t?: readonly ArrayBuffer[]) => {
    if ((m as { t?: string }).t === 'piece') handed++;
    port2.postMessage(m, t as ArrayBuffer[]);
  };
  serveReads({ post, onMessage: (h) => port2.on('message', h) }, nodeCodec, async (handle) => memorySource(handle as Uint8Array), handOver);
  return {
    post: (m, t) => port1.postMessage(m, t),
    onMessage: (h) => port1.on('message', h),
    onError: () => {},
    end: () => {
      port1.close();
      port2.close();
    },
  };
}

async function both(bytes: Uint8Array, name: string, thread: () => Thread = channelThread, handle: unknown = bytes): Promise<{ one: Read | Error; two: Read | Error }> {
  const attempt = async (threaded: boolean): Promise<Read | Error> => {
    let source: WorkbookSource | undefined;
    const rows: string[] = [];
    try {
      source = await openWorkbook(memorySource(bytes), name, nodeCodec, DEFAULT_LIMITS);
      const s = source;
      const read = threaded ? (visit: Parameters<WorkbookSource['read']>[0], onProgress?: (b: number) => void) => new ThreadRead(thread(), handle, name, DEFAULT_LIMITS).read(s, visit, onProgress) : s.read.bind(s);
      return await record(s, read, rows);
    } catch (e) {
      return new Failed(e, rows);
    } finally {
      await source?.close();
    }
  };
  return { one: await attempt(false), two: await attempt(true) };
}

/** The same rows, and the same FormatError after the same rows where the read fails. */
function expectSame(r: { one: Read | Error; two: Read | Error }): void {
  if (r.one instanceof Failed) {
    expect(r.one.error).toBeInstanceOf(FormatError);
    expect(r.two).toBeInstanceOf(Failed);
    const two = r.two as Failed;
    expect(two.error).toBeInstanceOf(FormatError);
    expect((two.error as FormatError).problem).toEqual((r.one.error as FormatError).problem);
    expect(two.rows).toEqual(r.one.rows);
    return;
  }
  expect(r.two).toEqual(r.one);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const col = (i: number) => String.fromCharCode(65 + i);

/** A cell of each kind the reader knows, as a writer saves it. */
const xlsxCell = fc.oneof(
  fc.record({ k: fc.constant('n'), v: fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.double({ noNaN: true, noDefaultInfinity: true })) }),
  fc.record({ k: fc.constant('s'), v: fc.nat(5) }),
  fc.record({ k: fc.constantFrom('inline', 'rich', 'str'), v: fc.string({ unit: fc.constantFrom('a', 'ż', 'Ł', '&', '<', ' ', '–', '😀', 'x'), maxLength: 90 }) }),
  fc.record({ k: fc.constant('b'), v: fc.boolean() }),
  fc.record({ k: fc.constant('e'), v: fc.constantFrom('#N/A', '#DIV/0!') }),
  fc.record({ k: fc.constant('date'), v: fc.integer({ min: 40000, max: 50000 }) }),
  fc.record({ k: fc.constantFrom('formula', 'emptyV', 'empty'), v: fc.constant(0) }),
);

function cellXml(ref: string, c: { k: string; v: unknown }): string {
  const v = c.v;
  switch (c.k) {
    case 'n': return `<c r="${ref}"><v>${String(v)}</v></c>`;
    case 's': return `<c r="${ref}" t="s"><v>${String(v)}</v></c>`;
    case 'inline': return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(String(v))}</t></is></c>`;
    case 'rich': return `<c r="${ref}" t="inlineStr"><is><r><t>${esc(String(v))}</t></r><r><rPr><b/></rPr><t>!</t></r><rPh><t>ph</t></rPh></is></c>`;
    case 'str': return `<c r="${ref}" t="str"><f>A1</f><v>${esc(String(v))}</v></c>`;
    case 'b': return `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`;
    case 'e': return `<c r="${ref}" t="e"><v>${String(v)}</v></c>`;
    case 'date': return `<c r="${ref}" s="1"><v>${String(v)}</v></c>`;
    case 'formula': return `<c r="${ref}"><f>SUM(A1:A2)</f></c>`;
    case 'emptyV': return `<c r="${ref}"><v></v></c>`;
    case 'broken': return `<c r="${ref}"><v>1</c>`;
    default: return `<c r="${ref}"/>`;
  }
}

const sheetArb = fc.record({
  hidden: fc.boolean(),
  rows: fc.array(fc.record({ gap: fc.nat(3), cells: fc.array(xlsxCell, { maxLength: 6 }) }), { maxLength: 30 }),
  merges: fc.array(fc.record({ r: fc.integer({ min: 1, max: 20 }), c: fc.nat(4), h: fc.nat(3), w: fc.nat(2) }), { maxLength: 3 }),
});

interface SheetSpec {
  hidden: boolean;
  /** noR: the row tag without its number (it follows the row before). */
  rows: { gap: number; cells: { k: string; v: unknown }[]; noR?: boolean }[];
  merges: { r: number; c: number; h: number; w: number }[];
}

async function xlsxOf(sheets: SheetSpec[]): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  const main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  zip.file('xl/workbook.xml', `<workbook ${main} ${rel}><sheets>${sheets.map((s, i) => `<sheet name="Arkusz ${i + 1}" sheetId="${i + 1}" r:id="rId${i + 1}"${s.hidden ? ' state="hidden"' : ''}/>`).join('')}</sheets></workbook>`);
  zip.file('xl/_rels/workbook.xml.rels', `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`);
  zip.file('xl/sharedStrings.xml', `<sst ${main}>${['Identyfikator', 'zajęcia', 'Łódź &amp; okolice', '', 'x', 'y'].map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`);
  zip.file('xl/styles.xml', `<styleSheet ${main}><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`);
  sheets.forEach((s, i) => {
    let n = 0;
    const rows = s.rows.map((r) => {
      n += 1 + r.gap;
      if (r.noR) n -= r.gap;
      return `<row${r.noR ? '' : ` r="${n}"`}>${r.cells.map((c, k) => cellXml(`${col(k)}${n}`, c)).join('')}</row>`;
    }).join('');
    const merges = s.merges.length ? `<mergeCells count="${s.merges.length}">${s.merges.map((m) => `<mergeCell ref="${col(m.c)}${m.r}:${col(m.c + m.w)}${m.r + m.h}"/>`).join('')}</mergeCells>` : '';
    zip.file(`xl/worksheets/sheet${i + 1}.xml`, `<?xml version="1.0" encoding="UTF-8"?><worksheet ${main}><sheetData>${rows}</sheetData>${merges}</worksheet>`);
  });
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

describe('reading on a second thread', () => {
  it('random XLSX: the same rows, cells, sheets and progress as on one thread', async () => {
    await fc.assert(fc.asyncProperty(fc.array(sheetArb, { minLength: 1, maxLength: 3 }), async (sheets) => {
      expectSame(await both(await xlsxOf(sheets), 'x.xlsx'));
    }), { numRuns: 60 });
  });

  it('rows that repeat the row before (sent as "same as above") or handed back whole to be scanned by the taker, across batches, pieces and sheets: the same cells, and the same error for a broken row', async () => {
    const pool = [
      { k: 'n', v: 1.5 }, { k: 'n', v: 2 }, { k: 's', v: 1 }, { k: 's', v: 4 }, { k: 'inline', v: 'zajęcia' }, { k: 'b', v: true },
      { k: 'date', v: 44200 }, { k: 'date', v: 44201 }, { k: 'empty', v: 0 }, { k: 'formula', v: 0 }, { k: 'e', v: '#N/A' },
    ];
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
      let x = seed;
      const next = (n: number) => ((x = (x * 48271) % 2147483647) % n);
      const sheet = (rows: number): SheetSpec => {
        let cells = [pool[0], pool[2], pool[6]] as SheetSpec['rows'][number]['cells'];
        const out: SheetSpec['rows'] = [];
        for (let r = 0; r < rows; r++) {
          // mostly the row before again; now and then a cell changes, the row narrows or widens
          cells = cells.map((c) => (next(8) === 0 ? pool[next(pool.length)] as typeof c : c));
          if (next(20) === 0) cells = cells.slice(0, 1 + next(5));
          while (next(20) === 0 && cells.length < 6) cells.push(pool[next(pool.length)] as (typeof cells)[number]);
          out.push({ gap: next(30) === 0 ? 1 : 0, cells, noR: next(3) === 0 });
        }
        return { hidden: false, rows: out, merges: [] };
      };
      const workbook = await xlsxOf([sheet(30_000), sheet(5000)]);
      expectSame(await both(workbook, 'x.xlsx'));
      // and with rows handed back whole, scanned by the taker: all after the first megabyte, or every other piece
      handed = 0;
      expectSame(await both(workbook, 'x.xlsx', () => channelThread(() => true)));
      expect(handed).toBeGreaterThan(0);
      let k = 0;
      expectSame(await both(workbook, 'x.xlsx', () => channelThread(() => k++ % 2 === 0)));
      // a row broken in the middle: the error is the one-thread read's, wherever the row is scanned
      const damaged = sheet(30_000);
      damaged.rows[20_000 + next(5000)]?.cells.push({ k: 'broken', v: 0 });
      const bad = await xlsxOf([damaged]);
      const r = await both(bad, 'x.xlsx', () => channelThread(() => true));
      expect(r.one).toBeInstanceOf(Failed);
      expectSame(r);
      const csv = Array.from({ length: 10_000 }, (_, r) => ['04.01.2021', next(30) ? 'A1' : 'A2', r % 7 ? 'Grupa – zajęcia' : '', `U${next(3)}`, next(10) ? 'x' : 'nb'].slice(0, next(25) ? 5 : 2).join(';')).join('\n');
      expectSame(await both(new TextEncoder().encode(csv), 'x.csv'));
    }), { numRuns: 3 });
  }, 120_000);

  it('random CSV with quotes and line breaks in quoted fields: the same records (and encoding)', async () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'ł', ';', '"', '\n', '\r\n', ' ', '1'), maxLength: 12 });
    const quoted = (s: string) => (/[;"\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    await fc.assert(fc.asyncProperty(fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 40 }), fc.boolean(), async (rows, cp1250) => {
      const text = rows.map((r) => r.map(quoted).join(';')).join('\r\n');
      const bytes = cp1250 ? Uint8Array.from(text, (ch) => (ch === 'ł' ? 0xb3 : ch.charCodeAt(0))) : new TextEncoder().encode(text);
      expectSame(await both(bytes, 'x.csv'));
    }), { numRuns: 80 });
  });

  it('a CSV whose quoted line breaks and multi-byte characters fall on the 1 MB chunk boundaries', async () => {
    const MB = 1 << 20;
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 3 * MB + 1000; i++) {
      // near each boundary: a quoted field with a line break, then a two-byte character split by it
      const near = [1, 2, 3].some((k) => k * MB - size > 0 && k * MB - size < 60);
      const line = near ? `${i};"ab\r\ncd";ż;ł\r\n` : `${i};${'x'.repeat(40)};zajęcia\r\n`;
      parts.push(line);
      size += new TextEncoder().encode(line).length;
    }
    const bytes = new TextEncoder().encode(parts.join(''));
    for (const shift of [0, 1, 2, 5, 7]) expectSame(await both(bytes.subarray(shift), 'x.csv'));
  });

  it('a CSV that fails after 10,000 rows (an unclosed quote, a cell too long): the same rows before the same error', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `${i};zajęcia;x`).join('\n');
    for (const tail of ['\n1;"niezamknięty', `\n1;${'y'.repeat(40_000)}`]) {
      const r = await both(new TextEncoder().encode(rows + tail), 'x.csv');
      expect(r.one).toBeInstanceOf(Failed);
      expect((r.one as Failed).rows.length).toBe(10_001);
      expectSame(r);
    }
  });

  it('a CSV the taker does not want (asked when its sheet starts) is not read on the thread: a broken one fails nothing', async () => {
    const bytes = new TextEncoder().encode('a;b\n1;"niezamknięty');
    const source = await openWorkbook(memorySource(bytes), 'x.csv', nodeCodec, DEFAULT_LIMITS);
    const sheets = await new ThreadRead(channelThread(), bytes, 'x.csv', DEFAULT_LIMITS).read(source, () => undefined);
    expect(sheets.map((s) => s.name)).toEqual(['x']);
    await source.close();
  });

  it('ODS: the same rows and merged areas', async () => {
    const cell = (v: string) => `<table:table-cell office:value-type="string"><text:p>${v}</text:p></table:table-cell>`;
    const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>`
      + `<table:table table:name="Obecności"><table:table-row>${cell('Data')}<table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>Zajęcia</text:p></table:table-cell><table:covered-table-cell/></table:table-row>`
      + `<table:table-row table:number-rows-repeated="3">${cell('ż')}<table:table-cell office:value-type="date" office:date-value="2021-05-04"/><table:table-cell office:value-type="float" office:value="1.5"/></table:table-row></table:table>`
      + `<table:table table:name="Drugi"><table:table-row>${cell('x &amp; y')}</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`;
    const zip = new JSZip();
    zip.file('mimetype', 'application/vnd.oasis.opendocument.spreadsheet', { compression: 'STORE' });
    zip.file('content.xml', content);
    expectSame(await both(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }), 'x.ods'));
  });

  it('a damaged workbook: the same FormatError from the thread', async () => {
    const good = await xlsxOf([{ hidden: false, rows: [{ gap: 0, cells: [{ k: 'n', v: 1 }] }], merges: [] }]);
    const zip = await JSZip.loadAsync(good);
    zip.file('xl/worksheets/sheet1.xml', '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>1</v>');
    const r = await both(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }), 'x.xlsx');
    expect(r.one).toBeInstanceOf(Failed);
    expectSame(r);
  });

  it('a sheet the taker skips is not read on the thread either: a broken one does not fail the read', async () => {
    const good = await xlsxOf([{ hidden: false, rows: [{ gap: 0, cells: [{ k: 'n', v: 1 }] }], merges: [] }, { hidden: false, rows: [], merges: [] }, { hidden: false, rows: [{ gap: 0, cells: [{ k: 'n', v: 3 }] }], merges: [] }]);
    const zip = await JSZip.loadAsync(good);
    zip.file('xl/worksheets/sheet2.xml', `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${'x'.repeat(40_000)}</t></is></c></row></sheetData></worksheet>`);
    const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    const skipSecond = async (read: (visit: Parameters<WorkbookSource['read']>[0]) => Promise<SheetSource[]>) => {
      const rows: string[] = [];
      await read((sheet) => (sheet.name === 'Arkusz 2' ? undefined : { row: (n, cells) => rows.push(`${sheet.name} ${n}: ${cells.map(show).join(' ')}`) }));
      return rows;
    };
    const one = await openWorkbook(memorySource(bytes), 'x.xlsx', nodeCodec, DEFAULT_LIMITS);
    const want = await skipSecond((visit) => one.read(visit));
    const two = await openWorkbook(memorySource(bytes), 'x.xlsx', nodeCodec, DEFAULT_LIMITS);
    const got = await skipSecond((visit) => new ThreadRead(channelThread(), bytes, 'x.xlsx', DEFAULT_LIMITS).read(two, visit));
    const named = await openWorkbook(memorySource(bytes), 'x.xlsx', nodeCodec, DEFAULT_LIMITS);
    const only = await skipSecond((visit) => new ThreadRead(channelThread(), bytes, 'x.xlsx', DEFAULT_LIMITS, { only: 'Arkusz 3' }).read(named, visit));
    expect(want).toEqual(['Arkusz 1 1: 1', 'Arkusz 3 1: 3']);
    expect(got).toEqual(want);
    expect(only).toEqual(['Arkusz 3 1: 3']);
    await Promise.all([one.close(), two.close(), named.close()]);
  });

  it('a consumer that fails mid-way: its error is thrown and the thread stops reading', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ gap: 0, cells: [{ k: 'n', v: i }, { k: 'inline', v: `osoba ${i}` }] }));
    const bytes = await xlsxOf([{ hidden: false, rows, merges: [] }]);
    const source = await openWorkbook(memorySource(bytes), 'x.xlsx', nodeCodec, DEFAULT_LIMITS);
    let seen = 0;
    const stop = new Error('za dużo wierszy');
    await expect(new ThreadRead(channelThread(), bytes, 'x.xlsx', DEFAULT_LIMITS).read(source, () => ({
      row: () => {
        if (++seen === 5000) throw stop;
      },
    }))).rejects.toBe(stop);
    expect(seen).toBe(5000);
    await source.close();
  });

  it('a reading thread that fails before it says anything: the file is read on this thread instead', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pal-thread-'));
    try {
      const bytes = await xlsxOf([{ hidden: false, rows: [{ gap: 0, cells: [{ k: 'n', v: 7 }, { k: 'inline', v: 'zajęcia' }] }], merges: [] }]);
      const file = path.join(dir, 'obecnosci.xlsx');
      await writeFile(file, bytes);
      let started = 0;
      const broken: Thread = { post: () => {}, onMessage: () => {}, onError: (h) => void setTimeout(() => h(new Error('no such worker')), 5), end: () => {} };
      const platform = { ...nodePlatform(), threads: { minBytes: 0, handle: (p: string) => p, start: () => (started++, broken) } };
      const source = await openInputFile(platform, file, 'obecnosci.xlsx');
      const rows: string[] = [];
      await source.read(() => ({ row: (n, cells) => rows.push(`${n}: ${cells.map(show).join(' ')}`) }));
      await source.close();
      expect(started).toBe(1);
      expect(rows).toEqual(['1: 7 "zajęcia"']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('on a real worker thread (the Node platform\'s), reading the file by its path', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pal-thread-'));
    try {
      // several batches of rows, empty rows among them, merged ranges at the start and across a batch's end
      const rows = Array.from({ length: 10_000 }, (_, i) => ({ gap: i % 7 === 0 ? 1 : 0, cells: i % 11 === 0 ? [] : [{ k: 'date', v: 44200 + (i % 300) }, { k: 's', v: i % 6 }, { k: 'inline', v: `Grupa ${i % 13} – zajęcia` }, { k: 'n', v: 1.5 }] }));
      const bytes = await xlsxOf([{ hidden: false, rows, merges: [{ r: 2, c: 1, h: 2, w: 1 }, { r: 4090, c: 0, h: 12, w: 2 }, { r: 9000, c: 3, h: 300, w: 0 }] }]);
      const file = path.join(dir, 'obecnosci.xlsx');
      await writeFile(file, bytes);
      const threads = nodePlatform().threads;
      const r = await both(bytes, 'x.xlsx', () => threads?.start() as Thread, threads?.handle(file));
      expect((r.one as Read).rows.length).toBeGreaterThan(9000);
      expectSame(r);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
