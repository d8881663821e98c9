/** `pal-report validate` end to end, in-process: exit codes, text and JSON output, options. */
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { makePesel } from '../../src/pesel.js';
import { makeProject, participantsProject, person, TEST_DEFINITION } from '../helpers/fixtures.js';

async function run(args: string[], cwd = process.cwd()) {
  const io = memoryIO(cwd);
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

const DEMO = path.resolve(import.meta.dirname, '../../fixtures/klobuck');

describe('exit codes', () => {
  it('0 for the demo project, with no errors', async () => {
    const r = await run(['validate', '--project', DEMO, '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.ok).toBe(true);
    expect(json.counts.error).toBe(0);
    expect(r.err).toBe('');
  });
  it('1 for data errors, with the issue list on stdout', async () => {
    const dir = await participantsProject([person(1), person(2, { Płeć: 'Kobieta' })]);
    const r = await run(['validate', '--project', dir]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('uczestnicy.xlsx › Uczestnicy › F3  Płeć  błąd  pesel-sex-mismatch  Płeć „Kobieta” nie zgadza się z numerem PESEL');
    expect(r.out).toMatch(/Podsumowanie: 1 błąd, 0 ostrzeżeń, 0 informacji/);
    expect(r.out).toMatch(/pesel-sex-mismatch\s+1\s+błąd/);
  });
  it('warnings pass, but fail with --strict', async () => {
    const dir = await participantsProject([person(1, { 'Adres e-mail': 'zly-adres' })]);
    expect((await run(['validate', '--project', dir])).code).toBe(0);
    const strict = await run(['validate', '--project', dir, '--strict', '--format', 'json']);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.out).ok).toBe(false);
  });
  it('2 for a corrupt workbook, an empty one, a missing file: one line naming the file, no stack', async () => {
    const cases: Record<string, [Uint8Array | undefined, string, string]> = {
      'uszkodzony zip': [new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9, 9]), 'zip-broken', 'uszkodzony plik: nie da się go rozpakować'],
      'pusty plik': [new Uint8Array(0), 'empty', 'plik jest pusty'],
      'brak pliku': [undefined, 'missing', 'plik nie istnieje'],
    };
    for (const [bytes, reason, text] of Object.values(cases)) {
      const dir = await makeProject({ files: bytes ? { 'uczestnicy.xlsx': bytes } : {} });
      const r = await run(['validate', '--project', dir]);
      expect(r.code).toBe(2);
      const lines = r.err.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^uczestnicy\\.xlsx: ${text}`));
      expect(r.err).not.toMatch(/\n\s+at /);
      // JSON consumers get the reason's code beside the message
      const json = JSON.parse((await run(['validate', '--project', dir, '--format', 'json'])).out);
      expect(json.issues[0]).toMatchObject({ file: 'uczestnicy.xlsx', reason });
      const en = await run(['validate', '--project', dir, '--lang', 'en']);
      expect(en.err).not.toContain(text);
    }
  });
  it('2 for a YAML syntax error, with the line', async () => {
    const dir = await makeProject({ definition: TEST_DEFINITION.replace('title: Projekt testowy', 'title: "Projekt testowy'), files: {} });
    const r = await run(['validate', '--project', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/pal-report\.yaml: błąd składni YAML \(linia \d+, kolumna \d+\): czegoś brakuje/);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.err).not.toMatch(/Missing|quote/);
    const debug = await run(['validate', '--project', dir, '--debug']);
    expect(debug.err).toContain('MISSING_CHAR: Missing closing "quote');
  });
  it('2 for a missing definition and for bad options', async () => {
    const dir = await makeProject({ files: {} });
    expect((await run(['validate', '--project', path.join(dir, 'nie-ma')])).code).toBe(2);
    const bad = await run(['validate', '--project', dir, '--as-of', '31.02.2021']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('niepoprawna data „31.02.2021” w opcji --as-of');
    expect((await run(['validate', '--project', dir, '--format', 'xml'])).code).toBe(2);
    expect((await run(['validate', '--nieznana'])).err).toContain('nieznana opcja --nieznana');
  });
});

describe('JSON output', () => {
  it('has the SPEC shape, masks PESEL, and says when it was cut', async () => {
    const bad = makePesel('1980-05-14', 4242, 'M').slice(0, 10) + '0';
    const dir = await participantsProject([person(1, { PESEL: bad }), person(2, { Imię: null }), person(3, { Wykształcenie: 'średnie' })]);
    const r = await run(['validate', '--project', dir, '--format', 'json', '--max-issues', '2']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual(['ok', 'counts', 'byCode', 'truncated', 'issues']);
    expect(json.truncated).toBe(true);
    expect(json.issues).toHaveLength(2);
    expect(json.counts).toEqual({ error: 3, warning: 0, info: 0 });
    expect(json.byCode).toEqual({ 'required-value': 1, 'pesel-checksum': 1, 'dictionary-value': 1 });
    expect(Object.keys(json.issues[0])).toEqual(['code', 'severity', 'file', 'sheet', 'row', 'column', 'header', 'value', 'message', 'hint', 'group']);
    expect(json.issues[0].group).toBe('pesel-checksum @ uczestnicy.xlsx › Uczestnicy › E2');
    expect(json.issues[0]).toMatchObject({ code: 'pesel-checksum', file: 'uczestnicy.xlsx', sheet: 'Uczestnicy', row: 2, column: 'E', header: 'PESEL', value: '800514*****' });
    expect(r.out).not.toContain(bad);
  });
  it('--lang en gives English messages', async () => {
    const dir = await participantsProject([person(1, { Płeć: 'Kobieta' })]);
    const r = await run(['validate', '--project', dir, '--format', 'json', '--lang', 'en']);
    expect(JSON.parse(r.out).issues[0].message).toMatch(/^Sex "Kobieta" does not match the PESEL/);
    const text = await run(['validate', '--project', dir, '--lang', 'en']);
    expect(text.out).toContain('  error  pesel-sex-mismatch');
    expect(text.out).toContain('Summary: 1 error, 0 warnings, 0 infos');
    // an unknown language is refused in Polish, also right after an English run
    for (const lang of [['--lang', 'de'], ['--lang=de']]) {
      const bad = await run(['validate', '--project', dir, ...lang]);
      expect(bad.code).toBe(2);
      expect(bad.err).toBe('pal-report: opcja --lang: dozwolone wartości pl, en, podano „de”\n');
    }
  });
  it('text output is cut by --max-issues and says so', async () => {
    const dir = await participantsProject([person(1, { Imię: null }), person(2, { Imię: null }), person(3, { Imię: null })]);
    const r = await run(['validate', '--project', dir, '--max-issues', '1']);
    expect(r.out).toContain('Pokazano 1 z 3 problemów, najważniejsze: najpierw błędy, potem ostrzeżenia i informacje (--max-issues 1); liczby w podsumowaniu są pełne.');
    expect(r.out).toMatch(/required-value\s+3\s+błąd/);
  });
});

describe('--max-issues keeps the most important', () => {
  it('errors first, then warnings, then infos, in file and row order within each; text and JSON', async () => {
    // warnings in rows 2 and 3 (e-mail), errors in rows 4 and 5 (sex against PESEL)
    const dir = await participantsProject([
      person(1, { 'Adres e-mail': 'zly' }), person(2, { 'Adres e-mail': 'zly' }), person(3, { Płeć: 'Kobieta' }), person(4, { Płeć: 'Kobieta' }),
    ]);
    const json = JSON.parse((await run(['validate', '--project', dir, '--format', 'json', '--max-issues', '3'])).out);
    expect(json.issues.map((i: { code: string; row: number }) => `${i.code} ${i.row}`)).toEqual(['email-format 2', 'pesel-sex-mismatch 4', 'pesel-sex-mismatch 5']);
    const two = JSON.parse((await run(['validate', '--project', dir, '--format', 'json', '--max-issues', '2'])).out);
    expect(two.issues.map((i: { code: string; row: number }) => `${i.code} ${i.row}`)).toEqual(['pesel-sex-mismatch 4', 'pesel-sex-mismatch 5']);
    const text = (await run(['validate', '--project', dir, '--max-issues', '2'])).out;
    expect(text).toContain('Uczestnicy › F4  Płeć');
    expect(text).not.toContain('email-format  Adres');
    expect(text.match(/pesel-sex-mismatch  Płeć/g)).toHaveLength(2);
  });
});

describe('privacy', () => {
  it('no full PESEL, first or last name in any output of validate', async () => {
    const people = [
      person(1, { PESEL: makePesel('1980-05-14', 1111, 'M').slice(0, 10) + '9', Nazwisko: 'Brzęczyszczykiewicz' }),
      person(2, { Płeć: 'Kobieta', Imię: 'Grzegorz', Nazwisko: 'Zażółćgęślą' }),
      person(3, { PESEL: person(2).PESEL, 'Adres e-mail': 'zly@@adres', 'Kod pocztowy': '42100', Ulica: 'Polna' }),
    ];
    const dir = await participantsProject(people, {
      'obecnosci/lista.csv': `Data;Kod działania;Forma;Zajęcia;Liczba godzin;PESEL;Obecność\n01.03.2021;A1;spotkanie;S;2;${makePesel('1990-01-01', 1, 'K')};x\n`,
    });
    const outputs: string[] = [];
    for (const args of [['--format', 'json'], [], ['--lang', 'en']]) {
      const r = await run(['validate', '--project', dir, ...args]);
      outputs.push(r.out, r.err);
    }
    const all = outputs.join('\n');
    const secrets = [...people.map((p) => String(p.PESEL)), makePesel('1990-01-01', 1, 'K'), 'Brzęczyszczykiewicz', 'Zażółćgęślą', 'Grzegorz', 'zly@@adres', 'Polna'];
    for (const s of secrets) expect(all).not.toContain(s);
    expect(all).toContain('pesel-checksum');
    expect(all).toContain('unknown-participant');
  });
});

describe('--annotate', () => {
  it('writes one checked copy per input file and never touches the inputs', async () => {
    const dir = await participantsProject([person(1), person(2, { Płeć: 'Kobieta' })], {
      'obecnosci/lista.csv': 'Data;Kod działania;Forma;Zajęcia;Liczba godzin;Identyfikator;Obecność\n01.03.2021;A1;spotkanie;S;2;P1;x\n01.03.2021;A1;spotkanie;S;2;P2;?\n',
    });
    await writeFile(path.join(dir, 'notatka.txt'), 'x');
    const before = await readdir(dir, { recursive: true });
    const out = path.join(dir, 'sprawdzone');
    const r = await run(['validate', '--project', dir, '--annotate', out]);
    expect(r.code).toBe(1);
    expect((await readdir(out)).sort()).toEqual(['lista.sprawdzony.xlsx', 'uczestnicy.sprawdzony.xlsx']);
    expect(r.err).toContain('Zapisano kopię z zaznaczonymi problemami');
    const after = (await readdir(dir, { recursive: true })).filter((f) => !f.startsWith('sprawdzone'));
    expect(after.sort()).toEqual(before.sort());
  });
});

describe('periods and init', () => {
  it('periods lists the quarters of the template', async () => {
    const r = await run(['periods', '--project', DEMO]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('2021-Q1  01.01.2021 – 31.03.2021');
    expect(r.out).toContain('2022-Q4  01.10.2022 – 31.12.2022');
    const json = JSON.parse((await run(['periods', '--project', DEMO, '--format', 'json'])).out);
    expect(json.periods).toHaveLength(8);
  });
});
