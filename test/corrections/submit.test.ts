/**
 * `submit`: what a snapshot holds (the values `report progress` shows, evidence, input digests,
 * no personal data), that it is never overwritten silently, that a replaced one is kept, and
 * that a bad snapshot or a missing key is said in one clear line, never a stack trace.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { basePeople, baseRows, brief, cli, corrections, DEFINITION, makeCorrectionsProject, readJson, submitQ1, writePeople, writeRows, type Person } from './helpers.js';
import { participantsProject, PARTICIPANT_TEST_HEADERS, csvText } from '../helpers/fixtures.js';
import { LIST_HEADER } from './helpers.js';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe('submit', () => {
  it('writes zlozone/<P>.json: the values of report progress, evidence, input digests, stable sorted JSON, and a .gitignore', async () => {
    const dir = await makeCorrectionsProject();
    const r = await submitQ1(dir, ['--note', 'WNP nr 3']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('zlozone/2021-Q1.json\n');
    const file = path.join(dir, 'zlozone', '2021-Q1.json');
    const text = await readFile(file, 'utf8');
    const snap = JSON.parse(text) as Record<string, unknown> & { values: unknown; inputs: { file: string; sha256: string }[]; evidence: { persons: Record<string, unknown> } };
    // exactly what `indicators --format json` (the §4.4 JSON the report is built from) says for the same data and as-of
    const ind = await cli(['indicators', '--project', dir, '--period', '2021-Q1', '--as-of', '2021-04-15', '--format', 'json']);
    expect(snap.values).toEqual(JSON.parse(ind.out));
    expect(snap).toMatchObject({ project: 'RPSL.09.01.01-24-0001/20', period: { id: '2021-Q1', from: '2021-01-01', to: '2021-03-31' }, asOf: '2021-04-15', submittedAt: '2021-04-20T08:00:00.000Z', note: 'WNP nr 3' });
    expect(snap.inputs).toEqual([
      { file: 'uczestnicy.xlsx', sha256: sha(await readFile(path.join(dir, 'uczestnicy.xlsx'))) },
      { file: 'obecnosci/lista.csv', sha256: sha(await readFile(path.join(dir, 'obecnosci/lista.csv'))) },
    ]);
    expect(Object.keys(snap.evidence.persons).sort()).toEqual(['id:P1', 'id:P2', 'id:P3', 'id:P4']);
    // stable: sorted keys, two-space indents, so a diff in git shows the change only
    expect(text).toBe(`${JSON.stringify(sortDeep(snap), null, 2)}\n`);
    // no key is needed when everyone has an Identyfikator; the .gitignore is there anyway
    expect((await readdir(path.join(dir, 'zlozone'))).sort()).toEqual(['.gitattributes', '.gitignore', '2021-Q1.json']);
    expect(await readFile(path.join(dir, 'zlozone', '.gitignore'), 'utf8')).toContain('.klucz');
    // snapshots stay LF in a Git for Windows checkout (core.autocrlf=true)
    expect(await readFile(path.join(dir, 'zlozone', '.gitattributes'), 'utf8')).toContain('*.json text eol=lf\n');
  });

  it("adds the key line to the user's own .gitignore when it lacks it, and keeps the user's .gitattributes", async () => {
    const dir = await makeCorrectionsProject();
    await mkdir(path.join(dir, 'zlozone'));
    await writeFile(path.join(dir, 'zlozone', '.gitignore'), '*.bak');
    await writeFile(path.join(dir, 'zlozone', '.gitattributes'), '* -text\n');
    expect((await submitQ1(dir)).code).toBe(0);
    expect(await readFile(path.join(dir, 'zlozone', '.gitignore'), 'utf8')).toBe('*.bak\n.klucz\n');
    expect(await readFile(path.join(dir, 'zlozone', '.gitattributes'), 'utf8')).toBe('* -text\n');
    // listed already: left as it is
    await writeFile(path.join(dir, 'zlozone', '.gitignore'), '/.klucz\r\n');
    expect((await submitQ1(dir, ['--replace', '--reason', 'ponownie'])).code).toBe(0);
    expect(await readFile(path.join(dir, 'zlozone', '.gitignore'), 'utf8')).toBe('/.klucz\r\n');
  });

  it('is reproducible: the same data and --generated-at give the same bytes', async () => {
    const a = await makeCorrectionsProject();
    // the same files (a workbook written a second later would carry another creation time)
    const b = await mkdtemp(path.join(tmpdir(), 'pal-same-'));
    await cp(a, b, { recursive: true });
    await submitQ1(a);
    await submitQ1(b);
    expect(await readFile(path.join(a, 'zlozone', '2021-Q1.json'), 'utf8')).toBe(await readFile(path.join(b, 'zlozone', '2021-Q1.json'), 'utf8'));
  });

  it('refuses to submit a period again (exit 2, nothing changed); --replace --reason keeps the old one as <P>.1.json, .2.json …', async () => {
    const dir = await makeCorrectionsProject();
    await submitQ1(dir);
    const file = path.join(dir, 'zlozone', '2021-Q1.json');
    const first = await readFile(file);
    const again = await submitQ1(dir);
    expect(again.code).toBe(2);
    expect(again.err).toBe('pal-report: okres 2021-Q1 już złożono (zlozone/2021-Q1.json, 20.04.2021); aby zastąpić migawkę, użyj --replace --reason "<powód>"\n');
    expect(await readFile(file)).toEqual(first);

    const noReason = await submitQ1(dir, ['--replace']);
    expect(noReason.code).toBe(2);
    expect(noReason.err).toBe('pal-report: --replace wymaga podania powodu: --reason "<powód>"\n');
    expect(await readFile(file)).toEqual(first);

    await writeRows(dir, [...baseRows(), ['31.03.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P2', 'x']]);
    const replaced = await submitQ1(dir, ['--replace', '--reason', 'korekta listy obecności z 31.03']);
    expect(replaced.code, replaced.err).toBe(0);
    expect(replaced.err).toContain('zlozone/2021-Q1.1.json');
    expect(await readFile(path.join(dir, 'zlozone', '2021-Q1.1.json'))).toEqual(first);
    const second = await readFile(file);
    expect(await readJson(file)).toMatchObject({ replaces: { file: '2021-Q1.1.json', sha256: sha(first), reason: 'korekta listy obecności z 31.03' } });
    await submitQ1(dir, ['--replace', '--reason', 'jeszcze raz']);
    expect(await readFile(path.join(dir, 'zlozone', '2021-Q1.2.json'))).toEqual(second);
    // only the current snapshot is compared; the replaced ones are history
    expect((await corrections(dir)).corrections).toEqual([]);
  });

  it('stops on data errors (exit 1) unless --allow-errors, like report', async () => {
    const dir = await makeCorrectionsProject(basePeople(), [...baseRows(), ['03.03.2021', 'A1', 'spotkanie', 'Spotkanie', 2, 'P9', 'x']]);
    expect((await submitQ1(dir)).code).toBe(1);
    expect((await submitQ1(dir, ['--allow-errors'])).code).toBe(0);
  });

  it('hashes the PESEL under a project key when there is no Identyfikator: the key is created once, never printed, and ignored by git', async () => {
    const people: Person[] = basePeople().map((p) => ({ ...p, Identyfikator: undefined }));
    const rows = baseRows().map((r) => { const n = Number(String(r[5]).slice(1)); return [...r.slice(0, 5), String(people[n - 1]?.PESEL), r[6]]; });
    const dir = await participantsProject(people, { 'obecnosci/lista.csv': csvText([[...LIST_HEADER.slice(0, 5), 'PESEL', 'Obecność'], ...rows]) }, PARTICIPANT_TEST_HEADERS, DEFINITION);
    const r = await submitQ1(dir);
    expect(r.code, r.err).toBe(0);
    const key = (await readFile(path.join(dir, 'zlozone', '.klucz'), 'utf8')).trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(r.err).toContain('zlozone/.klucz');
    const text = await readFile(path.join(dir, 'zlozone', '2021-Q1.json'), 'utf8');
    expect(text).not.toContain(key);
    for (const p of people) expect(text).not.toContain(String(p.PESEL));
    expect(Object.keys((JSON.parse(text) as { evidence: { persons: object } }).evidence.persons).every((k) => /^h:[0-9a-f]{64}$/.test(k))).toBe(true);

    // the key stays: a person moved out of the period is still matched by the hash
    await writePeople(dir, people.map((p, i) => (i === 1 ? { ...p, 'Data rozpoczęcia udziału w projekcie': '05.04.2021' } : p)));
    const found = await corrections(dir);
    expect(brief(found.corrections)).toContain('U1 period O 4→3');
    expect(found.corrections.find((c) => c.key === 'O')?.left).toEqual([{ kind: 'person', id: null, file: 'uczestnicy.xlsx', sheet: 'Uczestnicy', row: 3 }]);
    const table = await cli(['corrections', '--project', dir, '--as-of', '2021-07-01']);
    expect(`${table.out}${table.err}`).not.toContain(key);

    // without the key: said once, values still compared, persons without an Identyfikator not named
    await rm(path.join(dir, 'zlozone', '.klucz'));
    const blind = await corrections(dir);
    expect(blind.err).toContain('brak klucza projektu (zlozone/.klucz) — osób bez identyfikatora nie da się dopasować');
    expect(brief(blind.corrections)).toContain('U1 period O 4→3');
    expect(blind.corrections.find((c) => c.key === 'O')?.left).toEqual([]);
  });
});

describe('the project key is never replaced silently', () => {
  async function hashedProject() {
    const people: Person[] = basePeople().map((p) => ({ ...p, Identyfikator: undefined }));
    const rows = baseRows().map((r) => { const n = Number(String(r[5]).slice(1)); return [...r.slice(0, 5), String(people[n - 1]?.PESEL), r[6]]; });
    const dir = await participantsProject(people, { 'obecnosci/lista.csv': csvText([[...LIST_HEADER.slice(0, 5), 'PESEL', 'Obecność'], ...rows]) }, PARTICIPANT_TEST_HEADERS, DEFINITION);
    expect((await submitQ1(dir)).code).toBe(0);
    return dir;
  }

  it('a malformed key file: exit 2 naming the file, and the file is left as it is', async () => {
    const dir = await hashedProject();
    const keyFile = path.join(dir, 'zlozone', '.klucz');
    await writeFile(keyFile, 'to nie jest klucz\n');
    const r = await cli(['submit', '--project', dir, '--period', '2021-Q2', '--as-of', '2021-07-01']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('zlozone/.klucz: plik klucza projektu jest uszkodzony (oczekiwano 64 znaków szesnastkowych) — przywróć go z kopii danych; pal-report go nie nadpisze\n');
    expect(await readFile(keyFile, 'utf8')).toBe('to nie jest klucz\n');
    expect(await readdir(path.join(dir, 'zlozone'))).not.toContain('2021-Q2.json');
    const c = await cli(['corrections', '--project', dir, '--as-of', '2021-07-01']);
    expect(c.code).toBe(2);
    expect(c.err).toContain('zlozone/.klucz: plik klucza projektu jest uszkodzony');
  });

  it('a different key (restored from the wrong backup): the snapshot records which key it used, and corrections compares as without a key, saying so', async () => {
    const dir = await hashedProject();
    const snap = await readJson(path.join(dir, 'zlozone', '2021-Q1.json'));
    expect(snap.keyCheck).toMatch(/^[0-9a-f]{64}$/);
    expect(snap.keyCheck).not.toBe((await readFile(path.join(dir, 'zlozone', '.klucz'), 'utf8')).trim());
    await writeFile(path.join(dir, 'zlozone', '.klucz'), `${'ab'.repeat(32)}\n`);
    const people: Person[] = basePeople().map((p) => ({ ...p, Identyfikator: undefined }));
    await writePeople(dir, people.map((p, i) => (i === 1 ? { ...p, 'Data rozpoczęcia udziału w projekcie': '05.04.2021' } : p)));
    const found = await corrections(dir);
    expect(found.err).toContain('Uwaga: klucz projektu (zlozone/.klucz) nie jest tym, którym zaszyfrowano osoby w migawce zlozone/2021-Q1.json');
    expect(brief(found.corrections)).toContain('U1 period O 4→3');
    const o = found.corrections.find((c) => c.indicator === 'U1' && c.side === 'period' && c.key === 'O');
    expect(o?.left).toEqual([]);
    expect(o?.entered).toEqual([]);
  });

  it('a lost key while submitted periods hold hashed persons: submit exits 2 and creates no new key', async () => {
    const dir = await hashedProject();
    await rm(path.join(dir, 'zlozone', '.klucz'));
    const r = await cli(['submit', '--project', dir, '--period', '2021-Q2', '--as-of', '2021-07-01']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('pal-report: brak klucza zlozone/.klucz, którym zaszyfrowano osoby w złożonych okresach (zlozone/2021-Q1.json) — przywróć go z kopii danych; nowy klucz nie zostanie utworzony\n');
    expect((await readdir(path.join(dir, 'zlozone'))).sort()).toEqual(['.gitattributes', '.gitignore', '2021-Q1.json']);
  });
});

describe('bad snapshots: one Polish line naming the file, exit 2', () => {
  async function submitted() {
    const dir = await makeCorrectionsProject();
    await submitQ1(dir);
    return { dir, file: path.join(dir, 'zlozone', '2021-Q1.json') };
  }

  it('not JSON', async () => {
    const { dir, file } = await submitted();
    await writeFile(file, '{ "to nie jest": json');
    const r = await cli(['corrections', '--project', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('zlozone/2021-Q1.json: to nie jest poprawny plik JSON migawki złożonego okresu\n');
  });

  it('edited by hand (a value changed, the digest no longer matches)', async () => {
    const { dir, file } = await submitted();
    await writeFile(file, (await readFile(file, 'utf8')).replace('"O": 5', '"O": 6'));
    for (const command of [['corrections'], ['validate'], ['report', 'progress', '--period', '2021-Q2', '--out', await mkdtemp(path.join(tmpdir(), 'pal-r-'))]]) {
      const r = await cli([...command, '--project', dir, '--as-of', '2021-07-01']);
      expect(r.code, command.join(' ')).toBe(2);
      expect(r.err).toBe('zlozone/2021-Q1.json: migawka została zmieniona ręcznie (suma kontrolna się nie zgadza) — przywróć ją z repozytorium albo złóż okres ponownie z --replace\n');
    }
  });

  it('checked out with CRLF line endings (Git for Windows, core.autocrlf=true) or saved with a BOM: still the same snapshot', async () => {
    const { dir, file } = await submitted();
    const original = await readFile(file, 'utf8');
    for (const text of [original.replace(/\n/g, '\r\n'), `\uFEFF${original}`, `\uFEFF${original.replace(/\n/g, '\r\n')}`]) {
      await writeFile(file, text);
      expect((await corrections(dir)).corrections).toEqual([]);
    }
    for (const command of [['validate'], ['report', 'progress', '--period', '2021-Q2', '--out', await mkdtemp(path.join(tmpdir(), 'pal-r-'))]]) {
      const r = await cli([...command, '--project', dir, '--as-of', '2021-07-01']);
      expect(r.code, `${command.join(' ')}: ${r.err}`).toBe(0);
    }
    // a hand edit is still refused however the lines end
    await writeFile(file, original.replace('"O": 5', '"O": 6').replace(/\n/g, '\r\n'));
    const r = await cli(['corrections', '--project', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('migawka została zmieniona ręcznie');
  });

  it('submittedAt that is not an ISO date-time', async () => {
    const { dir, file } = await submitted();
    await writeFile(file, (await readFile(file, 'utf8')).replace('"submittedAt": "2021-04-20T08:00:00.000Z"', '"submittedAt": "wczoraj"'));
    const r = await cli(['corrections', '--project', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('zlozone/2021-Q1.json: to nie jest migawka złożonego okresu pal-report (błędne pole: submittedAt)\n');
  });

  it('not a snapshot at all', async () => {
    const { dir, file } = await submitted();
    await writeFile(file, '{"period": "2021-Q1"}');
    const r = await cli(['corrections', '--project', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^zlozone\/2021-Q1\.json: to nie jest migawka złożonego okresu pal-report \(błędne pole: .+\)\n$/);
  });

  it('from another project', async () => {
    const { dir } = await submitted();
    await writeFile(path.join(dir, 'pal-report.yaml'), DEFINITION.replace('RPSL.09.01.01-24-0001/20', 'RPSL.09.01.01-24-0002/20'));
    const r = await cli(['corrections', '--project', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('zlozone/2021-Q1.json: migawka dotyczy innego projektu (RPSL.09.01.01-24-0001/20, a ten ma numer RPSL.09.01.01-24-0002/20)\n');
  });

  it('a period id no longer in the definition: compared by its recorded dates, with a warning', async () => {
    const declared = DEFINITION.replace('indicators:', 'reporting:\n  periods:\n    - { id: WNP-01, from: 2021-01-01, to: 2021-03-31 }\nindicators:');
    const dir = await participantsProject(basePeople(), { 'obecnosci/lista.csv': csvText([LIST_HEADER, ...baseRows()]) }, PARTICIPANT_TEST_HEADERS, declared);
    const s = await cli(['submit', '--project', dir, '--period', 'WNP-01', '--as-of', '2021-04-15']);
    expect(s.code, s.err).toBe(0);
    await writeFile(path.join(dir, 'pal-report.yaml'), declared.replace('WNP-01', 'WNP-1'));
    await writeRows(dir, baseRows().filter((r) => r[3] !== 'Warsztat.'));
    const r = await corrections(dir);
    expect(r.err).toContain('okresu WNP-01 z migawki zlozone/WNP-01.json nie ma już w definicji (albo ma inne daty) — porównano według dat z migawki: 01.01.2021–31.03.2021');
    expect(brief(r.corrections)).toContain('Z1 period O 5→4');
  });
});

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep((v as Record<string, unknown>)[k])]));
  return v;
}
