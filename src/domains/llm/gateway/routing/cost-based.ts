import { estimatePromptTokens } from '../usage.js';
import type { CompiledTarget, StrategyFactory } from './route-types.js';

/** Completion length assumed when the request sets no max_tokens. */
const DEFAULT_OUTPUT_TOKENS = 256;

/**
 * Cheapest target that can take the request first: the estimated cost is
 * prompt tokens × input price + expected output × output price; a target whose
 * `contextWindow` is smaller than prompt + output is left out. Targets without
 * prices sort last (unknown is not free).
 */
export const costBasedStrategy: StrategyFactory = (targets) => (input) => {
  const prompt = input.messages ? estimatePromptTokens(input.messages) : 0;
  const output = input.maxOutputTokens ?? DEFAULT_OUTPUT_TOKENS;
  const cost = (t: CompiledTarget): number => {
    const { inputCostPer1M, outputCostPer1M } = t.config;
    if (inputCostPer1M === undefined && outputCostPer1M === undefined) return Number.POSITIVE_INFINITY;
    return (prompt * (inputCostPer1M ?? 0) + output * (outputCostPer1M ?? 0)) / 1e6;
  };
  return targets
    .filter((t) => t.config.contextWindow === undefined || t.config.contextWindow >= prompt + output)
    .map((t) => ({ t, c: cost(t) }))
    .sort((a, b) => a.c - b.c)
    .map((x) => x.t);
};
