import type { ProviderAdapter } from '../provider.js';
import { openaiChatComplete } from './chat-complete.js';
import { openaiEmbed } from './embed.js';
import { openaiChatStream } from './stream.js';

/** OpenAI and every server that speaks its API (vLLM, Ollama, llama.cpp server, TGI, LM Studio…). */
export const openaiProvider: ProviderAdapter = {
  type: 'openai',
  chatComplete: openaiChatComplete,
  chatStream: openaiChatStream,
  embed: openaiEmbed,
  authHeaders: (apiKey): Record<string, string> => (apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
};
