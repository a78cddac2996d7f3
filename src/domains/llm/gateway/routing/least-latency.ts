import type { StrategyFactory } from './route-types.js';

/**
 * Fastest first by moving average of time to response headers. A target with
 * no sample yet sorts first, so every target gets measured; ties keep config order.
 */
export const leastLatencyStrategy: StrategyFactory = (targets) => () =>
  [...targets].sort((a, b) => {
    const la = a.state.latencyMs;
    const lb = b.state.latencyMs;
    if (Number.isNaN(la)) return Number.isNaN(lb) ? 0 : -1;
    if (Number.isNaN(lb)) return 1;
    return la - lb;
  });
