import type { ModelPrice } from '../../../core/gateway-config.js';

/**
 * List prices (USD per 1M tokens) of common models, from the providers' price
 * pages as of 2025. They are defaults so that costs and budgets work out of the
 * box; prices change, so `gateway.pricing` overrides any of them. A dated or
 * suffixed model name (`gpt-4o-mini-2024-07-18`, `claude-3-5-haiku-latest`)
 * takes the price of the longest name here that it starts with.
 */
export const BUILTIN_PRICES: Readonly<Record<string, ModelPrice>> = {
  // OpenAI
  'gpt-4o': { inputPer1M: 2.5, outputPer1M: 10, cachedInputPer1M: 1.25, contextWindow: 128_000 },
  'gpt-4o-mini': { inputPer1M: 0.15, outputPer1M: 0.6, cachedInputPer1M: 0.075, contextWindow: 128_000 },
  'gpt-4.1': { inputPer1M: 2, outputPer1M: 8, cachedInputPer1M: 0.5, contextWindow: 1_047_576 },
  'gpt-4.1-mini': { inputPer1M: 0.4, outputPer1M: 1.6, cachedInputPer1M: 0.1, contextWindow: 1_047_576 },
  'gpt-4.1-nano': { inputPer1M: 0.1, outputPer1M: 0.4, cachedInputPer1M: 0.025, contextWindow: 1_047_576 },
  'gpt-4-turbo': { inputPer1M: 10, outputPer1M: 30, contextWindow: 128_000 },
  'gpt-3.5-turbo': { inputPer1M: 0.5, outputPer1M: 1.5, contextWindow: 16_385 },
  o1: { inputPer1M: 15, outputPer1M: 60, cachedInputPer1M: 7.5, contextWindow: 200_000 },
  o3: { inputPer1M: 2, outputPer1M: 8, cachedInputPer1M: 0.5, contextWindow: 200_000 },
  'o3-mini': { inputPer1M: 1.1, outputPer1M: 4.4, cachedInputPer1M: 0.55, contextWindow: 200_000 },
  'o4-mini': { inputPer1M: 1.1, outputPer1M: 4.4, cachedInputPer1M: 0.275, contextWindow: 200_000 },
  'text-embedding-3-small': { inputPer1M: 0.02, outputPer1M: 0, contextWindow: 8_191 },
  'text-embedding-3-large': { inputPer1M: 0.13, outputPer1M: 0, contextWindow: 8_191 },
  'text-embedding-ada-002': { inputPer1M: 0.1, outputPer1M: 0, contextWindow: 8_191 },
  // Anthropic (cached input = cache reads)
  'claude-3-haiku': { inputPer1M: 0.25, outputPer1M: 1.25, cachedInputPer1M: 0.03, contextWindow: 200_000 },
  'claude-3-5-haiku': { inputPer1M: 0.8, outputPer1M: 4, cachedInputPer1M: 0.08, contextWindow: 200_000 },
  'claude-3-5-sonnet': { inputPer1M: 3, outputPer1M: 15, cachedInputPer1M: 0.3, contextWindow: 200_000 },
  'claude-3-7-sonnet': { inputPer1M: 3, outputPer1M: 15, cachedInputPer1M: 0.3, contextWindow: 200_000 },
  'claude-sonnet-4': { inputPer1M: 3, outputPer1M: 15, cachedInputPer1M: 0.3, contextWindow: 200_000 },
  'claude-3-opus': { inputPer1M: 15, outputPer1M: 75, cachedInputPer1M: 1.5, contextWindow: 200_000 },
  'claude-opus-4': { inputPer1M: 15, outputPer1M: 75, cachedInputPer1M: 1.5, contextWindow: 200_000 },
  // Mistral
  'mistral-large': { inputPer1M: 2, outputPer1M: 6, contextWindow: 128_000 },
  'mistral-small': { inputPer1M: 0.2, outputPer1M: 0.6, contextWindow: 32_000 },
  'open-mistral-nemo': { inputPer1M: 0.15, outputPer1M: 0.15, contextWindow: 128_000 },
  'mistral-embed': { inputPer1M: 0.1, outputPer1M: 0, contextWindow: 8_192 },
};
