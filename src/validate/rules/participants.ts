/**
 * Participant rules (SPEC §5): one small function per check, each pushing issues for one
 * participant row. `PARTICIPANT_RULES` is the list the validator runs; `duplicateParticipants`
 * looks across rows.
 */
import { formatPl, fullYears, notADateKind } from '../../dates.js';
import { quantity } from '../../i18n/index.js';
import { DATE_FIELDS, type Participant } from '../../ingest/index.js';
import { FIELD_NAMES, fieldSpec, PERSONAL_FIELDS, type ParticipantField } from '../../project/index.js';
import { dictionaryKey } from '../../text.js';
import { isPeselShape, maskPesel, peselBirthDate, peselChecksumOk, peselSex } from '../../pesel.js';
import { at, dateShown, type ParticipantRule, type RuleContext } from '../context.js';


/** The value to show for a field: personal data is never echoed. */
function shown(p: Participant, field: ParticipantField): string | null {
  return PERSONAL_FIELDS.has(field) ? null : (p.text[field] ?? null);
}

function present(p: Participant, field: ParticipantField): boolean {
  return p.ref.columns.has(field);
}

/** Fields whose cells must not be empty, by the field table. */
const VALUE_REQUIRED = FIELD_NAMES.filter((f) => fieldSpec(f).valueRequired);

/** Fields read against a dictionary (a wrong value is `null`), and the Tak/Nie ones. */
const DICTIONARY_FIELDS = FIELD_NAMES.filter((f) => ['dictionary', 'tri', 'sex', 'degurba'].includes(fieldSpec(f).kind));
const BOOL_FIELDS = FIELD_NAMES.filter((f) => fieldSpec(f).kind === 'bool');
const NUMBER_FIELDS = FIELD_NAMES.filter((f) => ['integer', 'number'].includes(fieldSpec(f).kind));

/** A field's value as read (undefined for a field the row cannot hold). */
function valueOf(p: Participant, field: ParticipantField): unknown {
  return (p as unknown as Record<string, unknown>)[field];
}

export const requiredValues: ParticipantRule = (p, ctx) => {
  for (const field of VALUE_REQUIRED) {
    if (present(p, field) && p.text[field] === undefined) ctx.sink.add('required-value', at(p, field), null);
  }
  if (p.noPesel === true) {
    if (p.text.age === undefined) ctx.sink.add('required-value', at(p, present(p, 'age') ? 'age' : 'noPesel'), null, { variant: 'ageNoPesel' });
    if (!present(p, 'sex')) ctx.sink.add('required-value', at(p, 'noPesel'), null, { variant: 'sexNoPesel' });
  } else if (p.text.pesel === undefined && (present(p, 'pesel') || present(p, 'noPesel'))) {
    ctx.sink.add('required-value', at(p, present(p, 'pesel') ? 'pesel' : 'noPesel'), null, { variant: 'pesel' });
  }
};

/** A PESEL Excel rounded (`8,80312E+10`): one issue that says the digits are lost, not a format or checksum error. */
export const peselScientific: ParticipantRule = (p, ctx) => {
  if (p.peselRounded && p.pesel) ctx.sink.add('pesel-scientific-notation', at(p, 'pesel'), maskPesel(p.pesel));
};

export const peselFormat: ParticipantRule = (p, ctx) => {
  if (p.pesel === undefined || isPeselShape(p.pesel) || p.peselRounded) return;
  ctx.sink.add('pesel-format', at(p, 'pesel'), maskPesel(p.pesel), { length: quantity(p.pesel.length, 'char') });
};

export const peselLeadingZero: ParticipantRule = (p, ctx) => {
  if (p.peselPadded && p.pesel) ctx.sink.add('pesel-leading-zero', at(p, 'pesel'), maskPesel(p.pesel));
};

export const peselChecksum: ParticipantRule = (p, ctx) => {
  if (p.pesel && isPeselShape(p.pesel) && !peselChecksumOk(p.pesel) && !p.peselRounded) {
    ctx.sink.add('pesel-checksum', at(p, 'pesel'), maskPesel(p.pesel));
  }
};

export const peselDate: ParticipantRule = (p, ctx) => {
  if (p.pesel && isPeselShape(p.pesel) && peselBirthDate(p.pesel) === null && !p.peselRounded) {
    ctx.sink.add('pesel-date', at(p, 'pesel'), maskPesel(p.pesel));
  }
};

export const peselSexMismatch: ParticipantRule = (p, ctx) => {
  if (!p.peselOk || !p.pesel || p.sexFromPesel || (p.sex !== 'K' && p.sex !== 'M')) return;
  const fromPesel = peselSex(p.pesel);
  if (fromPesel !== p.sex) {
    ctx.sink.add('pesel-sex-mismatch', at(p, 'sex'), p.text.sex ?? null, { pesel: maskPesel(p.pesel), expected: fromPesel === 'K' ? 'Kobieta' : 'Mężczyzna' });
  }
};

