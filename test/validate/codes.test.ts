/**
 * Issue codes are defined once (src/validate/codes): every code and variant has its texts in
 * both languages, and the texts use only the parameters the code declares (and use them all).
 * The calls at the end are checked by the compiler (`npm run typecheck`): a wrong or missing
 * parameter must not compile.
 */
import { describe, expect, it } from 'vitest';
import { PLACEHOLDER, type Message } from '../../src/i18n/index.js';
import { CELL_NOTE, ISSUE_CODES, resolved, type CodeDef, type IssueCode, type Texts } from '../../src/validate/codes/index.js';
import { issueHint, issueMessage, makeIssue } from '../../src/validate/issue.js';

const CODES = Object.entries(ISSUE_CODES) as [IssueCode, CodeDef][];
/** Every template may use the issue's own value and header. */
const BUILT_IN = new Set(['value', 'header']);

function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/** Every template of a code: the plain ones and each variant's, with where they are. */
function templates(def: CodeDef): [string, Texts][] {
  const out: [string, Texts][] = [];
  if (def.message) out.push(['message', def.message]);
  if (def.hint) out.push(['hint', def.hint]);
  for (const [name, v] of Object.entries(def.variants ?? {})) {
    if (v.message) out.push([`${name}.message`, v.message]);
    if (v.hint) out.push([`${name}.hint`, v.hint]);
  }
  return out;
}

function paramsOf(def: CodeDef, use: string): string[] {
  return Object.entries(def.params ?? {}).filter(([, p]) => p.use === use).map(([name]) => name);
}

