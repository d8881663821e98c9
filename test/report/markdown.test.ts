/**
 * Descriptions are Markdown (issue 17): opisy/*.md give paragraphs, list items one per line,
 * **bold** and *italic*; anything else is printed as the characters it was written with.
 * The rendered reports: rich text runs in the XLSX cells (PDF text and fonts: test/clients).
 */
import { mkdtemp, cp, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { inlineRuns, parseDescriptions, richParagraphs } from '../../src/report/markdown.js';
import type { ReportModel, RichParagraph } from '../../src/report/model.js';

const DEMO = path.resolve(import.meta.dirname, '../../fixtures/klobuck');

/** `text` with its marks: `**b**` bold, `*i*` italic, `***x***` both. */
function marked(p: RichParagraph): string {
  return (p.item !== undefined ? `${'  '.repeat(p.depth ?? 0)}${p.item} ` : '') + p.runs.map((r) => (r.bold && r.italic ? `***${r.text}***` : r.bold ? `**${r.text}**` : r.italic ? `*${r.text}*` : r.text)).join('');
}

describe('inline emphasis', () => {
  it('bold, italic, both, with * and _, nested', () => {
    expect(inlineRuns('a **b** c *d* e ***f*** g __h__ _i_')).toEqual([
      { text: 'a ' }, { text: 'b', bold: true }, { text: ' c ' }, { text: 'd', italic: true }, { text: ' e ' }, { text: 'f', bold: true, italic: true },
      { text: ' g ' }, { text: 'h', bold: true }, { text: ' ' }, { text: 'i', italic: true },
    ]);
    expect(inlineRuns('**bold with *italic* inside**')).toEqual([{ text: 'bold with ', bold: true }, { text: 'italic', bold: true, italic: true }, { text: ' inside', bold: true }]);
  });

  it('keeps as text what is not emphasis: lone stars, escapes, snake_case, unclosed marks', () => {
    for (const text of ['2 * 3 * 4', 'nazwa_pliku_z_podkreśleniami', '**nie zamknięte', 'gwiazdka * sama', '* spacja*', '`kod_a`']) {
      expect(inlineRuns(text), text).toEqual([{ text }]);
    }
    expect(inlineRuns('znak \\*gwiazdki\\*')).toEqual([{ text: 'znak *gwiazdki*' }]);
    expect(inlineRuns('[umowa](https://example.org/a_b_c)')).toEqual([{ text: '[umowa](https://example.org/a_b_c)' }]);
  });
});

describe('blocks', () => {
  it('paragraphs join their lines; every list item is its own paragraph, bulleted or numbered as written', () => {
    const ps = richParagraphs([
      'Pierwszy akapit,', 'w dwóch liniach.', '', 'Problemy:', '- urlopy (**sierpień**),', '* brak sali,', '  + remont,', '- niska frekwencja',
      'dopisana w następnej linii.', '', '1. pierwszy', '2) drugi', '', '### Podtytuł', 'Tekst.',
    ]);
    expect(ps.map(marked)).toEqual([
      'Pierwszy akapit, w dwóch liniach.', 'Problemy:', '• urlopy (**sierpień**),', '• brak sali,', '  • remont,', '• niska frekwencja dopisana w następnej linii.',
      '1. pierwszy', '2) drugi', '**Podtytuł**', 'Tekst.',
    ]);
  });

  it('prints unknown syntax as written: quotes, tables (line by line), rules, links', () => {
    const ps = richParagraphs(['> cytat', '', '| a | b |', '|---|---|', '| 1 | 2 |', '', '---', '', 'Zob. [link](http://x).']);
    expect(ps.map(marked)).toEqual(['> cytat', '| a | b |\n|---|---|\n| 1 | 2 |', '---', 'Zob. [link](http://x).']);
  });

  it('D.2 and D.3 at any heading level; a deeper heading stays in the text, one at the same level ends it', () => {
    const d = parseDescriptions(['# Raport', 'wstęp (nie w raporcie)', '## D.2 Problemy', 'a', '### Szczegóły', 'b', '## Inne', 'c', '## D.3 Plan', '- x', '- y'].join('\n'));
    expect(d.d2.map(marked)).toEqual(['a', '**Szczegóły**', 'b']);
    expect(d.d3.map(marked)).toEqual(['• x', '• y']);
    expect(parseDescriptions('# D.2\nA\n## D.3\nB').d3.map(marked)).toEqual(['B']);
  });
});

describe('in the report', () => {
  it('the XLSX has one row per paragraph and list item, bold and italic as rich text runs', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pal-opisy-'));
    await cp(DEMO, dir, { recursive: true });
    await writeFile(path.join(dir, 'opisy', '2021-Q3.md'), [
      '## D.2 Problemy napotkane w trakcie realizacji projektu', '', 'W sierpniu **dwie edycje** warsztatów *przeniesiono*.', '',
      'Przyczyny:', '- urlopy prowadzących,', '- remont sali.', '', '## D.3 Planowany przebieg realizacji projektu', '', '1. kurs (październik)', '2. gala (grudzień)',
    ].join('\n'));
    const out = path.join(dir, 'raporty');
    const io = memoryIO(process.cwd(), { SOURCE_DATE_EPOCH: '1672531200' });
    expect(await runCli(['report', 'progress', '--period', '2021-Q3', '--project', dir, '--as-of', '2023-06-30', '--out', out, '--formats', 'xlsx,json'], io), io.err).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, 'raport-okresowy-2021-Q3.xlsx'));
    const texts: ExcelJS.CellRichTextValue[] = [];
    wb.getWorksheet('Podsumowanie')?.eachRow((row) => {
      const v = row.getCell(1).value;
      if (v && typeof v === 'object' && 'richText' in v) texts.push(v);
    });
    const shown = texts.map((t) => t.richText.map((r) => (r.font?.bold ? `**${r.text}**` : r.font?.italic ? `*${r.text}*` : r.text)).join(''));
    expect(shown).toEqual(['W sierpniu **dwie edycje** warsztatów *przeniesiono*.', 'Przyczyny:', '• urlopy prowadzących,', '• remont sali.', '1. kurs (październik)', '2. gala (grudzień)']);
    const model = JSON.parse(await readFile(path.join(out, 'raport-okresowy-2021-Q3.json'), 'utf8')) as ReportModel;
    expect(JSON.stringify(model)).not.toContain('**');
  }, 60_000);
});
