import type { ProviderAdapter } from '../provider.js';
import { anthropicChatComplete } from './chat-complete.js';
import { anthropicChatStream } from './stream.js';

const DEFAULT_VERSION = '2023-06-01';

/** Anthropic's Messages API, translated both ways. It has no embeddings endpoint. */
export const anthropicProvider: ProviderAdapter = {
  type: 'anthropic',
  chatComplete: anthropicChatComplete,
  chatStream: anthropicChatStream,
  authHeaders: (apiKey, apiVersion) => ({ ...(apiKey ? { 'x-api-key': apiKey } : {}), 'anthropic-version': apiVersion ?? DEFAULT_VERSION }),
};
