export { Keel, type KeelOptions } from './client.js';
export { HttpTransport, type TransportOptions, type RequestOptions, type RawBody } from './transport.js';
export { ExperimentsApi, type ExperimentsPage, type SearchExperimentsOptions } from './resources/experiments.js';
export { RunsApi } from './resources/runs.js';
export { RunHandle, type BatchingOptions, type ParamValue } from './run-handle.js';
export type { StartRunOptions } from './start-run.js';
export type { CapturedEnvironment, EnvironmentOptions } from './node-support.js';
export type { ArtifactData, MetricHistoryPage, RunComparison, RunsPage } from './tracking-types.js';
export { AppError, ERROR_CODES, type ErrorCode, type ErrorDetails } from '../core/errors.js';
export type { Health, Readiness, ServerStatus } from '../domains/system/system.schema.js';
export type { ApiKey, ApiKeyScope, CreatedApiKey, CreateApiKeyInput } from '../domains/access/access.schema.js';
export type {
  ArtifactEntry,
  CreateExperimentInput,
  CreateRunInput,
  DatasetInput,
  DatasetInputInput,
  DatasetRef,
  Experiment,
  LifecycleStage,
  LogBatchInput,
  Metric,
  MetricBucket,
  Param,
  Run,
  RunInfo,
  RunStatus,
  SearchExperimentsInput,
  SearchRunsInput,
  Tag,
  UpdateRunInput,
} from '../domains/tracking/tracking.schema.js';
