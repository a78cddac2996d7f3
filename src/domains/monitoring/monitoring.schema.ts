/** Wire types of drift detection, shared by the REST API, the SDK and the CLI. */
import { z } from 'zod';

export const DRIFT_TESTS = ['ks', 'chi2', 'z', 'psi', 'wasserstein', 'js'] as const;
export type DriftTestName = (typeof DRIFT_TESTS)[number];
export const driftTestSchema = z.enum(DRIFT_TESTS);
/** `auto` picks per column as Evidently does (see test-choice.ts). */
export const driftTestChoiceSchema = z.enum([...DRIFT_TESTS, 'auto']);
export type DriftTestChoice = z.infer<typeof driftTestChoiceSchema>;

export const TABULAR_FORMATS = ['csv', 'parquet', 'jsonl'] as const;
const SHA256 = /^[0-9a-f]{64}$/;
/** Inline rows are for small samples; larger data goes through an upload (streamed, typed). */
export const MAX_INLINE_ROWS = 100_000;
const MAX_COLUMNS = 10_000;

const columnName = z.string().min(1).max(1000);

export const datasetRefSchema = z.union([
  z.strictObject({ sha256: z.string().regex(SHA256, 'a lowercase hex sha256'), format: z.enum(TABULAR_FORMATS).optional() }),
  z.strictObject({ rows: z.array(z.record(z.string().max(1000), z.unknown())).min(1).max(MAX_INLINE_ROWS) }),
]);
export type DatasetRef = z.infer<typeof datasetRefSchema>;

export const columnOverrideSchema = z.strictObject({
  test: driftTestChoiceSchema.optional(),
  threshold: z.number().finite().positive().optional(),
});

export const driftOptionsSchema = z.strictObject({
  /** Dataset drift when at least this share of the tested columns drift. Default 0.5. */
  driftShare: z.number().finite().gt(0).max(1).optional(),
  /** Threshold per test (p-value tests: drift when p < threshold; distances: when ≥). */
  thresholds: z.partialRecord(driftTestSchema, z.number().finite().positive()).optional(),
  /** Benjamini–Hochberg across the p-value tests of the report. */
  fdr: z.boolean().optional(),
  psiBins: z.number().int().min(2).max(1000).optional(),
  /** Per column: another test and/or threshold. */
  perColumn: z.record(columnName, columnOverrideSchema).optional(),
});
export type DriftOptions = z.infer<typeof driftOptionsSchema>;

export const driftRequestSchema = z.strictObject({
  reference: datasetRefSchema,
  current: datasetRefSchema,
  columns: z.array(columnName).min(1).max(MAX_COLUMNS).optional(),
  test: driftTestChoiceSchema.optional(),
  options: driftOptionsSchema.optional(),
});
export type DriftRequest = z.infer<typeof driftRequestSchema>;

/** One column of the report. Field names are the public JSON contract: never rename them. */
export interface ColumnDrift {
  type: 'numeric' | 'categorical';
  /** The test applied; absent with `not_computable`. */
  test: DriftTestName | null;
  statistic: number | null;
  /** null for distance tests (psi, wasserstein, js) and for columns not computable. */
  p_value: number | null;
  /** Benjamini–Hochberg adjusted p-value, when `fdr` was asked for. */
  p_value_adjusted?: number | null;
  threshold: number | null;
  drifted: boolean;
  /** PSI of the column, whatever test decided `drifted` (quantile bins, see psi.ts). */
  psi: number | null;
  /** Non-missing values compared. */
  reference_count: number;
  current_count: number;
  /** Why no test ran (all values missing, mixed types, …); the column then never counts as drifted. */
  not_computable?: string;
}

export interface DriftReport {
  dataset_drift: boolean;
  /** Drifted columns / tested (computable) columns. */
  drift_share: number;
  /** The share at or above which the dataset counts as drifted. */
  drift_share_threshold: number;
  number_of_columns: number;
  number_of_drifted_columns: number;
  reference_rows: number;
  current_rows: number;
  fdr: boolean;
  columns: Record<string, ColumnDrift>;
}

export interface UploadedDataset {
  sha256: string;
  size: number;
}
