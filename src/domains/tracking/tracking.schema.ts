import { z } from 'zod';
import { KEY_PATTERN, KEY_PATTERN_MESSAGE, keyProblem, LIMITS } from './tracking.limits.js';

/**
 * Wire types of experiment tracking, shared by the REST API, the SDK, the CLI
 * and the MLflow face. Times are epoch milliseconds, as in MLflow.
 */
export const RUN_STATUSES = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof runStatusSchema>;

export const lifecycleStageSchema = z.enum(['active', 'deleted']);
export type LifecycleStage = z.infer<typeof lifecycleStageSchema>;

export { LIMITS } from './tracking.limits.js';

/** Metric, param and tag keys: MLflow's alphabet (letters, digits, `_ - . space /`), no `..` or leading `/`. */
export const keySchema = z
  .string()
  .min(1)
  .max(LIMITS.key)
  .regex(KEY_PATTERN, KEY_PATTERN_MESSAGE)
  .refine((k) => keyProblem(k) === null, 'must be a relative path without ..');

export const tagSchema = z.strictObject({ key: keySchema, value: z.string().max(LIMITS.tagValue) });
export type Tag = z.infer<typeof tagSchema>;
export const paramSchema = z.strictObject({ key: keySchema, value: z.string().max(LIMITS.paramValue) });
export type Param = z.infer<typeof paramSchema>;

/**
 * NaN and ±Infinity are real outcomes of training and are kept. JSON cannot
 * carry them, so requests may send the strings "NaN"/"Infinity"/"-Infinity" and
 * responses send such values as those strings (MLflow's server does the same;
 * see `metricValueToJson`). In-process callers may pass the JS values directly:
 * zod 4's z.number() rejects NaN and ±Infinity, hence the last member, which also
 * lets a service re-validate input a route already parsed.
 */
export const metricValueSchema = z.union([
  z.number(),
  z.enum(['NaN', 'Infinity', '-Infinity']).transform((s) => Number(s)),
  z.custom<number>((v) => typeof v === 'number', 'expected a number or "NaN", "Infinity", "-Infinity"'),
]);

export type JsonMetricValue = number | 'NaN' | 'Infinity' | '-Infinity';

/** The JSON form of a metric value: finite numbers as they are, the rest as strings. */
export function metricValueToJson(value: number): JsonMetricValue {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

export const metricSchema = z.strictObject({
  key: keySchema,
  value: metricValueSchema,
  timestamp: z.number().int().nonnegative(),
  step: z.number().int().default(0),
});
export type Metric = z.output<typeof metricSchema>;

export interface Experiment {
  experimentId: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: LifecycleStage;
  creationTime: number;
  lastUpdateTime: number;
  tags: Tag[];
}

export interface RunInfo {
  runId: string;
  runName: string;
  experimentId: string;
  userId: string;
  status: RunStatus;
  startTime: number;
  endTime: number | null;
  artifactUri: string;
  lifecycleStage: LifecycleStage;
}

export interface DatasetRef {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  schema?: string | undefined;
  profile?: string | undefined;
}

export interface DatasetInput {
  dataset: DatasetRef;
  tags: Tag[];
}

export interface Run {
  info: RunInfo;
  /** `metrics` holds the latest value per key (highest step, then latest timestamp), as MLflow does. */
  data: { metrics: Metric[]; params: Param[]; tags: Tag[] };
  inputs: { datasetInputs: DatasetInput[] };
}

export interface ArtifactEntry {
  path: string;
  isDir: boolean;
  size?: number;
  sha256?: string;
}

/* ---------- request shapes (Keel REST; the MLflow face maps its own onto these) ---------- */

export const createExperimentSchema = z.strictObject({
  name: z.string().trim().min(1).max(LIMITS.experimentName),
  artifactLocation: z.string().max(2000).optional(),
  tags: z.array(tagSchema).max(LIMITS.batchTags).default([]),
});
export type CreateExperimentInput = z.input<typeof createExperimentSchema>;

export const createRunSchema = z.strictObject({
  experimentId: z.string().min(1).optional(),
  /** Alternative to experimentId: created when missing. */
  experimentName: z.string().trim().min(1).max(LIMITS.experimentName).optional(),
  runName: z.string().max(LIMITS.runName).optional(),
  userId: z.string().max(250).optional(),
  startTime: z.number().int().nonnegative().optional(),
  parentRunId: z.string().regex(/^[0-9a-f]{32}$/).optional(),
  tags: z.array(tagSchema).max(LIMITS.batchTags).default([]),
  params: z.array(paramSchema).max(LIMITS.batchParams).default([]),
});
export type CreateRunInput = z.input<typeof createRunSchema>;

export const updateRunSchema = z.strictObject({
  status: runStatusSchema.optional(),
  endTime: z.number().int().nonnegative().optional(),
  runName: z.string().max(LIMITS.runName).optional(),
});
export type UpdateRunInput = z.input<typeof updateRunSchema>;

export const logBatchSchema = z
  .strictObject({
    metrics: z.array(metricSchema).max(LIMITS.batchMetrics).default([]),
    params: z.array(paramSchema).max(LIMITS.batchParams).default([]),
    tags: z.array(tagSchema).max(LIMITS.batchTags).default([]),
  })
  .refine((b) => b.metrics.length + b.params.length + b.tags.length <= LIMITS.batchTotal, {
    message: `a batch may hold at most ${LIMITS.batchTotal} metrics, params and tags in total`,
  });
export type LogBatchInput = z.input<typeof logBatchSchema>;

/**
 * Keel's columnar metric batch: one entry per key with its points as parallel columns,
 * so a request carries three numbers per point instead of an object with four named
 * fields (≈3× fewer bytes, and no object per point to build, parse and check). Each
 * column is a JSON array, or base64 of little-endian float64s. The
 * route validates it with `parseMetricSeriesBatch` (same rules, same error paths);
 * this schema documents it and is the reference those rules follow.
 */
const toColumn = (xs: number[]): Float64Array<ArrayBuffer> => Float64Array.from(xs);
/** Entries already checked by their column's own schema; NaN and ±Infinity pass (z.number() would refuse them). */
const checkedEntries = z.array(z.custom<number>((v) => typeof v === 'number'));

/**
 * A column's other spelling: base64 of little-endian float64s. It is what the SDK sends:
 * printing and parsing a float as text costs ~150 ns each way here, copying 8 bytes
 * through base64 a few ns, and that decided whether a 2-core machine ingests 1M points/s.
 */
const float64Base64 = z
  .base64()
  .describe('base64 of little-endian float64s, one per point')
  .transform((text, ctx) => {
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length % 8 === 0) return Array.from(new Float64Array(new Uint8Array(bytes).buffer));
    ctx.addIssue({ code: 'custom', message: `expected whole float64s (8 bytes each), got ${bytes.length} bytes` });
    return z.NEVER;
  });

