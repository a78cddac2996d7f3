import type { ChatCompletionRequest } from '../../openai-wire.js';
import { openStreamRequest, relayOpenAiEvents } from '../openai/stream.js';
import type { CallOptions, OpenedStream, ProviderContext } from '../provider.js';
import { toMistralRequest } from './chat-request.js';

/**
 * Mistral streams OpenAI-format chunks and puts `usage` on its last content
 * chunk (not on a separate `choices: []` one), so the OpenAI relay forwards it
 * as is; a caller that asked for include_usage gets it there.
 */
export async function mistralChatStream(p: ProviderContext, request: ChatCompletionRequest, opts: CallOptions): Promise<OpenedStream> {
  const res = await openStreamRequest(p, '/chat/completions', JSON.stringify(toMistralRequest(request, opts.model, true)), opts);
  return {
    relay: (sink, { includeUsage }) => relayOpenAiEvents(res, sink, includeUsage, request, p.name),
    cancel: () => void res.body.dump(),
  };
}
