/**
 * Wire types of scheduled monitors, shared by the REST API, the SDK and the CLI. A monitor watches a
 * deployment's prediction log (or a stored dataset) window by window against a reference, and keeps
 * a time series of per-column drift statistics, model performance and infrastructure numbers.
 */
import { z } from 'zod';
import { driftOptionsSchema, driftTestChoiceSchema, MAX_INLINE_ROWS, TABULAR_FORMATS, type ColumnDrift, type DriftReport } from './monitoring.schema.js';

export const monitorNameSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][\w.-]*$/, 'must start with a letter or digit and contain only letters, digits, underscores, dashes and periods');

const SHA256 = /^[0-9a-f]{64}$/;
const storedDataset = z.strictObject({ sha256: z.string().regex(SHA256, 'a lowercase hex sha256'), format: z.enum(TABULAR_FORMATS).optional() });

/** What is watched: a deployment's prediction log, or a stored dataset (replaced by updating the monitor). */
export const monitorSourceSchema = z.union([z.strictObject({ deployment: z.string().min(1).max(128) }), z.strictObject({ dataset: storedDataset })]);
export type MonitorSource = z.infer<typeof monitorSourceSchema>;

/**
 * What "normal" looks like:
 * - `dataset`: an uploaded file or any stored artifact, by sha256;
 * - `registry`: the training data a registered model version names (a dataset whose digest or `blob:` source is a stored blob);
 * - `window`: a fixed span of the deployment's own prediction log (epoch ms);
 * - `rows`: a small inline sample.
 */
export const monitorReferenceSchema = z.union([
  z.strictObject({ dataset: storedDataset }),
  z.strictObject({ registry: z.strictObject({ model: z.string().min(1).max(256), version: z.number().int().min(1), dataset: z.string().min(1).max(500).optional() }) }),
  z.strictObject({ window: z.strictObject({ from: z.number().int().min(0), to: z.number().int().min(1) }).refine((w) => w.to > w.from, { message: 'to must be after from' }) }),
  z.strictObject({ rows: z.array(z.record(z.string().max(1000), z.unknown())).min(1).max(MAX_INLINE_ROWS) }),
]);
export type MonitorReference = z.infer<typeof monitorReferenceSchema>;

/** Time windows run on their boundaries; count windows run once that many new predictions are logged. */
export const monitorWindowSchema = z.union([
  z.strictObject({ every: z.enum(['hourly', 'daily']) }),
  z.strictObject({ seconds: z.number().int().min(10).max(366 * 86_400) }),
  z.strictObject({ predictions: z.number().int().min(10).max(1_000_000) }),
]);
export type MonitorWindow = z.infer<typeof monitorWindowSchema>;

/** How the prediction log reads as a model's answers; everything is inferred when absent. */
export const performanceSettingsSchema = z.strictObject({
  task: z.enum(['classification', 'regression']).optional(),
  /** The output holding the predicted class or value (default: `label`, `prediction` or the only output). */
  prediction: z.string().min(1).max(256).optional(),
  /** The output holding probabilities: one column = P(positive class), k columns = one per class. */
  probability: z.string().min(1).max(256).optional(),
  /** Class names in probability-column order (default "0", "1", …). */
  classes: z.array(z.string().min(1).max(256)).min(2).max(1000).optional(),
  /** Registry metric key of the baseline accuracy (default: accuracy, val_accuracy, test_accuracy). */
  baselineMetric: z.string().min(1).max(250).optional(),
  /** Degradation allowed below the baseline before `degraded` is true. Default 0.05. */
  tolerance: z.number().min(0).max(1).optional(),
});
export type PerformanceSettings = z.infer<typeof performanceSettingsSchema>;

export const createMonitorSchema = z.strictObject({
  name: monitorNameSchema,
  source: monitorSourceSchema,
  reference: monitorReferenceSchema,
  window: monitorWindowSchema,
  /** Columns to test (default: every column the reference and the window share). */
  columns: z.array(z.string().min(1).max(1000)).min(1).max(10_000).optional(),
  test: driftTestChoiceSchema.optional(),
  options: driftOptionsSchema.optional(),
  performance: performanceSettingsSchema.optional(),
  /** Off: runs only on demand. */
  enabled: z.boolean().optional(),
  description: z.string().max(2000).optional(),
});
export type CreateMonitorInput = z.infer<typeof createMonitorSchema>;

