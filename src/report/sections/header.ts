/** The report's head: the project's facts and the notices its first page must say. */
import { formatPl } from '../../dates.js';
import type { Block, ReportModel, Section } from '../model.js';
import { submittedStatus } from './corrections.js';
import { CORRECTION_WORDS, FACT_LABELS, NOTICES, REPORT_TITLES, periodText, warsawDateTime } from '../wording.js';
import type { ReportInput } from './input.js';

function facts({ project, figures, options }: ReportInput): Block {
  const p = project.definition.project;
  const period = figures.period;
  const items: [string, string][] = [
    [FACT_LABELS.programme, p.programme],
    [FACT_LABELS.title, p.title],
    [FACT_LABELS.number, p.number],
    [FACT_LABELS.beneficiary, p.beneficiary],
  ];
  if (p.basis) items.push([FACT_LABELS.basis, p.basis]);
  items.push(
    [FACT_LABELS.projectPeriod, periodText(p.period.from, p.period.to)],
    [FACT_LABELS.reportPeriod[options.kind], `${period.id === 'all' ? FACT_LABELS.wholeProject : period.id} (${periodText(period.from, period.to)})`],
    [FACT_LABELS.asOf, formatPl(figures.asOf)],
    [FACT_LABELS.generatedAt, warsawDateTime(options.generatedAt)],
  );
  const submittedAt = options.submitted?.submittedAt;
  if (submittedAt !== undefined) items.push([CORRECTION_WORDS.status, submittedStatus(submittedAt)]);
  return { kind: 'facts', items };
}

export function headerSection(input: ReportInput): Section {
  return { title: REPORT_TITLES[input.options.kind], sheet: 'Podsumowanie', blocks: [facts(input), { kind: 'paragraphs', lines: [input.project.definition.project.funding] }] };
}

export function notices({ project, checked, figures, options }: ReportInput): ReportModel['notices'] {
  const out: ReportModel['notices'] = [];
  if (options.allowErrors && checked.summary.counts.error > 0) {
    const { participants, records } = checked.usable.leftOut;
    out.push({ level: 'error', text: NOTICES.errors(checked.summary.counts.error, participants, records) });
  }
  const number = project.definition.project.number;
  if (/0000\//.test(number)) out.push({ level: 'warning', text: NOTICES.placeholderNumber(number) });
  const examples = figures.values.filter((v) => v.exampleTarget).map((v) => v.id);
  if (examples.length > 0) out.push({ level: 'warning', text: NOTICES.exampleTargets(examples) });
  return out;
}
