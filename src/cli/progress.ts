/**
 * A progress line on stderr for reading large inputs: file, percent, rows and rows per second.
 * Only on a terminal, only after a second has passed, redrawn at most five times a second.
 */
import { countText, formatNumber, t, type Lang } from '../i18n/index.js';
import { check, type Checked } from '../pipeline.js';
import type { Project } from '../project/load.js';
import { platformOf, type CliIO } from './io.js';
import type { DataSettings } from './options.js';

export class ProgressBar {
  private readonly started: number;
  private lastDraw = 0;
  private drawn = false;
  private bytes = new Map<string, number>();

  constructor(private readonly io: CliIO, private readonly enabled: boolean, private readonly lang: Lang, private readonly now: () => number = () => Date.now()) {
    this.started = now();
  }

  /** A file's progress: bytes read of its size, rows so far (all files). */
  update(file: string, bytes: number, total: number, rows: number): void {
    if (!this.enabled) return;
    this.bytes.set(file, (this.bytes.get(file) ?? 0) + bytes);
    const now = this.now();
    if (now - this.started < 1000 || now - this.lastDraw < 200) return;
    this.lastDraw = now;
    const share = total > 0 ? Math.min(1, (this.bytes.get(file) ?? 0) / total) : 0;
    const width = 20;
    const full = Math.round(share * width);
    const rate = rows / Math.max(0.001, (now - this.started) / 1000);
    const name = file.length > 40 ? `…${file.slice(-39)}` : file;
    this.io.stderr(`\r${name} [${'█'.repeat(full)}${'░'.repeat(width - full)}] ${Math.round(share * 100)}%  ${t('progress.rows', { rows: countText(rows, 'row', this.lang), rate: formatNumber(Math.round(rate), 0, this.lang) }, this.lang)}\u001b[K`);
    this.drawn = true;
  }

  /** Clears the line (before the command prints anything else). */
  done(): void {
    if (this.drawn) this.io.stderr('\r\u001b[K');
    this.drawn = false;
  }
}

/** Reads and validates a project, with the progress line when on a terminal. */
export async function checkWithProgress(project: Project, s: DataSettings, io: CliIO, lang: Lang): Promise<Checked> {
  const bar = new ProgressBar(io, io.stderrIsTTY && !s.quiet, lang);
  try {
    return await check(platformOf(io), project, s.asOf, s.strict, { limits: s.limits, onProgress: (file, bytes, total, rows) => bar.update(file, bytes, total, rows) });
  } finally {
    bar.done();
  }
}
