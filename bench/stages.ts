/**
 * One step of reading, timed alone in this process (the README's breakdown):
 * `tsx bench/stages.ts STEP FILE`, STEP one of
 * - `inflate`: the sheet (XLSX) or content.xml (ODS) inflated by our zip reader, bytes dropped;
 * - `decode`: a CSV read and decoded (UTF-8 / Windows-1250), text dropped;
 * - `format`: the whole format layer, openWorkbook(...).read with rows dropped (inflate, scan,
 *   cell decoding, dates and numbers), on this thread;
 * - `thread`: the same on a reading thread (Node's worker_threads), rows handed back.
 * Prints the step, milliseconds and rows.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openWorkbook, ThreadRead } from '../src/formats/index.js';
import { StreamDecoder } from '../src/formats/csv.js';
import { ZipFile } from '../src/formats/zip.js';
import { DEFAULT_LIMITS } from '../src/ingest/limits.js';
import { nodeCodec } from '../src/node/codec.js';
import { openFile } from '../src/node/files.js';
import { nodePlatform } from '../src/node/index.js';

const [step, file] = process.argv.slice(2);
if (!step || !file) throw new Error('usage: tsx bench/stages.ts inflate|decode|format|thread FILE');
const limits = { ...DEFAULT_LIMITS, maxInputBytes: 2 ** 40 };
const started = performance.now();
let rows = 0;
if (step === 'inflate') {
  const zip = await ZipFile.open(await openFile(file), nodeCodec);
  const part = zip.entries.has('content.xml') ? 'content.xml' : 'xl/worksheets/sheet1.xml';
  for await (const chunk of await zip.stream(part)) void chunk;
} else if (step === 'decode') {
  const input = await openFile(file);
  const decoder = new StreamDecoder();
  for (let at = 0; at < input.size; at += 1 << 20) decoder.decode(await input.read(at, 1 << 20));
  await input.close();
} else if (step === 'format' || step === 'thread') {
  const source = await openWorkbook(await openFile(file), path.basename(file), nodeCodec, limits);
  const visit = () => ({ row: () => void rows++ });
  const threads = nodePlatform().threads;
  const thread = step === 'thread' ? threads?.start() : undefined;
  if (thread) await new ThreadRead(thread, path.resolve(file), path.basename(file), limits).read(source, visit);
  else await source.read(visit);
  await source.close();
} else throw new Error(`step? ${step}`);
process.stdout.write(`${step} ${path.basename(file)}: ${Math.round(performance.now() - started)} ms, ${rows} rows\n`);
