import type { Generated } from 'kysely';

/**
 * Kysely row types of experiment tracking. Times are epoch milliseconds.
 * Experiment ids are sequential integers (MLflow's shape), exposed as strings.
 */
export interface ExperimentsTable {
  experiment_id: Generated<number>;
  name: string;
  artifact_location: string;
  lifecycle_stage: string;
  creation_time: number;
  last_update_time: number;
}

export interface ExperimentTagsTable {
  experiment_id: number;
  key: string;
  value: string;
}

export interface RunsTable {
  run_id: string;
  experiment_id: number;
  run_name: string;
  user_id: string;
  status: string;
  start_time: number;
  end_time: number | null;
  lifecycle_stage: string;
  artifact_uri: string;
  deleted_time: number | null;
}

export interface RunKeyValueTable {
  run_id: string;
  key: string;
  value: string;
}

/**
 * One row per (run, metric key): the integer id every block of points refers to, and
 * the latest point (highest step, then latest timestamp) with min/max over the whole
 * series (NaN ignored), so search and run pages never read history. SQLite stores
 * NaN as NULL, so NaN is `value = null, is_nan = 1` in both engines; ±Infinity round-trips.
 */
export interface MetricSeriesTable {
  series_id: Generated<number>;
  run_id: string;
  key: string;
  step: number;
  timestamp: number;
  value: number | null;
  is_nan: number;
  min_value: number | null;
  max_value: number | null;
}

/**
 * The points of one series written by one batch, packed column-wise (see
 * metric-blocks.ts): a 1000-point batch over k keys is k rows, not 1000.
 */
export interface MetricBlocksTable {
  block_id: Generated<number>;
  series_id: number;
  min_step: number;
  max_step: number;
  count: number;
  points: Uint8Array;
}

export interface DatasetsTable {
  dataset_id: string;
  experiment_id: number;
  name: string;
  digest: string;
  source_type: string;
  source: string;
  schema: string | null;
  profile: string | null;
}

export interface RunInputsTable {
  run_id: string;
  dataset_id: string;
  /** JSON array of {key, value}; `mlflow.data.context` among them. */
  tags: string;
  /** The `mlflow.data.context` tag, copied out so `datasets.context` filters need no JSON parsing. */
  context: string | null;
}

export interface ArtifactsTable {
  path: string;
  run_id: string | null;
  sha256: string;
  size: number;
  created_at: number;
}

export interface TrackingTables {
  experiments: ExperimentsTable;
  experiment_tags: ExperimentTagsTable;
  runs: RunsTable;
  run_params: RunKeyValueTable;
  run_tags: RunKeyValueTable;
  metric_series: MetricSeriesTable;
  metric_blocks: MetricBlocksTable;
  datasets: DatasetsTable;
  run_inputs: RunInputsTable;
  artifacts: ArtifactsTable;
}
