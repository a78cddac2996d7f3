import type { ProviderAdapter } from '../provider.js';
import { mistralChatComplete } from './chat-complete.js';
import { mistralEmbed } from './embed.js';
import { mistralChatStream } from './stream.js';

/** Mistral's La Plateforme API: OpenAI-compatible with quirks, each handled in chat-request.ts. */
export const mistralProvider: ProviderAdapter = {
  type: 'mistral',
  chatComplete: mistralChatComplete,
  chatStream: mistralChatStream,
  embed: mistralEmbed,
  authHeaders: (apiKey): Record<string, string> => (apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
};