describe('issue codes', () => {
  it('every code and every variant has a message in Polish and English, and a hint in both or neither', () => {
    const wrong: string[] = [];
    for (const [code, def] of CODES) {
      for (const variant of [undefined, ...Object.keys(def.variants ?? {})]) {
        if (variant === undefined && !def.message) continue; // reported with a variant only (file-skipped)
        const r = resolved(code, variant);
        const where = `${code}${variant ? `.${variant}` : ''}`;
        if (!r.message?.pl.trim() || !r.message.en.trim()) wrong.push(`${where}: message`);
        if (r.hint && (!r.hint.pl.trim() || !r.hint.en.trim())) wrong.push(`${where}: hint`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a code without a plain message has variants, and every variant changes a text or the severity', () => {
    const wrong: string[] = [];
    for (const [code, def] of CODES) {
      if (!def.message && Object.keys(def.variants ?? {}).length === 0) wrong.push(`${code}: no message`);
      for (const [name, v] of Object.entries(def.variants ?? {})) {
        if (v.message === undefined && v.hint === undefined && v.severity === undefined) wrong.push(`${code}.${name}: changes nothing`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a template uses only the parameters its code declares, the same ones in both languages', () => {
    const wrong: string[] = [];
    for (const [code, def] of CODES) {
      const shown = new Set(paramsOf(def, 'shown'));
      for (const [where, texts] of templates(def)) {
        const pl = placeholders(texts.pl);
        const en = placeholders(texts.en);
        for (const name of new Set([...pl, ...en])) if (!shown.has(name) && !BUILT_IN.has(name)) wrong.push(`${code} ${where}: {${name}} is not declared`);
        if ([...new Set(pl)].sort().join() !== [...new Set(en)].sort().join()) wrong.push(`${code} ${where}: pl {${pl.join('} {')}}, en {${en.join('} {')}}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('every declared parameter is used: a shown one by a template of its code, a note one by the date-cell note', () => {
    const noteUses = new Set([...Object.values(CELL_NOTE).flatMap((t) => [...placeholders(t.pl), ...placeholders(t.en)]), 'cellNote']);
    const wrong: string[] = [];
    for (const [code, def] of CODES) {
      const used = new Set(templates(def).flatMap(([, t]) => [...placeholders(t.pl), ...placeholders(t.en)]));
      for (const name of paramsOf(def, 'shown')) if (!used.has(name)) wrong.push(`${code}: {${name}} is used by no template`);
      for (const name of paramsOf(def, 'data')) if (used.has(name)) wrong.push(`${code}: data parameter {${name}} is in a template`);
      for (const name of paramsOf(def, 'note')) if (!noteUses.has(name)) wrong.push(`${code}: note parameter ${name} is not the note's`);
    }
    expect(wrong).toEqual([]);
  });

  it('an issue is made from the definition: the variant picks texts and severity, parameters fill them', () => {
    const at = { file: 'obecnosci/lista.xlsx', sheet: 'Obecności', row: 7, column: 'F', header: 'Godzina do' };
    const order = makeIssue('invalid-hours', at, '04:00', { variant: 'timeOrder', from: '16:00', to: '04:00' });
    expect([order.severity, issueMessage(order, 'pl'), issueHint(order, 'en')]).toEqual([
      'error', 'Godzina zakończenia 04:00 jest wcześniejsza niż godzina rozpoczęcia 16:00', 'Correct "Godzina od" or "Godzina do" (e.g. 16:00 instead of 4:00).',
    ]);
    const refusal = makeIssue('dictionary-value', { file: 'uczestnicy.xlsx', row: 3, column: 'P' }, 'Odmowa', { variant: 'homelessRefusal' });
    expect(refusal.severity).toBe('warning');
    const plain = makeIssue('dictionary-value', { file: 'uczestnicy.xlsx', row: 3, column: 'P', header: 'Wykształcenie' }, 'średnie', { closest: 'ponadgimnazjalne (ISCED 3)', allowed: '' });
    expect([plain.severity, issueMessage(plain, 'en'), issueHint(plain, 'pl')]).toEqual([
      'error', 'Value "średnie" is not allowed in column "Wykształcenie"', 'Czy chodziło o „ponadgimnazjalne (ISCED 3)”?',
    ]);
    const noHint = makeIssue('unknown-column', at, 'Uwagi 2');
    expect(issueHint(noHint, 'pl')).toBeNull();
  });

  it('the compiler rejects a wrong or missing parameter and an unknown variant', () => {
    const at = { file: 'lista.csv', row: 2 };
    const reason: Message = { key: 'reason.missing' };
    const made = [
      // @ts-expect-error the plain invalid-hours message needs {max}
      makeIssue('invalid-hours', at, '13', {}),
      // @ts-expect-error {max} is a number
      makeIssue('invalid-hours', at, '13', { max: '12' }),
      // @ts-expect-error timeLong also shows {hours}
      makeIssue('invalid-hours', at, '23:00', { variant: 'timeLong', from: '07:00', to: '23:00', max: 12 }),
      // @ts-expect-error no such parameter
      makeIssue('invalid-hours', at, '13', { max: 12, maximum: 12 }),
      // @ts-expect-error no such variant
      makeIssue('invalid-hours', at, '13', { variant: 'tooLong', max: 12 }),
      // @ts-expect-error the closest hint needs {closest}
      makeIssue('unknown-participant', at, 'P9', { variant: 'closest' }),
      // @ts-expect-error file-skipped has no plain message: a variant is required
      makeIssue('file-skipped', at, null, { workbook: 'x.xlsx' }),
      // @ts-expect-error the reason's code travels with the reason (JSON `reason`)
      makeIssue('file-unreadable', at, null, { reason }),
      // @ts-expect-error a participant's date cell note is 'number' or 'text'
      makeIssue('date-order', at, '01.03.2021', { start: '05.03.2021', cellNote: 'date' }),
      // the right calls compile
      makeIssue('invalid-hours', at, '13', { max: 12 }),
      makeIssue('unknown-participant', at, 'P9', { variant: 'closest', closest: 'P1' }),
      makeIssue('file-unreadable', at, null, { reason, reasonCode: 'missing' }),
      makeIssue('no-data', at),
    ];
    expect(made.map((i) => i.code)).toHaveLength(13);
  });
});
