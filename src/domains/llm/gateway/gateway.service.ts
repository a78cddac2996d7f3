import type { Clock } from '../../../core/clock.js';
import { gatewayConfigSchema, REDACTED_SECRET, type GatewayCacheConfig, type GatewayConfig, type RouteCacheConfig } from '../../../core/gateway-config.js';
import type { UpstreamClient } from '../../../core/ports/upstream-client.js';
import { parseInput } from '../../../core/validation.js';
import { runPeriodically } from '../../../core/periodic.js';
import type { GatewayConfigStore, StoredGatewayConfig } from './gateway-config.store.js';
import { GatewayError } from './gateway-error.js';
import { GatewayRuntime, TargetStates } from './gateway-runtime.js';
import type { ChatCompletion, ChatCompletionRequest, EmbeddingRequest, EmbeddingResponse, ModelEntry } from './openai-wire.js';
import { executeWithFallback } from './executor.js';
import type { CallOutcome, GatewayCall, GatewayHook, ShortCircuit } from './pipeline.js';
import type { ChunkSink } from './providers/index.js';
import type { CompiledRoute, CompiledTarget, RoutingInput } from './routing/index.js';
import { StreamAssembler, teeSink } from './stream-assemble.js';
import { ensureChatUsage, loadTokenizer } from './usage.js';

export interface GatewayLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface GatewayServiceDeps {
  upstream: UpstreamClient;
  store: GatewayConfigStore;
  clock: Clock;
  /** The config file's gateway section as written (`env:` references unresolved): the initial value. */
  fileConfig: GatewayConfig;
  /**
   * Resolves `env:NAME` secrets. Supplied by src/config, the only reader of the
   * environment; throws INVALID_ARGUMENT naming a missing variable.
   */
  resolveSecrets: (config: GatewayConfig) => GatewayConfig;
  logger?: GatewayLogger;
  /** How long a replaced config's connection pools stay open for requests still using them. */
  retireAfterMs?: number;
}

export interface GatewayConfigView {
  config: GatewayConfig;
  version: number;
  updatedAt: number | null;
  /** `file` until the first PUT; `api` after. */
  source: 'file' | 'api';
}

export interface ChatAnswer {
  completion: ChatCompletion;
  /** The provider's bytes, when they can be sent unchanged. */
  raw: string | undefined;
  target: CompiledTarget | undefined;
}

/** The face's side of a stream: headers go out on `open`, once a provider has answered 2xx. */
export interface StreamSink extends ChunkSink {
  open(): void;
  /** performance.now() of the first byte written, for time-to-first-token. */
  readonly firstWriteAt: number | undefined;
}

function redact(config: GatewayConfig): GatewayConfig {
  return {
    ...config,
    providers: config.providers.map((p) => ({
      ...p,
      ...(p.apiKey !== undefined ? { apiKey: p.apiKey.startsWith('env:') ? p.apiKey : REDACTED_SECRET } : {}),
      ...(p.headers ? { headers: Object.fromEntries(Object.entries(p.headers).map(([k, v]) => [k, /auth|key|token|secret/i.test(k) ? REDACTED_SECRET : v])) } : {}),
    })),
  };
}

/**
 * The LLM gateway: OpenAI-format calls routed over providers, with retries,
 * fallback and cooldown, and hooks before and after each call (pipeline.ts).
 */
export class GatewayService {
  private runtime: GatewayRuntime;
  private source: GatewayConfig;
  private version = 0;
  private updatedAt: number | null = null;
  /** A stored config that did not validate (version@updatedAt), so it is not retried on every sync. */
  private rejectedStored: string | undefined;
  private readonly states: TargetStates;
  private readonly hooks: GatewayHook[] = [];
  /** cacheSettings per model, built once per config in force (configs are replaced, never edited). */
  private readonly cacheByConfig = new WeakMap<GatewayConfig, Map<string, { route: RouteCacheConfig; shared: GatewayCacheConfig | undefined } | undefined>>();
  private readonly retiring = new Set<GatewayRuntime>();
  private writes: Promise<unknown> = Promise.resolve();

