/**
 * Text out of content.xml. The XML is scanned as Latin-1 text, one character per byte: markup is
 * ASCII, so positions are right, one-byte strings search fastest, and decoding is a copy. Only
 * the values taken out of it (texts, names) are decoded from UTF-8, and only when they hold a
 * byte above 0x7F.
 */
import { DecodedValues, fromLatin1, utf8 as decodeUtf8 } from '../bytes.js';
import { attr, decodeXml } from '../xml.js';

const NON_ASCII = /[\u0080-\u00ff]/;

/** Recent non-ASCII texts decoded. */
const decoded = new DecodedValues((bytes) => decodeUtf8(bytes), fromLatin1);

/**
 * Text scanned as Latin-1 back to what its UTF-8 bytes say, never a slice of the chunk it came
 * from: V8 keeps a long slice as a view that holds its whole parent (a megabyte of XML) alive
 * for as long as the caller keeps the value.
 */
export function utf8(text: string): string {
  if (!NON_ASCII.test(text)) return text.length < 13 ? text : (' ' + text).slice(1);
  return decoded.get(text);
}

/** Character data or an attribute value as text: UTF-8 decoded first, then its entities. */
export function xmlText(raw: string): string {
  const s = utf8(raw);
  return s.indexOf('&') >= 0 ? decodeXml(s) : s;
}

/** An attribute's value as text (names), or undefined. */
export function attrText(tag: string, name: string): string | undefined {
  const raw = attr(tag, name);
  return raw === undefined ? undefined : xmlText(raw);
}
