/**
 * The program's own files the page carries inside itself (Platform.assets): the PDF fonts and the
 * definition template, deflated and in base64 by the build (scripts/build-web.mjs), inflated once
 * when first asked for.
 */
import { inflateRaw } from 'pako';
import { ASSETS } from 'web-assets';
import type { Assets } from '../platform/index.js';

const cache = new Map<string, Uint8Array>();

export const bundledAssets: Assets = {
  async read(name) {
    let bytes = cache.get(name);
    if (bytes === undefined) {
      const packed = ASSETS[name];
      if (packed === undefined) throw Object.assign(new Error(`ENOENT: ${name} is not bundled with the page`), { code: 'ENOENT', path: name });
      bytes = inflateRaw(Uint8Array.from(atob(packed), (c) => c.charCodeAt(0)));
      cache.set(name, bytes);
    }
    return bytes;
  },
};
