import { z } from 'zod';

export const healthSchema = z.object({ status: z.enum(['ok', 'unavailable']), version: z.string(), error: z.string().optional() });
export type Health = z.infer<typeof healthSchema>;

export const readinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() })),
});
export type Readiness = z.infer<typeof readinessSchema>;

export const engineInfoSchema = z.object({
  database: z.object({ type: z.enum(['sqlite', 'postgres']) }),
  artifacts: z.object({ type: z.enum(['fs', 's3']) }),
  kv: z.object({ type: z.enum(['sqlite', 'redis']) }),
  queue: z.object({ type: z.enum(['embedded', 'postgres']) }),
});
export type EngineInfo = z.infer<typeof engineInfoSchema>;

export const statusSchema = engineInfoSchema.extend({
  version: z.string(),
  startedAt: z.number().int(),
  uptimeMs: z.number().int(),
  auth: z.object({ enabled: z.boolean() }),
});
export type ServerStatus = z.infer<typeof statusSchema>;

/** Retention's wire types, from the one schema file per domain the SDK may read. */
export type { RetentionPolicy, RetentionStatus, RetentionSweep, RetentionTable, TableSweep } from './retention/retention.schema.js';
