import type { GatewayConfig } from '../../core/gateway-config.js';
import type { KeyBudget, RequestLogPage, RequestLogQueryInput, UsageQueryInput, UsageReport } from '../../domains/llm/gateway-usage.schema.js';
import type { HttpTransport } from '../transport.js';

export interface GatewayConfigView {
  config: GatewayConfig;
  version: number;
  updatedAt: number | null;
  source: 'file' | 'api';
}

/** Health of one `provider/model`: circuit-breaker state, cooldown end, load and latency. */
export interface GatewayTargetHealth {
  target: string;
  state: string;
  cooldownUntil: number | null;
  inFlight: number;
  latencyMs: number | null;
  requests: number;
  failures: number;
}

type Query = Record<string, string | number | boolean | undefined>;

/** The LLM gateway's admin surface (the OpenAI-compatible calls themselves go through any OpenAI client at `/v1`). */
export class GatewayApi {
  constructor(private readonly http: HttpTransport) {}

  /** The config in force, inline secrets redacted (admin). @example const { config } = await keel.gateway.config(); */
  config(): Promise<GatewayConfigView> {
    return this.http.request('GET', '/api/v1/gateway/config');
  }

  /** Replaces the config at run time (admin); `<redacted>` keeps a stored key. @example await keel.gateway.updateConfig({ ...config, routes }); */
  updateConfig(config: GatewayConfig): Promise<GatewayConfigView> {
    return this.http.request('PUT', '/api/v1/gateway/config', { body: config });
  }

  /** Health per `provider/model`. @example for (const t of await keel.gateway.targets()) console.log(t.target, t.state); */
  async targets(): Promise<GatewayTargetHealth[]> {
    return (await this.http.request<{ targets: GatewayTargetHealth[] }>('GET', '/api/v1/gateway/targets')).targets;
  }

  /** The request log, newest first. @example const { requests } = await keel.gateway.requests({ status: 'error', limit: 20 }); */
  requests(query: RequestLogQueryInput = {}): Promise<RequestLogPage> {
    return this.http.request('GET', '/api/v1/gateway/requests', { query: query as Query });
  }

  /** Spend, tokens and requests over time. @example const r = await keel.gateway.usage({ groupBy: 'key', interval: 'hour' }); */
  usage(query: UsageQueryInput = {}): Promise<UsageReport> {
    return this.http.request('GET', '/api/v1/gateway/usage', { query: query as Query });
  }

  /** Keys with gateway limits and their spend this period (admin). @example for (const k of await keel.gateway.budgets()) console.log(k.name, k.budget?.spentUsd); */
  async budgets(): Promise<KeyBudget[]> {
    return (await this.http.request<{ keys: KeyBudget[] }>('GET', '/api/v1/gateway/budgets')).keys;
  }
}
