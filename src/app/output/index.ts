/**
 * What the front ends show of a use case's result: the issue list as text and as the JSON of
 * SPEC §5, the indicators as a table and CSV, the corrections, and the errors in the user's
 * words. The CLI prints them; the offline page shows and downloads the very same text.
 */
export { correctionRows, correctionsCsv, correctionsJson, renderCorrections } from './corrections.js';
export { definitionProblemLine, errorText } from './errors.js';
export { CSV_COLUMNS, indicatorCells, indicatorsCsv, renderIndicatorsTable } from './indicators.js';
export { countsLine, issuesJson, renderIssuesText, unreadableLines } from './issues.js';
