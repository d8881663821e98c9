/**
 * Every issue code (SPEC §5), defined once, in the order the summary lists them: severity,
 * parameters, and the Polish and English texts with their variants. A new code is one entry in
 * the group file it belongs to; `test/validate/codes.test.ts` checks its texts and parameters.
 */
import { ATTENDANCE_CODES } from './attendance.js';
import { CROSS_CODES } from './cross.js';
import { CELL_NOTE, type ArgsOf, type CellNote, type CodeDef, type DateCellParams, type Severity, type Texts } from './define.js';
import { PARTICIPANT_CODES } from './participants.js';
import { STRUCTURE_CODES } from './structure.js';
import { SUBMITTED_CODES } from './submitted.js';

export { CELL_NOTE, type CellNote, type CodeDef, type DateCellParams, type Severity, type Texts };

export const ISSUE_CODES = {
  ...STRUCTURE_CODES,
  ...PARTICIPANT_CODES,
  ...ATTENDANCE_CODES,
  ...SUBMITTED_CODES,
  ...CROSS_CODES,
};

export type IssueCode = keyof typeof ISSUE_CODES;

/** What reporting code `C` takes: `{ variant?, ...parameters }` (see `ArgsOf`). */
export type IssueArgs<C extends IssueCode> = ArgsOf<(typeof ISSUE_CODES)[C]>;

/** The arguments after the value: optional where the plain variant needs no parameter. */
export type IssueArgsTuple<C extends IssueCode> = {} extends IssueArgs<C> ? [args?: IssueArgs<C>] : [args: IssueArgs<C>];

/** One variant as shown: its severity and texts, the plain ones where it has none of its own. */
export interface Resolved {
  severity: Severity;
  message: Texts | undefined;
  hint: Texts | null;
}

/** Per code, its variants resolved once (`''`: the plain one); plain objects: looked up per issue made. */
const RESOLVED: Record<string, Record<string, Resolved>> = {};
for (const [code, def] of Object.entries(ISSUE_CODES) as [IssueCode, CodeDef][]) {
  const plain: Resolved = { severity: def.severity, message: def.message, hint: def.hint ?? null };
  const variants: Record<string, Resolved> = { '': plain };
  for (const [name, v] of Object.entries(def.variants ?? {})) {
    variants[name] = { severity: v.severity ?? plain.severity, message: v.message ?? plain.message, hint: v.hint === undefined ? plain.hint : v.hint };
  }
  RESOLVED[code] = variants;
}

/** Severity, message and hint of a code's variant (`undefined`: the plain one). */
export function resolved(code: IssueCode, variant: string | undefined): Resolved {
  const variants = RESOLVED[code] as Record<string, Resolved>;
  return variants[variant ?? ''] ?? (variants[''] as Resolved);
}
