import { Counter, Histogram, type Registry } from 'prom-client';
import type { GatewayMetrics, GatewayRequestRecord } from '../domains/llm/index.js';

type Labels = 'route' | 'provider' | 'model' | 'status';

/**
 * The gateway metrics port on prom-client. Labels come from the config (routes,
 * providers, their models) and status codes, never from free request data: an
 * unknown model is refused before the pipeline, so cardinality stays bounded.
 */
export class PromGatewayMetrics implements GatewayMetrics {
  private readonly requests: Counter<Labels | 'cache'>;
  private readonly tokens: Counter<'route' | 'provider' | 'model' | 'direction'>;
  private readonly cost: Counter<'route' | 'provider' | 'model'>;
  private readonly latency: Histogram<Labels>;
  private readonly ttft: Histogram<'route' | 'provider' | 'model'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.requests = new Counter({ name: 'keel_gateway_requests_total', help: 'LLM gateway calls by route, provider, provider model, status and cache result', labelNames: ['route', 'provider', 'model', 'status', 'cache'], registers });
    this.tokens = new Counter({ name: 'keel_gateway_tokens_total', help: 'Tokens through the LLM gateway, by direction (in = prompt, out = completion)', labelNames: ['route', 'provider', 'model', 'direction'], registers });
    this.cost = new Counter({ name: 'keel_gateway_cost_usd_total', help: 'Cost of LLM gateway calls in USD, at the configured prices', labelNames: ['route', 'provider', 'model'], registers });
    this.latency = new Histogram({
      name: 'keel_gateway_request_duration_seconds',
      help: 'LLM gateway call duration (to the last byte for streams)',
      labelNames: ['route', 'provider', 'model', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    });
    this.ttft = new Histogram({
      name: 'keel_gateway_time_to_first_token_seconds',
      help: 'Streams: time from the request to the first byte relayed',
      labelNames: ['route', 'provider', 'model'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
  }

  record(c: GatewayRequestRecord): void {
    const base = { route: c.route ?? '', provider: c.provider ?? '', model: c.providerModel ?? '' };
    const status = String(c.status);
    this.requests.inc({ ...base, status, cache: c.cache });
    this.latency.observe({ ...base, status }, c.latencyMs / 1000);
    if (c.ttftMs !== null) this.ttft.observe(base, c.ttftMs / 1000);
    if (c.tokensIn > 0) this.tokens.inc({ ...base, direction: 'in' }, c.tokensIn);
    if (c.tokensOut > 0) this.tokens.inc({ ...base, direction: 'out' }, c.tokensOut);
    if (c.costUsd > 0) this.cost.inc(base, c.costUsd);
  }
}
