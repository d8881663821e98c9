/**
 * The page's front end to the use cases (src/app), as the CLI is the terminal's: it turns the
 * page's choices into the use cases' options, calls them over the browser platform, and turns
 * their results into what the page shows and downloads, with the CLI's texts, JSON, CSV and file
 * names. It decides nothing the CLI does not.
 */
import { DateTime } from 'luxon';
import {
  annotateCopies, computeIndicators, correctionRows, countsLine, DEFAULT_LIMITS, errorText, finalReport, formatPl, indicatorCells, indicatorsCsv,
  indicatorsJson, issueHint, issueMessage, issuesJson, listCorrections, listPeriods, parseDateText, progressReport, unreadableLines, validateProject,
  writeReportFiles, type DataCheck, type IndicatorsResult as Indicators, type IsoDate, type ReportResult,
} from '../app/index.js';
import { render, t, type Lang } from '../i18n/index.js';
import { bundledAssets } from './assets.js';
import { webPlatform, type WebPlatform } from './platform.js';
import type { CheckResult, Download, IndicatorsResult, IssueRow, RunOptions } from './protocol.js';
import { text } from './texts.js';

/** A message for the user (bad input, a bad option): shown as the CLI prints it, not as a bug. */
export class UserFacingError extends Error {}

export type OnProgress = (done: number, total: number, file?: string) => void;

/** `validate --format json` lists at most this many issues unless --max-issues says otherwise (its default). */
const MAX_ISSUES = 1000;
/** Where the annotated copies are written in memory before they are zipped: outside the project folder. */
const COPIES_DIR = '.pal-report-kopie';

interface Downloaded {
  name: string;
  mime: string;
  bytes: Uint8Array;
}

const encoder = new TextEncoder();

export class Engine {
  /** The chosen folder's name: the project option, as `--project <folder>` in the CLI. */
  private readonly project: string;

  constructor(private readonly files: ReadonlyMap<string, Blob>) {
    this.project = [...files.keys()][0]?.split('/')[0] ?? '';
  }

  private platform(): WebPlatform {
    return webPlatform(this.files, bundledAssets);
  }

  private data(o: RunOptions, progress: OnProgress) {
    const asOf = parseAsOf(o.asOf, o.lang);
    // the bar shows the file being read, from its start to its end
    let current = '';
    let done = 0;
    return {
      project: this.project,
      asOf,
      strict: false,
      limits: DEFAULT_LIMITS,
      onProgress: (file: string, bytes: number, total: number) => {
        if (file !== current) {
          current = file;
          done = 0;
        }
        done += bytes;
        progress(Math.min(done, total), total, file);
      },
    };
  }

  /** `validate`: the summary line and the issues, the notes on submitted periods (shown first: the rest follows in `indicators`). */
  async check(o: RunOptions, progress: OnProgress): Promise<CheckResult> {
    return guard(o.lang, async () => {
      const platform = this.platform();
      const result = await validateProject(this.data(o, progress), platform);
      const notes = result.notes.map((n) => render(n, o.lang));
      if (result.check.summary.unreadable) notes.push(...unreadableLines(result.check.issues, o.lang).trimEnd().split('\n'));
      return {
        summary: countsLine(result.check.summary.counts, o.lang),
        issues: issueRows(result.check, o.lang),
        notes,
        snapshots: 0,
        corrections: [],
      };
    });
  }

  /** The periods to choose from, the `indicators` of the chosen one (by default the one holding the data day) as a table, and the corrections the snapshots show. */
  async indicators(o: RunOptions, progress: OnProgress): Promise<IndicatorsResult> {
    return guard(o.lang, async () => {
      const platform = this.platform();
      const periods = await listPeriods({ project: this.project }, platform);
      const period = o.period || defaultPeriod(periods.periods, parseAsOf(o.asOf, o.lang));
      const r = await computeIndicators({ ...this.data(o, progress), period, allowErrors: false }, platform);
      const corrections = await listCorrections({ ...this.data(o, progress), strict: false }, platform);
      const base = {
        period,
        periods: [...periods.periods.map((p) => ({ id: p.id, label: `${formatPl(p.from)} – ${formatPl(p.to)}` })), { id: 'all', label: `${formatPl(periods.from)} – ${formatPl(periods.to)}` }],
        notes: corrections.notes.map((n) => render(n, o.lang)),
        snapshots: corrections.snapshots,
        corrections: correctionRows(corrections.list, o.lang),
      };
      if (r.indicators === undefined) return { ...base, indicatorsNote: text('indicatorsStopped', o.lang) };
      const ind = r.indicators;
      // the table's footnotes, as under the CLI's table (targets marked as examples, periods without data)
      const notes = [
        ...(ind.indicators.some((v) => v.exampleTarget) ? [t('ind.exampleTargets', {}, o.lang)] : []),
        ...(ind.indicators.some((v) => v.period === null) ? [t('ind.noDataNote', {}, o.lang)] : []),
      ];
      return {
        ...base,
        ...(notes.length > 0 ? { indicatorsNote: notes.join(' ') } : {}),
        indicators: {
          caption: text('indicatorsOf', o.lang, { period: `${ind.period.id} (${formatPl(ind.period.from)} – ${formatPl(ind.period.to)})`, asOf: formatPl(ind.asOf) }),
          rows: indicatorCells(ind, o.lang),
        },
      };
    });
  }

