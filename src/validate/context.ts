/** What every validation rule may look at, built once per run. */
import type { IsoDate } from '../dates.js';
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
  participants: readonly Participant[];
}

export function makeContext(project: Project, asOf: IsoDate, sink: IssueSink, participants: readonly Participant[]): RuleContext {
  return {
    project,
    asOf,
    sink,
    lookups: new ParticipantLookups(project.dictionaries),
    actions: new Map(project.definition.actions.map((a) => [a.code, a])),
    forms: new Map(project.definition.forms.map((f) => [f.code, f])),
    participants,
  };
}

export type ParticipantRule = (p: Participant, ctx: RuleContext) => void;

export function at(p: Participant, field: string): Location {
  return locate(p.ref, p.row, field);
}
