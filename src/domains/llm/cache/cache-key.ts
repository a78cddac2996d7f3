import { createHash } from 'node:crypto';
import type { ChatCompletionRequest, ContentPart } from '../gateway/index.js';

/**
 * Fields that do not change the answer: how it is delivered (`stream`,
 * `stream_options`), who asked (`user`, `metadata`), Keel's own cache controls,
 * and `model` (the route name is keyed instead, since the body's name is the route's).
 * Everything else — messages, tools, temperature, top_p, seed, n, stop,
 * response_format, max_tokens, and parameters Keel does not know — is part of
 * the key, so a new OpenAI parameter can never make two different requests
 * share an answer.
 */
const NOT_KEYED = new Set(['model', 'stream', 'stream_options', 'user', 'metadata', 'cache']);

/** JSON with object keys sorted at every depth, so key order in the body does not matter. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function keyedFields(request: ChatCompletionRequest): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(request)) if (!NOT_KEYED.has(k) && v !== null) out[k] = v;
  return out;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The exact-cache key of a chat request on a route. */
export function exactCacheKey(route: string, request: ChatCompletionRequest): string {
  return sha256(canonicalJson({ route, request: keyedFields(request) }));
}

function textOf(content: string | ContentPart[] | null | undefined): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  // Images and audio cannot be compared through a text embedding: such prompts are not semantically cached.
  if (content.some((p) => p.type !== 'text')) return undefined;
  return content.map((p) => p.text ?? '').join('\n');
}

export interface SemanticKey {
  /** Route, parameters and every message before the last: a semantic hit needs these to be identical. */
  bucket: string;
  /** The last user message, the text that is embedded and compared. */
  prompt: string;
}

/**
 * Semantic matching compares only the final user message; the conversation
 * before it (system prompt, history, tool results) and the parameters must
 * match exactly. Comparing whole conversations by one vector would let two
 * chats with different instructions share an answer.
 */
export function semanticKey(route: string, request: ChatCompletionRequest): SemanticKey | undefined {
  const last = request.messages.at(-1);
  if (!last || last.role !== 'user') return undefined;
  const prompt = textOf(last.content);
  if (!prompt || !prompt.trim()) return undefined;
  const fields = keyedFields(request);
  fields.messages = request.messages.slice(0, -1);
  return { bucket: sha256(canonicalJson({ route, request: fields })).slice(0, 32), prompt };
}
