/**
 * The description files (`opisy/<period>.md`, `opisy/koncowy.md`): Markdown whose `## D.2 …`
 * and `## D.3 …` headings hold the text the report quotes. Read here: paragraphs, list items
 * (one per line, bulleted or numbered as written), headings below the D.2/D.3 level, **bold**
 * and *italic* (also `__`, `_`, `***`). Anything else — links, code, tables, quotes — is kept
 * as the characters it was written with: printed as text, never dropped.
 */
import type { RichParagraph, TextRun } from './model.js';

/** Paragraphs separated by blank lines; a paragraph's line breaks become spaces. */
export function paragraphs(text: string): string[] {
  return text.split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, ' ').trim()).filter(Boolean);
}

// ------------------------------------------------------------------------- inline emphasis

const WORD = /[\p{L}\p{N}]/u;
/** Characters a backslash escapes (CommonMark's ASCII punctuation). */
const ESCAPABLE = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;

function isSpace(c: string | undefined): boolean {
  return c === undefined || /\s/.test(c);
}

/** The length of the run of `c` starting at `i`. */
function runLength(text: string, i: number, c: string): number {
  let n = 0;
  while (text[i + n] === c) n++;
  return n;
}

/** A delimiter of `n` characters at `i` can open emphasis: text follows, and `_` does not sit inside a word. */
function canOpen(text: string, i: number, n: number): boolean {
  if (isSpace(text[i + n])) return false;
  return text[i] !== '_' || !WORD.test(text[i - 1] ?? '');
}

function canClose(text: string, j: number, n: number): boolean {
  if (isSpace(text[j - 1])) return false;
  return text[j] !== '_' || !WORD.test(text[j + n] ?? '');
}

/** Where the emphasis opened at `i` by `n` × `c` closes: the next run of exactly `n` that can close. */
function closing(text: string, i: number, c: string, n: number): number {
  for (let j = i + n + 1; j < text.length; j++) {
    if (text[j] !== c) continue;
    const run = runLength(text, j, c);
    if (run === n && canClose(text, j, n)) return j;
    j += run - 1;
  }
  return -1;
}

/** Text runs with their emphasis; an unmatched `*` or `_` is text. */
export function inlineRuns(text: string, bold = false, italic = false): TextRun[] {
  const out: TextRun[] = [];
  let buffer = '';
  const flush = () => {
    if (buffer) out.push({ text: buffer, ...(bold ? { bold: true } : {}), ...(italic ? { italic: true } : {}) });
    buffer = '';
  };
  for (let i = 0; i < text.length;) {
    const c = text[i] as string;
    if (c === '\\' && ESCAPABLE.test(text[i + 1] ?? '')) {
      buffer += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '*' || c === '_') {
      const run = runLength(text, i, c);
      const n = Math.min(run, 3);
      const end = run === n && canOpen(text, i, n) ? closing(text, i, c, n) : -1;
      if (end > i + n) {
        flush();
        out.push(...inlineRuns(text.slice(i + n, end), bold || n >= 2, italic || n !== 2));
        i = end + n;
        continue;
      }
      buffer += text.slice(i, i + run);
      i += run;
      continue;
    }
    buffer += c;
    i++;
  }
  flush();
  // adjacent runs of one look are one run
  return out.reduce<TextRun[]>((acc, r) => {
    const last = acc[acc.length - 1];
    if (last && Boolean(last.bold) === Boolean(r.bold) && Boolean(last.italic) === Boolean(r.italic)) last.text += r.text;
    else acc.push({ ...r });
    return acc;
  }, []);
}

// ------------------------------------------------------------------------- blocks

const ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;
const HEADING = /^(#{1,6})(?!#)\s*(.*?)(?:\s+#+)?\s*$/;

interface Draft {
  text: string;
  item?: string;
  depth?: number;
  heading?: true;
  /** Lines kept apart (a table): unknown syntax shown as it was written. */
  verbatim?: true;
}

function finish(d: Draft): RichParagraph {
  const runs = inlineRuns(d.text.trim());
  return {
    runs: d.heading ? runs.map((r) => ({ ...r, bold: true })) : runs,
    ...(d.item !== undefined ? { item: d.item } : {}),
    ...(d.depth ? { depth: d.depth } : {}),
  };
}

/** Paragraphs, list items and headings of a piece of Markdown (without the heading that holds it). */
export function richParagraphs(lines: readonly string[]): RichParagraph[] {
  const out: RichParagraph[] = [];
  let current: Draft | undefined;
  const close = () => {
    if (current && current.text.trim()) out.push(finish(current));
    current = undefined;
  };
  for (const line of lines) {
    if (!line.trim()) {
      close();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      close();
      if (heading[2]) out.push(finish({ text: heading[2], heading: true }));
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      close();
      const marker = item[2] ?? '-';
      const indent = (item[1] ?? '').replace(/\t/g, '    ').length;
      current = { text: item[3] ?? '', item: /\d/.test(marker) ? marker : '•', depth: Math.min(3, Math.floor(indent / 2)) };
      continue;
    }
    // a line under a paragraph or an item continues it (a hard break, two trailing spaces, too);
    // the rows of a table keep their lines, as written
    const table = line.trim().startsWith('|');
    if (current) current.text += `${table || current.verbatim ? '\n' : ' '}${line.trim()}`;
    else current = { text: line.trim(), ...(table ? { verbatim: true as const } : {}) };
  }
  close();
  return out;
}

/** The level of a Markdown heading line (`## x` → 2), or 0 for any other line. */
function headingLevel(line: string): number {
  const h = HEADING.exec(line);
  return h ? (h[1] ?? '').length : 0;
}

/**
 * The text under the `D.2` and `D.3` headings. A heading deeper than the D heading stays in
 * its text (shown bold); one at its level or above ends it, and text under other headings of
 * that level is not part of the report.
 */
export function parseDescriptions(source: string | undefined): { d2: RichParagraph[]; d3: RichParagraph[] } {
  const buffer: Record<'d2' | 'd3', string[]> = { d2: [], d3: [] };
  if (!source) return { d2: [], d3: [] };
  let current: 'd2' | 'd3' | undefined;
  let level = 0;
  for (const line of source.split(/\r?\n/)) {
    const l = headingLevel(line);
    if (l > 0) {
      const title = HEADING.exec(line)?.[2] ?? '';
      const section = /D\.?\s*2/i.test(title) ? 'd2' : /D\.?\s*3/i.test(title) ? 'd3' : undefined;
      if (section || current === undefined || l <= level) {
        current = section;
        level = l;
        continue;
      }
    }
    if (current) buffer[current].push(line);
  }
  return { d2: richParagraphs(buffer.d2), d3: richParagraphs(buffer.d3) };
}
