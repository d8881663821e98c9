/**
 * Indicator values tagged by kind, and the one schema of the SPEC §4.4 JSON: `indicators --format
 * json`, the report's JSON and a snapshot's values are exactly that JSON; the kind of a value
 * comes from its definition, so a ratio without data is still a ratio.
 */
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { parseSnapshot } from '../../src/corrections/snapshot.js';
import { indicatorsJsonSchema } from '../../src/indicators/json.js';
import { TABLE_WORDS } from '../../src/report/wording.js';
import { nodeCrypto } from '../../src/node/index.js';

const DEMO = path.resolve(import.meta.dirname, '../../fixtures/klobuck');
const NUMBER = 'RPSL.09.01.01-24-0000/20';

async function run(args: string[]) {
  const io = memoryIO(process.cwd());
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

/** The demo project in a temporary directory, its definition changed by `edit`. */
async function demoCopy(edit: (yaml: string) => string = (y) => y): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'pal-values-')), 'klobuck');
  await cp(DEMO, dir, { recursive: true });
  const file = path.join(dir, 'pal-report.yaml');
  await writeFile(file, edit(await readFile(file, 'utf8')));
  return dir;
}

interface ModelTable { title: string; rows: { cells: unknown[] }[] }
interface Model { sections: { blocks: { kind: string; table?: ModelTable }[] }[]; indicators: unknown[] }

function tables(model: Model): ModelTable[] {
  return model.sections.flatMap((s) => s.blocks.flatMap((b) => (b.table ? [b.table] : [])));
}

describe('one schema for the §4.4 JSON', () => {
  let project: string;
  beforeAll(async () => {
    project = await demoCopy();
  });

  it('indicators --format json, the report JSON and a new snapshot are that JSON exactly (no kind, nothing internal)', async () => {
    const ind = await run(['indicators', '--project', project, '--period', '2022-Q2', '--format', 'json', '--as-of', '2022-07-20', '--allow-errors']);
    expect(ind.code).toBe(0);
    const json = JSON.parse(ind.out);
    expect(indicatorsJsonSchema.safeParse(json).success).toBe(true);

    const out = path.join(project, 'out');
    const rep = await run(['report', 'progress', '--project', project, '--period', '2022-Q2', '--as-of', '2022-07-20', '--allow-errors', '--out', out, '--formats', 'json', '--quiet']);
    expect(rep.code, rep.err).toBe(0);
    const model = JSON.parse(await readFile(path.join(out, 'raport-okresowy-2022-Q2.json'), 'utf8')) as Model;
    expect(indicatorsJsonSchema.shape.indicators.safeParse(model.indicators).success).toBe(true);
    expect(model.indicators).toEqual(json.indicators);

    const sub = await run(['submit', '--project', project, '--period', '2022-Q2', '--as-of', '2022-07-20', '--allow-errors', '--quiet', '--generated-at', '2022-07-21T10:00:00Z']);
    expect(sub.code, sub.err).toBe(0);
    const snapshot = JSON.parse(await readFile(path.join(project, 'zlozone', '2022-Q2.json'), 'utf8'));
    expect(indicatorsJsonSchema.safeParse(snapshot.values).success).toBe(true);
    // the same values as the indicators command, the keys sorted as snapshots are written
    expect(snapshot.values.indicators).toEqual(json.indicators);
  });

  it('a snapshot read back gives each cell its kind from its shape; the committed one still loads', async () => {
    const text = await readFile(path.join(DEMO, 'zlozone', '2022-Q1.json'), 'utf8');
    const parsed = parseSnapshot(nodeCrypto, text, NUMBER);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problem));
    const kinds = new Map(parsed.snapshot.values.indicators.map((v) => [v.unit, new Set([v.period?.kind, v.cumulative?.kind])]));
    expect(kinds.get('osoby')).toEqual(new Set(['persons']));
    expect(kinds.get('%')).toEqual(new Set(['ratio']));
    expect(kinds.get('godziny')).toEqual(new Set(['total']));
    // the kind is the reader's: the file has none
    expect(text).not.toContain('"kind"');
  });

  it('a cell of no known shape is refused where it is', async () => {
    const text = await readFile(path.join(DEMO, 'zlozone', '2022-Q1.json'), 'utf8');
    const json = JSON.parse(text);
    json.values.indicators[0].period = { K: 1, O: 2 };
    const parsed = parseSnapshot(nodeCrypto, JSON.stringify(json), NUMBER);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toEqual({ key: 'snapshot.shape', params: { path: 'values.indicators.0.period' } });
  });
});

describe('a value is of its kind also without data', () => {
  // EZ as a share named "odsetek" (not "%"), and a count of people whose unit someone wrote as "%"
  const edit = (yaml: string) => yaml
    .replace(/(- id: EZ\n {4}name: Efektywność zatrudnieniowa\n {4}type: rezultat\n {4}unit: )"%"/, '$1odsetek')
    .replace('indicators:\n', 'indicators:\n  - { id: PX, name: Uczestnicy liczeni w procentach, type: produkt, unit: "%", measure: participants, target: { O: 40 } }\n');
  let project: string;
  beforeAll(async () => {
    project = await demoCopy(edit);
    const yaml = await readFile(path.join(project, 'pal-report.yaml'), 'utf8');
    expect(yaml).toContain('unit: odsetek');
    expect(yaml).toContain('id: PX');
  });

  it('indicators: a ratio target reads as a share with and without data', async () => {
    const args = ['indicators', '--project', project, '--as-of', '2022-09-30', '--allow-errors'];
    const line = (out: string, id: string) => out.split('\n').find((l) => l.startsWith(`${id} `)) ?? '';
    const withData = await run([...args, '--period', '2022-Q2']);
    const without = await run([...args, '--period', '2022-Q4']);
    expect(withData.code).toBe(0);
    expect(without.code).toBe(0);
    expect(line(withData.out, 'EZ')).toContain('22,0%');
    expect(line(without.out, 'EZ')).toContain('22,0%');
    expect(line(without.out, 'EZ')).toContain('brak danych');
    // a count stays a count whatever its unit says
    expect(line(without.out, 'PX')).toMatch(/ 40 +brak danych/);
  });

  it('the report puts a ratio without data in the ratio table and a count in "%" among the counts', async () => {
    const out = path.join(project, 'out');
    const r = await run(['report', 'progress', '--project', project, '--period', '2022-Q4', '--as-of', '2022-09-30', '--allow-errors', '--out', out, '--formats', 'json', '--quiet']);
    expect(r.code, r.err).toBe(0);
    const model = JSON.parse(await readFile(path.join(out, 'raport-okresowy-2022-Q4.json'), 'utf8')) as Model;
    const ids = (title: string) => tables(model).find((t) => t.title === title)?.rows.map((row) => row.cells[0]) ?? [];
    expect(ids(TABLE_WORDS.ratios)).toEqual(['ES', 'EZ']);
    expect(ids(TABLE_WORDS.productIndicators)).toContain('PX');
    expect(ids(TABLE_WORDS.resultIndicators)).not.toContain('EZ');
  });
});
