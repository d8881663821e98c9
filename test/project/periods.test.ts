import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { render } from '../../src/i18n/index.js';
import { parseDefinition } from '../../src/project/load.js';
import { clipPeriod, parsePeriodText, reportingPeriods, resolvePeriod } from '../../src/project/periods.js';
import { TEST_DEFINITION } from '../helpers/fixtures.js';

const def = (patch = (s: string) => s) => parseDefinition(patch(TEST_DEFINITION), 'x.yaml').definition;

describe('period texts', () => {
  it('months, quarters, halves, years, ranges', () => {
    expect(parsePeriodText('2021-03')).toEqual({ id: '2021-03', from: '2021-03-01', to: '2021-03-31' });
    expect(parsePeriodText('2021-02')?.to).toBe('2021-02-28');
    expect(parsePeriodText('2021-Q1')).toEqual({ id: '2021-Q1', from: '2021-01-01', to: '2021-03-31' });
    expect(parsePeriodText('2021-q4')).toEqual({ id: '2021-Q4', from: '2021-10-01', to: '2021-12-31' });
    expect(parsePeriodText('2021-H2')).toEqual({ id: '2021-H2', from: '2021-07-01', to: '2021-12-31' });
    expect(parsePeriodText('2022')).toEqual({ id: '2022', from: '2022-01-01', to: '2022-12-31' });
    expect(parsePeriodText('2021-01-01..2021-03-31')).toEqual({ id: '2021-01-01..2021-03-31', from: '2021-01-01', to: '2021-03-31' });
    expect(parsePeriodText('01.01.2021..31.03.2021')).toEqual({ id: '2021-01-01..2021-03-31', from: '2021-01-01', to: '2021-03-31' });
  });
  it('rejects nonsense', () => {
    for (const s of ['2021-13', '2021-Q5', 'kwartał', '2021-03-31..2021-01-01']) expect(parsePeriodText(s)).toBeNull();
  });
  it('clips to the project, or says it is outside', () => {
    const span = { from: '2021-01-15', to: '2022-12-31' };
    expect(clipPeriod({ id: '2021-Q1', from: '2021-01-01', to: '2021-03-31' }, span)).toEqual({ id: '2021-Q1', from: '2021-01-15', to: '2021-03-31' });
    expect(clipPeriod({ id: '2020', from: '2020-01-01', to: '2020-12-31' }, span)).toBeNull();
  });
});

describe('resolvePeriod', () => {
  it('all, declared ids and clipping', () => {
    const d = def();
    expect(resolvePeriod('all', d)).toEqual({ id: 'all', from: '2021-01-01', to: '2022-12-31' });
    expect(resolvePeriod('2020-07-01..2021-02-15', d)).toEqual({ id: '2020-07-01..2021-02-15', from: '2021-01-01', to: '2021-02-15' });
    const listed = def((s) => s.replace('indicators: []', 'reporting:\n  periods:\n    - { id: WNP-01, from: 2021-01-01, to: 2021-04-30 }\nindicators: []'));
    expect(resolvePeriod('WNP-01', listed)).toEqual({ id: 'WNP-01', from: '2021-01-01', to: '2021-04-30' });
  });
  it('usage errors for unknown or wholly outside periods', () => {
    expect(() => resolvePeriod('2019', def())).toThrow(UsageError);
    try {
      resolvePeriod('jutro', def());
      expect.unreachable();
    } catch (e) {
      // the error is data: rendered in the user's language where it is shown
      expect((e as UsageError).text).toEqual({ key: 'cli.badPeriod', params: { period: 'jutro' } });
      expect(render((e as UsageError).text, 'pl')).toContain('nieznany okres „jutro”');
    }
  });
});

describe('reporting periods', () => {
  it('quarterly by default, aligned to calendar quarters and clipped', () => {
    const d = def((s) => s.replace('from: 2021-01-01, to: 2022-12-31', 'from: 2021-02-15, to: 2021-11-30'));
    expect(reportingPeriods(d)).toEqual([
      { id: '2021-Q1', from: '2021-02-15', to: '2021-03-31' },
      { id: '2021-Q2', from: '2021-04-01', to: '2021-06-30' },
      { id: '2021-Q3', from: '2021-07-01', to: '2021-09-30' },
      { id: '2021-Q4', from: '2021-10-01', to: '2021-11-30' },
    ]);
  });
  it('monthly and half-yearly', () => {
    const monthly = def((s) => s.replace('indicators: []', 'reporting: { periods: monthly }\nindicators: []'));
    expect(reportingPeriods(monthly)).toHaveLength(24);
    expect(reportingPeriods(monthly)[1]).toEqual({ id: '2021-02', from: '2021-02-01', to: '2021-02-28' });
    const halves = def((s) => s.replace('indicators: []', 'reporting: { periods: half-yearly }\nindicators: []'));
    expect(reportingPeriods(halves).map((p) => p.id)).toEqual(['2021-H1', '2021-H2', '2022-H1', '2022-H2']);
  });
});
