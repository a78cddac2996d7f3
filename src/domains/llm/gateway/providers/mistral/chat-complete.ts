import type { ChatCompletion, ChatCompletionRequest } from '../../openai-wire.js';
import { postJson } from '../provider-post.js';
import type { CallOptions, ChatResult, ProviderContext } from '../provider.js';
import { invalidJson } from '../upstream-errors.js';
import { toMistralRequest } from './chat-request.js';

export async function mistralChatComplete(p: ProviderContext, request: ChatCompletionRequest, opts: CallOptions): Promise<ChatResult> {
  const text = await postJson(p, '/chat/completions', JSON.stringify(toMistralRequest(request, opts.model, false)), opts);
  let completion: ChatCompletion;
  try {
    completion = JSON.parse(text) as ChatCompletion;
  } catch (err) {
    throw invalidJson(p.name, err);
  }
  if (!completion || !Array.isArray(completion.choices)) throw invalidJson(p.name, new Error('no choices'));
  // Its responses are already OpenAI-shaped, so they pass through unchanged.
  return { completion, raw: text };
}
