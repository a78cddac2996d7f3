import type { Clock } from '../../../../core/clock.js';
import type { ProviderType } from '../../../../core/gateway-config.js';
import type { UpstreamEndpoint } from '../../../../core/ports/upstream-client.js';
import type { ChatCompletion, ChatCompletionRequest, EmbeddingRequest, EmbeddingResponse, Usage } from '../openai-wire.js';

/** A configured provider, ready to call: its pool, base path and prebuilt auth headers. */
export interface ProviderContext {
  readonly name: string;
  readonly type: ProviderType;
  readonly endpoint: UpstreamEndpoint;
  /** Path part of `baseUrl` without a trailing slash (`/v1`, or '' for Anthropic's root). */
  readonly basePath: string;
  /** Built once per config: auth, version and user-configured headers, plus content-type. */
  readonly headers: Readonly<Record<string, string>>;
  readonly clock: Clock;
}

export interface CallOptions {
  /** The provider's model name (the target's), which replaces the request's route name. */
  model: string;
  signal: AbortSignal | undefined;
  timeoutMs: number;
}

export interface ChatResult {
  completion: ChatCompletion;
  /**
   * The provider's response text when it is already the OpenAI wire format and
   * needs no change: the face sends it as is instead of serialising `completion` again.
   */
  raw: string | undefined;
}

/** Where a stream's bytes go: the client's response, or a buffer in tests. */
export interface ChunkSink {
  /** False when the client's buffer is full: wait for `drained()` before writing more. */
  write(data: string | Uint8Array): boolean;
  drained(): Promise<void>;
}

export interface StreamSummary {
  usage: Usage;
  /** Where the usage numbers came from: the provider, or gpt-tokenizer because it sent none. */
  usageSource: 'provider' | 'counted';
  finishReason: string | null;
  /** The stream ended with an error event after it had started. */
  error?: { message: string; status: number } | undefined;
}

/** A stream whose upstream answered 2xx: nothing has been written to the client yet. */
export interface OpenedStream {
  relay(sink: ChunkSink, opts: { includeUsage: boolean }): Promise<StreamSummary>;
  /** Drops the upstream response without relaying it. */
  cancel(): void;
}

/**
 * The provider port: one implementation per wire protocol, each in its own
 * folder (providers/<type>/). Requests and responses are in the OpenAI wire
 * format; a provider translates to its own and back.
 */
export interface ProviderAdapter {
  readonly type: ProviderType;
  chatComplete(p: ProviderContext, request: ChatCompletionRequest, opts: CallOptions): Promise<ChatResult>;
  /** Resolves once the upstream answered 2xx; an error status rejects (so the caller can fall back). */
  chatStream(p: ProviderContext, request: ChatCompletionRequest, opts: CallOptions): Promise<OpenedStream>;
  /** Absent when the provider has no embeddings API. */
  embed?(p: ProviderContext, request: EmbeddingRequest, opts: CallOptions): Promise<EmbeddingResponse>;
  /** Headers for every call, from the API key and provider options. */
  authHeaders(apiKey: string | undefined, apiVersion: string | undefined): Record<string, string>;
}
