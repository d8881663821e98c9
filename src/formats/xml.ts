/**
 * The XML tag scanner the XLSX and ODS readers share. They scan text chunk by chunk with
 * `indexOf` rather than parse it into a tree, so what they need is small: where a tag ends
 * (quotes followed, for a `>` inside an attribute value), what markup is no element (comments,
 * CDATA, processing instructions), an attribute's value, entities, and which prefix the file
 * binds to each namespace: elements are found by namespace URI, whatever prefix the producer
 * chose (Excel writes `<row>`, the .NET OpenXML SDK `<x:row>`; LibreOffice `table:`, others
 * anything), bound once from the root element's declarations.
 *
 * The functions work on any JS string: the XLSX reader gives them decoded text, the ODS reader
 * Latin-1 text (one character per byte).
 */

/** A prefix no element can have: stands for a namespace the file does not declare. */
export const UNBOUND = '\u0000:';

const ENTITY = /&(amp|lt|gt|quot|apos|#x[0-9a-fA-F]+|#\d+);/g;

/** Character data with its entity and character references resolved. */
export function decodeXml(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (_, e: string) => {
    switch (e) {
      case 'amp': return '&';
      case 'lt': return '<';
      case 'gt': return '>';
      case 'quot': return '"';
      case 'apos': return "'";
      default: {
        // a reference to no character (past U+10FFFF, or 0) is shown as the replacement character
        const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
      }
    }
  });
}

/** Whether the character ends an element or attribute name (white space, `>` or `/`). */
export function nameEnds(code: number): boolean {
  return code === 32 || code === 62 || code === 47 || code === 10 || code === 9 || code === 13;
}

/** Whether the element `<name` (given as `open`) starts at `at`. */
export function isElement(text: string, at: number, open: string): boolean {
  return text.startsWith(open, at) && nameEnds(text.charCodeAt(at + open.length));
}

/** Whether the tag ending at `gt` is an empty element (`<x/>`). */
export function selfClosing(text: string, gt: number): boolean {
  return text.charCodeAt(gt - 1) === 47;
}

/**
 * The `>` that ends the tag starting at `lt`, or -1 when the text ends first. A `>` may stand
 * unescaped inside an attribute value (a formula `of:=[.A1]>0`), so unless the tag plainly ends
 * after a closing quote, quotes are followed.
 */
export function tagEnd(text: string, lt: number): number {
  const gt = text.indexOf('>', lt);
  if (gt < 0) return -1;
  const c = text.charCodeAt(gt - 1);
  const b = text.charCodeAt(gt - 2);
  if ((c === 34 || c === 39) && b !== 61) return gt;
  if (c === 47 && (b === 34 || b === 39)) return gt;
  let quote = 0;
  for (let i = lt + 1; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (quote) {
      if (ch === quote) quote = 0;
    } else if (ch === 34 || ch === 39) quote = ch;
    else if (ch === 62) return i;
  }
  return -1;
}

/**
 * The markup at `lt` that is not an element (comment, CDATA, processing instruction,
 * declaration): where it ends, with what ends it; undefined for an element or end tag.
 */
export function special(text: string, lt: number): { end: string; at: number } | undefined {
  const c = text.charCodeAt(lt + 1);
  if (c === 33) {
    if (text.startsWith('<!--', lt)) return { end: '-->', at: text.indexOf('-->', lt + 4) };
    if (text.startsWith('<![CDATA[', lt)) return { end: ']]>', at: text.indexOf(']]>', lt + 9) };
    return { end: '>', at: text.indexOf('>', lt) };
  }
  if (c === 63) return { end: '?>', at: text.indexOf('?>', lt + 2) };
  return undefined;
}

/** A start or end tag found: its `<` and its `>`. */
export interface Tag {
  lt: number;
  gt: number;
}

/** The text ends before the next tag does: resume at `at` once `needle` has come. */
export interface Unfinished {
  at: number;
  needle: string;
}

