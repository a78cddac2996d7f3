import type { ChatCompletion, ChatCompletionRequest, ToolCall, Usage } from '../../openai-wire.js';
import { postJson } from '../provider-post.js';
import type { CallOptions, ChatResult, ProviderContext } from '../provider.js';
import { invalidJson } from '../upstream-errors.js';
import { finishReason, toAnthropicRequest } from './messages-request.js';

export interface AnthropicUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

interface AnthropicMessage {
  id: string;
  model: string;
  content: { type: string; text?: string; id?: string; name?: string; input?: unknown }[];
  stop_reason: string | null;
  usage?: AnthropicUsage;
}

/** Anthropic counts cached prompt tokens apart from input_tokens; OpenAI's prompt_tokens includes them. */
export function toOpenAiUsage(u: AnthropicUsage | undefined): Usage {
  const cached = (u?.cache_read_input_tokens ?? 0) + (u?.cache_creation_input_tokens ?? 0);
  const prompt = (u?.input_tokens ?? 0) + cached;
  const completion = u?.output_tokens ?? 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, prompt_tokens_details: { cached_tokens: u?.cache_read_input_tokens ?? 0 } };
}

export function fromAnthropicMessage(msg: AnthropicMessage, now: number): ChatCompletion {
  let text = '';
  const calls: ToolCall[] = [];
  for (const block of msg.content ?? []) {
    if (block.type === 'text') text += block.text ?? '';
    else if (block.type === 'tool_use') calls.push({ id: block.id ?? '', type: 'function', function: { name: block.name ?? '', arguments: JSON.stringify(block.input ?? {}) } });
  }
  return {
    id: msg.id,
    object: 'chat.completion',
    created: Math.floor(now / 1000),
    model: msg.model,
    choices: [{ index: 0, message: { role: 'assistant', content: calls.length > 0 && !text ? null : text, ...(calls.length > 0 ? { tool_calls: calls } : {}), refusal: null }, finish_reason: finishReason(msg.stop_reason), logprobs: null }],
    usage: toOpenAiUsage(msg.usage),
  };
}

/** `baseUrl` may be the root (`https://api.anthropic.com`) or include `/v1`. */
export function messagesPath(p: ProviderContext): string {
  return p.basePath.endsWith('/v1') ? '/messages' : '/v1/messages';
}

export async function anthropicChatComplete(p: ProviderContext, request: ChatCompletionRequest, opts: CallOptions): Promise<ChatResult> {
  const text = await postJson(p, messagesPath(p), JSON.stringify(toAnthropicRequest(request, opts.model, false)), opts);
  let msg: AnthropicMessage;
  try {
    msg = JSON.parse(text) as AnthropicMessage;
  } catch (err) {
    throw invalidJson(p.name, err);
  }
  return { completion: fromAnthropicMessage(msg, p.clock.now()), raw: undefined };
}
