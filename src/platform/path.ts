/**
 * `/`-separated paths, as the platform takes them on every OS (Node accepts `/` on Windows too).
 * The POSIX rules of Node's `path`, plus `C:/` as a root, so that the core needs no `node:path`.
 */

/** `C:/` or `/` at the start of an absolute path. */
const ROOT = /^(?:[A-Za-z]:)?\//;

function rootOf(p: string): string {
  return ROOT.exec(p)?.[0] ?? '';
}

export function isAbsolute(p: string): boolean {
  return rootOf(p) !== '';
}

/** `.` and `..` resolved, repeated `/` and a trailing one dropped; `.` for nothing. */
export function normalize(p: string): string {
  const root = rootOf(p);
  const out: string[] = [];
  for (const part of p.slice(root.length).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!root) out.push('..');
    } else out.push(part);
  }
  return root + out.join('/') || (root ? root : '.');
}

export function join(...parts: string[]): string {
  return normalize(parts.filter((p) => p !== '').join('/'));
}

/** `p` against the absolute folder `base` (itself when absolute). */
export function resolve(base: string, p: string): string {
  return normalize(isAbsolute(p) ? p : `${base}/${p}`);
}

export function dirname(p: string): string {
  const root = rootOf(p);
  const rest = p.slice(root.length).replace(/\/+$/, '');
  const at = rest.lastIndexOf('/');
  if (at < 0) return root || '.';
  return root + rest.slice(0, at).replace(/\/+$/, '') || root || '/';
}

export function basename(p: string): string {
  const rest = p.slice(rootOf(p).length).replace(/\/+$/, '');
  return rest.slice(rest.lastIndexOf('/') + 1);
}

/** The path from the absolute folder `from` to the absolute `to`, with `..` where needed; '' for the same. */
export function relative(from: string, to: string): string {
  const a = normalize(from);
  const b = normalize(to);
  if (rootOf(a) !== rootOf(b)) return b;
  const as = a.slice(rootOf(a).length).split('/').filter(Boolean);
  const bs = b.slice(rootOf(b).length).split('/').filter(Boolean);
  let i = 0;
  while (i < as.length && i < bs.length && as[i] === bs[i]) i++;
  return [...as.slice(i).map(() => '..'), ...bs.slice(i)].join('/');
}
