/** What every validation rule may look at, built once per run. */
import { formatPl, type IsoDate } from '../dates.js';
import { ParticipantLookups, locate, type DateField, type Participant } from '../ingest/index.js';
import { isPeselShape } from '../pesel.js';
import type { Project, ActionDefinition, FormDefinition } from '../project/index.js';
import type { DateCellParams } from './codes/index.js';
import type { IssueSink, Location } from './issue.js';

/** A participant row that repeats an earlier one: the same person, or another person under the same Identyfikator. */
export interface Repeat {
  first: Participant;
  /** `pesel`: the same PESEL; `id`: the same Identyfikator and no PESEL to tell them apart; `idConflict`: the same Identyfikator, different PESEL. */
  kind: 'pesel' | 'id' | 'idConflict';
}

export interface RuleContext {
  project: Project;
  asOf: IsoDate;
  sink: IssueSink;
  lookups: ParticipantLookups;
  actions: Map<string, ActionDefinition>;
  forms: Map<string, FormDefinition>;
  participants: readonly Participant[];
  /** Rows that repeat an earlier row: they are reported once and count by the earlier row. */
  repeats: Map<Participant, Repeat>;
}

/** The later rows of a repeated PESEL or Identyfikator, each with the row it repeats. */
export function findRepeats(participants: readonly Participant[]): Map<Participant, Repeat> {
  const byPesel = new Map<string, Participant>();
  const byId = new Map<string, Participant>();
  const out = new Map<Participant, Repeat>();
  for (const p of participants) {
    const pesel = p.pesel && isPeselShape(p.pesel) ? p.pesel : undefined;
    const samePesel = pesel ? byPesel.get(pesel) : undefined;
    const sameId = p.id ? byId.get(p.id) : undefined;
    if (samePesel) out.set(p, { first: samePesel, kind: 'pesel' });
    else if (sameId) out.set(p, { first: sameId, kind: pesel && sameId.pesel && sameId.pesel !== pesel ? 'idConflict' : 'id' });
    else {
      if (pesel) byPesel.set(pesel, p);
      if (p.id) byId.set(p.id, p);
    }
  }
  return out;
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
    repeats: findRepeats(participants),
  };
}

export type ParticipantRule = (p: Participant, ctx: RuleContext) => void;

export function at(p: Participant, field: string): Location {
  return locate(p.ref, p.row, field);
}

/**
 * A participant's date as people write it (dd.mm.yyyy), whatever the cell held, with a note
 * when the cell is a number or a text that only looks like a date.
 */
export function dateShown(p: Participant, field: DateField): { value: string | null; params: DateCellParams } {
  const d = p[field];
  if (!d) return { value: p.text[field] ?? null, params: {} };
  const kind = p.dateCells?.[field];
  return { value: formatPl(d), params: kind ? { cellNote: kind, cellText: p.text[field] ?? '' } : {} };
}
