import type { Clock } from '../../../core/clock.js';
import type { CircuitBreakerPolicy, GatewayConfig, GatewayRouteConfig } from '../../../core/gateway-config.js';
import type { UpstreamClient, UpstreamEndpoint } from '../../../core/ports/upstream-client.js';
import { PROVIDERS } from './providers/index.js';
import { STRATEGIES, TargetState, type CompiledProvider, type CompiledRoute, type CompiledTarget } from './routing/index.js';

/** `provider/model` names not in any route get a one-target route on first use; this many are kept. */
const MAX_DIRECT_ROUTES = 1_000;

/** Past this many, states for never-configured `provider/model` names are not remembered. */
const MAX_STATES = 10_000;

/** Target health outlives a config: keyed by `provider/model`. */
export class TargetStates {
  private readonly states = new Map<string, TargetState>();

  constructor(private readonly clock: Clock) {}

  get(key: string, policy: CircuitBreakerPolicy): TargetState {
    let state = this.states.get(key);
    if (!state) {
      state = new TargetState(key, policy, this.clock);
      if (this.states.size < MAX_STATES) this.states.set(key, state);
    } else {
      state.breaker.setPolicy(policy);
    }
    return state;
  }

  all(): IterableIterator<TargetState> {
    return this.states.values();
  }
}

/**
 * One config, compiled: providers with their pools and headers, routes with
 * their strategy functions. Immutable once built; a config change builds a new
 * one and swaps a single reference, so a request sees one config from start to end.
 */
export class GatewayRuntime {
  readonly providers = new Map<string, CompiledProvider>();
  readonly routes = new Map<string, CompiledRoute>();
  private readonly direct = new Map<string, CompiledRoute>();
  private readonly endpoints: UpstreamEndpoint[] = [];

  constructor(
    readonly config: GatewayConfig,
    upstream: UpstreamClient,
    private readonly clock: Clock,
    private readonly states: TargetStates,
  ) {
    for (const p of config.providers) {
      const url = new URL(p.baseUrl);
      const endpoint = upstream.endpoint(url.origin, { connections: p.maxConnections });
      this.endpoints.push(endpoint);
      const adapter = PROVIDERS[p.type];
      this.providers.set(p.name, {
        adapter,
        timeoutMs: p.timeoutMs ?? config.timeoutMs,
        context: {
          name: p.name,
          type: p.type,
          endpoint,
          basePath: url.pathname.replace(/\/+$/, ''),
          headers: { 'content-type': 'application/json', ...adapter.authHeaders(p.apiKey, p.apiVersion), ...p.headers },
          clock,
        },
      });
    }
    for (const r of config.routes) this.routes.set(r.model, this.compileRoute(r));
  }

  private compileRoute(r: GatewayRouteConfig): CompiledRoute {
    const targets: CompiledTarget[] = r.targets.map((t) => {
      const provider = this.providers.get(t.provider);
      // The schema already refused unknown providers; this guards direct construction.
      if (!provider) throw new Error(`route '${r.model}' names unknown provider '${t.provider}'`);
      const key = `${t.provider}/${t.model}`;
      return { key, provider, model: t.model, config: t, timeoutMs: t.timeoutMs ?? provider.timeoutMs, state: this.states.get(key, this.config.circuitBreaker) };
    });
    const retry = r.retry ?? this.config.retry;
    return { name: r.model, strategy: r.strategy, targets, retry, complexity: r.complexity, order: STRATEGIES[r.strategy](targets, { complexity: r.complexity }) };
  }

  /** A route by name, else `provider/model` straight to that provider. */
  resolve(model: string): CompiledRoute | undefined {
    const route = this.routes.get(model) ?? this.direct.get(model);
    if (route) return route;
    const slash = model.indexOf('/');
    if (slash <= 0 || slash === model.length - 1) return undefined;
    const providerName = model.slice(0, slash);
    if (!this.providers.has(providerName)) return undefined;
    const compiled = this.compileRoute({ model, strategy: 'fallback', targets: [{ provider: providerName, model: model.slice(slash + 1), weight: 1 }] });
    if (this.direct.size < MAX_DIRECT_ROUTES) this.direct.set(model, compiled);
    return compiled;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.endpoints.map((e) => e.close()));
  }

  get now(): number {
    return this.clock.now();
  }
}
