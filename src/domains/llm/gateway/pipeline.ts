import type { ChatCompletion, ChatCompletionRequest, EmbeddingRequest, EmbeddingResponse, Usage } from './openai-wire.js';

/**
 * The seams of a gateway call, for the modules that build on the core:
 * virtual keys, budgets and rate limits, caching, cost and the request log.
 *
 *   beforeCall hooks (in order) ─► route ─► targets (retries, fallback) ─► response sent ─► afterCall hooks
 *
 * A beforeCall hook may reject the call (throw a GatewayError: 401, 429 with
 * retryAfterMs…), reserve budget (keep the reservation in `call.locals`), or
 * answer it itself (a cache hit). afterCall hooks run once per call, after the
 * response is out, success or failure, with the usage and timing — the place to
 * settle reservations, price the call, store it in a cache and log it. They
 * never delay the caller's response and their errors are logged, not thrown.
 */

export type CallKind = 'chat' | 'embeddings';

export interface GatewayCall {
  /** The HTTP request id, so logs join up. */
  readonly id: string;
  readonly kind: CallKind;
  /** The model as requested: a route name or `provider/model`. */
  readonly model: string;
  readonly stream: boolean;
  readonly request: ChatCompletionRequest | EmbeddingRequest;
  /** Who called (Keel API key id) when auth is on. */
  readonly principal: { keyId: string } | undefined;
  /** The request body's `metadata` (string values only). */
  readonly metadata: Readonly<Record<string, string>> | undefined;
  /** From the `x-keel-tags` header (comma-separated), for cost attribution. */
  readonly tags: readonly string[];
  /** Epoch ms. */
  readonly startedAt: number;
  /** Lower-case name → value. */
  header(name: string): string | undefined;
  /** Per-call state hooks hand to their own afterCall (a budget reservation, a cache key), keyed by hook name. */
  readonly locals: Map<string, unknown>;
  /** Aborts when the client goes away. */
  readonly signal: AbortSignal | undefined;
  /**
   * Adds a header to the caller's response (e.g. `x-keel-cache`). Takes effect
   * when set in beforeCall; absent on calls the gateway makes for itself.
   */
  setResponseHeader?(name: string, value: string): void;
}

export interface AttemptRecord {
  target: string;
  /** HTTP status the provider answered, or 0 when it did not answer (timeout, refused). */
  status: number;
  ms: number;
  error?: string;
}

export interface CallOutcome {
  /** Status the caller got (499 when it went away first). */
  status: number;
  route: string | undefined;
  /** `provider/model` that answered. */
  target: string | undefined;
  provider: string | undefined;
  providerModel: string | undefined;
  usage: Usage | undefined;
  usageSource: 'provider' | 'counted' | undefined;
  latencyMs: number;
  /** Streams: time to the first byte relayed. */
  ttftMs: number | undefined;
  attempts: AttemptRecord[];
  error: { message: string; status: number } | undefined;
  /** Set by a hook that answered from cache. */
  answeredBy: string | undefined;
  /**
   * The answer, for caches: non-streaming answers always; streams when a hook's
   * `capturesStream` asked for it (rebuilt from the chunks relayed) and the
   * stream ended cleanly; cache replays to streaming callers too.
   */
  response: ChatCompletion | EmbeddingResponse | undefined;
}

export type ShortCircuit = { kind: 'chat'; completion: ChatCompletion } | { kind: 'embeddings'; response: EmbeddingResponse };

export interface GatewayHook {
  readonly name: string;
  beforeCall?(call: GatewayCall): ShortCircuit | undefined | Promise<ShortCircuit | undefined>;
  afterCall?(call: GatewayCall, outcome: CallOutcome): void | Promise<void>;
  /**
   * Called once per streamed chat call after beforeCall: true makes the gateway
   * rebuild the streamed completion into `outcome.response`. It costs a JSON
   * parse per chunk, so streams are only parsed for calls that need it.
   */
  capturesStream?(call: GatewayCall): boolean;
}
