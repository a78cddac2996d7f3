import type { Readable } from 'node:stream';
import type { BlobSource } from '../../core/ports/blob-store.js';
import type {
  ArtifactEntry,
  CreateExperimentInput,
  CreateRunInput,
  DatasetInputInput,
  Experiment,
  LogBatchInput,
  Metric,
  MetricBucket,
  MetricSeriesInput,
  Param,
  Run,
  RunInfo,
  SearchExperimentsInput,
  SearchRunsInput,
  Tag,
  UpdateRunInput,
} from './tracking.schema.js';

export interface Page<T> {
  items: T[];
  /** Absent on the last page. */
  nextPageToken?: string | undefined;
}

export interface RunComparison {
  runs: RunInfo[];
  /** Every param key of any run, with each run's value (null when unset); `differs` when not all equal. */
  params: { key: string; values: (string | null)[]; differs: boolean }[];
  /** Every metric key, with each run's latest value and min/max over its history. */
  metrics: { key: string; latest: (number | null)[]; min: (number | null)[]; max: (number | null)[] }[];
}

/**
 * The use cases of experiment tracking. Keel's REST routes, the MLflow REST
 * face and the CLI's local commands all call this; every method validates its
 * input (INVALID_ARGUMENT naming the field) and throws NOT_FOUND for unknown ids.
 */
export interface TrackingApi {
  createExperiment(input: CreateExperimentInput): Promise<Experiment>;
  getExperiment(experimentId: string): Promise<Experiment>;
  getExperimentByName(name: string): Promise<Experiment>;
  searchExperiments(input: SearchExperimentsInput): Promise<Page<Experiment>>;
  renameExperiment(experimentId: string, newName: string): Promise<void>;
  deleteExperiment(experimentId: string): Promise<void>;
  restoreExperiment(experimentId: string): Promise<void>;
  setExperimentTag(experimentId: string, tag: Tag): Promise<void>;

  createRun(input: CreateRunInput): Promise<Run>;
  getRun(runId: string): Promise<Run>;
  updateRun(runId: string, input: UpdateRunInput): Promise<RunInfo>;
  deleteRun(runId: string): Promise<void>;
  restoreRun(runId: string): Promise<void>;

  /** All or nothing: a param re-logged with another value fails the whole batch. */
  logBatch(runId: string, input: LogBatchInput): Promise<void>;
  /**
   * Keel's columnar metric batch: up to `LIMITS.seriesPoints` points as one array per
   * column per key, appended in one transaction (all or nothing). The fast path of the SDK.
   */
  logMetricSeries(runId: string, series: readonly MetricSeriesInput[]): Promise<void>;
  logMetric(runId: string, metric: { key: string; value: number | string; timestamp: number; step?: number }): Promise<void>;
  logParam(runId: string, param: Param): Promise<void>;
  setTag(runId: string, tag: Tag): Promise<void>;
  deleteTag(runId: string, key: string): Promise<void>;
  logInputs(runId: string, inputs: DatasetInputInput[]): Promise<void>;

  getMetricHistory(runId: string, key: string, opts?: { pageToken?: string | undefined; maxResults?: number | undefined }): Promise<Page<Metric>>;
  /** At most `maxPoints` buckets over the step range, each with min/max/last: a 1M-point series charts fast. */
  getMetricHistoryBuckets(runId: string, key: string, maxPoints: number): Promise<MetricBucket[]>;
  searchRuns(input: SearchRunsInput): Promise<Page<Run>>;
  compareRuns(runIds: string[]): Promise<RunComparison>;

  /** Stores bytes in the blob store, then records `path` under the run's artifact root. */
  putArtifact(runId: string, path: string, source: BlobSource): Promise<ArtifactEntry>;
  /** Direct children of `path` (files and folders), like MLflow's artifacts/list. */
  listArtifacts(runId: string, path?: string): Promise<{ rootUri: string; files: ArtifactEntry[] }>;
  openArtifact(runId: string, path: string): Promise<{ stream: Readable; size: number; sha256: string }>;

  /**
   * The same artifact space addressed by its full path (`<experimentId>/<runId>/artifacts/<file>`),
   * as MLflow's artifact proxy (`/api/2.0/mlflow-artifacts/artifacts/<path>`) does; paths outside a
   * run (e.g. `<experimentId>/models/…`) are allowed there too.
   */
  putArtifactAtPath(path: string, source: BlobSource): Promise<ArtifactEntry>;
  listArtifactsAtPath(path: string): Promise<ArtifactEntry[]>;
  openArtifactAtPath(path: string): Promise<{ stream: Readable; size: number; sha256: string }>;
}
