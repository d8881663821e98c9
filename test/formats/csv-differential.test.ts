/**
 * The project's CSV tokenizer against csv-parse, the reference: random CSV texts (quotes, `""`,
 * CRLF / LF / CR line endings, line breaks inside quotes, a BOM, empty fields, `;` `,` and tab)
 * are fed to both — ours through the streaming decoder in random chunks — and must yield the
 * same records. Ours twice: decoded text pushed in random cuts, and the way files are read
 * (`readCsv`: bytes split as they are, each piece read again from its unfinished record, fields
 * with other bytes decoded on their own), in pieces of a random small size.
 */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvTokenizer, readCsv, StreamDecoder } from '../../src/formats/csv.js';

const DELIMITERS = [';', ',', '\t'] as const;
const LINE_ENDS = ['\n', '\r\n', '\r'] as const;

/** Characters a field may hold; line breaks and delimiters force quoting. */
const fieldText = fc.string({ unit: fc.constantFrom('a', 'B', '1', ' ', 'ż', 'Ł', '€', '"', ';', ',', '\t', '\n', '\r', '.', '-'), maxLength: 8 });

interface Doc {
  delimiter: string;
  eol: string;
  bom: boolean;
  records: { value: string; quoted: boolean }[][];
  trailingEol: boolean;
}

