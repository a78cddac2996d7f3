import { z } from 'zod';

/**
 * The `gateway` section of the Keel config: LLM providers and the routes that
 * spread requests over them. It lives in core, not in src/config, because three
 * layers validate with this one schema: src/config (the file), the gateway
 * domain (compiling it) and src/http (`PUT /api/v1/gateway/config`), and config,
 * domains and http may all import core but not one another.
 */

export const PROVIDER_TYPES = ['openai', 'anthropic', 'mistral'] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

export const ROUTING_STRATEGIES = ['fallback', 'weighted', 'least-latency', 'least-busy', 'cost-based', 'conditional', 'complexity'] as const;
export type RoutingStrategyName = (typeof ROUTING_STRATEGIES)[number];

/** Shown instead of an inline secret by GET; sending it back in a PUT keeps the stored secret. */
export const REDACTED_SECRET = '<redacted>';

const name = z.string().min(1).max(128).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');
const timeoutMs = z.number().int().positive().max(600_000);

export const gatewayProviderSchema = z.strictObject({
  name,
  type: z.enum(PROVIDER_TYPES),
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** `env:NAME` is resolved from the environment when the config is loaded; anything else is the key itself. */
  apiKey: z.string().min(1).optional(),
  /** Extra headers sent on every upstream call (e.g. `OpenAI-Organization`). */
  headers: z.record(z.string().min(1), z.string()).optional(),
  /** Default per-attempt timeout for this provider's targets. */
  timeoutMs: timeoutMs.optional(),
  /** Keep-alive connections to this provider. */
  maxConnections: z.number().int().positive().max(4096).default(128),
  /** Anthropic's `anthropic-version` header. */
  apiVersion: z.string().min(1).optional(),
  /** Extra model names listed by `GET /v1/models` as `<provider>/<model>`. */
  models: z.array(z.string().min(1)).optional(),
});

/** Conditional routing: a target applies when every listed header/metadata value matches. */
export const targetConditionSchema = z
  .strictObject({
    /** Request header (lower-case name) → accepted values. */
    headers: z.record(z.string().min(1), z.union([z.string(), z.array(z.string())])).optional(),
    /** Request body `metadata` key → accepted values. */
    metadata: z.record(z.string().min(1), z.union([z.string(), z.array(z.string())])).optional(),
  })
  .refine((c) => c.headers !== undefined || c.metadata !== undefined, 'name at least one of headers or metadata');

export const gatewayTargetSchema = z.strictObject({
  provider: name,
  model: z.string().min(1).max(256),
  weight: z.number().nonnegative().default(1),
  timeoutMs: timeoutMs.optional(),
  /** USD per 1M tokens, for cost-based routing (the cost module may override). */
  inputCostPer1M: z.number().nonnegative().optional(),
  outputCostPer1M: z.number().nonnegative().optional(),
  /** Largest prompt + completion the model accepts; cost-based routing skips targets too small. */
  contextWindow: z.number().int().positive().optional(),
  /** Conditional routing. */
  when: targetConditionSchema.optional(),
  /** Complexity routing: which kind of prompt this target serves. */
  tier: z.enum(['simple', 'complex']).optional(),
});

export const retryPolicySchema = z.strictObject({
  /** Extra attempts on the same target before falling back to the next. */
  attempts: z.number().int().min(0).max(10).default(1),
  baseDelayMs: z.number().int().min(0).max(60_000).default(100),
  maxDelayMs: z.number().int().min(0).max(60_000).default(2_000),
  /** A `retry-after` longer than this skips the retry and falls back at once. */
  maxRetryAfterMs: z.number().int().min(0).max(300_000).default(5_000),
});

export const complexityRuleSchema = z.strictObject({
  /** Prompts of at most this many tokens (and no tools) are `simple`. */
  maxSimplePromptTokens: z.number().int().positive().default(500),
  maxSimpleMessages: z.number().int().positive().default(6),
  /** Case-insensitive words that make any prompt `complex` (e.g. "prove", "step by step"). */
  complexKeywords: z.array(z.string().min(1)).default([]),
});

export const CACHE_MODES = ['off', 'exact', 'semantic'] as const;
export type CacheMode = (typeof CACHE_MODES)[number];

/** 30 days: a longer-lived answer is better kept by the application than by a gateway cache. */
export const MAX_CACHE_TTL_SECONDS = 30 * 24 * 3600;

/** Response caching for one route; routes without it are not cached. */
export const routeCacheSchema = z.strictObject({
  /** `semantic` looks for an exact match first, then for a close enough prompt. */
  mode: z.enum(CACHE_MODES).default('exact'),
  ttlSeconds: z.number().int().positive().max(MAX_CACHE_TTL_SECONDS).default(3600),
  /** Cosine similarity a cached prompt needs to answer a new one (semantic mode). */
  similarityThreshold: z.number().gt(0).max(1).default(0.95),
});

