import { z } from 'zod';
import { BUDGET_PERIODS, gatewayKeyLimitsSchema } from '../access/index.js';

/**
 * Wire types of the gateway's usage API (request log, spend and tokens over
 * time, budgets), shared by the server, the SDK (types only) and the CLI.
 */

export const CACHE_RESULTS = ['hit', 'semantic-hit', 'miss', 'none'] as const;

export const gatewayRequestRecordSchema = z.object({
  /** Keel's id of the log row. */
  id: z.string(),
  /** The HTTP request id (`x-request-id`). */
  requestId: z.string(),
  /** Epoch ms the call started. */
  at: z.number(),
  kind: z.enum(['chat', 'embeddings']),
  /** As requested: a route name or `provider/model`. */
  model: z.string(),
  route: z.string().nullable(),
  provider: z.string().nullable(),
  providerModel: z.string().nullable(),
  status: z.number().int(),
  stream: z.boolean(),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  costUsd: z.number(),
  latencyMs: z.number(),
  /** Streams: time to the first byte relayed. */
  ttftMs: z.number().nullable(),
  /** `hit`, `semantic-hit` or `miss` as the cache decided; `none` when the route is not cached. */
  cache: z.string(),
  keyId: z.string().nullable(),
  /** The request's `user` field. */
  user: z.string().nullable(),
  tags: z.array(z.string()),
  /** Provider attempts (retries and fallback). */
  attempts: z.number().int(),
  usageSource: z.enum(['provider', 'counted']).nullable(),
  error: z.string().nullable(),
});
export type GatewayRequestRecord = z.infer<typeof gatewayRequestRecordSchema>;

/** Epoch ms or an ISO 8601 date/time. */
const instant = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const ms = typeof v === 'number' ? v : /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: 'expected epoch milliseconds or an ISO 8601 time' });
    return z.NEVER;
  }
  return ms;
});

const filters = {
  key: z.string().min(1).max(128).optional(),
  /** The requested model, or the `provider/model` or provider model that answered. */
  model: z.string().min(1).max(512).optional(),
  route: z.string().min(1).max(512).optional(),
  user: z.string().min(1).max(512).optional(),
  tag: z.string().min(1).max(200).optional(),
  /** An HTTP status, or `ok` (< 400) / `error` (≥ 400). */
  status: z.union([z.enum(['ok', 'error']), z.coerce.number().int().min(100).max(599)]).optional(),
  /** Inclusive. */
  from: instant.optional(),
  /** Exclusive. */
  to: instant.optional(),
};

export const requestLogQuerySchema = z.strictObject({
  ...filters,
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  pageToken: z.string().max(500).optional(),
});
export type RequestLogQueryInput = z.input<typeof requestLogQuerySchema>;
export type RequestLogQuery = z.output<typeof requestLogQuerySchema>;

export const requestLogPageSchema = z.object({ requests: z.array(gatewayRequestRecordSchema), nextPageToken: z.string().optional() });
export type RequestLogPage = z.infer<typeof requestLogPageSchema>;

export const USAGE_GROUPS = ['model', 'key', 'route', 'tag', 'user', 'provider'] as const;
export type UsageGroup = (typeof USAGE_GROUPS)[number];

export const usageQuerySchema = z.strictObject({
  ...filters,
  groupBy: z.enum(USAGE_GROUPS).default('model'),
  interval: z.enum(['hour', 'day']).default('day'),
});
export type UsageQueryInput = z.input<typeof usageQuerySchema>;
export type UsageQuery = z.output<typeof usageQuerySchema>;

export const usageBucketSchema = z.object({
  /** Epoch ms the bucket starts (UTC). */
  start: z.number(),
  /** The group's value (a model, key id, route, tag…); `''` when the call had none. */
  group: z.string(),
  requests: z.number().int(),
  errors: z.number().int(),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  costUsd: z.number(),
});
export type UsageBucket = z.infer<typeof usageBucketSchema>;

export const usageReportSchema = z.object({
  groupBy: z.enum(USAGE_GROUPS),
  interval: z.enum(['hour', 'day']),
  buckets: z.array(usageBucketSchema),
  /** One row per group over the whole range, dearest first. */
  totals: z.array(usageBucketSchema.omit({ start: true })),
});
export type UsageReport = z.infer<typeof usageReportSchema>;

export const keyBudgetSchema = z.object({
  keyId: z.string(),
  name: z.string(),
  revoked: z.boolean(),
  limits: gatewayKeyLimitsSchema,
  /** The current period's spend, reservations of calls in flight included; null when the key has no budget. */
  budget: z
    .object({
      period: z.enum(BUDGET_PERIODS),
      limitUsd: z.number(),
      spentUsd: z.number(),
      periodStart: z.number(),
      resetsAt: z.number().nullable(),
    })
    .nullable(),
});
export type KeyBudget = z.infer<typeof keyBudgetSchema>;