const doc: fc.Arbitrary<Doc> = fc.record({
  delimiter: fc.constantFrom(...DELIMITERS),
  eol: fc.constantFrom(...LINE_ENDS),
  bom: fc.boolean(),
  records: fc.array(fc.array(fc.record({ value: fieldText, quoted: fc.boolean() }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
  trailingEol: fc.boolean(),
});

/** A field as a spreadsheet writes it: quoted when it must be (or when the writer likes to). */
function field(f: { value: string; quoted: boolean }, delimiter: string): string {
  const must = f.value.includes(delimiter) || /[\r\n]/.test(f.value) || f.value.startsWith('"');
  return f.quoted || must ? `"${f.value.replace(/"/g, '""')}"` : f.value;
}

function serialise(d: Doc): string {
  const lines = d.records.map((r) => r.map((f) => field(f, d.delimiter)).join(d.delimiter));
  return `${d.bom ? '\uFEFF' : ''}${lines.join(d.eol)}${d.trailingEol ? d.eol : ''}`;
}

function reference(bytes: Uint8Array, delimiter: string): string[][] {
  return parse(Buffer.from(bytes), { delimiter, bom: true, relax_quotes: true, relax_column_count: true }) as string[][];
}

function ours(bytes: Uint8Array, delimiter: string, cuts: number[]): string[][] {
  const out: string[][] = [];
  const decoder = new StreamDecoder();
  const tokenizer = new CsvTokenizer(delimiter, (_n, cells) => out.push(cells.map((c) => (c === null ? '' : String(c)))));
  let from = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    tokenizer.push(decoder.decode(bytes.subarray(from, cut)));
    from = cut;
  }
  tokenizer.push(decoder.decode(bytes.subarray(from)));
  tokenizer.push(decoder.flush());
  tokenizer.end();
  return out;
}

/** As a file is read: `readCsv` over the bytes in pieces of `chunk`. */
async function oursAsRead(bytes: Uint8Array, delimiter: string, chunk: number, encoding?: string): Promise<string[][]> {
  const out: string[][] = [];
  const decoder = new StreamDecoder();
  const tokenizer = new CsvTokenizer(delimiter, (_n, cells) => out.push(cells.map((c) => (c === null ? '' : String(c)))), Number.MAX_SAFE_INTEGER, decoder.field);
  const input = { size: bytes.length, read: async (at: number, length: number) => bytes.slice(at, at + length) };
  // the first piece holds a BOM whole, as the first megabyte a file is sniffed by does
  await readCsv(input, bytes.slice(0, Math.max(3, chunk)), chunk, decoder, tokenizer);
  if (encoding) expect(decoder.encoding).toBe(encoding);
  return out;
}

describe('CsvTokenizer agrees with csv-parse', () => {
  it('on random documents in random chunks', () => {
    fc.assert(
      fc.property(doc, fc.array(fc.nat(), { maxLength: 6 }), (d, cuts) => {
        const bytes = new TextEncoder().encode(serialise(d));
        expect(ours(bytes, d.delimiter, cuts)).toEqual(reference(bytes, d.delimiter));
      }),
      { numRuns: Number(process.env.CSV_RUNS ?? 3000) },
    );
  }, 600_000);

  it('on random documents read as files are, in pieces of 1 to 40 bytes', async () => {
    await fc.assert(
      fc.asyncProperty(doc, fc.integer({ min: 1, max: 40 }), async (d, chunk) => {
        const bytes = new TextEncoder().encode(serialise(d));
        expect(await oursAsRead(bytes, d.delimiter, chunk)).toEqual(reference(bytes, d.delimiter));
      }),
      { numRuns: Number(process.env.CSV_RUNS ?? 3000) },
    );
  }, 600_000);

  it('on Windows-1250 documents read as files are: the same records as decoded text', async () => {
    // ę, ó are also UTF-8 lead bytes: one at a piece's end proves nothing until the next piece
    const fieldText1250 = fc.string({ unit: fc.constantFrom('a', 'B', '1', ' ', 'ż', 'Ł', '€', 'ę', 'ó', '"', ';', '\n', '\r'), maxLength: 8 });
    const doc1250 = fc.record({
      delimiter: fc.constant(';'),
      eol: fc.constantFrom(...LINE_ENDS),
      bom: fc.constant(false),
      records: fc.array(fc.array(fc.record({ value: fieldText1250, quoted: fc.boolean() }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
      trailingEol: fc.boolean(),
    });
    const cp1250 = (t: string) => Uint8Array.from([...t], (ch) => ({ ż: 0xbf, Ł: 0xa3, '€': 0x80, ę: 0xea, ó: 0xf3 })[ch] ?? ch.charCodeAt(0));
    await fc.assert(
      fc.asyncProperty(doc1250, fc.integer({ min: 1, max: 40 }), async (d, chunk) => {
        // the first bytes beyond ASCII decide (ż is no UTF-8 anywhere); ę, ó after it fall on
        // the pieces' ends too
        const text = `ż${d.eol}${serialise(d)}`;
        expect(await oursAsRead(cp1250(text), d.delimiter, chunk, 'Windows-1250')).toEqual(reference(new TextEncoder().encode(text), d.delimiter));
      }),
      { numRuns: Number(process.env.CSV_RUNS ?? 1000) },
    );
  }, 600_000);

  it.each([
    ['CR line endings (classic Mac Excel)', 'a;b\rc;"d\re"\r'],
    ['a line break inside quotes before the first record ends', '"x\ny";1\r\nb;2'],
    ['an empty line between records', 'a\n\nb'],
    ['a quote inside an unquoted field', 'ab"c;d\ne'],
    ['a BOM and an empty quoted field', '\uFEFFa;""\nb'],
  ])('%s', (_name, text) => {
    const bytes = new TextEncoder().encode(text);
    expect(ours(bytes, ';', [1, 5])).toEqual(reference(bytes, ';'));
  });

  it('stray CRs and text after a closing quote, as files are read: the same fields as decoded text', async () => {
    // a field ending in CR then the same field at a line's end (the CR dropped); bytes cut by a quote
    const cases: (string | number[])[] = ['h\né\r;y\né\r\n', 'h\nx;é\r\r\nx;é\r\n', 'a;"\u20ac\u20ac"\u20ac\nb', [0x61, 0x3b, 0x22, 0xe2, 0x82, 0x22, 0x80, 0x0a, 0xc5, 0xbc], [0x61, 0x3b, 0x22, 0xc3, 0x22, 0x80, 0x0a, 0xc5, 0xbc]];
    for (const c of cases) {
      const bytes = typeof c === 'string' ? new TextEncoder().encode(c) : Uint8Array.from(c);
      for (const chunk of [1, 2, 3, 7, 64]) expect(await oursAsRead(bytes, ';', chunk)).toEqual(ours(bytes, ';', []));
    }
    const stray = fc.string({ unit: fc.constantFrom('a', 'é', 'ż', ';', '\r', '\n', '\r\n', 'x'), maxLength: 60 });
    await fc.assert(fc.asyncProperty(stray, fc.integer({ min: 1, max: 40 }), async (text, chunk) => {
      const bytes = new TextEncoder().encode(`é;${text}`);
      expect(await oursAsRead(bytes, ';', chunk)).toEqual(ours(bytes, ';', []));
    }), { numRuns: Number(process.env.CSV_RUNS ?? 2000) });
  });

  it('the first byte beyond ASCII at a piece\'s end: the encoding is decided with the next piece', async () => {
    // a;ę\nb;ó — ę (0xEA) ends the first piece of 3 bytes; with the line break after it, no UTF-8
    const bytes = Uint8Array.from([0x61, 0x3b, 0xea, 0x0a, 0x62, 0x3b, 0xf3]);
    for (const chunk of [1, 2, 3, 4, 64]) expect(await oursAsRead(bytes, ';', chunk, 'Windows-1250')).toEqual([['a', 'ę'], ['b', 'ó']]);
    // while UTF-8 whose first character beyond ASCII the piece's end cuts in two stays UTF-8
    for (const chunk of [3, 4]) expect(await oursAsRead(new TextEncoder().encode('a;ż\nb;ó'), ';', chunk, 'UTF-8')).toEqual([['a', 'ż'], ['b', 'ó']]);
    // and one at the input's very end is no UTF-8 either
    expect(await oursAsRead(Uint8Array.from([0x61, 0x3b, 0xea]), ';', 64, 'Windows-1250')).toEqual([['a', 'ę']]);
  });

  it('decodes a field of invalid UTF-8 as decoding the whole text does', async () => {
    // proven UTF-8 first (ż), then a lone continuation byte and a cut-off sequence in fields
    const bytes = Uint8Array.from([0xc5, 0xbc, 0x3b, 0x61, 0x80, 0x62, 0x0a, 0xc5, 0x3b, 0x63, 0xe2, 0x82, 0x0a, 0x64]);
    const whole = new TextDecoder('utf-8').decode(bytes).split('\n').map((l) => l.split(';'));
    for (const chunk of [1, 2, 3, 4]) expect(await oursAsRead(bytes, ';', chunk, 'UTF-8')).toEqual(whole);
  });
});
