import type { Clock } from '../../../core/clock.js';
import type { RouteCacheConfig } from '../../../core/gateway-config.js';
import type { KvStore } from '../../../core/ports/kv-store.js';
import type { CallOutcome, ChatCompletion, ChatCompletionRequest, GatewayCall, GatewayHook, GatewayLogger, GatewayService, ShortCircuit } from '../gateway/index.js';
import { exactCacheKey, semanticKey, type SemanticKey } from './cache-key.js';
import { CACHE_CONTROL_HEADER, parseCacheControl, type CacheControl } from './cache-control.js';
import { ExactCache } from './exact-cache.js';
import { SemanticCache } from './semantic-cache.js';
import { normalise } from './semantic-index.js';

export type CacheResult = 'hit' | 'semantic-hit' | 'miss';

/** `call.locals` key holding the CacheResult (cached routes only), read by the request log. */
export const CACHE_RESULT_LOCAL = 'cache';
export const CACHE_RESULT_HEADER = 'x-keel-cache';
const STATE_LOCAL = 'cache.state';
/** No header and no body field: nothing asked of the cache (never mutated). */
const NO_CONTROL: CacheControl = Object.freeze({ noCache: false, noStore: false, ttlSeconds: undefined });

/** What beforeCall decided, for afterCall to store the answer. */
interface CallState {
  route: RouteCacheConfig;
  maxEntryBytes: number;
  embeddingRoute: string | undefined;
  key: string;
  control: CacheControl;
  semantic: SemanticKey | undefined;
  /** The prompt's vector, when beforeCall already embedded it. */
  vector: Float32Array | undefined;
}

export interface ResponseCacheDeps {
  kv: KvStore;
  gateway: GatewayService;
  clock: Clock;
  logger?: GatewayLogger | undefined;
}

function answered(completion: ChatCompletion): boolean {
  return Array.isArray(completion.choices) && completion.choices.length > 0 && completion.choices.every((c) => c.finish_reason !== null && c.finish_reason !== undefined);
}

/**
 * The gateway's response cache, as a pipeline hook: exact answers by request
 * hash, and for `semantic` routes the answer to a close enough earlier prompt.
 * Only successful, complete answers are stored (never errors, never a stream
 * cut short); a cache that fails (kv down, embedding route failing) is logged
 * and the call goes to the provider as if it missed.
 */
export class ResponseCacheHook implements GatewayHook {
  readonly name = 'cache';
  private readonly exact: ExactCache;
  private readonly semantic: SemanticCache;

  constructor(private readonly deps: ResponseCacheDeps) {
    this.exact = new ExactCache(deps.kv);
    this.semantic = new SemanticCache(deps.kv, 50_000);
  }

  /** Synchronous unless the route is cached: an uncached call (the common case) costs no promise. */
  beforeCall(call: GatewayCall): ShortCircuit | undefined | Promise<ShortCircuit | undefined> {
    if (call.kind !== 'chat') {
      call.setResponseHeader?.(CACHE_RESULT_HEADER, 'miss');
      return undefined;
    }
    const body = call.request as ChatCompletionRequest;
    // Keel's own field: providers (OpenAI included) refuse parameters they do not know.
    // Deleted only when present, so plain bodies keep their fast shape for serialisation.
    const bodyControl = body.cache;
    if ('cache' in body) delete body.cache;
    const header = call.header(CACHE_CONTROL_HEADER);
    // Parsed (and refused when malformed) whether or not the route is cached.
    const control = header === undefined && bodyControl === undefined ? NO_CONTROL : parseCacheControl(header, bodyControl);
    const settings = this.deps.gateway.cacheSettings(call.model);
    if (!settings || settings.route.mode === 'off') {
      // The request log records `none` for uncached routes: only the header says miss.
      call.setResponseHeader?.(CACHE_RESULT_HEADER, 'miss');
      return undefined;
    }
    return this.lookup(call, body, control, settings);
  }