export const gatewayRouteSchema = z.strictObject({
  model: z.string().min(1).max(256),
  strategy: z.enum(ROUTING_STRATEGIES).default('fallback'),
  targets: z.array(gatewayTargetSchema).min(1),
  retry: retryPolicySchema.optional(),
  complexity: complexityRuleSchema.optional(),
  cache: routeCacheSchema.optional(),
});

/** Settings shared by every cached route. */
export const gatewayCacheSchema = z.strictObject({
  /** Route (or `provider/model`) that embeds prompts for the semantic cache; called through the gateway itself. */
  embeddingRoute: z.string().min(1).max(512).optional(),
  /** Most prompts kept per semantic bucket (route + parameters); the oldest go first. */
  maxSemanticEntries: z.number().int().positive().max(1_000_000).default(50_000),
  /** Completions larger than this (serialised) are not cached. */
  maxEntryBytes: z.number().int().positive().default(1024 * 1024),
});

/** USD per 1M tokens for one model; `gateway.pricing` overrides the built-in table (src/domains/llm/cost/builtin-prices.ts). */
export const modelPriceSchema = z.strictObject({
  inputPer1M: z.number().nonnegative(),
  outputPer1M: z.number().nonnegative().default(0),
  /** Prompt tokens the provider served from its prompt cache (`usage.prompt_tokens_details.cached_tokens`); default: the input price. */
  cachedInputPer1M: z.number().nonnegative().optional(),
  /** Largest prompt + completion; budgets reserve the remainder when a request sets no `max_tokens`. */
  contextWindow: z.number().int().positive().optional(),
});

export const circuitBreakerSchema = z.strictObject({
  windowMs: z.number().int().positive().default(60_000),
  minRequests: z.number().int().positive().default(5),
  failureRate: z.number().gt(0).max(1).default(0.5),
  cooldownMs: z.number().int().positive().default(30_000),
});

export const gatewayConfigSchema = z
  .strictObject({
    providers: z.array(gatewayProviderSchema).default([]),
    routes: z.array(gatewayRouteSchema).default([]),
    retry: retryPolicySchema.prefault({}),
    circuitBreaker: circuitBreakerSchema.prefault({}),
    /** Per-attempt timeout when neither the target nor its provider sets one. */
    timeoutMs: timeoutMs.default(120_000),
    /** Largest accepted /v1 request body. */
    maxBodyBytes: z.number().int().positive().default(8 * 1024 * 1024),
    cache: gatewayCacheSchema.optional(),
    /** Prices by model name or `provider/model` (the latter wins); a target's own inputCostPer1M/outputCostPer1M win over both. */
    pricing: z.record(z.string().min(1).max(512), modelPriceSchema).optional(),
  })
  .superRefine((cfg, ctx) => {
    const providers = new Set<string>();
    cfg.providers.forEach((p, i) => {
      if (providers.has(p.name)) ctx.addIssue({ code: 'custom', path: ['providers', i, 'name'], message: `duplicate provider name '${p.name}'` });
      providers.add(p.name);
    });
    const routes = new Set<string>();
    cfg.routes.forEach((r, i) => {
      if (routes.has(r.model)) ctx.addIssue({ code: 'custom', path: ['routes', i, 'model'], message: `duplicate route '${r.model}'` });
      routes.add(r.model);
      r.targets.forEach((t, j) => {
        if (!providers.has(t.provider)) ctx.addIssue({ code: 'custom', path: ['routes', i, 'targets', j, 'provider'], message: `unknown provider '${t.provider}'` });
      });
      if (r.strategy === 'weighted' && !r.targets.some((t) => t.weight > 0)) {
        ctx.addIssue({ code: 'custom', path: ['routes', i, 'targets'], message: 'a weighted route needs at least one target with weight > 0' });
      }
      if (r.cache?.mode === 'semantic' && !cfg.cache?.embeddingRoute) {
        ctx.addIssue({ code: 'custom', path: ['routes', i, 'cache', 'mode'], message: 'semantic caching needs gateway.cache.embeddingRoute' });
      }
    });
  });

export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
export type GatewayProviderConfig = GatewayConfig['providers'][number];
export type GatewayRouteConfig = GatewayConfig['routes'][number];
export type GatewayTargetConfig = GatewayRouteConfig['targets'][number];
export type RetryPolicy = z.output<typeof retryPolicySchema>;
export type CircuitBreakerPolicy = z.output<typeof circuitBreakerSchema>;
export type ComplexityRule = z.output<typeof complexityRuleSchema>;
export type TargetCondition = z.output<typeof targetConditionSchema>;
export type RouteCacheConfig = z.output<typeof routeCacheSchema>;
export type GatewayCacheConfig = z.output<typeof gatewayCacheSchema>;
export type ModelPrice = z.output<typeof modelPriceSchema>;

/** `env:NAME` → NAME; undefined for an inline value. */
export function secretEnvName(value: string): string | undefined {
  return value.startsWith('env:') ? value.slice(4) : undefined;
}
