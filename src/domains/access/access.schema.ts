import { z } from 'zod';

export const apiKeyScopeSchema = z.enum(['read', 'write', 'admin']);
export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;

export const BUDGET_PERIODS = ['day', 'week', 'month', 'total'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

/**
 * What a key may do through the LLM gateway (`/v1`). Every field is optional; a
 * key without limits is unlimited. Periods are calendar periods in UTC (weeks
 * start on Monday); `total` never resets.
 */
export const gatewayKeyLimitsSchema = z.strictObject({
  /** Route names or `provider/model` names; `provider/*` allows every model of a provider. */
  models: z.array(z.string().min(1).max(512)).min(1).max(1_000).optional(),
  budget: z.strictObject({ usd: z.number().positive().max(1e9), period: z.enum(BUDGET_PERIODS) }).optional(),
  /** Requests per minute (sliding window). */
  rpm: z.number().int().positive().max(1e9).optional(),
  /** Tokens (prompt + completion) per minute (sliding window). */
  tpm: z.number().int().positive().max(1e12).optional(),
  /** Calls in flight at once. */
  maxParallel: z.number().int().positive().max(1e6).optional(),
});
export type GatewayKeyLimits = z.infer<typeof gatewayKeyLimitsSchema>;

export const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scope: apiKeyScopeSchema.default('read'),
  limits: gatewayKeyLimitsSchema.optional(),
});
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: apiKeyScopeSchema,
  /** The first characters of the secret, to recognise a key without revealing it. */
  prefix: z.string(),
  createdAt: z.number().int(),
  revokedAt: z.number().int().nullable(),
  /** Present only when the key was created with gateway limits. */
  limits: gatewayKeyLimitsSchema.optional(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

export const createdApiKeySchema = z.object({ key: apiKeySchema, secret: z.string() });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

/** What a request may do: read < write < admin. */
export const SCOPE_RANK: Readonly<Record<ApiKeyScope, number>> = { read: 1, write: 2, admin: 3 };
