import type { LoadStats } from './types.js';

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

/**
 * Median of each metric independently: on 2 noisy cores a single "median round" would let one
 * outlier p99 ride along with a typical req/s, so each column is summarised on its own.
 */
export function medianStats(rounds: readonly LoadStats[]): LoadStats {
  const pick = (key: keyof LoadStats): number => median(rounds.map((r) => r[key]));
  return {
    reqPerSec: pick('reqPerSec'),
    p50Ms: pick('p50Ms'),
    p99Ms: pick('p99Ms'),
    bytesPerSec: pick('bytesPerSec'),
    requests: pick('requests'),
    failures: rounds.reduce((sum, r) => sum + r.failures, 0),
  };
}

/** (max − min) / median of req/s across rounds: how much to trust a difference between two rows. */
export function spread(rounds: readonly LoadStats[]): number {
  const rps = rounds.map((r) => r.reqPerSec);
  const mid = median(rps);
  return mid > 0 ? (Math.max(...rps) - Math.min(...rps)) / mid : 0;
}
