import type { StrategyFactory } from './route-types.js';

/** Targets in the order configured: the first healthy one answers. */
export const fallbackStrategy: StrategyFactory = (targets) => () => targets;
