import { useEffect, useRef, useState } from 'react';
import { useKeel } from '../../app/keel-client.js';
import { liveStats, snapshotOf, type LiveStats, type Snapshot } from './live-stats.js';
import { parseLatencyBuckets, type LatencyBuckets } from './prom-histogram.js';

export const POLL_MS = 5_000;

export interface LiveState {
  byName: ReadonlyMap<string, LiveStats>;
  error: unknown;
  /** `/metrics` could not be read (auth, disabled): latency shows as unknown, counts still work. */
  latencyMissing: boolean;
}

/**
 * Polls `/stats` of each deployment and `/metrics` every 5 s while mounted, keeping the
 * previous poll so rates are per second over the last interval. `names` is joined into the
 * effect's key, so a new list restarts polling.
 */
export function useLiveStats(names: readonly string[], generation = 0): LiveState {
  const keel = useKeel();
  const previous = useRef(new Map<string, Snapshot>());
  const [state, setState] = useState<LiveState>({ byName: new Map(), error: undefined, latencyMissing: false });
  const key = names.join('\u0000');

  useEffect(() => {
    let stopped = false;
    async function tick(): Promise<void> {
      if (document.visibilityState === 'hidden' && previous.current.size > 0) return;
      const [metrics, ...stats] = await Promise.allSettled([keel.system.metrics(), ...names.map((n) => keel.deployments.stats(n))]);
      if (stopped) return;
      let latency: LatencyBuckets | undefined;
      if (metrics?.status === 'fulfilled') latency = parseLatencyBuckets(metrics.value);
      const at = Date.now();
      const byName = new Map<string, LiveStats>();
      let error: unknown;
      stats.forEach((result, i) => {
        const name = names[i] ?? '';
        if (result.status === 'rejected') {
          error = result.reason;
          return;
        }
        const snap = snapshotOf(result.value, latency, at);
        byName.set(name, liveStats(snap, previous.current.get(name)));
        previous.current.set(name, snap);
      });
      setState({ byName, error, latencyMissing: latency === undefined });
    }
    void tick();
    const timer = window.setInterval(() => void tick(), POLL_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
    // `key` stands for `names`; `generation` forces a fresh read after a change.
  }, [keel, key, generation]);

  return state;
}
