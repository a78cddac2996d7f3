import { Counter, Histogram, type Registry } from 'prom-client';
import type { GatewayMetricSample, GatewayMetrics } from '../domains/llm/index.js';

type Labels = 'route' | 'provider' | 'model' | 'status';

type CounterChild = ReturnType<Counter['labels']>;
type HistogramChild = ReturnType<Histogram['labels']>;

/** The label children of one (route, provider, model): looked up once, not hashed per call. */
interface TargetSeries {
  requests: Map<string, CounterChild>;
  latency: Map<string, HistogramChild>;
  ttft: HistogramChild;
  tokensIn: CounterChild;
  tokensOut: CounterChild;
  cost: CounterChild;
}

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
  /** Keyed by route, provider and model joined with NUL; bounded like the labels (config names only). */
  private readonly series = new Map<string, TargetSeries>();

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

  record(c: GatewayMetricSample): void {
    const route = c.route ?? '';
    const provider = c.provider ?? '';
    const model = c.providerModel ?? '';
    const key = `${route}\u0000${provider}\u0000${model}`;
    let s = this.series.get(key);
    if (!s) {
      s = {
        requests: new Map(),
        latency: new Map(),
        ttft: this.ttft.labels(route, provider, model),
        tokensIn: this.tokens.labels(route, provider, model, 'in'),
        tokensOut: this.tokens.labels(route, provider, model, 'out'),
        cost: this.cost.labels(route, provider, model),
      };
      this.series.set(key, s);
    }
    const status = String(c.status);
    const reqKey = `${status}\u0000${c.cache}`;
    let requests = s.requests.get(reqKey);
    if (!requests) {
      requests = this.requests.labels(route, provider, model, status, c.cache);
      s.requests.set(reqKey, requests);
    }
    requests.inc();
    let latency = s.latency.get(status);
    if (!latency) {
      latency = this.latency.labels(route, provider, model, status);
      s.latency.set(status, latency);
    }
    latency.observe(c.latencyMs / 1000);
    if (c.ttftMs !== null) s.ttft.observe(c.ttftMs / 1000);
    if (c.tokensIn > 0) s.tokensIn.inc(c.tokensIn);
    if (c.tokensOut > 0) s.tokensOut.inc(c.tokensOut);
    if (c.costUsd > 0) s.cost.inc(c.costUsd);
  }
}
