/**
 * A streaming reader of ODS (OpenDocument spreadsheet) files, the sibling of xlsx.ts. Every sheet
 * of an ODS is in one `content.xml`, so it is inflated once and scanned row by row (content.ts):
 * a sheet the caller does not want is skipped by searching for its end tag only; rows are
 * expanded in rows.ts, cells typed in cells.ts, hidden sheets known from styles.ts.
 */
import { concat, fromLatin1, indexOf, latin1 } from '../bytes.js';
import type { RowCallback } from '../cell.js';
import { cellTooLong, FormatError, odsBroken } from '../errors.js';
import type { ZipFile } from '../zip.js';
import { ContentScanner } from './content.js';
import type { OdsSheet } from './rows.js';
import { hiddenCommonStyles } from './styles.js';

/** The most text kept while waiting for the end of a row (or of any markup): beyond it, runaway input. */
const MAX_PENDING = 64 * 1024 * 1024;
/** Unfinished text shorter than this is simply rescanned with the next chunk. */
const RESCAN_BELOW = 64 * 1024;
const MANIFEST_MAX = 1 << 20;

/** An OpenDocument package's mimetype; others than a spreadsheet are refused by name. */
const SPREADSHEET_TYPES = ['application/vnd.oasis.opendocument.spreadsheet', 'application/vnd.oasis.opendocument.spreadsheet-template'];

export class OdsReader {
  private constructor(
    private readonly zip: ZipFile,
    private readonly hiddenStyles: ReadonlySet<string>,
    private readonly maxBytes: number,
    private readonly maxCellChars: number,
  ) {}

  /**
   * Checks the package (content.xml present, the mimetype, when there, a spreadsheet's) and reads
   * the common styles of styles.xml that hide a sheet. The automatic styles, which LibreOffice
   * uses for that, are at the head of content.xml and are read by `read` on its single pass.
   */
  static async open(zip: ZipFile, maxBytes = Number.MAX_SAFE_INTEGER, maxCellChars = Number.MAX_SAFE_INTEGER): Promise<OdsReader> {
    if (!zip.entries.has('content.xml')) throw odsBroken('no content.xml in the package');
    const mimetype = (await zip.text('mimetype', 1024))?.trim();
    if (mimetype && mimetype.startsWith('application/vnd.oasis.opendocument.') && !SPREADSHEET_TYPES.includes(mimetype)) {
      throw odsBroken(`not a spreadsheet: ${mimetype}`);
    }
    // a password-protected package: its parts are encrypted, as the manifest says
    const manifest = await zip.text('META-INF/manifest.xml', MANIFEST_MAX).catch(() => undefined);
    if (manifest !== undefined && /<(?:[\w.-]+:)?encryption-data\b/.test(manifest)) throw new FormatError({ code: 'encrypted' });
    return new OdsReader(zip, await hiddenCommonStyles(zip, maxBytes), maxBytes, maxCellChars);
  }

  /**
   * Streams content.xml once. For each table (sheet) in document order, `visit(sheet)` returns a
   * RowCallback to receive its rows, or undefined to skip the sheet (skipping must be cheap).
   * Returns every sheet seen (for "sheet not found" messages).
   */
  async read(visit: (sheet: OdsSheet) => RowCallback | undefined, onCompressedBytes?: (n: number) => void): Promise<OdsSheet[]> {
    const scanner = new ContentScanner(visit, new Set(this.hiddenStyles), this.maxCellChars, this.maxBytes);
    // the unfinished rest, kept in pieces while what it waits for has not come (no quadratic joins)
    let pending: string[] = [];
    let pendingLength = 0;
    for await (let chunk of await this.zip.stream('content.xml', onCompressedBytes, this.maxBytes)) {
      const skipping = scanner.skipping;
      if (skipping !== undefined) {
        // a sheet nobody wants: its end is searched for in the bytes, no text is made of them
        if (pendingLength > 0) chunk = concat([fromLatin1(pending.join('')), chunk]);
        if (indexOf(chunk, fromLatin1(skipping)) < 0) {
          pending = [latin1(chunk, Math.max(0, chunk.length - skipping.length + 1))];
          pendingLength = pending[0]?.length ?? 0;
          continue;
        }
        pending = [];
        pendingLength = 0;
      }
      if (pendingLength > RESCAN_BELOW) {
        const fresh = latin1(chunk);
        const needle = scanner.needle;
        const last = pending[pending.length - 1] ?? '';
        const tail = last.length >= needle.length ? last.slice(last.length - needle.length + 1) : pending.join('').slice(-(needle.length - 1));
        if ((tail + fresh.slice(0, needle.length)).indexOf(needle) < 0 && fresh.indexOf(needle) < 0) {
          pending.push(fresh);
          pendingLength += fresh.length;
          if (pendingLength > MAX_PENDING) throw cellTooLong(scanner.row);
          continue;
        }
      }
      // one flat text: a joined string is copied by the first search in it, slowly, every chunk
      const text = latin1(pendingLength > 0 ? concat([fromLatin1(pending.join('')), chunk]) : chunk);
      const pos = scanner.scan(text, false);
      pending = pos < text.length ? [text.slice(pos)] : [];
      pendingLength = text.length - pos;
      if (pendingLength > MAX_PENDING) throw cellTooLong(scanner.row);
    }
    const text = pending.join('');
    scanner.scan(text, true);
    scanner.finish();
    return scanner.sheets;
  }
}
