import { z } from 'zod';

export const apiKeyScopeSchema = z.enum(['read', 'write', 'admin']);
export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;

export const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scope: apiKeyScopeSchema.default('read'),
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
});
export type ApiKey = z.infer<typeof apiKeySchema>;

export const createdApiKeySchema = z.object({ key: apiKeySchema, secret: z.string() });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

/** What a request may do: read < write < admin. */
export const SCOPE_RANK: Readonly<Record<ApiKeyScope, number>> = { read: 1, write: 2, admin: 3 };
