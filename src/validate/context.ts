/** What every validation rule may look at, built once per run. */
import type { IsoDate } from '../dates.js';
import { onlyForms, type AttendanceRecord } from '../ingest/attendance.js';
import { ParticipantLookups, type Participant } from '../ingest/participants.js';
import { locate } from '../ingest/table.js';
import type { Project } from '../project/load.js';
import type { ActionDefinition, FormDefinition } from '../project/schema.js';
import type { IssueSink, Location } from './issue.js';

export interface RuleContext {
  project: Project;
  asOf: IsoDate;
  sink: IssueSink;
  lookups: ParticipantLookups;
  actions: Map<string, ActionDefinition>;
  forms: Map<string, FormDefinition>;
  /** Participants by attendance key (Identyfikator and PESEL). */
  byKey: Map<string, Participant>;
  /** Actions with a single form, for records without `Forma`. */
  onlyForm: Map<string, string>;
}

export function makeContext(project: Project, asOf: IsoDate, sink: IssueSink, participants: readonly Participant[]): RuleContext {
  const byKey = new Map<string, Participant>();
  // an attendance key matches `Identyfikator`, or the PESEL (SPEC §3.2); the first row wins
  for (const p of participants) if (p.id && !byKey.has(p.id)) byKey.set(p.id, p);
  for (const p of participants) if (p.pesel && !byKey.has(p.pesel)) byKey.set(p.pesel, p);
  return {
    project,
    asOf,
    sink,
    lookups: new ParticipantLookups(project.dictionaries),
    actions: new Map(project.definition.actions.map((a) => [a.code, a])),
    forms: new Map(project.definition.forms.map((f) => [f.code, f])),
    byKey,
    onlyForm: onlyForms(project.definition.actions),
  };
}

export type ParticipantRule = (p: Participant, ctx: RuleContext) => void;
export type AttendanceRule = (r: AttendanceRecord, ctx: RuleContext) => void;

export function at(p: Participant, field: string): Location {
  return locate(p.ref, p.row, field);
}