export const ageMismatch: ParticipantRule = (p, ctx) => {
  if (typeof p.age !== 'number' || !p.birthDate || !p.start) return;
  const expected = fullYears(p.birthDate, p.start);
  if (expected !== p.age) ctx.sink.add('age-mismatch', at(p, 'age'), String(p.age), { expected: quantity(expected, 'year'), start: formatPl(p.start) });
};

/** Text that is not a date, or a date that does not exist (`31.02.2021`); a wrong number. */
export const invalidValues: ParticipantRule = (p, ctx) => {
  for (const field of DATE_FIELDS) {
    if (p[field] === null) ctx.sink.add('invalid-date', at(p, field), p.text[field] ?? null, { variant: notADateKind(p.text[field] ?? '') });
  }
  for (const field of NUMBER_FIELDS) {
    if (valueOf(p, field) === null) ctx.sink.add('invalid-number', at(p, field), p.text[field] ?? null);
  }
};

/** Values outside their dictionary, with the closest allowed value as the hint. */
export const dictionaryValues: ParticipantRule = (p, ctx) => {
  for (const field of DICTIONARY_FIELDS) {
    const text = p.text[field];
    if (valueOf(p, field) !== null || text === undefined) continue;
    const lookup = ctx.lookups.of(field);
    const closest = lookup.closest(text);
    ctx.sink.add('dictionary-value', at(p, field), text, { closest: closest ?? '', allowed: lookup.values.join('; '), variant: closest ? undefined : 'list' });
  }
  // bezdomność is not a sensitive item: a refusal is accepted, but noted
  if (p.homeless === 'Odmowa' && ctx.lookups.homelessRefusalIsWarning) {
    ctx.sink.add('dictionary-value', at(p, 'homeless'), p.text.homeless ?? null, { variant: 'homelessRefusal' });
  }
  for (const field of BOOL_FIELDS) {
    if (valueOf(p, field) === null) ctx.sink.add('dictionary-value', at(p, field), p.text[field] ?? null, { closest: '', allowed: 'Tak; Nie', variant: 'list' });
  }
};

/** `W tym` must be one of the details allowed for the chosen status. */
export const statusDetailMismatch: ParticipantRule = (p, ctx) => {
  const text = p.text.statusDetail;
  if (text === undefined) return;
  if (p.statusDetail === null) {
    const closest = ctx.lookups.allStatusDetails.closest(text);
    ctx.sink.add('dictionary-value', at(p, 'statusDetail'), text, { closest: closest ?? '', allowed: ctx.lookups.allStatusDetails.values.join('; '), variant: closest ? undefined : 'list' });
    return;
  }
  if (!p.status || p.statusDetail === undefined) return;
  const allowed = ctx.project.dictionaries.status_detail[p.status] ?? [];
  if (ctx.lookups.statusDetail.get(p.status)?.canonical(text) === undefined) {
    ctx.sink.add('status-detail-mismatch', at(p, 'statusDetail'), text, { status: p.status, allowed: allowed.join('; ') || '—' });
  }
};

export const dateOrder: ParticipantRule = (p, ctx) => {
  if (p.start && p.end && p.end < p.start) {
    const end = dateShown(p, 'end');
    ctx.sink.add('date-order', at(p, 'end'), end.value, { ...end.params, start: formatPl(p.start), variant: 'end' });
  }
  if (p.start && p.progressDate && p.progressDate < p.start) {
    const progress = dateShown(p, 'progressDate');
    ctx.sink.add('date-order', at(p, 'progressDate'), progress.value, { ...progress.params, start: formatPl(p.start), variant: 'progress' });
  }
  if (p.supportStart && p.supportEnd && p.supportEnd < p.supportStart) {
    const supportEnd = dateShown(p, 'supportEnd');
    ctx.sink.add('date-order', at(p, 'supportEnd'), supportEnd.value, { ...supportEnd.params, start: formatPl(p.supportStart), variant: 'support' });
  }
};

export const dateOutsideProject: ParticipantRule = (p, ctx) => {
  const { from, to } = ctx.project.definition.project.period;
  for (const field of ['start', 'end'] as const) {
    const d = p[field];
    if (d && (d < from || d > to)) {
      const shown = dateShown(p, field);
      ctx.sink.add('date-outside-project', at(p, field), shown.value, { ...shown.params, from: formatPl(from), to: formatPl(to) });
    }
  }
};

