import { describe, expect, it } from 'vitest';
import { percentile, planShards } from './shard-plan.js';

describe('planShards', () => {
  it('covers every row exactly once, in batch-size multiples', () => {
    const shards = planShards(2_345, 1_000, 300);
    expect(shards).toEqual([
      { start: 0, count: 1_200 },
      { start: 1_200, count: 1_145 },
    ]);
    expect(shards.reduce((n, s) => n + s.count, 0)).toBe(2_345);
  });

  it('plans nothing for an empty input and one shard for a small one', () => {
    expect(planShards(0, 100, 10)).toEqual([]);
    expect(planShards(7, 100, 10)).toEqual([{ start: 0, count: 7 }]);
  });

  it('rejects nonsense sizes', () => {
    expect(() => planShards(10, 0, 1)).toThrow(RangeError);
    expect(() => planShards(-1, 10, 1)).toThrow(RangeError);
  });
});

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(v, 99)).toBe(99);
    expect(percentile(v, 50)).toBe(50);
    expect(percentile([], 99)).toBeNull();
  });
});