/** The next start or end tag from `pos`, comments, processing instructions and CDATA skipped. */
export function nextTag(text: string, pos: number): Tag | Unfinished {
  for (;;) {
    const lt = text.indexOf('<', pos);
    if (lt < 0) return { at: text.length, needle: '<' };
    const sp = special(text, lt);
    if (sp) {
      if (sp.at < 0) return { at: lt, needle: sp.end };
      pos = sp.at + sp.end.length;
      continue;
    }
    const gt = tagEnd(text, lt);
    return gt < 0 ? { at: lt, needle: '>' } : { lt, gt };
  }
}

/** Every complete tag of a (small, whole) document, in order. */
export function* tags(text: string): Generator<Tag> {
  for (let pos = 0; ;) {
    const t = nextTag(text, pos);
    if ('at' in t) return;
    yield t;
    pos = t.gt + 1;
  }
}

/** The root element's start tag (what declares the namespaces), or '' when the text has none. */
export function rootTag(text: string): string {
  for (const { lt, gt } of tags(text)) {
    if (text.charCodeAt(lt + 1) !== 47) return text.slice(lt, gt);
  }
  return '';
}

/** The end tag matching the element opened just before `from` (same-name elements nest). */
export function matchingEnd(text: string, from: number, open: string, close: string): number {
  let depth = 1;
  let p = from;
  for (;;) {
    const c = text.indexOf(close, p);
    if (c < 0) return -1;
    let o = text.indexOf(open, p);
    while (o >= 0 && o < c && !nameEnds(text.charCodeAt(o + open.length))) o = text.indexOf(open, o + 1);
    if (o >= 0 && o < c) {
      const gt = tagEnd(text, o);
      if (gt < 0) return -1;
      if (text.charCodeAt(gt - 1) !== 47) depth++;
      p = gt + 1;
      continue;
    }
    if (--depth === 0) return c;
    p = c + close.length;
  }
}

/** The element name of the start tag at `lt` (with its `<`). */
export function elementName(text: string, lt: number): string {
  let e = lt + 1;
  while (e < text.length && !nameEnds(text.charCodeAt(e))) e++;
  return text.slice(lt, e);
}

/**
 * The value of attribute `name` (given with its `=`: `table:name=`) in a start tag, as written
 * (entities not resolved), or undefined. Only the tag is searched, so a missing attribute costs
 * the tag's length, not the rest of the document.
 */
export function attr(tag: string, name: string): string | undefined {
  for (let i = tag.indexOf(name); i >= 0; i = tag.indexOf(name, i + 1)) {
    if (!nameEnds(tag.charCodeAt(i - 1))) continue;
    const from = i + name.length;
    const q = tag.charCodeAt(from);
    if (q !== 34 && q !== 39) continue;
    const end = tag.indexOf(q === 34 ? '"' : "'", from + 1);
    if (end < 0) return undefined;
    return tag.slice(from + 1, end);
  }
  return undefined;
}

const DECLARATION = /xmlns(?::([\w.-]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * The prefix (`x:`) each namespace is bound to by the declarations of a start tag (the root's),
 * each namespace given by its URIs (a transitional and a strict one, say); the first binding
 * wins. The default namespace gives '' where `defaultNamespace` allows it (elements); attributes
 * need a prefix, so a reader of namespaced attributes does not. UNBOUND for a namespace the tag
 * does not declare.
 */
export function bindPrefixes<K extends string>(tag: string, namespaces: Readonly<Record<K, readonly string[]>>, defaultNamespace = false): Record<K, string> {
  const out = {} as Record<K, string>;
  const byUri = new Map<string, K>();
  for (const key of Object.keys(namespaces) as K[]) {
    out[key] = UNBOUND;
    for (const uri of namespaces[key]) byUri.set(uri, key);
  }
  for (const m of tag.matchAll(DECLARATION)) {
    const key = byUri.get(decodeXml(m[2] ?? m[3] ?? ''));
    if (key === undefined || out[key] !== UNBOUND) continue;
    if (m[1]) out[key] = `${m[1]}:`;
    else if (defaultNamespace) out[key] = '';
  }
  return out;
}
