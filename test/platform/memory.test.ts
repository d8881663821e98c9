/**
 * The core on the in-memory platform (what the offline page and the tests run it on): the same
 * commands give the same output and the same file bytes as on disk, outputs are readable back,
 * a failed write leaves nothing, and the submission lock behaves as the disk's.
 */
import { cp, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { nodeCrypto } from '../../src/node/index.js';
import type { AssetName, Platform } from '../../src/platform/index.js';
import { nobleCrypto, type MemoryPlatform } from '../../src/platform/memory.js';
import { inMemory } from '../helpers/platform.js';

const DEMO = path.resolve(import.meta.dirname, '../../fixtures/klobuck');
const FONTS: AssetName[] = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSansCondensed.ttf', 'DejaVuSansCondensed-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf'];

async function filesUnder(dir: string): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out[path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/')] = new Uint8Array(await readFile(path.join(e.parentPath, e.name)));
  }
  return out;
}

async function run(cwd: string, args: string[], platform?: Platform) {
  const io = memoryIO(cwd, {}, () => new Date('2026-01-05T12:00:00Z'));
  if (platform) io.platform = platform;
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

let onDisk: string;
let demo: Record<string, Uint8Array>;

beforeAll(async () => {
  onDisk = await mkdtemp(path.join(tmpdir(), 'pal-memory-'));
  await cp(DEMO, path.join(onDisk, 'proj'), { recursive: true });
  demo = Object.fromEntries(Object.entries(await filesUnder(DEMO)).map(([k, v]) => [`proj/${k}`, v]));
});

describe('the core on the memory platform', () => {
  it('validate, indicators and corrections say exactly what they say on disk', async () => {
    const memory = await inMemory({ cwd: '/p', files: demo });
    for (const args of [
      ['validate', '--project', 'proj', '--format', 'json'],
      ['validate', '--project', 'proj'],
      ['indicators', '--project', 'proj', '--period', 'all', '--format', 'json'],
      ['corrections', '--project', 'proj', '--format', 'json'],
    ]) {
      const a = await run(onDisk, args);
      const b = await run('/p', args, memory);
      expect(b, args.join(' ')).toEqual(a);
    }
  }, 120_000);

  it('writes the final report with the same bytes as on disk (XLSX streamed, PDF with the fonts), readable back', async () => {
    const memory = await inMemory({ cwd: '/p', files: demo, withAssets: FONTS });
    const args = ['report', 'final', '--project', 'proj', '--out', 'out', '--generated-at', '2026-01-05T12:00:00Z'];
    const a = await run(onDisk, args);
    const b = await run('/p', args, memory);
    expect(a.code).toBe(0);
    expect(b).toEqual({ ...a, out: a.out.split(onDisk).join('/p') });
    for (const ext of ['xlsx', 'pdf']) {
      const written = memory.file(`out/raport-koncowy.${ext}`);
      expect(written, ext).toBeDefined();
      expect(Buffer.from(written as Uint8Array).equals(await readFile(path.join(onDisk, 'out', `raport-koncowy.${ext}`))), ext).toBe(true);
    }
  }, 120_000);

  it.each(['xlsx', 'pdf'])('a report whose %s cannot be written replaces nothing: no file of it is put in place', async (ext) => {
    const memory = await inMemory({ cwd: '/p', files: demo, withAssets: FONTS, fail: (op, p) => (op === 'stage' && p.endsWith(`.${ext}`) ? 'ENOSPC' : undefined) });
    const r = await run('/p', ['report', 'final', '--project', 'proj', '--out', 'out'], memory);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`out/raport-koncowy.${ext}`);
    expect([...memory.files.keys()].filter((f) => f.startsWith('/p/out/'))).toEqual([]);
  }, 120_000);

  it('init makes a project that validates, all in memory', async () => {
    const memory = await inMemory({ cwd: '/p', withAssets: ['klobuck-pal-2021-2022.yaml'] });
    expect((await run('/p', ['init', 'nowy'], memory)).code).toBe(0);
    expect(memory.text('nowy/pal-report.yaml')).toBe(await readFile(path.resolve(import.meta.dirname, '../../templates/klobuck-pal-2021-2022.yaml'), 'utf8'));
    expect(memory.file('nowy/dane/uczestnicy.xlsx')).toBeDefined();
    const v = await run('/p', ['validate', '--project', 'nowy'], memory);
    expect(v.code).toBeLessThan(2);
  }, 60_000);

  it('of two submissions at once exactly one is saved; the other is told the period is submitted', async () => {
    const memory = await inMemory({ cwd: '/p', files: demo });
    const args = (note: string) => ['submit', '--project', 'proj', '--period', '2022-Q2', '--note', note, '--generated-at', '2026-01-05T12:00:00Z'];
    const runs = await Promise.all([run('/p', args('pierwszy'), memory), run('/p', args('drugi'), memory)]);
    expect(runs.map((r) => r.code).sort()).toEqual([0, 2]);
    const winner = runs.findIndex((r) => r.code === 0);
    expect(memory.text('proj/zlozone/2022-Q2.json')).toContain(winner === 0 ? 'pierwszy' : 'drugi');
    expect(memory.file('proj/zlozone/.lock')).toBeUndefined();
  }, 120_000);

  it('a lock left by a run that is gone is refused at once, naming the file', async () => {
    const memory: MemoryPlatform = await inMemory({
      cwd: '/p', files: { ...demo, 'proj/zlozone/.lock': '4242 laptop 2026-01-05T11:00:00.000Z\n' }, holderRunning: (h) => h.pid !== 4242,
    });
    const r = await run('/p', ['submit', '--project', 'proj', '--period', '2022-Q2'], memory);
    expect(r.code).toBe(2);
    expect(r.err).toContain('zlozone/.lock');
    expect(r.err).toContain('4242');
    expect(memory.file('proj/zlozone/2022-Q2.json')).toBeUndefined();
  }, 60_000);

  it('hashes as node:crypto does (SHA-256, HMAC-SHA-256, streamed in pieces)', () => {
    for (const text of ['', 'abc', 'zażółć gęślą jaźń', 'x'.repeat(100_000)]) {
      expect(nobleCrypto.sha256().update(text.slice(0, 7)).update(text.slice(7)).digest()).toBe(nodeCrypto.sha256().update(text).digest());
      const key = new Uint8Array(32).map((_, i) => i * 7);
      expect(nobleCrypto.hmacSha256(key).update(text).digest()).toBe(nodeCrypto.hmacSha256(key).update(text).digest());
    }
    expect(nobleCrypto.randomBytes(32)).toHaveLength(32);
  });
});
