/** The message tables: English has every Polish key (the compiler checks that) with the same placeholders. */
import { describe, expect, it } from 'vitest';
import { PLACEHOLDER, type MessageKey } from '../../src/i18n/index.js';
import { en } from '../../src/i18n/en.js';
import { pl } from '../../src/i18n/pl.js';

const names = (template: string) => [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))].sort().join(' ');

describe('message tables', () => {
  it('an English text fills the same {parameters} as its Polish one, and has no key Polish lacks', () => {
    const wrong = (Object.keys(pl) as MessageKey[]).filter((k) => names(pl[k]) !== names(en[k])).map((k) => `${k}: pl {${names(pl[k])}}, en {${names(en[k])}}`);
    expect(wrong).toEqual([]);
    expect(Object.keys(en).filter((k) => !(k in pl))).toEqual([]);
  });
});
