/** The progress line: only on a terminal, only after a second, cleared at the end. */
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { ProgressBar } from '../../src/cli/progress.js';

function clock(start = 0) {
  let now = start;
  return { now: () => now, tick: (ms: number) => { now += ms; } };
}

describe('progress bar', () => {
  it('stays silent for runs under a second and off a terminal', () => {
    const io = memoryIO('/');
    const c = clock();
    const bar = new ProgressBar(io, true, 'pl', c.now);
    c.tick(900);
    bar.update('a.csv', 100, 1000, 10);
    bar.done();
    expect(io.err).toBe('');
    const off = new ProgressBar(io, false, 'pl', c.now);
    c.tick(5000);
    off.update('a.csv', 100, 1000, 10);
    expect(io.err).toBe('');
  });
  it('shows the file, percent and rows per second, redraws at most every 200 ms, and clears', () => {
    const io = memoryIO('/');
    const c = clock();
    const bar = new ProgressBar(io, true, 'pl', c.now);
    c.tick(2000);
    bar.update('dane/obecnosci.csv', 500, 1000, 100_000);
    expect(io.err).toContain('dane/obecnosci.csv [██████████░░░░░░░░░░] 50%');
    expect(io.err).toContain('100\u00a0000 wierszy, 50\u00a0000 w./s');
    const before = io.err;
    c.tick(100);
    bar.update('dane/obecnosci.csv', 100, 1000, 120_000);
    expect(io.err).toBe(before);
    bar.done();
    expect(io.err.endsWith('\r\u001b[K')).toBe(true);
  });
});
