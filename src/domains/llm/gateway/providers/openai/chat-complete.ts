import type { ChatCompletion, ChatCompletionRequest } from '../../openai-wire.js';
import type { CallOptions, ChatResult, ProviderContext } from '../provider.js';
import { postJson } from '../provider-post.js';
import { invalidJson } from '../upstream-errors.js';

/**
 * The body sent to an OpenAI-compatible server: the caller's request with the
 * target's model name. `metadata` is Keel's (routing conditions, tags) and is
 * not forwarded; streams always ask for usage so cost is exact even when the
 * caller did not (the relay drops that extra event again).
 */
export function openaiChatBody(request: ChatCompletionRequest, model: string, stream: boolean): string {
  const { metadata: _metadata, ...rest } = request;
  return JSON.stringify(stream ? { ...rest, model, stream: true, stream_options: { ...(request.stream_options ?? {}), include_usage: true } } : { ...rest, model });
}

export async function openaiChatComplete(p: ProviderContext, request: ChatCompletionRequest, opts: CallOptions): Promise<ChatResult> {
  const text = await postJson(p, '/chat/completions', openaiChatBody(request, opts.model, false), opts);
  let completion: ChatCompletion;
  try {
    completion = JSON.parse(text) as ChatCompletion;
  } catch (err) {
    throw invalidJson(p.name, err);
  }
  if (typeof completion !== 'object' || completion === null || !Array.isArray(completion.choices)) throw invalidJson(p.name, new Error('no choices'));
  return { completion, raw: text };
}
