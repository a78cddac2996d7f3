import type { ArtifactEntry, DatasetInput, Experiment, Metric, Run, RunInfo, Tag } from '../../domains/tracking/index.js';

/**
 * Keel's tracking types → MLflow REST 2.0 JSON (service.proto), field for field: snake_case,
 * times as epoch-ms numbers, ids as strings, and `run_uuid` beside `run_id` because older
 * clients still read it. Unset optional fields are left out, as protobuf JSON does; repeated
 * fields are always present (possibly empty), which every protobuf parser accepts and which
 * spares hand-written clients a missing-key check.
 */

export interface MlflowKeyValue {
  key: string;
  value: string;
}

export interface MlflowExperiment {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: string;
  last_update_time: number;
  creation_time: number;
  tags: MlflowKeyValue[];
}

export interface MlflowRunInfo {
  run_id: string;
  run_uuid: string;
  run_name: string;
  experiment_id: string;
  user_id: string;
  status: string;
  start_time: number;
  end_time?: number;
  artifact_uri: string;
  lifecycle_stage: string;
}

/** JSON has no NaN or Infinity: protobuf's JSON (and so every MLflow client) spells them as strings. */
export type MlflowDouble = number | 'NaN' | 'Infinity' | '-Infinity';

export interface MlflowMetric {
  key: string;
  value: MlflowDouble;
  timestamp: number;
  step: number;
}

export interface MlflowDatasetInput {
  tags: MlflowKeyValue[];
  dataset: { name: string; digest: string; source_type: string; source: string; schema?: string; profile?: string };
}

export interface MlflowRun {
  info: MlflowRunInfo;
  data: { metrics: MlflowMetric[]; params: MlflowKeyValue[]; tags: MlflowKeyValue[] };
  inputs: { dataset_inputs: MlflowDatasetInput[] };
}

export interface MlflowFileInfo {
  path: string;
  is_dir: boolean;
  file_size?: number;
}

const keyValues = (tags: readonly Tag[]): MlflowKeyValue[] => tags.map((t) => ({ key: t.key, value: t.value }));

export function toMlflowDouble(value: number): MlflowDouble {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

export function toMlflowExperiment(e: Experiment): MlflowExperiment {
  return {
    experiment_id: e.experimentId,
    name: e.name,
    artifact_location: e.artifactLocation,
    lifecycle_stage: e.lifecycleStage,
    last_update_time: e.lastUpdateTime,
    creation_time: e.creationTime,
    tags: keyValues(e.tags),
  };
}

export function toMlflowRunInfo(info: RunInfo): MlflowRunInfo {
  return {
    run_id: info.runId,
    run_uuid: info.runId,
    run_name: info.runName,
    experiment_id: info.experimentId,
    user_id: info.userId,
    status: info.status,
    start_time: info.startTime,
    ...(info.endTime === null ? {} : { end_time: info.endTime }),
    artifact_uri: info.artifactUri,
    lifecycle_stage: info.lifecycleStage,
  };
}

export function toMlflowMetric(m: Metric): MlflowMetric {
  return { key: m.key, value: toMlflowDouble(m.value), timestamp: m.timestamp, step: m.step };
}

function toMlflowDatasetInput(d: DatasetInput): MlflowDatasetInput {
  const { dataset } = d;
  return {
    tags: keyValues(d.tags),
    dataset: {
      name: dataset.name,
      digest: dataset.digest,
      source_type: dataset.sourceType,
      source: dataset.source,
      ...(dataset.schema === undefined ? {} : { schema: dataset.schema }),
      ...(dataset.profile === undefined ? {} : { profile: dataset.profile }),
    },
  };
}

export function toMlflowRun(run: Run): MlflowRun {
  return {
    info: toMlflowRunInfo(run.info),
    data: { metrics: run.data.metrics.map(toMlflowMetric), params: keyValues(run.data.params), tags: keyValues(run.data.tags) },
    inputs: { dataset_inputs: run.inputs.datasetInputs.map(toMlflowDatasetInput) },
  };
}

/** `path` as given: relative to the run's artifact root for artifacts/list, a bare name for the proxy. */
export function toMlflowFileInfo(entry: ArtifactEntry, path: string = entry.path): MlflowFileInfo {
  return { path, is_dir: entry.isDir, ...(entry.isDir || entry.size === undefined ? {} : { file_size: entry.size }) };
}

/** `{}` when there is no next page: MLflow clients stop paging on a missing or empty token. */
export function pageToken(token: string | undefined): { next_page_token?: string } {
  return token ? { next_page_token: token } : {};
}
