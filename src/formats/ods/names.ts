/**
 * The names an ODS reader looks for, spelt with the prefixes this file binds to the
 * OpenDocument namespaces (bound once, from content.xml's root element).
 */
import { bindPrefixes } from '../xml.js';

const NS = {
  office: ['urn:oasis:names:tc:opendocument:xmlns:office:1.0'],
  table: ['urn:oasis:names:tc:opendocument:xmlns:table:1.0'],
  text: ['urn:oasis:names:tc:opendocument:xmlns:text:1.0'],
  style: ['urn:oasis:names:tc:opendocument:xmlns:style:1.0'],
  draw: ['urn:oasis:names:tc:opendocument:xmlns:drawing:1.0'],
  calcext: ['urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0'],
} as const;
export type Prefixes = Record<keyof typeof NS, string>;

/**
 * The prefix (`table:`) bound to each namespace by the root's start tag. Attributes need a
 * prefix, so a default namespace is of no use: such a namespace stays UNBOUND.
 */
export function prefixes(rootTag: string): Prefixes {
  return bindPrefixes(rootTag, NS);
}

/** Element and attribute names as this file spells them. */
export function names(p: Prefixes) {
  const { office: o, table: t, text: x, style: s, calcext: c } = p;
  return {
    table: `<${t}table`, tableEnd: `</${t}table>`, anyTable: `<${t}`, tableNameAt: t.length + 1,
    row: `<${t}table-row`, rowEnd: `</${t}table-row>`,
    cell: `<${t}table-cell`, cellEnd: `</${t}table-cell>`,
    covered: `<${t}covered-table-cell`, coveredEnd: `</${t}covered-table-cell>`,
    ddeLinks: `<${t}dde-links`, ddeLinksEnd: `</${t}dde-links>`,
    trackedChanges: `<${t}tracked-changes`, trackedChangesEnd: `</${t}tracked-changes>`,
    spreadsheet: `<${o}spreadsheet`, spreadsheetEnd: `</${o}spreadsheet>`,
    style: `<${s}style`, styleEnd: `</${s}style>`, tableProperties: `<${s}table-properties`,
    p: `<${x}p`, pOpen: `<${x}p>`, pEnd: `</${x}p>`, h: `<${x}h`, hEnd: `</${x}h>`,
    s: `<${x}s`, tab: `<${x}tab`, lineBreak: `<${x}line-break`,
    noteBody: `<${x}note-body`, rubyText: `<${x}ruby-text`, annotation: `<${o}annotation`, draw: `<${p.draw}`,
    aName: `${t}name=`, aStyleName: `${t}style-name=`, aNumber: `${t}number-`,
    aRowsRepeated: `${t}number-rows-repeated=`, aColumnsRepeated: `${t}number-columns-repeated=`,
    aColumnsSpanned: `${t}number-columns-spanned=`, aRowsSpanned: `${t}number-rows-spanned=`,
    aValueType: `${o}value-type=`, aValue: `${o}value=`, aDateValue: `${o}date-value=`, aTimeValue: `${o}time-value=`,
    aBooleanValue: `${o}boolean-value=`, aStringValue: `${o}string-value=`, errorType: `${c}value-type="error"`,
    aFormula: `${t}formula=`, aFamily: `${s}family=`, aStyleNameOfStyle: `${s}name=`, aDisplay: `${t}display=`, aCount: `${x}c=`,
  };
}
export type Names = ReturnType<typeof names>;
