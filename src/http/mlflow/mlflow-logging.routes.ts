import type { TrackingApi } from '../../domains/tracking/index.js';
import { LIMITS } from '../../domains/tracking/index.js';
import { defineRoute, type RouteContext } from '../route.js';
import { invalidParameter } from './mlflow-errors.js';
import { batchBytesMessage, deleteTagRequest, keyValueRequest, logBatchRequest, logInputsRequest, logMetricRequest, runIdOf } from './mlflow-requests.js';

const tags = ['mlflow'];

/** MLflow's run-logging endpoints: each answers `{}` as MLflow does for void calls. */
export function registerMlflowLoggingRoutes(ctx: RouteContext, tracking: TrackingApi): void {
  defineRoute(ctx, { method: 'POST', url: '/runs/log-metric', scope: 'write', summary: 'MLflow: log one metric point', tags, body: logMetricRequest }, async ({ body }) => {
    await tracking.logMetric(runIdOf(body), { key: body.key, value: body.value, timestamp: body.timestamp, step: body.step ?? 0 });
    return {};
  });

  defineRoute(ctx, { method: 'POST', url: '/runs/log-parameter', scope: 'write', summary: 'MLflow: log a param (immutable once logged)', tags, body: keyValueRequest }, async ({ body }) => {
    await tracking.logParam(runIdOf(body), { key: body.key, value: body.value });
    return {};
  });

  defineRoute(ctx, { method: 'POST', url: '/runs/log-batch', scope: 'write', summary: 'MLflow: log metrics, params and tags in one all-or-nothing write', tags, body: logBatchRequest }, async ({ body, request }) => {
    // MLflow bounds a batch request at ~1 MB; the server-wide body limit is far larger (artifacts).
    const size = Number(request.headers['content-length'] ?? 0);
    if (size > LIMITS.batchBytes) throw invalidParameter(batchBytesMessage(size), 'body');
    await tracking.logBatch(runIdOf(body), {
      metrics: body.metrics.map((m) => ({ key: m.key, value: m.value, timestamp: m.timestamp, step: m.step ?? 0 })),
      params: body.params,
      tags: body.tags,
    });
    return {};
  });

  defineRoute(ctx, { method: 'POST', url: '/runs/log-inputs', scope: 'write', summary: 'MLflow: record the datasets a run used', tags, body: logInputsRequest }, async ({ body }) => {
    await tracking.logInputs(
      runIdOf(body),
      body.datasets.map(({ dataset, tags: inputTags }) => ({
        dataset: {
          name: dataset.name,
          digest: dataset.digest,
          sourceType: dataset.source_type,
          source: dataset.source,
          ...(dataset.schema === undefined ? {} : { schema: dataset.schema }),
          ...(dataset.profile === undefined ? {} : { profile: dataset.profile }),
        },
        tags: inputTags,
      })),
    );
    return {};
  });

  defineRoute(ctx, { method: 'POST', url: '/runs/set-tag', scope: 'write', summary: 'MLflow: set a tag on a run', tags, body: keyValueRequest }, async ({ body }) => {
    await tracking.setTag(runIdOf(body), { key: body.key, value: body.value });
    return {};
  });

  defineRoute(ctx, { method: 'POST', url: '/runs/delete-tag', scope: 'write', summary: 'MLflow: delete a tag from a run', tags, body: deleteTagRequest }, async ({ body }) => {
    await tracking.deleteTag(runIdOf(body), body.key);
    return {};
  });
}
