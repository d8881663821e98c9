/** What src/project offers the other folders: they import it from here only (test/architecture.test.ts). */
export { builtinDictionaries, type Dictionaries, type ListName, Lookup } from './dictionaries.js';
export {
  attributeFilters, FIELD_NAMES, type FieldKind, fieldsOfKind, fieldSpec, type FilterMatch, headerOf, type KindValues, PARTICIPANT_FIELDS, type ParticipantField, type ParticipantValues, PERSONAL_FIELDS, type Tri,
} from './fields.js';
export { loadProject, parseDefinition, type Project } from './load.js';
export { calendarPeriods, type Period, reportingPeriods, resolvePeriod } from './periods.js';
export {
  type ActionDefinition, type At, type Definition, type FormDefinition, type IndicatorDefinition, isPersons, type RatioIndicator, type Where,
} from './schema.js';
