import type { StrategyFactory } from './route-types.js';

/**
 * Fewest requests in flight first. Ties start from a rotating position, so
 * idle targets share the load instead of the first one taking every request.
 */
export const leastBusyStrategy: StrategyFactory = (targets) => {
  let turn = 0;
  return () => {
    const start = turn++ % targets.length;
    const rotated = [...targets.slice(start), ...targets.slice(0, start)];
    return rotated.sort((a, b) => a.state.inFlight - b.state.inFlight);
  };
};
