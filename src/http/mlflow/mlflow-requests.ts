import { z } from 'zod';
import { LIMITS } from '../../domains/tracking/index.js';
import { invalidParameter, invalidValueMessage, missingValueMessage, requestMessage } from './mlflow-errors.js';
import {
  keyValueList,
  metricValue,
  optionalId,
  optionalInt,
  optionalString,
  requiredId,
  requiredInt,
  requiredString,
  runStatus,
  stringList,
  stringOrEmpty,
  viewType,
} from './mlflow-fields.js';

/**
 * Request shapes of MLflow REST 2.0 (mlflow/protos/service.proto), snake_case as clients send
 * them. Objects are not strict: MLflow ignores unknown fields, and newer clients send some
 * (`model_id`, `dataset_name` on log-metric) that Keel does not use.
 */

/** Every run-scoped request names the run by `run_id` or by the deprecated `run_uuid`. */
const runRef = { run_id: optionalId('run_id'), run_uuid: optionalId('run_uuid') };

export function runIdOf(req: { run_id?: string | undefined; run_uuid?: string | undefined }): string {
  const id = req.run_id ?? req.run_uuid;
  if (!id) throw invalidParameter(missingValueMessage('run_id'), 'run_id');
  return id;
}

export const SEARCH_MAX_RESULTS_DEFAULT = 1000;
const maxResults = (param: string) =>
  optionalInt(param).refine((n) => n === undefined || (n >= 1 && n <= LIMITS.searchMaxResults), {
    error: (issue) => invalidValueMessage(param, issue.input, `it must be between 1 and ${LIMITS.searchMaxResults}`),
  });

/* ---------- experiments ---------- */

export const createExperimentRequest = z.object({
  name: requiredString('name'),
  artifact_location: optionalString('artifact_location'),
  tags: keyValueList('tags'),
});

export const experimentIdRequest = z.object({ experiment_id: requiredId('experiment_id') });

export const experimentByNameRequest = z.object({ experiment_name: requiredString('experiment_name') });

export const updateExperimentRequest = z.object({ experiment_id: requiredId('experiment_id'), new_name: requiredString('new_name') });

export const setExperimentTagRequest = z.object({ experiment_id: requiredId('experiment_id'), key: requiredString('key'), value: stringOrEmpty('value') });

export const searchExperimentsRequest = z.object({
  max_results: maxResults('max_results'),
  page_token: optionalString('page_token'),
  filter: optionalString('filter'),
  order_by: stringList('order_by'),
  view_type: viewType('view_type'),
});

/* ---------- runs ---------- */

export const createRunRequest = z.object({
  experiment_id: optionalId('experiment_id'),
  user_id: optionalString('user_id'),
  run_name: optionalString('run_name'),
  start_time: optionalInt('start_time'),
  tags: keyValueList('tags'),
});

export const updateRunRequest = z.object({
  ...runRef,
  status: runStatus('status'),
  end_time: optionalInt('end_time'),
  run_name: optionalString('run_name'),
});

export const runRefRequest = z.object(runRef);

export const searchRunsRequest = z.object({
  experiment_ids: stringList('experiment_ids'),
  filter: optionalString('filter'),
  run_view_type: viewType('run_view_type'),
  max_results: maxResults('max_results'),
  order_by: stringList('order_by'),
  page_token: optionalString('page_token'),
});

/* ---------- logging ---------- */

export const logMetricRequest = z.object({
  ...runRef,
  key: requiredString('key'),
  value: metricValue('value'),
  timestamp: requiredInt('timestamp'),
  step: optionalInt('step'),
});

/** log-parameter and set-tag share a shape; MLflow lets the value be empty. */
export const keyValueRequest = z.object({ ...runRef, key: requiredString('key'), value: stringOrEmpty('value') });

export const deleteTagRequest = z.object({ ...runRef, key: requiredString('key') });

function batchLimitMessage(what: string, limit: number, got: number): string {
  return requestMessage(`A batch logging request can contain at most ${limit} ${what}. Got ${got} ${what}. Please split up ${what} across multiple requests and try again.`);
}

function limited<T extends z.ZodType>(item: T, what: string, limit: number) {
  return z
    .array(item)
    .max(limit, { error: (issue) => batchLimitMessage(what, limit, Array.isArray(issue.input) ? issue.input.length : limit + 1) })
    .nullish()
    .transform((v) => v ?? []);
}

const batchMetric = z.object({
  key: requiredString('metrics.key'),
  value: metricValue('metrics.value'),
  timestamp: requiredInt('metrics.timestamp'),
  step: optionalInt('metrics.step'),
});
const batchEntry = (what: string) => z.object({ key: requiredString(`${what}.key`), value: stringOrEmpty(`${what}.value`) });

/** MLflow's log-batch limits, checked before anything is written, with MLflow's messages. */
export const logBatchRequest = z
  .object({
    ...runRef,
    metrics: limited(batchMetric, 'metrics', LIMITS.batchMetrics),
    params: limited(batchEntry('params'), 'params', LIMITS.batchParams),
    tags: limited(batchEntry('tags'), 'tags', LIMITS.batchTags),
  })
  .superRefine((b, ctx) => {
    const total = b.metrics.length + b.params.length + b.tags.length;
    if (total > LIMITS.batchTotal) ctx.addIssue({ code: 'custom', path: [], message: batchLimitMessage('metrics, params, and tags', LIMITS.batchTotal, total) });
  });

export function batchBytesMessage(size: number): string {
  return requestMessage(`Batched logging API requests must be at most ${LIMITS.batchBytes} bytes, got a request of size ${size}.`);
}

const datasetInput = z.object({
  tags: keyValueList('datasets.tags'),
  dataset: z.object(
    {
      name: requiredString('dataset.name'),
      digest: requiredString('dataset.digest'),
      source_type: requiredString('dataset.source_type'),
      source: requiredString('dataset.source'),
      schema: optionalString('dataset.schema'),
      profile: optionalString('dataset.profile'),
    },
    { error: (issue) => (issue.input === undefined ? missingValueMessage('dataset') : invalidValueMessage('dataset', issue.input)) },
  ),
});

export const logInputsRequest = z.object({
  ...runRef,
  datasets: z
    .array(datasetInput)
    .max(LIMITS.batchTotal, { error: requestMessage(`A log-inputs request can contain at most ${LIMITS.batchTotal} datasets.`) })
    .nullish()
    .transform((v) => v ?? []),
});

/* ---------- reads ---------- */

export const metricHistoryRequest = z.object({
  ...runRef,
  metric_key: requiredString('metric_key'),
  page_token: optionalString('page_token'),
  max_results: optionalInt('max_results').refine((n) => n === undefined || n >= 1, { error: (issue) => invalidValueMessage('max_results', issue.input, 'it must be at least 1') }),
});

export const listArtifactsRequest = z.object({ ...runRef, path: optionalString('path'), page_token: optionalString('page_token') });

export const proxyListRequest = z.object({ path: optionalString('path') });