  private async lookup(call: GatewayCall, body: ChatCompletionRequest, control: CacheControl, settings: NonNullable<ReturnType<GatewayService['cacheSettings']>>): Promise<ShortCircuit | undefined> {
    const result = (r: CacheResult): void => {
      call.locals.set(CACHE_RESULT_LOCAL, r);
      call.setResponseHeader?.(CACHE_RESULT_HEADER, r);
    };
    result('miss');
    const semantic = settings.route.mode === 'semantic' ? semanticKey(call.model, body) : undefined;
    const state: CallState = {
      route: settings.route,
      maxEntryBytes: settings.shared?.maxEntryBytes ?? 1024 * 1024,
      embeddingRoute: settings.shared?.embeddingRoute,
      key: exactCacheKey(call.model, body),
      control,
      semantic,
      vector: undefined,
    };
    call.locals.set(STATE_LOCAL, state);
    if (settings.shared) this.semantic.maxEntries = settings.shared.maxSemanticEntries;
    if (control.noCache) return undefined;
    try {
      const hit = await this.exact.get(state.key);
      if (hit) {
        result('hit');
        return { kind: 'chat', completion: hit };
      }
      if (!semantic || !state.embeddingRoute) return undefined;
      state.vector = await this.embed(call, state.embeddingRoute, semantic.prompt);
      if (!state.vector) return undefined;
      const match = await this.semantic.search(semantic.bucket, state.vector, settings.route.similarityThreshold, this.deps.clock.now());
      if (!match) return undefined;
      const near = await this.exact.get(match.ref);
      if (!near) {
        this.semantic.forget(semantic.bucket, match.ref);
        return undefined;
      }
      result('semantic-hit');
      return { kind: 'chat', completion: near };
    } catch (err) {
      this.deps.logger?.warn({ err, requestId: call.id }, 'response cache lookup failed; calling the provider');
      return undefined;
    }
  }

  capturesStream(call: GatewayCall): boolean {
    if (call.kind !== 'chat') return false;
    const state = call.locals.get(STATE_LOCAL) as CallState | undefined;
    return state !== undefined && !state.control.noStore;
  }

  async afterCall(call: GatewayCall, outcome: CallOutcome): Promise<void> {
    const state = call.locals.get(STATE_LOCAL) as CallState | undefined;
    if (!state || state.control.noStore || outcome.answeredBy !== undefined) return;
    if (outcome.status !== 200 || outcome.error || !outcome.response || outcome.response.object !== 'chat.completion') return;
    const completion = outcome.response;
    if (!answered(completion)) return;
    const now = this.deps.clock.now();
    const ttlMs = (state.control.ttlSeconds ?? state.route.ttlSeconds) * 1000;
    const stored = await this.exact.set(state.key, completion, { ttlMs, now, maxBytes: state.maxEntryBytes });
    if (!stored || !state.semantic || !state.embeddingRoute) return;
    // no-cache skipped the lookup, so the prompt may not be embedded yet.
    const vector = state.vector ?? (await this.embed(call, state.embeddingRoute, state.semantic.prompt));
    if (vector) await this.semantic.remember(state.semantic.bucket, state.key, vector, ttlMs, now);
  }

  /**
   * Embeds through the gateway's own embeddings path, so the embedding route
   * gets routing, retries and fallback, and is priced and logged like any call
   * — attributed to the caller's key and tags, since their prompt caused it.
   */
  private async embed(call: GatewayCall, route: string, text: string): Promise<Float32Array | undefined> {
    const internal: GatewayCall = {
      id: `${call.id}:cache-embed`,
      kind: 'embeddings',
      model: route,
      stream: false,
      request: { model: route, input: text, encoding_format: 'float' },
      principal: call.principal,
      metadata: call.metadata,
      tags: call.tags,
      startedAt: this.deps.clock.now(),
      header: (name) => call.header(name),
      locals: new Map(),
      signal: call.signal,
    };
    const response = await this.deps.gateway.embed(internal);
    const first = response.data[0]?.embedding;
    if (first === undefined) return undefined;
    if (typeof first !== 'string') return normalise(first);
    const bytes = Buffer.from(first, 'base64');
    const floats = new Float32Array(bytes.byteLength / 4);
    new Uint8Array(floats.buffer).set(bytes);
    return normalise(floats);
  }

  /** Drops every cached answer; semantic vectors then miss and are dropped as they are met. */
  clear(): Promise<number> {
    return this.exact.clear();
  }
}
