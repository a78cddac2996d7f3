import { z } from 'zod';

/** The append-only logs retention can trim, each named for what it holds. */
export const RETENTION_TABLES = ['predictionLog', 'gatewayRequests', 'alertHistory'] as const;
export const retentionTableSchema = z.enum(RETENTION_TABLES);
export type RetentionTable = z.infer<typeof retentionTableSchema>;

/** The `retention` config section: days to keep per log (unset: forever) and the sweep interval. */
export interface RetentionSettings {
  predictionLogDays?: number | undefined;
  gatewayRequestDays?: number | undefined;
  alertHistoryDays?: number | undefined;
  sweepIntervalMs: number;
}

export const retentionPolicySchema = z.object({
  /** True when at least one log has a retention period. */
  enabled: z.boolean(),
  sweepIntervalMs: z.number().int(),
  /** Every log, with `keepDays` null when it is kept forever. */
  tables: z.array(z.object({ table: retentionTableSchema, keepDays: z.number().int().nullable() })),
});
export type RetentionPolicy = z.infer<typeof retentionPolicySchema>;

export const tableSweepSchema = z.object({
  table: retentionTableSchema,
  keepDays: z.number().int(),
  /** Rows from before this instant (epoch ms) were deleted. */
  cutoff: z.number().int(),
  /** Rows deleted: predictions (their feedback goes too), gateway requests, or alerts + notifications + inbox items. */
  deleted: z.number().int(),
  durationMs: z.number(),
  /** Set when this log's delete failed; the other logs were still swept. */
  error: z.string().optional(),
});
export type TableSweep = z.infer<typeof tableSweepSchema>;

export const retentionSweepSchema = z.object({
  startedAt: z.number().int(),
  finishedAt: z.number().int(),
  /** Only the logs that have a retention period. */
  tables: z.array(tableSweepSchema),
});
export type RetentionSweep = z.infer<typeof retentionSweepSchema>;

export const retentionStatusSchema = z.object({
  policy: retentionPolicySchema,
  /** The last sweep this server ran (null before its first); other servers sweep on their own. */
  lastSweep: retentionSweepSchema.nullable(),
});
export type RetentionStatus = z.infer<typeof retentionStatusSchema>;
