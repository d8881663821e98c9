/** `pal-report submit --period P`: records what was reported for P (SPEC §8). */
import path from 'node:path';
import { sealSnapshot, SNAPSHOT_FORMAT } from '../corrections/snapshot.js';
import { keyFingerprint, needsKey } from '../corrections/keys.js';
import { digestOfBytes, ensureGitignore, ensureKey, existingSnapshot, fileDigest, historyFile, KEY_FILE, readKey, shownFile, snapshotsWithHashedPersons, submissionsDir, writeSnapshot } from '../corrections/store.js';
import { formatPl, warsawDay } from '../dates.js';
import { UsageError } from '../errors.js';
import { message, t, type Lang } from '../i18n/index.js';
import { submittedValues } from '../pipeline.js';
import { loadProject } from '../project/load.js';
import { resolvePeriod } from '../project/periods.js';
import { gateOnIssues } from './indicators.js';
import type { CliIO } from './io.js';
import { parseDataOptions, type DataOptions } from './options.js';
import type { Outcome } from './outcome.js';
import { checkWithProgress } from './progress.js';
import { generationTime } from './report.js';

export interface SubmitOptions extends DataOptions {
  period?: string;
  note?: string;
  allowErrors?: boolean;
  generatedAt?: string;
  replace?: boolean;
  reason?: string;
}

/** The day an existing snapshot was submitted, read loosely (for the refusal message only). */
function submittedDay(bytes: Buffer): string {
  try {
    const at = (JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, '')) as { submittedAt?: unknown }).submittedAt;
    return typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? formatPl(warsawDay(new Date(at))) : '?';
  } catch {
    return '?';
  }
}

export async function submitCommand(opts: SubmitOptions, io: CliIO, lang: Lang): Promise<Outcome> {
  const s = parseDataOptions(opts, io, lang);
  const fixed = generationTime(opts.generatedAt, io.env, io.now);
  if (!opts.period) throw new UsageError(message('cli.periodRequired'));
  const reason = opts.reason?.trim();
  if (opts.replace && !reason) throw new UsageError(message('submit.reasonRequired'));
  if (!opts.replace && opts.reason !== undefined) throw new UsageError(message('submit.reasonWithoutReplace'));
  const project = loadProject(opts.project, io.cwd);
  const period = resolvePeriod(opts.period, project.definition);
  // refused before the data is read: nothing changes
  const existing = await existingSnapshot(project, period.id);
  if (existing && !opts.replace) {
    throw new UsageError(message('submit.exists', { period: period.id, file: shownFile(project, existing.file), date: submittedDay(existing.bytes) }));
  }
  const checked = await checkWithProgress(project, s, io, lang);
  const stop = gateOnIssues(checked, s, Boolean(opts.allowErrors), io, lang);
  if (stop !== undefined) return stop;

  let key = await readKey(project);
  if (key === undefined && needsKey(checked.dataset.participants)) {
    // a new key would make every person hashed under the lost one unmatchable
    const hashed = await snapshotsWithHashedPersons(project);
    if (hashed.length > 0) {
      throw new UsageError(message('submit.keyLost', { file: shownFile(project, path.join(submissionsDir(project), KEY_FILE)), snapshots: hashed.join(', ') }));
    }
    key = await ensureKey(project);
    if (!s.quiet) io.stderr(`${t('submit.keyCreated', { file: shownFile(project, path.join(submissionsDir(project), KEY_FILE)) }, lang)}\n`);
  }
  await ensureGitignore(project);
  const computed = submittedValues(project, checked, period, s.asOf, key);
  const inputs = [];
  for (const f of checked.dataset.files) inputs.push({ file: f.label, sha256: await fileDigest(path.join(project.dir, f.label)) });
  const keepOldAs = existing ? await historyFile(project, period.id) : undefined;
  const { snapshot, text } = sealSnapshot({
    format: SNAPSHOT_FORMAT,
    project: project.definition.project.number,
    period: { id: period.id, from: period.from, to: period.to },
    asOf: s.asOf,
    submittedAt: fixed.toISOString(),
    ...(opts.note ? { note: opts.note } : {}),
    ...(key !== undefined ? { keyCheck: keyFingerprint(key) } : {}),
    ...(existing && keepOldAs && reason ? { replaces: { file: path.basename(keepOldAs), sha256: digestOfBytes(existing.bytes), reason } } : {}),
    inputs,
    values: computed.values,
    evidence: computed.evidence,
  });
  const written = await writeSnapshot(project, snapshot, text, keepOldAs);
  io.stdout(`${shownFile(project, written)}\n`);
  if (keepOldAs && !s.quiet) io.stderr(`${t('submit.replaced', { file: shownFile(project, keepOldAs) }, lang)}\n`);
  return 'ok';
}
