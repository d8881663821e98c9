#!/usr/bin/env node
/**
 * `npm run build:web`: the offline page, dist/pal-report.html, one self-contained file. The page's
 * script and the worker's (the core, pdfkit with pako in place of fflate, exceljs, the DejaVu fonts
 * deflated and in base64) are bundled by esbuild and written inline; the worker runs from a blob:
 * URL made from its inline text, and so does the reading thread it starts for a large workbook
 * (its script is a string inside the worker's). A Content-Security-Policy allows only these inline scripts (by
 * hash), the blob: worker, and no connection of any kind. Nothing else is written to dist/.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'src/web');
const require = createRequire(import.meta.url);
const OUT = path.join(root, 'dist/pal-report.html');

/** The program's files that are not code (src/platform AssetName): the PDF fonts and the init template. */
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const ASSETS = {
  ...Object.fromEntries(['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSansCondensed.ttf', 'DejaVuSansCondensed-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf']
    .map((f) => [f, path.join(FONT_DIR, f)])),
  'klobuck-pal-2021-2022.yaml': path.join(root, 'templates/klobuck-pal-2021-2022.yaml'),
};

/** `import { ASSETS } from 'web-assets'`: each file deflated (level 9) and in base64, inflated in the worker when asked for. */
const assetsPlugin = {
  name: 'web-assets',
  setup(build) {
    build.onResolve({ filter: /^web-assets$/ }, () => ({ path: 'web-assets', namespace: 'web-assets' }));
    build.onLoad({ filter: /.*/, namespace: 'web-assets' }, () => {
      const entries = Object.entries(ASSETS).map(([name, file]) => `${JSON.stringify(name)}: ${JSON.stringify(deflateRawSync(readFileSync(file), { level: 9 }).toString('base64'))}`);
      return { contents: `export const ASSETS = {${entries.join(',\n')}};`, loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  write: false,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome109', 'firefox115', 'edge109'],
  legalComments: 'none',
  logLevel: 'warning',
  charset: 'utf8',
};

async function bundle(entry, extra = {}) {
  const result = await esbuild.build({ ...common, entryPoints: [path.join(web, entry)], ...extra });
  return result.outputFiles[0].text;
}

/**
 * Inline script text may not close its element (`</script`) or open an HTML comment (`<!--`,
 * which changes how the parser looks for the end). Both occur only inside strings and regular
 * expressions of the bundle (exceljs writes XML comments), where `<\/` and `\x3C` mean the same.
 */
function inlineSafe(js, what) {
  const safe = js.replace(/<\/(script)/gi, '<\\/$1').replaceAll('<!--', '\\x3C!--');
  new Function(safe); // still JavaScript (throws a SyntaxError otherwise)
  if (/<\/script|<!--/i.test(safe)) throw new Error(`${what}: cannot be inlined`);
  return safe;
}

const sha = (s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

// the reading thread the worker starts for a large workbook (src/formats/threaded.ts), its text inside the worker's
const readThread = await bundle('read-thread.ts');
const worker = inlineSafe(await bundle('worker.ts', {
  // pdfkit resolves to its browser build here; pako's deflate stands in for fflate's (the bytes of Node's zlib)
  alias: { fflate: path.join(web, 'shims/fflate.ts') },
  // pdfkit's browser build names its PDF/A colour profile relative to its module's URL at load time
  // (the profile is never used here); a script inlined in a page has no module URL
  define: { 'import.meta.url': '"file:///pal-report.html"', __READ_THREAD__: JSON.stringify(readThread) },
  plugins: [assetsPlugin],
}), 'worker');
const script = inlineSafe(await bundle('ui.ts'), 'page script');
const style = readFileSync(path.join(web, 'style.css'), 'utf8');

const csp = [
  "default-src 'none'",
  `script-src ${sha(script)}`,
  `style-src ${sha(style)}`,
  'worker-src blob:',
  'img-src data: blob:',
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

// placeholders replaced by a function: `$` in the bundles is not a replacement pattern
const html = readFileSync(path.join(web, 'page.html'), 'utf8')
  .replace('__CSP__', () => csp)
  .replace('__STYLE__', () => style)
  .replace('__WORKER__', () => worker)
  .replace('__SCRIPT__', () => script);

mkdirSync(path.dirname(OUT), { recursive: true });
writeFileSync(`${OUT}.tmp`, html);
renameSync(`${OUT}.tmp`, OUT);
console.log(`${path.relative(process.cwd(), OUT)}: ${(Buffer.byteLength(html) / 1e6).toFixed(2)} MB`);
