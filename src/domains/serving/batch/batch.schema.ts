import { z } from 'zod';

export const BATCH_FORMATS = ['csv', 'parquet', 'jsonl'] as const;
const formatSchema = z.enum(BATCH_FORMATS);

/** `<deployment>` or `<model>@<version|alias>`. */
export const batchTargetSchema = z.string().min(1).max(512).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*(@[A-Za-z0-9._-]+)?$/, 'must be a deployment name or model@version');

export const batchJobSpecSchema = z.strictObject({
  target: batchTargetSchema,
  /** A blob in the artifact store (upload it first), or a path every worker can read. */
  input: z.union([z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/), format: formatSchema.optional() }), z.strictObject({ path: z.string().min(1).max(4096), format: formatSchema.optional() })]),
  output: z.strictObject({ format: formatSchema }).prefault({ format: 'parquet' }),
  batchSize: z.number().int().min(1).max(10_000).default(1_000),
  /** Rows per queued shard; several workers take the shards of one job. */
  shardRows: z.number().int().min(1).max(100_000_000).default(100_000),
});
export type BatchJobSpec = z.input<typeof batchJobSpecSchema>;
export type ParsedBatchJobSpec = z.output<typeof batchJobSpecSchema>;

/** `GET /api/v1/batch-jobs?deployment=…&limit=…`: newest first. */
export const batchJobListQuerySchema = z.strictObject({
  /** Only the jobs whose target is this deployment (or `model@version`). */
  deployment: batchTargetSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export interface BatchSummary {
  totalRows: number;
  predictions: number;
  failedRows: number;
  errorRate: number;
  batches: number;
  p99BatchMs: number | null;
  elapsedMs: number;
  rowsPerSecond: number;
}

export type BatchJobState = 'queued' | 'running' | 'completed' | 'failed';

export interface BatchJob {
  id: string;
  spec: ParsedBatchJobSpec;
  state: BatchJobState;
  totalRows: number;
  shards: number;
  createdAt: number;
  finishedAt: number | null;
  error: string | null;
  summary: BatchSummary | null;
  /** Blobs of the results once completed (download through `/api/v1/batch-jobs/:id/output`). */
  output: { sha256: string; size: number } | null;
  failed: { sha256: string; size: number } | null;
}

export interface BatchJobStatus extends BatchJob {
  progress: { rows: number; failedRows: number; shardsDone: number; rowsPerSecond: number; etaSeconds: number | null };
}
