/**
 * `submitted-period-changed` (SPEC §5, §8): a warning at each row whose current content changes
 * a value already submitted — at the row itself, or, for a row that is gone, at its file with
 * the old row number in the message. One warning per row, period and indicator.
 */
import { message, quantity } from '../i18n/index.js';
import { makeIssue, type Issue } from '../validate/issue.js';
import type { Difference } from './compare.js';
import { keyLabel } from './text.js';

export function correctionIssues(corrections: readonly Difference[]): Issue[] {
  const out: Issue[] = [];
  const seen = new Set<string>();
  for (const d of corrections) {
    for (const item of [...d.left, ...d.entered]) {
      const place = `${item.file}\u0000${item.sheet ?? ''}\u0000${item.row}\u0000${item.removed ? 'x' : ''}\u0000${d.period}\u0000${d.indicator}`;
      if (seen.has(place)) continue;
      seen.add(place);
      const params = {
        period: d.period,
        indicator: d.indicator,
        side: message(`corrections.side.${d.side}`),
        key: keyLabel(d.key),
        submitted: d.submitted === null ? '—' : quantity(d.submitted),
        now: d.now === null ? '—' : quantity(d.now),
      };
      if (item.removed) {
        out.push(makeIssue('submitted-period-changed', { file: item.file, sheet: item.sheet ?? null, row: null, column: null, header: null }, null, { ...params, row: item.row, hint: 'removed' }));
      } else {
        out.push(makeIssue('submitted-period-changed', { file: item.file, sheet: item.sheet ?? null, row: item.row, column: null, header: null }, null, params));
      }
    }
  }
  return out;
}