export const exitData: ParticipantRule = (p, ctx) => {
  const hasExit = p.text.exitSituation1 !== undefined;
  const hasPath = p.text.completedPath !== undefined;
  if (p.end) {
    if (!hasExit) ctx.sink.add('exit-data-missing', at(p, present(p, 'exitSituation1') ? 'exitSituation1' : 'end'), null, { missing: 'Sytuacja (1) osoby w momencie zakończenia udziału w projekcie' });
    if (!hasPath) ctx.sink.add('exit-data-missing', at(p, present(p, 'completedPath') ? 'completedPath' : 'end'), null, { missing: 'Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną dla niej ścieżką uczestnictwa' });
  } else if (p.end === undefined) {
    if (hasExit) ctx.sink.add('exit-data-without-end', at(p, 'exitSituation1'), p.text.exitSituation1 ?? null);
    if (hasPath) ctx.sink.add('exit-data-without-end', at(p, 'completedPath'), p.text.completedPath ?? null);
  }
};

const POSTCODE = /^\d{2}-\d{3}$/;

export const postcodeFormat: ParticipantRule = (p, ctx) => {
  const v = p.text.postcode;
  if (v !== undefined && !POSTCODE.test(v)) ctx.sink.add('postcode-format', at(p, 'postcode'), shown(p, 'postcode'), { variant: /^\d{5}$/.test(v) ? 'dash' : undefined });
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

export const emailFormat: ParticipantRule = (p, ctx) => {
  const v = p.text.email;
  if (v !== undefined && !EMAIL.test(v)) ctx.sink.add('email-format', at(p, 'email'), shown(p, 'email'));
};

/** The youngest plausible age for each completed ISCED level (warnings only). */
const MIN_AGE_FOR_EDUCATION: [RegExp, number][] = [
  [/isced 5/i, 19],
  [/isced 4/i, 18],
  [/isced 3/i, 17],
  [/isced 2/i, 12],
];

export const educationAge: ParticipantRule = (p, ctx) => {
  if (!p.education || p.ageAtStart === undefined) return;
  const rule = MIN_AGE_FOR_EDUCATION.find(([re]) => re.test(p.education ?? ''));
  if (rule && p.ageAtStart < rule[1]) {
    ctx.sink.add('education-age', at(p, 'education'), p.text.education ?? null, { age: p.ageAtStart, min: rule[1] });
  }
};

/** `ul. Słowackiego` and `Słowackiego` name the same street. */
function streetKey(s: string): string {
  return dictionaryKey(s.replace(/^\s*(ul\.?|ulica|al\.?|aleja|os\.?|osiedle|pl\.?|plac)\s+/i, ''));
}

export const outsideArea: ParticipantRule = (p, ctx) => {
  const area = ctx.project.definition.project.area;
  if (!area || p.otoczenie === true) return;
  if (p.text.gmina !== undefined && ctx.lookups.areaGmina(area.gmina).canonical(p.text.gmina) === undefined) {
    ctx.sink.add('outside-area', at(p, 'gmina'), p.text.gmina, { gmina: area.gmina });
    return;
  }
  if (area.streets?.length && p.text.street !== undefined) {
    const streets = new Set(area.streets.map(streetKey));
    if (!streets.has(streetKey(p.text.street))) ctx.sink.add('outside-area', at(p, 'street'), null, { gmina: area.gmina, variant: 'street' });
  }
};

export const employmentDateOrder: ParticipantRule = (p, ctx) => {
  if (p.start && p.employmentDate && p.employmentDate < p.start) {
    const shown = dateShown(p, 'employmentDate');
    ctx.sink.add('employment-date-order', at(p, 'employmentDate'), shown.value, { ...shown.params, start: formatPl(p.start) });
  }
};

export const datesAfterAsOf: ParticipantRule = (p, ctx) => {
  for (const field of DATE_FIELDS) {
    const d = p[field];
    if (!d || d <= ctx.asOf) continue;
    const shown = dateShown(p, field);
    ctx.sink.add('date-after-as-of', at(p, field), shown.value, { ...shown.params, asOf: formatPl(ctx.asOf) });
  }
};

/**
 * A row that repeats an earlier one: one issue, one piece of advice. The same person (by PESEL,
 * or by Identyfikator without a PESEL to tell otherwise) counts once, by the earlier row.
 */
export const repeatedParticipant: ParticipantRule = (p, ctx) => {
  const r = ctx.repeats.get(p);
  if (!r) return;
  const params = { firstRow: r.first.row, firstFile: r.first.ref.file, variant: r.kind === 'pesel' ? undefined : r.kind };
  if (r.kind === 'pesel' && p.pesel) ctx.sink.add('duplicate-participant', at(p, 'pesel'), maskPesel(p.pesel), params);
  else ctx.sink.add('duplicate-participant', at(p, 'id'), p.id ?? null, params);
};

export const PARTICIPANT_RULES: readonly ParticipantRule[] = [
  requiredValues, peselScientific, peselFormat, peselLeadingZero, peselChecksum, peselDate, peselSexMismatch, ageMismatch,
  invalidValues, dictionaryValues, statusDetailMismatch, dateOrder, dateOutsideProject, exitData, postcodeFormat,
  emailFormat, educationAge, outsideArea, employmentDateOrder, datesAfterAsOf, repeatedParticipant,
];
