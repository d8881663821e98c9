/**
 * The page: the form, the tables, the downloads. It only shows: all reading, checking and
 * rendering happens in the worker (worker.ts), started from the page's own inline code through
 * a blob: URL, so nothing is fetched and the page stays responsive during long runs.
 */
import type { CheckResult, Download, IndicatorRow, IssueRow, Reply, Request, RunOptions } from './protocol.js';
import { text, type PageLang, type TextKey } from './texts.js';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

let lang: PageLang = 'pl';
let folderFiles: { path: string; file: File }[] = [];
let result: CheckResult | undefined;
let nextId = 1;
let pending = new Map<number, (reply: Reply) => void>();

const worker = new Worker(URL.createObjectURL(new Blob([$('worker-code').textContent ?? ''], { type: 'text/javascript' })));
worker.onmessage = (e: MessageEvent<Reply>) => {
  const reply = e.data;
  if (reply.type === 'progress') {
    showProgress(reply.done, reply.total, reply.file);
    return;
  }
  const done = pending.get(reply.id);
  pending.delete(reply.id);
  done?.(reply);
};
worker.onerror = (e) => {
  // a worker that fails to start or throws outside a request: said on the page, never a blank screen
  e.preventDefault();
  showError(text('crashed', lang, { message: e.message || 'worker' }));
  for (const done of pending.values()) done({ type: 'crashed', id: 0, message: e.message });
  pending = new Map();
};

function ask(make: (id: number) => Request): Promise<Reply> {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    worker.postMessage(make(id));
  });
}

// ------------------------------------------------------------------ texts and language

function applyTexts(): void {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll<HTMLElement>('[data-t]')) el.textContent = text(el.dataset.t as TextKey, lang);
  const switcher = $('lang');
  switcher.textContent = text('language', lang);
  switcher.lang = lang === 'pl' ? 'en' : 'pl';
  switcher.setAttribute('aria-label', text('languageLabel', lang));
  $('progress').setAttribute('aria-label', text('progress', lang));
  $('problems').setAttribute('aria-label', text('problems', lang));
  $('indicators').setAttribute('aria-label', text('indicators', lang));
  $('corrections').setAttribute('aria-label', text('corrections', lang));
  document.title = text('title', lang);
  showFolder();
  renderHeaders();
}

// ------------------------------------------------------------------ the form

function today(): string {
  // the day in Poland, whatever the computer's zone (sv-SE writes dates as YYYY-MM-DD)
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Warsaw' }).format(new Date());
}

function options(): RunOptions {
  const generatedAt = new URLSearchParams(location.search).get('generated-at');
  return {
    asOf: ($('as-of') as HTMLInputElement).value || today(),
    period: ($('period') as HTMLInputElement).value.trim(),
    lang,
    ...(generatedAt ? { generatedAt } : {}),
  };
}

function showFolder(): void {
  const first = folderFiles[0]?.path.split('/')[0];
  $('folder-chosen').textContent = first === undefined ? '' : text('folderChosen', lang, { name: first, files: String(folderFiles.length) });
}

/** The project key (zlozone/.klucz) stays with the CLI: the page never hands it to the worker, so it is never read. */
const KEY_FILE = '.klucz';

function setFolder(chosen: { path: string; file: File }[]): void {
  // the project is the first part of the paths (engine.ts): more than one would leave the others unread, unsaid
  const roots = [...new Set(chosen.map((f) => f.path.split('/')[0]))];
  if (roots.length > 1) {
    showError(text('oneFolder', lang, { names: roots.join(', ') }));
    return;
  }
  const files = chosen.filter((f) => f.path.split('/').pop() !== KEY_FILE);
  folderFiles = files;
  result = undefined;
  showFolder();
  for (const id of ['results', 'indicators-section', 'corrections-section', 'downloads']) $(id).hidden = true;
  $('summary').textContent = '';
  $('error').textContent = '';
  worker.postMessage({ type: 'folder', files } satisfies Request);
}

