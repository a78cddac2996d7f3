import type { ProviderType } from '../../../../core/gateway-config.js';
import { anthropicProvider } from './anthropic/index.js';
import { mistralProvider } from './mistral/index.js';
import { openaiProvider } from './openai/index.js';
import type { ProviderAdapter } from './provider.js';

/** One entry per wire protocol; a new provider is a folder here and a `type` in core/gateway-config.ts. */
export const PROVIDERS: Readonly<Record<ProviderType, ProviderAdapter>> = {
  openai: openaiProvider,
  anthropic: anthropicProvider,
  mistral: mistralProvider,
};

export type { ProviderAdapter, ProviderContext, ChunkSink, OpenedStream, StreamSummary, ChatResult, CallOptions } from './provider.js';
