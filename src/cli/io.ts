/**
 * The process around a command: where output goes, the working directory, the environment.
 * Commands never touch `process` directly, so tests run them in-process and read the output.
 */
import path from 'node:path';
import { Chalk, type ChalkInstance } from 'chalk';
import type { Platform } from '../app/index.js';
import { OutputError } from '../errors.js';
import { nodePlatform } from '../node/index.js';

export interface CliIO {
  /** Primary output (JSON, tables, the issue list). */
  stdout(text: string): void;
  /** Human messages: errors, progress, notes. */
  stderr(text: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The clock: "today" (the default --as-of) and the generation time of a report. */
  now: () => Date;
  /** What the core reads, writes, hashes through: the disk (at `cwd`, with `now`) unless a test gives another. */
  platform?: Platform;
}

/** The platform a command hands the core: the test's, else Node's at the command's directory and clock. */
export function platformOf(io: CliIO): Platform {
  io.platform ??= nodePlatform({ cwd: io.cwd, now: io.now });
  return io.platform;
}

/**
 * Writing to a stream whose reader may go away (`pal-report … | head`): once it is closed (EPIPE)
 * the rest is dropped quietly and the command ends with its own exit code — not with a stack trace.
 */
function pipeWriter(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

export function processIO(): CliIO {
  return {
    stdout: pipeWriter(process.stdout),
    stderr: pipeWriter(process.stderr),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    now: () => new Date(),
  };
}

/** Collects output in memory (tests). */
export function memoryIO(cwd: string, env: Record<string, string | undefined> = {}, now: () => Date = () => new Date()): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(s: string) {
      io.out += s;
    },
    stderr(s: string) {
      io.err += s;
    },
    cwd,
    env,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    now,
  };
  return io;
}

/**
 * A path as the user gave it: what they typed stays as typed (absolute stays absolute), a file
 * inside a directory they named is shown under that name.
 */
export function shownPath(given: string, file?: string): string {
  return file === undefined ? given : path.join(given, file);
}

/**
 * Writes outputs into `resolved`, the directory the user named `given`: a file that cannot be
 * written is named the way the user wrote its directory (`out/raport.xlsx`, not an absolute path).
 */
export async function writingInto<T>(given: string, resolved: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof OutputError) throw e.shownAs(shownPath(given, path.relative(resolved, e.file)));
    throw e;
  }
}

/** Colours only on a terminal, and never with --no-color or NO_COLOR (chalk 5 ignores NO_COLOR). */
export function colorsFor(io: CliIO, tty: boolean, noColor: boolean): ChalkInstance {
  const off = noColor || 'NO_COLOR' in io.env || io.env.FORCE_COLOR === '0' || !tty;
  return new Chalk({ level: off ? 0 : 1 });
}
