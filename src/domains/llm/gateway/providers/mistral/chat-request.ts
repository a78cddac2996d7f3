import type { ChatCompletionRequest, ChatMessage } from '../../openai-wire.js';

/** Fields Mistral rejects (its API forbids unknown fields with a 422) or that Keel keeps for itself. */
const DROPPED = new Set(['metadata', 'user', 'store', 'service_tier', 'logprobs', 'top_logprobs', 'logit_bias', 'stream_options', 'seed', 'max_completion_tokens', 'modalities', 'audio', 'reasoning_effort']);

const MISTRAL_ID = /^[A-Za-z0-9]{9}$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Mistral accepts only 9-character alphanumeric tool-call ids, while OpenAI
 * and Anthropic mint longer ones. A conversation that started elsewhere (a
 * fallback, a switched route) must still pair each tool result with its call,
 * so ids are mapped by a deterministic hash: the same id maps the same way in
 * the assistant's tool_calls and in the tool message answering it.
 */
export function mistralToolCallId(id: string): string {
  if (MISTRAL_ID.test(id)) return id;
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  let out = '';
  for (let i = 0; i < 9; i++) {
    const n = i < 5 ? h1 : h2;
    out += ALPHABET[(n >>> ((i % 5) * 6)) % ALPHABET.length];
  }
  return out;
}

function mapMessage(m: ChatMessage): ChatMessage {
  if (m.role === 'tool' && m.tool_call_id) return { ...m, tool_call_id: mistralToolCallId(m.tool_call_id) };
  if (m.role === 'assistant' && m.tool_calls) return { ...m, tool_calls: m.tool_calls.map((c) => ({ ...c, id: mistralToolCallId(c.id) })) };
  return m;
}

/**
 * OpenAI chat request → Mistral's: the same shape with quirks. `seed` is
 * `random_seed`, `max_completion_tokens` is `max_tokens`, `tool_choice:
 * "required"` is `"any"`, `stream_options` is refused (Mistral always sends
 * usage in its last chunk) and unknown fields are rejected rather than ignored.
 */
export function toMistralRequest(request: ChatCompletionRequest, model: string, stream: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(request)) if (!DROPPED.has(key)) body[key] = value;
  body.model = model;
  body.messages = request.messages.map(mapMessage);
  if (typeof request.seed === 'number') body.random_seed = request.seed;
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (typeof maxTokens === 'number') body.max_tokens = maxTokens;
  if (request.tool_choice === 'required') body.tool_choice = 'any';
  body.stream = stream;
  return body;
}
