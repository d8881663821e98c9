/** What src/corrections offers the other folders: they import it from here only (test/architecture.test.ts). */
export type { Difference, Item } from './compare.js';
export type { Resolved } from './corrections.js';
export {
  digestOfBytes, ensureGitignore, historyFile, isSubmissionFile, loadSnapshots, readKey, refuseLeftLock, shownFile, submissionsDir,
} from './store.js';
export { buildSnapshot, checkClaimPeriod, projectKey, publishUnderLock } from './submit.js';
export { type CheckedData, compareSubmitted } from './submitted.js';
export { differenceText, itemText, keyText, sideText, valueText } from './text.js';
