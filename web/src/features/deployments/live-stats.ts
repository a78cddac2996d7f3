import type { DeploymentStats } from '../../../../src/sdk/index.js';
import { bucketsDelta, bucketsOf, quantileMs, type Buckets, type LatencyBuckets } from './prom-histogram.js';

/** One poll of one deployment: its counters and latency histogram, and when they were read. */
export interface Snapshot {
  at: number;
  stats: DeploymentStats;
  /** Merged over arms under `''`, and per arm under its name. */
  buckets: Map<string, Buckets>;
}

export interface ArmLive {
  rps: number | null;
  errorRate: number | null;
  p99Ms: number | null;
}

/**
 * What the tables show. Rates come from the difference between the last two polls
 * (`live`); before a second poll, or when nothing arrived in between, from all counts since
 * the server started (`total`), so a quiet deployment still shows its history.
 */
export interface LiveStats extends ArmLive {
  stats: DeploymentStats;
  basis: 'live' | 'total';
  arms: Map<string, ArmLive>;
}

export function snapshotOf(stats: DeploymentStats, latency: LatencyBuckets | undefined, at: number): Snapshot {
  const buckets = new Map<string, Buckets>();
  if (latency) {
    buckets.set('', bucketsOf(latency, stats.name));
    for (const arm of stats.arms) buckets.set(arm.arm, bucketsOf(latency, stats.name, arm.arm));
  }
  return { at, stats, buckets };
}

function counts(stats: DeploymentStats, arm?: string): { requests: number; errors: number } {
  const arms = arm === undefined ? stats.arms : stats.arms.filter((a) => a.arm === arm);
  return arms.reduce((s, a) => ({ requests: s.requests + a.requests, errors: s.errors + a.errors }), { requests: 0, errors: 0 });
}

function armLive(now: Snapshot, before: Snapshot | undefined, arm: string | undefined): ArmLive & { live: boolean } {
  const c = counts(now.stats, arm);
  const p = before ? counts(before.stats, arm) : undefined;
  const seconds = before ? (now.at - before.at) / 1000 : 0;
  const reset = p !== undefined && c.requests < p.requests;
  const dReq = p && !reset ? c.requests - p.requests : c.requests;
  const dErr = p && !reset ? c.errors - p.errors : c.errors;
  const key = arm ?? '';
  const nowBuckets = now.buckets.get(key);
  const live = before !== undefined && seconds > 0 && dReq > 0;
  const p99 = nowBuckets ? quantileMs(live ? bucketsDelta(nowBuckets, before.buckets.get(key)) : nowBuckets, 0.99) : null;
  return {
    live,
    rps: before !== undefined && seconds > 0 ? dReq / seconds : null,
    errorRate: live ? dErr / dReq : c.requests > 0 ? c.errors / c.requests : null,
    p99Ms: p99,
  };
}

export function liveStats(now: Snapshot, before: Snapshot | undefined): LiveStats {
  const { live, ...total } = armLive(now, before, undefined);
  const arms = new Map<string, ArmLive>();
  for (const a of now.stats.arms) {
    const { live: _ignored, ...rest } = armLive(now, before, a.arm);
    arms.set(a.arm, rest);
  }
  return { ...total, stats: now.stats, basis: live ? 'live' : 'total', arms };
}
