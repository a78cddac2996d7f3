import { describe, expect, it } from 'vitest';
import type { ColumnPoint, PerformanceWindow } from '../../../../src/sdk/index.js';
import { driftSeries, performanceSeries } from './monitor-charts.js';

const point = (at: number, column: string, statistic: number | null, psi: number | null = null): ColumnPoint => ({ runId: `r${at}`, at, column, test: 'ks', statistic, p_value: null, drifted: false, psi, current_count: 1, not_computable: null });

describe('monitor charts', () => {
  it('aligns each column on the window ends, leaving gaps where a run lacks it', () => {
    const s = driftSeries([point(2, 'a', 0.2), point(1, 'a', 0.1), point(2, 'b', 0.5), point(3, 'a', null, Infinity)], 'statistic');
    expect(s.x).toEqual([1, 2, 3]);
    expect(s.series.map((l) => [l.label, l.values])).toEqual([
      ['a', [0.1, 0.2, null]],
      ['b', [null, 0.5, null]],
    ]);
  });

  it('keeps measured and estimated accuracy apart, one point per window end (the latest run wins)', () => {
    const w = (end: number, measured: number | null, estimated: number, runId = `r${end}`): PerformanceWindow => ({
      runId,
      windowStart: end - 1,
      windowEnd: end,
      performance: { task: 'classification', rows: 10, labelled: measured === null ? 0 : 10, labelled_fraction: measured === null ? 0 : 1, measured: measured === null ? null : { accuracy: measured }, estimated: { accuracy: estimated, roc_auc: null }, prediction_distribution: { labels: [], counts: [], entropy: null }, baseline: null, degradation: null, degraded: null },
    });
    const s = performanceSeries([w(1, 0.9, 0.8), w(2, null, 0.7), w(2, 0.6, 0.75, 'again')]);
    expect(s.x).toEqual([1, 2]);
    expect(s.series.map((l) => [l.label, l.values])).toEqual([
      ['accuracy (measured)', [0.9, 0.6]],
      ['accuracy (estimated, CBPE)', [0.8, 0.75]],
      ['labelled share', [1, 1]],
    ]);
  });
});
