/**
 * Assembling the report model (SPEC §6) from the computed figures: the sections in their order,
 * each built by its own module in `sections/`. Nothing here computes or words anything.
 */
import { indicatorJsonOf } from '../indicators/index.js';
import type { ReportModel, Section } from './model.js';
import { attendanceSection } from './sections/attendance.js';
import { auditSection } from './sections/audit.js';
import { contextSection } from './sections/context.js';
import { correctionsSection } from './sections/corrections.js';
import { descriptionsSection } from './sections/descriptions.js';
import { headerSection, notices } from './sections/header.js';
import { efficiencySection, indicatorsSection, outcomesSection } from './sections/indicators.js';
import type { ReportInput } from './sections/input.js';
import { monthlySection } from './sections/monthly.js';
import { participantsSection } from './sections/participants.js';
import { qualitySections } from './sections/quality.js';
import { scheduleSection } from './sections/schedule.js';
import { summarySection } from './sections/summary.js';
import { REPORT_TITLES } from './wording.js';

export type { ReportInput, ReportOptions } from './sections/input.js';

/** The sections in the order both formats show them; a section without content is left out. */
const SECTIONS: readonly ((input: ReportInput) => Section | Section[] | undefined)[] = [
  headerSection,
  summarySection,
  (input) => (input.options.kind === 'final' ? contextSection(input) : undefined),
  indicatorsSection,
  outcomesSection,
  efficiencySection,
  correctionsSection,
  participantsSection,
  scheduleSection,
  attendanceSection,
  monthlySection,
  qualitySections,
  descriptionsSection,
  auditSection,
];

export function buildReport(input: ReportInput): ReportModel {
  const { project, figures, options } = input;
  const p = project.definition.project;
  const period = figures.period;
  return {
    kind: options.kind,
    fileBase: options.kind === 'final' ? 'raport-koncowy' : `raport-okresowy-${period.id}`,
    title: REPORT_TITLES[options.kind],
    project: {
      title: p.title,
      programme: p.programme,
      number: p.number,
      beneficiary: p.beneficiary,
      funding: p.funding,
      ...(p.basis ? { basis: p.basis } : {}),
    },
    period: { id: period.id, from: period.from, to: period.to },
    asOf: figures.asOf,
    generatedAt: options.generatedAt,
    notices: notices(input),
    sections: SECTIONS.flatMap((build) => build(input) ?? []),
    indicators: figures.values.map(indicatorJsonOf),
  };
}
