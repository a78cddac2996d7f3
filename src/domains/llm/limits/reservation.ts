import type { ChatCompletionRequest, EmbeddingRequest, GatewayCall } from '../gateway/index.js';
import { countEmbeddingInput, countPromptTokens } from '../gateway/usage.js';
import type { PricedTarget } from '../cost/price-book.js';

/** Output reserved when a request sets no `max_tokens` and its model's context window is unknown. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 16_384;

/**
 * Providers count prompts with their own tokenizers (Anthropic's differs from
 * o200k_base) and add framing we cannot see, so the prompt is reserved with
 * headroom: an under-reservation is the one way a budget could be overshot.
 */
export function promptHeadroom(tokens: number): number {
  return Math.ceil(tokens * 1.1) + 16;
}

/** Prompt tokens as gpt-tokenizer counts them (chat framing, tools; or embedding inputs). */
export function countCallPrompt(call: GatewayCall): Promise<number> {
  if (call.kind === 'chat') {
    const r = call.request as ChatCompletionRequest;
    return countPromptTokens(r.messages, r.tools);
  }
  return countEmbeddingInput((call.request as EmbeddingRequest).input);
}

/** The most output a call can produce: `max_completion_tokens`/`max_tokens` × `n`, else what the context window leaves. */
export function maxOutputTokens(call: GatewayCall, promptTokens: number, contextWindow: number | undefined): number {
  if (call.kind !== 'chat') return 0;
  const r = call.request as ChatCompletionRequest;
  const n = typeof r.n === 'number' && r.n > 0 ? r.n : 1;
  const asked = r.max_completion_tokens ?? r.max_tokens ?? undefined;
  const perChoice = asked ?? (contextWindow !== undefined ? Math.max(contextWindow - promptTokens, 0) : DEFAULT_MAX_OUTPUT_TOKENS);
  return perChoice * n;
}

/**
 * The largest cost (micro-dollars, rounded up) the call can incur on any target
 * it may reach — fallback can move it to a dearer one. Undefined when a target
 * has no price: its cost could be anything, so a budget cannot cover it.
 */
export function maxCostMicros(call: GatewayCall, candidates: readonly PricedTarget[], promptTokens: number): number | undefined {
  let worst = 0;
  const prompt = promptHeadroom(promptTokens);
  for (const c of candidates) {
    if (!c.price) return undefined;
    // tokens × (USD per 1M tokens) = micro-dollars.
    const micros = prompt * c.price.inputPer1M + maxOutputTokens(call, prompt, c.price.contextWindow) * c.price.outputPer1M;
    if (micros > worst) worst = micros;
  }
  return Math.ceil(worst);
}
