/**
 * Property and fuzz tests: the value parsers never throw on arbitrary text and give back what
 * they accept; CSV ingest of random bytes yields rows or a clean file-level refusal; random
 * damage to the demo workbooks never crashes `validate`.
 */
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { addDays, formatPl, parseDateText } from '../../src/dates.js';
import { InputFileError } from '../../src/errors.js';
import { MarkReader } from '../../src/ingest/attendance.js';
import { CsvTokenizer } from '../../src/formats/csv.js';
import { FormatError } from '../../src/formats/index.js';
import { openWorkbook } from '../../src/ingest/source.js';
import { parseBoolCell, parseDateCell, parseNumberCell, parseTimeCell } from '../../src/ingest/values.js';
import { makePesel, maskPeselsIn, peselBirthDate, peselChecksumOk, peselSex } from '../../src/pesel.js';
import { builtinDictionaries } from '../../src/project/dictionaries.js';
import { disk } from '../helpers/platform.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^[\d.,\- :\/]{0,14}$/));

describe('value parsers', () => {
  it('never throw on arbitrary text', () => {
    const marks = new MarkReader(builtinDictionaries());
    fc.assert(fc.property(anyText, (s) => {
      parseDateText(s);
      parseDateCell(s);
      parseNumberCell(s);
      parseBoolCell(s);
      parseTimeCell(s);
      expect(['absent', 'present', 'excused', 'invalid']).toContain(marks.read(s));
      peselChecksumOk(s.padEnd(11, '0').slice(0, 11));
      peselBirthDate(s.padEnd(11, '0').slice(0, 11));
      expect(maskPeselsIn(s)).not.toMatch(/(?<!\d)\d{11}(?!\d)/);
    }), { numRuns: 2000 });
  });

  it('dates: what is written dd.mm.yyyy or yyyy-mm-dd reads back as itself; impossible days are refused', () => {
    fc.assert(fc.property(fc.integer({ min: -40_000, max: 40_000 }), (n) => {
      const iso = addDays('2000-01-01', n);
      expect(parseDateText(formatPl(iso))).toBe(iso);
      expect(parseDateText(iso)).toBe(iso);
      expect(parseDateCell(formatPl(iso))).toBe(iso);
    }));
    fc.assert(fc.property(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 29, max: 40 }), (y, m, d) => {
      const text = `${String(d).padStart(2, '0')}.${String(m).padStart(2, '0')}.${y}`;
      const parsed = parseDateText(text);
      const real = new Date(Date.UTC(y, m - 1, d)).getUTCMonth() === m - 1;
      expect(parsed !== null).toBe(real);
    }));
  });

  it('numbers: Polish and plain notation read back as the same number', () => {
    fc.assert(fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 999 }), (whole, frac) => {
      const value = whole + Math.sign(whole || 1) * frac / 1000;
      const pl = new Intl.NumberFormat('pl-PL', { maximumFractionDigits: 3, useGrouping: 'always' as unknown as boolean }).format(value);
      expect(parseNumberCell(pl)).toBeCloseTo(value, 6);
      expect(parseNumberCell(String(value))).toBeCloseTo(value, 6);
    }));
  });

  it('booleans and marks: every listed spelling, any case', () => {
    const marks = new MarkReader(builtinDictionaries());
    fc.assert(fc.property(fc.constantFrom('Tak', 'tak', 'TAK', 'T', 't', '1', 'x', 'X'), (s) => {
      expect(parseBoolCell(s)).toBe(true);
    }));
    fc.assert(fc.property(fc.constantFrom('x', 'X', '1', 'ob', 'OB.', 'obecny', 'T', '✓'), (s) => {
      expect(marks.read(s)).toBe('present');
    }));
    fc.assert(fc.property(fc.constantFrom('', '0', 'nb', 'NB.', 'N', '-'), (s) => {
      expect(marks.read(s)).toBe('absent');
    }));
    fc.assert(fc.property(fc.constantFrom('u', 'usp', 'USP.', 'usprawiedliwiony'), (s) => {
      expect(marks.read(s)).toBe('excused');
    }));
  });

  it('PESEL: generated numbers are valid and give back their birth date and sex', () => {
    fc.assert(fc.property(fc.integer({ min: -25_000, max: 30_000 }), fc.nat(9999), fc.constantFrom<'K' | 'M'>('K', 'M'), (n, serial, sex) => {
      const birth = addDays('1960-01-01', n);
      const p = makePesel(birth, serial, sex);
      expect(peselChecksumOk(p)).toBe(true);
      expect(peselBirthDate(p)).toBe(birth);
      expect(peselSex(p)).toBe(sex);
      expect(maskPeselsIn(`PESEL ${p}.`)).toBe(`PESEL ${p.slice(0, 6)}*****.`);
    }), { numRuns: 500 });
  });
});

