import type { CompiledTarget, StrategyFactory } from './route-types.js';

/**
 * Weighted random choice; the other targets follow as fallbacks, heaviest
 * first. Every possible order is built once, so a request costs one random
 * number and a short scan — no allocation.
 */
export const weightedStrategy: StrategyFactory = (targets) => {
  const cumulative: number[] = [];
  let total = 0;
  for (const t of targets) {
    total += t.config.weight;
    cumulative.push(total);
  }
  const byWeight = [...targets].sort((a, b) => b.config.weight - a.config.weight);
  const orders: CompiledTarget[][] = targets.map((chosen) => [chosen, ...byWeight.filter((t) => t !== chosen)]);
  return (input) => {
    const x = input.random() * total;
    for (let i = 0; i < cumulative.length; i++) if (x < (cumulative[i] as number)) return orders[i] as CompiledTarget[];
    return orders[orders.length - 1] as CompiledTarget[];
  };
};

/** Index picked for a random number in [0,1): exported for the selector test. */
export function pickWeighted(weights: readonly number[], r: number): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i] as number;
    if (r * total < acc) return i;
  }
  return weights.length - 1;
}
