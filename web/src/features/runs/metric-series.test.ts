import { describe, expect, it } from 'vitest';
import type { MetricBucket } from '../experiments/tracking-types.js';
import { alignSeries, bucketSeries, isRaw } from './metric-series.js';

const bucket = (step: number, timestamp: number, min: number | string, max: number | string, last: number | string, count = 2): MetricBucket =>
  ({ step, timestamp, min, max, last, count }) as MetricBucket;

describe('bucketSeries', () => {
  it('maps buckets to columns on the step axis, non-finite values as gaps', () => {
    const s = bucketSeries([bucket(0, 10, 1, 2, 1.5), bucket(10, 20, 'NaN', 'Infinity', 0.5)], 'step');
    expect(s).toEqual({ x: [0, 10], min: [1, null], max: [2, null], last: [1.5, 0.5] });
  });

  it('sorts by wall time and keeps one point per timestamp', () => {
    const s = bucketSeries([bucket(0, 30, 1, 1, 1), bucket(1, 10, 2, 2, 2), bucket(2, 30, 3, 3, 3)], 'time');
    expect(s.x).toEqual([10, 30]);
    expect(s.last).toEqual([2, 3]);
  });

  it('knows when the series was small enough to come back raw', () => {
    expect(isRaw([bucket(0, 0, 1, 1, 1, 1)])).toBe(true);
    expect(isRaw([bucket(0, 0, 1, 2, 1, 5)])).toBe(false);
  });
});

describe('alignSeries', () => {
  it('puts runs with different steps on one x axis', () => {
    expect(alignSeries([{ x: [0, 2], y: [1, 3] }, { x: [1, 2], y: [5, 6] }])).toEqual({ x: [0, 1, 2], ys: [[1, null, 3], [null, 5, 6]] });
  });
});