describe('CSV ingest', () => {
  it('the tokenizer on arbitrary text: records, or an unclosed-quote error, whatever the chunking', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', ';', '"', '\n', '\r', 'ż', ' ') }), fc.integer({ min: 1, max: 7 }), (text, size) => {
      const whole: string[] = [];
      const chunked: string[] = [];
      let error: unknown;
      try {
        const t = new CsvTokenizer(';', (n, cells) => whole.push(`${n}:${cells.join('|')}`));
        t.push(text);
        t.end();
      } catch (e) {
        error = e;
      }
      if (error) {
        expect(error).toBeInstanceOf(FormatError);
        expect((error as FormatError).code).toBe('csv-quote');
        return;
      }
      const t = new CsvTokenizer(';', (n, cells) => chunked.push(`${n}:${cells.join('|')}`));
      for (let i = 0; i < text.length; i += size) t.push(text.slice(i, i + size));
      t.end();
      expect(chunked).toEqual(whole);
    }), { numRuns: 1000 });
  });

  it('random bytes give rows or a clean refusal naming the file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pal-fuzz-'));
    let n = 0;
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), async (bytes) => {
      const file = path.join(dir, `f${n++}.csv`);
      await writeFile(file, bytes);
      try {
        const src = await openWorkbook(disk, file, 'plik.csv');
        await src.read(() => ({ row: () => undefined }));
        await src.close();
      } catch (e) {
        expect(e).toBeInstanceOf(InputFileError);
        expect((e as InputFileError).file).toBe('plik.csv');
      }
    }), { numRuns: 300 });
  });
});

describe('damaged demo workbooks', () => {
  it('blanked cells, swapped types and duplicated rows never crash validate', async () => {
    const base = await mkdtemp(path.join(tmpdir(), 'pal-mutate-'));
    const source = path.join(ROOT, 'fixtures', 'klobuck');
    const damage = fc.array(fc.record({
      file: fc.constantFrom('dane/uczestnicy.xlsx', 'dane/obecnosci/imprezy.xlsx', 'dane/obecnosci/wolontariat.xlsx'),
      row: fc.integer({ min: 1, max: 60 }),
      col: fc.integer({ min: 1, max: 50 }),
      kind: fc.constantFrom('blank', 'text', 'number', 'date', 'bool', 'duplicate', 'garbage'),
    }), { minLength: 1, maxLength: 12 });
    let k = 0;
    await fc.assert(fc.asyncProperty(damage, async (changes) => {
      const dir = path.join(base, `p${k++}`);
      // the definition reads attendance by pattern: the project is the damaged files and the participants
      await cp(source, dir, { recursive: true, filter: (f) => !/obecnosci[\\/](?!imprezy|wolontariat)[^\\/]+$/.test(f) });
      const byFile = new Map<string, typeof changes>();
      for (const c of changes) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c]);
      for (const [file, list] of byFile) {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(path.join(dir, file));
        const ws = wb.worksheets[0] as ExcelJS.Worksheet;
        for (const c of list) {
          const cell = ws.getRow(c.row).getCell(c.col);
          if (cell.isMerged) continue;
          switch (c.kind) {
            case 'blank': cell.value = null; break;
            case 'text': cell.value = String(cell.value ?? 'ąę'); break;
            case 'number': cell.value = 12345.678; break;
            case 'date': cell.value = new Date('1999-02-03T00:00:00Z'); break;
            case 'bool': cell.value = true; break;
            case 'garbage': cell.value = '\u0000=1+1;"\n'; break;
            case 'duplicate': ws.getRow(c.row + 1).values = ws.getRow(c.row).values as ExcelJS.CellValue[]; break;
          }
        }
        await wb.xlsx.writeFile(path.join(dir, file));
      }
      const io = memoryIO(dir);
      const code = await runCli(['validate', '--project', dir, '--format', 'json', '--max-issues', '5'], io);
      expect(code, io.err).toBeLessThan(3);
      if (code < 2) expect(() => JSON.parse(io.out)).not.toThrow();
    }), { numRuns: 12 });
  }, 120_000);
});
