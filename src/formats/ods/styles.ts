/**
 * Which sheets are hidden: a sheet is hidden by its table style, `<style:style
 * style:family="table">` holding `<style:table-properties table:display="false"/>`. LibreOffice
 * writes such styles as automatic styles at the head of content.xml (read on the reader's single
 * pass); other producers may use common styles in styles.xml, read here up to their end only.
 */
import { latin1 } from '../bytes.js';
import { attr, isElement, nextTag, selfClosing } from '../xml.js';
import type { ZipFile } from '../zip.js';
import { names, prefixes, type Names } from './names.js';
import { attrText } from './text.js';

/**
 * Follows the tags of a styles block: returns the name of the table style the next tags are
 * inside of, and adds to `hidden` a table style that hides its sheet.
 */
export function styleTag(text: string, lt: number, gt: number, n: Names, inTableStyle: string | undefined, hidden: Set<string>): string | undefined {
  if (isElement(text, lt, n.style)) {
    const tag = text.slice(lt, gt);
    if (selfClosing(text, gt) || attr(tag, n.aFamily) !== 'table') return undefined;
    return attrText(tag, n.aStyleNameOfStyle);
  }
  if (text.startsWith(n.styleEnd, lt)) return undefined;
  if (inTableStyle !== undefined && isElement(text, lt, n.tableProperties) && attr(text.slice(lt, gt), n.aDisplay) === 'false') hidden.add(inTableStyle);
  return inTableStyle;
}

/** The most of styles.xml kept while looking for the end of its common styles. */
const STYLES_MAX = 16 << 20;
const COMMON_STYLES_END = /<\/(?:[\w.-]+:)?styles>/;

/**
 * The head of styles.xml up to the end of its common styles (where a style that hides a sheet
 * is), at most STYLES_MAX: what follows (page layouts, master pages) is not read.
 */
async function commonStyles(zip: ZipFile, maxBytes: number): Promise<string> {
  let text = '';
  for await (const c of await zip.stream('styles.xml', undefined, maxBytes)) {
    text += latin1(c);
    if (COMMON_STYLES_END.test(text.slice(-c.length - 32)) || text.length >= STYLES_MAX) break;
  }
  return text.slice(0, STYLES_MAX);
}

/** The common table styles of styles.xml that hide their sheet (none without styles.xml). */
export async function hiddenCommonStyles(zip: ZipFile, maxBytes: number): Promise<Set<string>> {
  const hidden = new Set<string>();
  if (!zip.entries.has('styles.xml')) return hidden;
  const xml = await commonStyles(zip, maxBytes);
  let n: Names | undefined;
  let inTableStyle: string | undefined;
  for (let pos = 0; ;) {
    const t = nextTag(xml, pos);
    if ('at' in t) return hidden;
    pos = t.gt + 1;
    if (!n) {
      n = names(prefixes(xml.slice(t.lt, t.gt)));
      continue;
    }
    inTableStyle = styleTag(xml, t.lt, t.gt, n, inTableStyle, hidden);
  }
}
