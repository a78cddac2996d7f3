import type {
  DatasetInput,
  Experiment,
  LifecycleStage,
  Metric,
  MetricBucket,
  MetricSeries,
  Param,
  Run,
  RunInfo,
  RunStatus,
  Tag,
} from './tracking.schema.js';

/* ---------- the parsed search grammar (search-filter.ts, order-by.ts build it; stores compile it) ---------- */

export type ComparisonOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'LIKE' | 'ILIKE';
export type FilterEntity = 'metric' | 'param' | 'tag' | 'attribute' | 'dataset';

/** Run attributes a filter may name; experiment filters use EXPERIMENT_ATTRIBUTES. */
export const RUN_STRING_ATTRIBUTES = ['run_id', 'run_name', 'status', 'user_id', 'artifact_uri', 'lifecycle_stage'] as const;
export const RUN_NUMERIC_ATTRIBUTES = ['start_time', 'end_time'] as const;
export const EXPERIMENT_STRING_ATTRIBUTES = ['name', 'experiment_id'] as const;
export const EXPERIMENT_NUMERIC_ATTRIBUTES = ['creation_time', 'last_update_time'] as const;
export const DATASET_FIELDS = ['name', 'digest', 'context'] as const;

/**
 * One `AND`ed clause. Metric and numeric-attribute comparisons carry numbers;
 * everything else carries strings, as in MLflow.
 */
export type FilterClause =
  | { kind: 'compare'; entity: FilterEntity; key: string; op: ComparisonOp; value: number | string }
  | { kind: 'in'; entity: 'attribute' | 'dataset'; key: string; negated: boolean; values: string[] }
  | { kind: 'null'; entity: 'metric' | 'param' | 'tag' | 'attribute'; key: string; negated: boolean };

export interface OrderByClause {
  entity: 'metric' | 'param' | 'tag' | 'attribute';
  key: string;
  ascending: boolean;
}

export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

/* ---------- records the port takes and returns ---------- */

export interface NewExperiment {
  name: string;
  /** Absent: the store sets `defaultArtifactLocation(id)` once the sequential id is known. */
  artifactLocation: string | undefined;
  tags: Tag[];
  creationTime: number;
}

export interface NewRun {
  runId: string;
  experimentId: string;
  runName: string;
  userId: string;
  status: RunStatus;
  startTime: number;
  artifactUri: string;
  tags: Tag[];
  params: Param[];
}

export interface RunPatch {
  status?: RunStatus | undefined;
  endTime?: number | undefined;
  runName?: string | undefined;
  lifecycleStage?: LifecycleStage | undefined;
  deletedTime?: number | null | undefined;
  /** Upserted in the same transaction (e.g. `mlflow.runName` follows a rename). */
  tags?: Tag[] | undefined;
}

export interface MetricSummary {
  runId: string;
  key: string;
  latest: number;
  min: number | null;
  max: number | null;
}

export interface ArtifactRecord {
  /** Full path in the artifact space: `<experimentId>/<runId>/artifacts/<rel>`. */
  path: string;
  runId: string | null;
  sha256: string;
  size: number;
  createdAt: number;
}

export interface RunSearchQuery {
  experimentIds: string[];
  filter: FilterClause[];
  viewType: ViewType;
  orderBy: OrderByClause[];
  offset: number;
  limit: number;
}

export interface ExperimentSearchQuery {
  filter: FilterClause[];
  viewType: ViewType;
  orderBy: OrderByClause[];
  offset: number;
  limit: number;
}

/**
 * Storage port of experiment tracking. Ids are validated by the service first;
 * the store answers `null`/`false` for unknown ones and throws AppError for
 * conflicts (ALREADY_EXISTS for a taken name, INVALID_ARGUMENT for a param
 * re-logged with another value). Every method is one transaction.
 */
export interface TrackingStore {
  createExperiment(input: NewExperiment, defaultArtifactLocation: (experimentId: string) => string): Promise<Experiment>;
  getExperiment(experimentId: string): Promise<Experiment | null>;
  getExperimentByName(name: string): Promise<Experiment | null>;
  searchExperiments(query: ExperimentSearchQuery): Promise<Experiment[]>;
  updateExperiment(experimentId: string, patch: { name?: string; lifecycleStage?: LifecycleStage; lastUpdateTime: number }): Promise<boolean>;
  setExperimentTag(experimentId: string, tag: Tag, at: number): Promise<boolean>;

  createRun(run: NewRun): Promise<void>;
  getRun(runId: string): Promise<Run | null>;
  getRunInfo(runId: string): Promise<RunInfo | null>;
  /** Runs in the order of `runIds`; unknown ids are left out. */
  getRuns(runIds: string[]): Promise<Run[]>;
  updateRun(runId: string, patch: RunPatch): Promise<RunInfo | null>;

  /** Metrics appended, latest values maintained, params inserted once, tags upserted: all or nothing. */
  logBatch(runId: string, batch: { metrics: Metric[]; params: Param[]; tags: Tag[] }): Promise<void>;
  /** Each series appended as one block, latest values and min/max maintained: all or nothing. */
  logMetricSeries(runId: string, series: readonly MetricSeries[]): Promise<void>;
  deleteTag(runId: string, key: string): Promise<boolean>;
  logInputs(runId: string, experimentId: string, inputs: DatasetInput[]): Promise<void>;

  /** Ordered by step, then timestamp. */
  getMetricHistory(runId: string, key: string, offset: number, limit: number): Promise<Metric[]>;
  getMetricBuckets(runId: string, key: string, maxBuckets: number): Promise<MetricBucket[]>;
  metricSummaries(runIds: string[]): Promise<MetricSummary[]>;
  searchRuns(query: RunSearchQuery): Promise<Run[]>;

  /** Inserts or replaces the row for `path`. */
  putArtifact(record: ArtifactRecord): Promise<void>;
  getArtifact(path: string): Promise<ArtifactRecord | null>;
  /** Every record whose path starts with `prefix` (which ends in `/`, or is empty for all). */
  listArtifacts(prefix: string, runId: string | null): Promise<ArtifactRecord[]>;
}