($('folder') as HTMLInputElement).addEventListener('change', (e) => {
  const input = e.target as HTMLInputElement;
  setFolder([...(input.files ?? [])].map((file) => ({ path: file.webkitRelativePath || file.name, file })));
});

/** A dropped folder read with its relative paths, as the folder input gives them. */
async function droppedFiles(items: DataTransferItemList): Promise<{ path: string; file: File }[]> {
  const out: { path: string; file: File }[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      out.push({ path, file });
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      // readEntries gives the entries in batches until an empty one
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) break;
        for (const child of batch) await walk(child, path);
      }
    }
  };
  // the items are readable only during the drop event: taken at once, walked after
  const taken = [...items].map((item) => ({ entry: item.webkitGetAsEntry(), file: item.getAsFile() }));
  for (const { entry, file } of taken) {
    if (entry !== null) await walk(entry, '');
    // a browser without entries gives the files alone: each under its own name
    else if (file) out.push({ path: file.name, file });
  }
  return out;
}

const drop = $('drop');
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  if (e.dataTransfer) void droppedFiles(e.dataTransfer.items).then(setFolder, (err: unknown) => showError(String(err)));
});

// ------------------------------------------------------------------ running

function showProgress(done: number, total: number, file?: string): void {
  const box = $('progress-box');
  box.hidden = false;
  const bar = $('progress') as HTMLProgressElement;
  bar.max = Math.max(1, total);
  bar.value = Math.min(done, bar.max);
  $('progress-text').textContent = file ? text('workingFile', lang, { file }) : text('working', lang);
}

function showError(message: string): void {
  $('error').textContent = message;
}

function busy(on: boolean): void {
  for (const b of document.querySelectorAll<HTMLButtonElement>('button[data-download], #check')) b.disabled = on;
  $('progress-box').hidden = !on;
  if (on) showProgress(0, 1);
}

function failure(reply: Reply): boolean {
  if (reply.type === 'failed') showError(reply.message);
  else if (reply.type === 'crashed') showError(text('crashed', lang, { message: reply.message }));
  else return false;
  return true;
}

async function check(): Promise<void> {
  $('error').textContent = '';
  if (folderFiles.length === 0) {
    showError(text('noFolder', lang));
    ($('folder') as HTMLInputElement).focus();
    return;
  }
  busy(true);
  $('summary').textContent = text('working', lang);
  try {
    const reply = await ask((id) => ({ type: 'check', id, options: options() }));
    if (failure(reply)) {
      $('summary').textContent = '';
      return;
    }
    if (reply.type !== 'checked') return;
    result = reply.result;
    showResult(result);
    // the issues first (they are what the accountant reads), then the figures and the corrections
    await refreshIndicators();
  } finally {
    busy(false);
  }
}

async function refreshIndicators(): Promise<void> {
  const reply = await ask((id) => ({ type: 'indicators', id, options: options() }));
  if (failure(reply) || reply.type !== 'indicators' || !result) return;
  result = { ...result, ...reply.result, notes: [...new Set([...result.notes, ...reply.result.notes])] };
  ($('period') as HTMLInputElement).value = reply.result.period;
  $('periods').replaceChildren(...reply.result.periods.map((p) => Object.assign(document.createElement('option'), { value: p.id, label: p.label })));
  showIndicators(result);
  showCorrections(result);
  $('notes').replaceChildren(...result.notes.map((n) => el('li', n)));
}

$('form').addEventListener('submit', (e) => {
  e.preventDefault();
  void check();
});

($('period') as HTMLInputElement).addEventListener('change', () => {
  if (!result) return;
  void (async () => {
    busy(true);
    $('error').textContent = '';
    try {
      await refreshIndicators();
    } finally {
      busy(false);
    }
  })();
});

$('lang').addEventListener('click', () => {
  lang = lang === 'pl' ? 'en' : 'pl';
  applyTexts();
  // the data's messages come from the core in the chosen language: checked again
  if (result) void check();
});

// ------------------------------------------------------------------ results

function showResult(r: CheckResult): void {
  $('summary').textContent = r.summary;
  const notes = $('notes');
  notes.replaceChildren(...r.notes.map((n) => el('li', n)));
  fillFilters(r.issues);
  renderIssues();
  $('results').hidden = false;
  $('downloads').hidden = false;
}

