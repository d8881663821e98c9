/**
 * The project's CSV tokenizer against csv-parse, the reference: random CSV texts (quotes, `""`,
 * CRLF / LF / CR line endings, line breaks inside quotes, a BOM, empty fields, `;` `,` and tab)
 * are fed to both — ours through the streaming decoder in random chunks — and must yield the
 * same records.
 */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvTokenizer, StreamDecoder } from '../../src/formats/csv.js';

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
});