  async download(what: Download, o: RunOptions, progress: OnProgress): Promise<Downloaded> {
    return guard(o.lang, async () => {
      const platform = this.platform();
      switch (what) {
        case 'validation-json': {
          const r = await validateProject(this.data(o, progress), platform);
          return json('sprawdzenie.json', issuesJson(r.check.issues, r.check.summary, MAX_ISSUES, o.lang));
        }
        case 'annotated-zip':
          return this.annotated(o, progress, platform);
        case 'indicators-json':
        case 'indicators-csv': {
          const r = gated(await computeIndicators({ ...this.data(o, progress), period: requirePeriod(o), allowErrors: false }, platform), o.lang);
          const ind = r.indicators as NonNullable<Indicators['indicators']>;
          const name = `wskazniki-${ind.period.id}`;
          return what === 'indicators-json' ? json(`${name}.json`, indicatorsJson(ind)) : { name: `${name}.csv`, mime: 'text/csv', bytes: encoder.encode(indicatorsCsv(ind)) };
        }
        default: {
          const [kind, format] = what.split('-') as ['progress' | 'final', 'xlsx' | 'pdf'];
          const generatedAt = generationTime(o.generatedAt, o.lang);
          const options = { ...this.data(o, progress), allowErrors: false, generatedAt };
          const r = gated(kind === 'final' ? await finalReport(options, platform) : await progressReport({ ...options, period: requirePeriod(o) }, platform), o.lang);
          const [file] = await writeReportFiles(r.report as NonNullable<ReportResult['report']>, [format], 'raporty', platform);
          const name = (file ?? '').split('/').pop() ?? '';
          const bytes = platform.outputs.files.get(platform.inputs.resolve(file ?? '').slice(1));
          if (bytes === undefined) throw new Error(`the report was not written: ${file}`);
          return { name, mime: format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes };
        }
      }
    });
  }

  /** `validate --annotate`: the copies, zipped (a download is one file). */
  private async annotated(o: RunOptions, progress: OnProgress, platform: WebPlatform): Promise<Downloaded> {
    const data = this.data(o, progress);
    const r = await validateProject(data, platform);
    const { files } = await annotateCopies({ project: this.project, dir: COPIES_DIR, issues: r.check.issues, limits: data.limits, lang: o.lang }, platform);
    const { default: JSZip } = await import('jszip');
    const zip = new JSZip();
    const date = generationTime(o.generatedAt, o.lang);
    for (const f of files) {
      const bytes = platform.outputs.files.get(platform.inputs.resolve(f).slice(1));
      if (bytes !== undefined) zip.file(f.split('/').pop() ?? f, bytes, { date, createFolders: false });
    }
    const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', platform: 'UNIX' });
    return { name: 'kopie-z-uwagami.zip', mime: 'application/zip', bytes };
  }
}

function json(name: string, value: unknown): Downloaded {
  // as the CLI prints it: two spaces, a final newline
  return { name, mime: 'application/json', bytes: encoder.encode(`${JSON.stringify(value, null, 2)}\n`) };
}

function issueRows(check: DataCheck, lang: Lang): IssueRow[] {
  return check.issues.map((i) => ({
    file: i.file, sheet: i.sheet ?? '', cell: `${i.column ?? ''}${i.row ?? ''}`, column: i.header ?? '',
    severity: i.severity, message: issueMessage(i, lang), hint: issueHint(i, lang) ?? '',
  }));
}

/** The CLI's `--as-of` rule (YYYY-MM-DD or DD.MM.YYYY). */
function parseAsOf(value: string, lang: Lang): IsoDate {
  const d = parseDateText(value);
  if (d === null) throw new UserFacingError(t('cli.badDate', { value, option: text('asOf', lang) }, lang));
  return d;
}

/** The CLI's `--generated-at` rule: a date alone is midnight UTC; without it, now. */
function generationTime(value: string | undefined, lang: Lang): Date {
  if (value === undefined) return new Date();
  const d = DateTime.fromISO(value.trim(), { zone: 'utc' });
  if (!d.isValid) throw new UserFacingError(t('cli.badDate', { value, option: 'generated-at' }, lang));
  return d.toJSDate();
}

function requirePeriod(o: RunOptions): string {
  if (!o.period) throw new UserFacingError(t('cli.periodRequired', {}, o.lang));
  return o.period;
}

/** With no period chosen: the definition's period that holds the data day, else the whole project. */
function defaultPeriod(periods: readonly { id: string; from: string; to: string }[], asOf: IsoDate): string {
  return periods.find((p) => p.from <= asOf && asOf <= p.to)?.id ?? 'all';
}

/** A computing use case stopped by errors in the data: said as the CLI says it (exit 1 or 2). */
function gated<T extends { outcome: string; check: DataCheck }>(r: T, lang: Lang): T {
  if (r.check.summary.unreadable) throw new UserFacingError(unreadableLines(r.check.issues, lang).trimEnd());
  if (r.outcome === 'data-errors') throw new UserFacingError(`${t('cli.stoppedOnErrors', {}, lang)} ${countsLine(r.check.summary.counts, lang)}`);
  return r;
}

/** The use cases' typed errors in the CLI's words; anything else goes on as a bug. */
async function guard<T>(lang: Lang, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof UserFacingError) throw e;
    const said = errorText(e, false, lang);
    // the page is not the program: "pal-report: " is left off
    if (said !== undefined) throw new UserFacingError(said.text.replace(/^pal-report: /, ''));
    throw e;
  }
}