function el(tag: string, content: string, attrs: Record<string, string> = {}): HTMLElement {
  const e = document.createElement(tag);
  e.textContent = content;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

const SEVERITY_KEY = { error: 'severityError', warning: 'severityWarning', info: 'severityInfo' } as const;
const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;
const ISSUE_COLUMNS: { key: keyof IssueRow; label: TextKey }[] = [
  { key: 'file', label: 'colFile' },
  { key: 'sheet', label: 'colSheet' },
  { key: 'cell', label: 'colCell' },
  { key: 'column', label: 'colColumn' },
  { key: 'severity', label: 'colSeverity' },
  { key: 'message', label: 'colMessage' },
  { key: 'hint', label: 'colHint' },
];
/** Rows drawn at once: a list of a hundred thousand problems is filtered, not scrolled. */
const MAX_ROWS = 1000;

let sortKey: keyof IssueRow | undefined;
let sortAscending = true;

function fillFilters(issues: readonly IssueRow[]): void {
  const sev = $('filter-severity') as HTMLSelectElement;
  const keep = sev.value;
  sev.replaceChildren(el('option', text('all', lang), { value: '' }), ...(['error', 'warning', 'info'] as const).map((s) => el('option', text(SEVERITY_KEY[s], lang), { value: s })));
  sev.value = keep;
  const file = $('filter-file') as HTMLSelectElement;
  const keepFile = file.value;
  const files = [...new Set(issues.map((i) => i.file))];
  file.replaceChildren(el('option', text('all', lang), { value: '' }), ...files.map((f) => el('option', f || '—', { value: f })));
  file.value = files.includes(keepFile) ? keepFile : '';
}

function renderHeaders(): void {
  const row = $('problems').querySelector('thead tr') as HTMLElement;
  row.replaceChildren(...ISSUE_COLUMNS.map(({ key, label }) => {
    const th = el('th', '', { scope: 'col' });
    if (sortKey === key) th.setAttribute('aria-sort', sortAscending ? 'ascending' : 'descending');
    const b = el('button', text(label, lang), { type: 'button', title: text('sortBy', lang, { column: text(label, lang) }) });
    b.addEventListener('click', () => {
      sortAscending = sortKey === key ? !sortAscending : true;
      sortKey = key;
      renderHeaders();
      renderIssues();
      (row.children[ISSUE_COLUMNS.findIndex((c) => c.key === key)]?.querySelector('button') as HTMLElement | null)?.focus();
    });
    th.append(b);
    return th;
  }));
  const ind = $('indicators').querySelector('thead tr') as HTMLElement;
  ind.replaceChildren(...(['colIndicator', 'colName', 'colUnit', 'colPeriodValue', 'colCumulative', 'colTarget', 'colRealisation'] as const).map((k) => el('th', text(k, lang), { scope: 'col' })));
  const cor = $('corrections').querySelector('thead tr') as HTMLElement;
  cor.replaceChildren(el('th', text('colSubmittedPeriod', lang), { scope: 'col' }), el('th', text('colCorrection', lang), { scope: 'col' }));
  if (result) fillFilters(result.issues);
}

/** Cells compared as an accountant reads them: B9 before B10, rows before columns. */
function cellOrder(a: string, b: string): number {
  const pa = /^([A-Z]*)(\d*)$/.exec(a);
  const pb = /^([A-Z]*)(\d*)$/.exec(b);
  if (pa && pb) {
    const byRow = Number(pa[2] || 0) - Number(pb[2] || 0);
    if (byRow !== 0) return byRow;
    return (pa[1] ?? '').length - (pb[1] ?? '').length || (pa[1] ?? '').localeCompare(pb[1] ?? '');
  }
  return a.localeCompare(b, 'pl');
}

function renderIssues(): void {
  if (!result) return;
  const sev = ($('filter-severity') as HTMLSelectElement).value;
  const file = ($('filter-file') as HTMLSelectElement).value;
  let rows = result.issues.filter((i) => (!sev || i.severity === sev) && (!file || i.file === file));
  if (sortKey !== undefined) {
    const key = sortKey;
    const dir = sortAscending ? 1 : -1;
    const cmp = key === 'severity' ? (a: IssueRow, b: IssueRow) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]
      : key === 'cell' ? (a: IssueRow, b: IssueRow) => cellOrder(a.cell, b.cell)
        : (a: IssueRow, b: IssueRow) => a[key].localeCompare(b[key], 'pl', { numeric: true });
    // the core's order breaks ties: stable sort keeps it
    rows = [...rows].sort((a, b) => dir * cmp(a, b));
  }
  const body = $('problems').querySelector('tbody') as HTMLElement;
  const drawn = rows.slice(0, MAX_ROWS);
  body.replaceChildren(...drawn.map((i) => {
    const tr = document.createElement('tr');
    tr.className = i.severity;
    for (const { key } of ISSUE_COLUMNS) tr.append(el('td', key === 'severity' ? text(SEVERITY_KEY[i.severity], lang) : i[key]));
    return tr;
  }));
  if (result.issues.length === 0) body.replaceChildren(el('tr', '').appendChild(el('td', text('noProblems', lang), { colspan: String(ISSUE_COLUMNS.length) })).parentElement as HTMLElement);
  $('shown').textContent = text('shown', lang, { shown: String(drawn.length), total: String(result.issues.length) });
}