  /** Starts from the file config; `start()` then switches to the stored one if an admin saved one. */
  constructor(private readonly deps: GatewayServiceDeps) {
    this.states = new TargetStates(deps.clock);
    this.source = deps.fileConfig;
    this.runtime = new GatewayRuntime(deps.resolveSecrets(deps.fileConfig), deps.upstream, deps.clock, this.states);
  }

  /** Loads the config saved through the API, if any. A stored config that no longer validates is logged and skipped. */
  async start(): Promise<void> {
    const stored = await this.deps.store.load();
    if (stored) this.applyStored(stored);
    // Counting tokens needs the tokenizer; load it now rather than on the first call that needs it.
    if (this.source.routes.length > 0 || this.source.providers.length > 0) void loadTokenizer().catch(() => undefined);
  }

  /**
   * Applies a config saved or reset through another server on the same database. Each server
   * holds its runtime in memory, so without this the others would route by the old config until
   * restarted. Serialized with this server's own writes; answers whether anything changed.
   */
  syncWithStore(): Promise<boolean> {
    const run = this.writes.then(async () => {
      const stored = await this.deps.store.load();
      if (!stored) {
        if (this.updatedAt === null) return false;
        this.swap(new GatewayRuntime(this.deps.resolveSecrets(this.deps.fileConfig), this.deps.upstream, this.deps.clock, this.states), this.deps.fileConfig, 0, null);
        return true;
      }
      if (stored.version === this.version && stored.updatedAt === this.updatedAt) return false;
      return this.applyStored(stored);
    });
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** Runs syncWithStore every `intervalMs`; the returned function stops it. */
  startSync(intervalMs: number): () => void {
    return runPeriodically(intervalMs, () => this.syncWithStore(), (err) => this.deps.logger?.error({ err }, 'gateway config sync failed'));
  }

  private applyStored(stored: StoredGatewayConfig): boolean {
    const key = `${stored.version}@${stored.updatedAt}`;
    if (this.rejectedStored === key) return false;
    let source: GatewayConfig;
    let runtime: GatewayRuntime;
    try {
      source = parseInput(gatewayConfigSchema, stored.config, 'stored gateway config');
      runtime = new GatewayRuntime(this.deps.resolveSecrets(source), this.deps.upstream, this.deps.clock, this.states);
    } catch (err) {
      // Logged once per stored version, not on every sync.
      this.rejectedStored = key;
      this.deps.logger?.error({ err }, 'the stored gateway config is invalid here; keeping the config in force until it is replaced');
      return false;
    }
    this.swap(runtime, source, stored.version, stored.updatedAt);
    return true;
  }

  /** For the modules built on the core (keys, budgets, cache, cost, log); hooks run in the order added. */
  addHook(hook: GatewayHook): void {
    this.hooks.push(hook);
  }

  /** The config in force (secrets resolved), for the modules that price and limit calls; read-only by contract. */
  get activeConfig(): GatewayConfig {
    return this.runtime.config;
  }

  get maxBodyBytes(): number {
    return this.runtime.config.maxBodyBytes;
  }

  getConfig(): GatewayConfigView {
    return { config: redact(this.source), version: this.version, updatedAt: this.updatedAt, source: this.updatedAt === null ? 'file' : 'api' };
  }

  /** Validates, resolves, persists and then swaps the config in one step; on any failure nothing changes. */
  updateConfig(input: unknown): Promise<GatewayConfigView> {
    const run = this.writes.then(async () => {
      const parsed = parseInput(gatewayConfigSchema, input, 'body');
      const previous = new Map(this.source.providers.map((p) => [p.name, p]));
      const providers = parsed.providers.map((p, i) => {
        if (p.apiKey !== REDACTED_SECRET) return p;
        const kept = previous.get(p.name)?.apiKey;
        if (kept === undefined || kept === REDACTED_SECRET) throw GatewayError.badRequest(`body.providers.${i}.apiKey: '${REDACTED_SECRET}' keeps the current key, but provider '${p.name}' has none`, `providers.${i}.apiKey`);
        return { ...p, apiKey: kept };
      });
      const source: GatewayConfig = { ...parsed, providers };
      const runtime = new GatewayRuntime(this.deps.resolveSecrets(source), this.deps.upstream, this.deps.clock, this.states);
      let version: number;
      const at = this.deps.clock.now();
      try {
        version = await this.deps.store.save(source, at);
      } catch (err) {
        await runtime.close();
        throw err;
      }
      this.swap(runtime, source, version, at);
      return this.getConfig();
    });
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** Drops the stored config: the file config applies again. */
  resetConfig(): Promise<GatewayConfigView> {
    const run = this.writes.then(async () => {
      const runtime = new GatewayRuntime(this.deps.resolveSecrets(this.deps.fileConfig), this.deps.upstream, this.deps.clock, this.states);
      await this.deps.store.clear();
      this.swap(runtime, this.deps.fileConfig, 0, null);
      return this.getConfig();
    });
    this.writes = run.catch(() => undefined);
    return run;
  }

  private swap(runtime: GatewayRuntime, source: GatewayConfig, version: number, at: number | null): void {
    const old = this.runtime;
    this.runtime = runtime;
    this.source = source;
    this.version = version;
    this.updatedAt = at;
    // Requests already routed still hold the old pools: close them once those are done.
    this.retiring.add(old);
    setTimeout(() => {
      this.retiring.delete(old);
      void old.close();
    }, this.deps.retireAfterMs ?? 30_000).unref();
  }

  /** Routes (by name) and every `provider/model` they or the providers' `models` name. */
  models(): ModelEntry[] {
    const created = Math.floor((this.updatedAt ?? 0) / 1000);
    const out: ModelEntry[] = [];
    const seen = new Set<string>();
    const add = (id: string, owner: string): void => {
      if (seen.has(id)) return;
      seen.add(id);
      out.push({ id, object: 'model', created, owned_by: owner });
    };
    const config = this.runtime.config;
    for (const r of config.routes) add(r.model, 'keel');
    for (const r of config.routes) for (const t of r.targets) add(`${t.provider}/${t.model}`, t.provider);
    for (const p of config.providers) for (const m of p.models ?? []) add(`${p.name}/${m}`, p.name);
    return out;
  }

  /** Health per `provider/model`, for the UI and operators. */
  targetHealth(): { target: string; state: string; cooldownUntil: number | null; inFlight: number; latencyMs: number | null; requests: number; failures: number }[] {
    return [...this.states.all()].map((s) => ({
      target: s.key,
      state: s.breaker.state,
      cooldownUntil: s.breaker.cooldownUntil || null,
      inFlight: s.inFlight,
      latencyMs: Number.isNaN(s.latencyMs) ? null : Math.round(s.latencyMs * 100) / 100,
      requests: s.requests,
      failures: s.failures,
    }));
  }

  private route(model: string): CompiledRoute {
    const route = this.runtime.resolve(model);
    if (!route) throw GatewayError.modelNotFound(model);
    return route;
  }

  private orderFor(route: CompiledRoute, call: GatewayCall, chat: ChatCompletionRequest | undefined): readonly CompiledTarget[] {
    const input: RoutingInput = {
      header: (name) => call.header(name),
      metadata: call.metadata,
      messages: chat?.messages,
      hasTools: (chat?.tools?.length ?? 0) > 0,
      maxOutputTokens: chat?.max_completion_tokens ?? chat?.max_tokens ?? undefined,
      random: Math.random,
    };
    const order = route.order(input);
    if (order.length === 0) throw GatewayError.badRequest(`no target of route '${route.name}' applies to this request (conditions did not match)`, 'model');
    return order;
  }

  /**
   * Runs the beforeCall hooks in order. Hooks that answer synchronously (most
   * calls: no key, uncached route) cost no promise; the first promise switches
   * to awaiting the rest.
   */
  private before(call: GatewayCall): ShortCircuit | undefined | Promise<ShortCircuit | undefined> {
    const hooks = this.hooks;
    for (let i = 0; i < hooks.length; i++) {
      const answer = hooks[i]?.beforeCall?.(call);
      if (answer instanceof Promise) return this.beforeAsync(call, answer, i + 1);
      if (answer) return answer;
    }
    return undefined;
  }

  private async beforeAsync(call: GatewayCall, pending: Promise<ShortCircuit | undefined>, next: number): Promise<ShortCircuit | undefined> {
    const first = await pending;
    if (first) return first;
    for (let i = next; i < this.hooks.length; i++) {
      const answer = await this.hooks[i]?.beforeCall?.(call);
      if (answer) return answer;
    }
    return undefined;
  }

  /** A route's cache settings and the section-wide ones, for the response cache; undefined for unknown or uncached names. */
  cacheSettings(model: string): { route: RouteCacheConfig; shared: GatewayCacheConfig | undefined } | undefined {
    const config = this.runtime.config;
    let byModel = this.cacheByConfig.get(config);
    if (!byModel) {
      byModel = new Map();
      // First route per model wins, as `find` did.
      for (const r of config.routes) if (!byModel.has(r.model)) byModel.set(r.model, r.cache ? { route: r.cache, shared: config.cache } : undefined);
      this.cacheByConfig.set(config, byModel);
    }
    return byModel.get(model);
  }

  /** After-hooks never delay or fail the caller: they run detached and their errors are logged. */
  private after(call: GatewayCall, outcome: CallOutcome): void {
    // One microtask for all hooks (in order), rather than a promise chain per hook.
    queueMicrotask(() => {
      for (const hook of this.hooks) {
        if (!hook.afterCall) continue;
        try {
          const done = hook.afterCall(call, outcome);
          if (done instanceof Promise) done.catch((err: unknown) => this.afterFailed(hook, call, err));
        } catch (err) {
          this.afterFailed(hook, call, err);
        }
      }
    });
  }

  private afterFailed(hook: GatewayHook, call: GatewayCall, err: unknown): void {
    this.deps.logger?.error({ err, hook: hook.name, requestId: call.id }, 'gateway afterCall hook failed');
  }

  private outcome(route: CompiledRoute | undefined): CallOutcome {
    return { status: 200, route: route?.name, target: undefined, provider: undefined, providerModel: undefined, usage: undefined, usageSource: undefined, latencyMs: 0, ttftMs: undefined, attempts: [], error: undefined, answeredBy: undefined, response: undefined };
  }

  private finish(call: GatewayCall, outcome: CallOutcome, target: CompiledTarget | undefined, err?: unknown): void {
    if (this.hooks.length === 0) return;
    outcome.latencyMs = this.deps.clock.now() - call.startedAt;
    if (target) {
      outcome.target = target.key;
      outcome.provider = target.provider.context.name;
      outcome.providerModel = target.model;
    }
    if (err !== undefined) {
      const status = err instanceof GatewayError ? err.status : 500;
      outcome.status = status;
      outcome.error = { message: err instanceof Error ? err.message : String(err), status };
    }
    this.after(call, outcome);
  }

  /** The beforeCall hooks' own chat answer (a cache hit, a refusal), recorded on the outcome; undefined when the providers should answer. */
  private async hookAnswer(call: GatewayCall, outcome: CallOutcome): Promise<ChatCompletion | undefined> {
    const pending = this.before(call);
    const short = pending instanceof Promise ? await pending : pending;
    if (short?.kind !== 'chat') return undefined;
    outcome.answeredBy = 'hook';
    outcome.usage = short.completion.usage;
    outcome.response = short.completion;
    return short.completion;
  }

  async chat(call: GatewayCall): Promise<ChatAnswer> {
    const request = call.request as ChatCompletionRequest;
    const route = this.route(call.model);
    const outcome = this.outcome(route);
    let target: CompiledTarget | undefined;
    try {
      const answered = this.hooks.length > 0 ? await this.hookAnswer(call, outcome) : undefined;
      if (answered) {
        this.finish(call, outcome, undefined);
        return { completion: answered, raw: undefined, target: undefined };
      }
      const done = await executeWithFallback(route.name, this.orderFor(route, call, request), route.retry, this.deps.clock, call.signal, (t) =>
        t.provider.adapter.chatComplete(t.provider.context, request, { model: t.model, signal: call.signal, timeoutMs: t.timeoutMs }), this.hooks.length > 0 ? outcome.attempts : undefined);
      target = done.target;
      let raw = done.value.raw;
      if (!done.value.completion.usage) {
        await ensureChatUsage(done.value.completion, request.messages, request.tools);
        outcome.usageSource = 'counted';
        raw = undefined;
      } else outcome.usageSource = 'provider';
      outcome.usage = done.value.completion.usage;
      outcome.response = done.value.completion;
      this.finish(call, outcome, target);
      return { completion: done.value.completion, raw, target };
    } catch (err) {
      this.finish(call, outcome, target, err);
      throw err;
    }
  }

  /**
   * Streams a chat completion into `sink`. Fallback happens while no byte has
   * been sent; once a provider answered 2xx the stream is theirs to the end
   * (a failure then ends it with an error event).
   */
  async chatStream(call: GatewayCall, sink: StreamSink, includeUsage: boolean): Promise<void> {
    const request = call.request as ChatCompletionRequest;
    const route = this.route(call.model);
    const outcome = this.outcome(route);
    let target: CompiledTarget | undefined;
    try {
      const answered = this.hooks.length > 0 ? await this.hookAnswer(call, outcome) : undefined;
      if (answered) {
        const { replayAsStream } = await import('./stream-replay.js');
        sink.open();
        replayAsStream(answered, sink, includeUsage);
        this.finish(call, outcome, undefined);
        return;
      }
      const started = performance.now();
      const done = await executeWithFallback(route.name, this.orderFor(route, call, request), route.retry, this.deps.clock, call.signal, (t) =>
        t.provider.adapter.chatStream(t.provider.context, request, { model: t.model, signal: call.signal, timeoutMs: t.timeoutMs }), this.hooks.length > 0 ? outcome.attempts : undefined);
      target = done.target;
      // Least-busy counts a stream as busy until its last byte, not just until its headers.
      target.state.inFlight++;
      try {
        sink.open();
        const assembler = this.hooks.some((h) => h.capturesStream?.(call)) ? new StreamAssembler() : undefined;
        const summary = await done.value.relay(assembler ? teeSink(sink, assembler) : sink, { includeUsage });
        if (assembler && !summary.error) outcome.response = assembler.completion(summary.usage);
        outcome.usage = summary.usage;
        outcome.usageSource = summary.usageSource;
        if (sink.firstWriteAt !== undefined) outcome.ttftMs = sink.firstWriteAt - started;
        if (summary.error) {
          outcome.status = call.signal?.aborted ? 499 : summary.error.status;
          outcome.error = summary.error;
        }
      } finally {
        target.state.inFlight--;
      }
      this.finish(call, outcome, target);
    } catch (err) {
      this.finish(call, outcome, target, err);
      throw err;
    }
  }

  async embed(call: GatewayCall): Promise<EmbeddingResponse> {
    const request = call.request as EmbeddingRequest;
    const route = this.route(call.model);
    const outcome = this.outcome(route);
    let target: CompiledTarget | undefined;
    try {
      if (this.hooks.length > 0) {
        const pending = this.before(call);
        const short = pending instanceof Promise ? await pending : pending;
        if (short?.kind === 'embeddings') {
          outcome.answeredBy = 'hook';
          this.finish(call, outcome, undefined);
          return short.response;
        }
      }
      const order = this.orderFor(route, call, undefined).filter((t) => t.provider.adapter.embed !== undefined);
      if (order.length === 0) throw GatewayError.badRequest(`no provider of '${route.name}' offers embeddings`, 'model');
      const done = await executeWithFallback(route.name, order, route.retry, this.deps.clock, call.signal, (t) =>
        (t.provider.adapter.embed as NonNullable<typeof t.provider.adapter.embed>)(t.provider.context, request, { model: t.model, signal: call.signal, timeoutMs: t.timeoutMs }), this.hooks.length > 0 ? outcome.attempts : undefined);
      target = done.target;
      outcome.usage = { prompt_tokens: done.value.usage.prompt_tokens, completion_tokens: 0, total_tokens: done.value.usage.total_tokens };
      outcome.response = done.value;
      this.finish(call, outcome, target);
      return done.value;
    } catch (err) {
      this.finish(call, outcome, target, err);
      throw err;
    }
  }

  async close(): Promise<void> {
    const all = [this.runtime, ...this.retiring];
    this.retiring.clear();
    await Promise.allSettled(all.map((r) => r.close()));
  }
}