const integerColumn = (min?: number) => {
  const entry = min === undefined ? z.number().int() : z.number().int().min(min);
  return z.union([z.array(entry), float64Base64.pipe(z.array(entry))]);
};

export const metricSeriesSchema = z
  .strictObject({
    key: keySchema,
    steps: integerColumn().pipe(checkedEntries.min(1).max(LIMITS.seriesPoints)).transform(toColumn),
    timestamps: integerColumn(0).pipe(checkedEntries.max(LIMITS.seriesPoints)).transform(toColumn),
    values: z.union([z.array(metricValueSchema), float64Base64]).pipe(checkedEntries.max(LIMITS.seriesPoints)).transform(toColumn),
  })
  .refine((s) => s.timestamps.length === s.steps.length && s.values.length === s.steps.length, { message: 'steps, timestamps and values must have the same length' });

/** A validated series: columns of equal length, NaN/±Infinity as JS numbers. */
export type MetricSeries = z.output<typeof metricSeriesSchema>;

export const logMetricSeriesSchema = z
  .strictObject({ series: z.array(metricSeriesSchema).max(LIMITS.seriesKeys) })
  .refine((b) => b.series.reduce((n, s) => n + s.steps.length, 0) <= LIMITS.seriesPoints, { message: `a columnar batch may hold at most ${LIMITS.seriesPoints} points` })
  .refine((b) => new Set(b.series.map((s) => s.key)).size === b.series.length, { message: 'each key may appear in one series only' });

/** A series as callers send it: plain arrays (JSON) or typed arrays (in-process). */
export interface MetricSeriesInput {
  key: string;
  steps: ArrayLike<number>;
  timestamps: ArrayLike<number>;
  values: ArrayLike<JsonMetricValue>;
}

export const datasetInputSchema = z.strictObject({
  dataset: z.strictObject({
    name: z.string().min(1).max(500),
    digest: z.string().min(1).max(36),
    sourceType: z.string().min(1).max(36),
    source: z.string().max(65_535),
    schema: z.string().max(1_048_576).optional(),
    profile: z.string().max(16_384).optional(),
  }),
  tags: z.array(tagSchema).max(LIMITS.batchTags).default([]),
});
export type DatasetInputInput = z.input<typeof datasetInputSchema>;

export const searchRunsSchema = z.strictObject({
  experimentIds: z.array(z.string().min(1)).min(1).max(100),
  /** MLflow's filter grammar: `metrics.acc > 0.9 and params.lr = '0.01'`. */
  filter: z.string().max(10_000).default(''),
  runViewType: z.enum(['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL']).default('ACTIVE_ONLY'),
  maxResults: z.number().int().min(1).max(LIMITS.searchMaxResults).default(1000),
  /** e.g. `metrics.acc DESC`, `attributes.start_time`, `params.lr ASC`. */
  orderBy: z.array(z.string().max(500)).max(10).default([]),
  pageToken: z.string().max(500).optional(),
});
export type SearchRunsInput = z.input<typeof searchRunsSchema>;

export const searchExperimentsSchema = z.strictObject({
  filter: z.string().max(10_000).default(''),
  viewType: z.enum(['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL']).default('ACTIVE_ONLY'),
  maxResults: z.number().int().min(1).max(50_000).default(1000),
  orderBy: z.array(z.string().max(500)).max(10).default([]),
  pageToken: z.string().max(500).optional(),
});
export type SearchExperimentsInput = z.input<typeof searchExperimentsSchema>;

export const metricHistorySchema = z.strictObject({
  runId: z.string().min(1),
  key: keySchema,
  /** When set, returns at most this many buckets, each with min/max/last, for charts. */
  maxPoints: z.coerce.number().int().min(2).max(100_000).optional(),
  pageToken: z.string().max(500).optional(),
  maxResults: z.coerce.number().int().min(1).max(1_000_000).default(25_000),
});

export interface MetricBucket {
  step: number;
  min: number;
  max: number;
  last: number;
  timestamp: number;
  count: number;
}