$('filter-severity').addEventListener('change', renderIssues);
$('filter-file').addEventListener('change', renderIssues);

function showIndicators(r: Pick<CheckResult, 'indicators' | 'indicatorsNote'>): void {
  $('indicators-section').hidden = false;
  $('indicators-note').textContent = r.indicatorsNote ?? '';
  const table = $('indicators');
  table.hidden = r.indicators === undefined;
  $('indicators-caption').textContent = r.indicators?.caption ?? '';
  const body = table.querySelector('tbody') as HTMLElement;
  body.replaceChildren(...(r.indicators?.rows ?? []).map((row: IndicatorRow) => {
    const tr = document.createElement('tr');
    tr.append(el('th', row.id, { scope: 'row' }), el('td', row.name), el('td', row.unit), el('td', row.period), el('td', row.cumulative), el('td', row.target), el('td', row.realisation));
    return tr;
  }));
}

function showCorrections(r: CheckResult): void {
  $('corrections-section').hidden = false;
  const table = $('corrections');
  table.hidden = r.corrections.length === 0;
  $('corrections-note').textContent = r.snapshots === 0 ? text('correctionsNoSnapshots', lang) : r.corrections.length === 0 ? text('correctionsNone', lang) : '';
  (table.querySelector('tbody') as HTMLElement).replaceChildren(...r.corrections.map((c) => {
    const tr = document.createElement('tr');
    tr.append(el('td', c.period), el('td', c.text));
    return tr;
  }));
}

// ------------------------------------------------------------------ downloads

for (const b of document.querySelectorAll<HTMLButtonElement>('button[data-download]')) {
  b.addEventListener('click', () => {
    void (async () => {
      const what = b.dataset.download as Download;
      $('error').textContent = '';
      $('download-status').textContent = text('preparing', lang, { name: '' }).replace(/\s+…/, '…');
      busy(true);
      try {
        const reply = await ask((id) => ({ type: 'download', id, what, options: options() }));
        if (failure(reply) || reply.type !== 'file') {
          // why nothing came, beside the button (the page's error line may be out of view)
          $('download-status').textContent = $('error').textContent ?? '';
          return;
        }
        const url = URL.createObjectURL(new Blob([reply.bytes as BlobPart], { type: reply.mime }));
        const a = Object.assign(document.createElement('a'), { href: url, download: reply.name });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        $('download-status').textContent = text('downloaded', lang, { name: reply.name });
      } finally {
        busy(false);
        b.focus();
      }
    })();
  });
}

// ------------------------------------------------------------------ start

($('as-of') as HTMLInputElement).value = today();
applyTexts();