export const updateMonitorSchema = createMonitorSchema.omit({ name: true }).partial();
export type UpdateMonitorInput = z.infer<typeof updateMonitorSchema>;

export type MonitorConfig = Omit<CreateMonitorInput, 'name' | 'enabled'>;

export type RunStatus = 'ok' | 'failed' | 'skipped';

export interface Monitor {
  name: string;
  config: MonitorConfig;
  enabled: boolean;
  /** When the scheduler runs it next (null: disabled). */
  nextRunAt: number | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

/** A monitor with the outcome of its latest run, for lists. */
export interface MonitorSummary extends Monitor {
  lastRun: { id: string; status: RunStatus; windowEnd: number; datasetDrift: boolean | null; driftShare: number | null; error: string | null } | null;
}

export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  /** Mean top-label confidence of the bin. */
  confidence: number | null;
  /** Share of the bin's predictions that were right. */
  accuracy: number | null;
}

export interface ClassMetrics {
  precision: number | null;
  recall: number | null;
  f1: number | null;
  support: number;
}

/** Numbers that need labels; null where undefined (one class only, no probabilities…). */
export interface MeasuredPerformance {
  accuracy?: number | null;
  precision_macro?: number | null;
  recall_macro?: number | null;
  f1_macro?: number | null;
  per_class?: Record<string, ClassMetrics>;
  roc_auc?: number | null;
  log_loss?: number | null;
  ece?: number | null;
  reliability?: ReliabilityBin[];
  mae?: number | null;
  rmse?: number | null;
  r2?: number | null;
}

export interface PerformanceResult {
  task: 'classification' | 'regression';
  rows: number;
  labelled: number;
  labelled_fraction: number;
  /** Present once at least one label joined; replaces the estimate. */
  measured: MeasuredPerformance | null;
  /** CBPE from the probabilities, computed on every row whether or not labels arrived. */
  estimated: { accuracy: number | null; roc_auc: number | null } | null;
  /** Predicted class counts (classification) or histogram (regression) and Shannon entropy in nats. */
  prediction_distribution: { labels: string[]; counts: number[]; entropy: number | null };
  baseline: { metric: string; value: number } | null;
  /** baseline − accuracy (measured when labelled, else estimated); positive = worse. */
  degradation: number | null;
  degraded: boolean | null;
  /** When the labels were last read for this window (epoch ms); later feedback makes it worth measuring again. */
  measured_at?: number;
}

export interface InfraSnapshot {
  deployment: string;
  window_seconds: number;
  requests: number;
  throughput_rps: number;
  /** Fallback answers and model errors over requests, in the window. */
  error_rate: number | null;
  latency_p50_seconds: number | null;
  latency_p95_seconds: number | null;
  latency_p99_seconds: number | null;
  queue_depth: number | null;
  memory_bytes: number | null;
  gpu_utilization: number | null;
  service_up: boolean;
}

export interface ColumnHistogram {
  name: string;
  type: 'numeric' | 'categorical';
  labels: string[];
  reference: number[];
  current: number[];
}

export interface MonitorRunResult {
  drift: DriftReport | null;
  /** Why drift was not computed (no rows in the window, reference unreadable…). */
  drift_error?: string;
  histograms: ColumnHistogram[];
  performance: PerformanceResult | null;
  infra: InfraSnapshot | null;
}

export interface MonitorRun {
  id: string;
  monitor: string;
  trigger: 'schedule' | 'manual';
  status: RunStatus;
  error: string | null;
  windowStart: number;
  windowEnd: number;
  startedAt: number;
  finishedAt: number;
  rows: number;
  labelledRows: number;
  datasetDrift: boolean | null;
  driftShare: number | null;
  result: MonitorRunResult;
}

export interface ColumnPoint {
  runId: string;
  at: number;
  column: string;
  test: string | null;
  statistic: number | null;
  p_value: number | null;
  drifted: boolean;
  psi: number | null;
  current_count: number;
  not_computable: string | null;
}

export type { ColumnDrift };

export const runMonitorSchema = z.strictObject({
  /** End of the window (epoch ms); default now. */
  windowEnd: z.number().int().min(1).optional(),
});
export type RunMonitorInput = z.infer<typeof runMonitorSchema>;
