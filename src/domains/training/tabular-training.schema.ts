/** Wire types of built-in tabular training (`keel train tabular`, POST /api/v1/training/tabular). */
import { z } from 'zod';

export const TABULAR_MODEL_KINDS = ['logreg', 'forest', 'gbdt', 'mlp'] as const;
const SHA256 = /^[0-9a-f]{64}$/;

export const tabularDatasetSchema = z.union([
  /** An uploaded file (POST /api/v1/monitoring/datasets) or any stored artifact. */
  z.strictObject({ sha256: z.string().regex(SHA256, 'a lowercase hex sha256'), format: z.enum(['csv', 'parquet', 'jsonl']).optional(), name: z.string().min(1).max(500).optional() }),
  /** A registered dataset version (resolved by the datasets service). */
  z.strictObject({ name: z.string().min(1).max(500), version: z.string().min(1).max(100).optional() }),
  z.strictObject({ rows: z.array(z.record(z.string().max(1000), z.unknown())).min(2).max(100_000) }),
]);
export type TabularDataset = z.infer<typeof tabularDatasetSchema>;

export const trainTabularRequestSchema = z.strictObject({
  dataset: tabularDatasetSchema,
  target: z.string().min(1).max(1000),
  model: z.enum(TABULAR_MODEL_KINDS),
  params: z.record(z.string().min(1).max(100), z.union([z.string().max(1000), z.number(), z.boolean()])).default({}),
  features: z.array(z.string().min(1).max(1000)).min(1).max(10_000).optional(),
  split: z.number().gt(0).lt(1).default(0.8),
  task: z.enum(['classification', 'regression']).optional(),
  experiment: z.string().trim().min(1).max(500).optional(),
  runName: z.string().min(1).max(250).optional(),
  /** Registers the ONNX model as a new version of this registered model (created when missing). */
  register: z.string().min(1).max(250).optional(),
});
export type TrainTabularRequest = z.input<typeof trainTabularRequestSchema>;

export interface TabularTrainingReport {
  runId: string;
  experimentId: string;
  model: (typeof TABULAR_MODEL_KINDS)[number];
  task: 'classification' | 'regression';
  classes: string[];
  features: string[];
  params: Record<string, unknown>;
  metrics: Record<string, number>;
  rows: { train: number; validation: number };
  /** Steps (epochs / trees / rounds) trained. */
  steps: number;
  artifacts: string[];
  registered: { name: string; version: number } | null;
  durationMs: number;
}
