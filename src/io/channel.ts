/**
 * Bytes made by a writer that pushes (the zip writer) handed to an output that pulls
 * (`Outputs.stage` takes an AsyncIterable): a bounded queue between the two, so a big workbook is
 * streamed to its file and never held whole. `push` waits while the queue is full.
 */

import type { ByteSink } from './zip-writer.js';

/** Bytes queued before `push` waits for the output to take them. */
const QUEUE_MAX = 4 << 20;

export class ByteChannel implements AsyncIterable<Uint8Array>, ByteSink {
  private readonly queue: Uint8Array[] = [];
  private queued = 0;
  private ended = false;
  private failure: { error: unknown } | undefined;
  /** The output stopped taking bytes (it failed): pushes are refused. */
  private abandoned: { error: unknown } | undefined;
  private wakeReader: (() => void) | undefined;
  private wakeWriter: (() => void) | undefined;

  /** Queues `bytes` (not copied: the caller does not reuse them); waits while the queue is full. */
  async push(bytes: Uint8Array): Promise<void> {
    if (this.abandoned) throw this.abandoned.error;
    if (bytes.length === 0) return;
    this.queue.push(bytes);
    this.queued += bytes.length;
    this.wake('reader');
    while (this.queued > QUEUE_MAX && !this.abandoned) await new Promise<void>((resolve) => (this.wakeWriter = resolve));
    this.refuseIfAbandoned();
  }

  private refuseIfAbandoned(): void {
    if (this.abandoned) throw this.abandoned.error;
  }

  write(bytes: Uint8Array): Promise<void> {
    return this.push(bytes);
  }

  /** The writer stopped: `streamed` fails the output with the writer's own error. */
  abort(): void {}

  /** No more bytes: the output ends after the queued ones. */
  end(): void {
    this.ended = true;
    this.wake('reader');
  }

  /** The writer failed: the output fails with `error` (and drops what it wrote). */
  fail(error: unknown): void {
    this.failure ??= { error };
    this.wake('reader');
  }

  /** The output failed or stopped: later pushes throw `error`. */
  abandon(error: unknown): void {
    this.abandoned ??= { error };
    this.queue.length = 0;
    this.queued = 0;
    this.wake('writer');
  }

  private wake(who: 'reader' | 'writer'): void {
    const f = who === 'reader' ? this.wakeReader : this.wakeWriter;
    if (who === 'reader') this.wakeReader = undefined;
    else this.wakeWriter = undefined;
    f?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    try {
      for (;;) {
        if (this.failure) throw this.failure.error;
        const next = this.queue.shift();
        if (next) {
          this.queued -= next.length;
          if (this.queued <= QUEUE_MAX) this.wake('writer');
          yield next;
        } else if (this.ended) return;
        else await new Promise<void>((resolve) => (this.wakeReader = resolve));
      }
    } finally {
      // the output stopped early (its own failure): the writer must not wait for it any more
      if (!this.ended || this.failure) this.abandon(this.failure?.error ?? new Error('output closed'));
    }
  }
}

/**
 * Streams what `produce` pushes into `output` (which consumes the channel): resolves with the
 * output's result once both are done. The output's own failure wins over the writer's, which is
 * then only its consequence (the channel refused a push).
 */
export async function streamed<T>(output: (bytes: AsyncIterable<Uint8Array>) => Promise<T>, produce: (channel: ByteChannel) => Promise<void>): Promise<T> {
  const channel = new ByteChannel();
  const writing = output(channel);
  // an output that fails before it reads (no permission) must not leave the writer waiting
  writing.catch((e: unknown) => channel.abandon(e));
  try {
    await produce(channel);
    channel.end();
  } catch (e) {
    channel.fail(e);
    await writing.catch((w: unknown) => {
      throw w === e ? e : w;
    });
    throw e;
  }
  return writing;
}
