/** What src/indicators offers the other folders: they import it from here only (test/architecture.test.ts). */
export { computeIndicators, type IndicatorValue, type PersonsValue, type RatioValue, type TotalValue } from './compute.js';
export { buildComputeData, type ComputeData, newPerson, type Person, type Session } from './data.js';
export type { EfficiencyResult } from './efficiency.js';
export { compute, computeReport, type ReportFigures } from './figures.js';
export { isPending, needsAttendance, personFilter, sessionFilter } from './filters.js';
export {
  type CellRead, type IndicatorJson, indicatorJsonOf, type IndicatorRead, indicatorsJson, type IndicatorsJson, indicatorsJsonSchema, type IndicatorsReport, isoDay, type KMO, type KMOTarget, periodJson, type RatioCell, readIndicators,
} from './json.js';
export { countedPeople, type Range } from './measures.js';
export type { ActivityStats, MonthRow, StandardTables } from './standard.js';
