import type { RoutingStrategyName } from '../../../../core/gateway-config.js';
import { complexityStrategy } from './complexity.js';
import { conditionalStrategy } from './conditional.js';
import { costBasedStrategy } from './cost-based.js';
import { fallbackStrategy } from './fallback.js';
import { leastBusyStrategy } from './least-busy.js';
import { leastLatencyStrategy } from './least-latency.js';
import type { StrategyFactory } from './route-types.js';
import { weightedStrategy } from './weighted.js';

/** Every strategy orders targets; the executor then tries them in that order (fallback is built in). */
export const STRATEGIES: Readonly<Record<RoutingStrategyName, StrategyFactory>> = {
  fallback: fallbackStrategy,
  weighted: weightedStrategy,
  'least-latency': leastLatencyStrategy,
  'least-busy': leastBusyStrategy,
  'cost-based': costBasedStrategy,
  conditional: conditionalStrategy,
  complexity: complexityStrategy,
};

export type { CompiledRoute, CompiledTarget, CompiledProvider, RoutingInput, TargetOrder } from './route-types.js';
export { TargetState } from './target-state.js';
