import type { TrackingApi } from '../../domains/tracking/index.js';
import type { Metric, Tag } from '../../domains/tracking/index.js';
import { defineRoute, type RouteContext } from '../route.js';
import { invalidParameter, requestMessage } from './mlflow-errors.js';
import { pageToken, toMlflowMetric, toMlflowRun, toMlflowRunInfo } from './mlflow-mappers.js';
import { createRunRequest, metricHistoryRequest, runIdOf, runRefRequest, SEARCH_MAX_RESULTS_DEFAULT, searchRunsRequest, updateRunRequest } from './mlflow-requests.js';

const tags = ['mlflow'];

/** MLflow's reserved tag names that carry run attributes (mlflow/utils/mlflow_tags.py). */
const RUN_NAME_TAG = 'mlflow.runName';
const PARENT_RUN_TAG = 'mlflow.parentRunId';
/** Experiment "0" ("Default") exists from the first migration, as MLflow clients assume. */
const DEFAULT_EXPERIMENT_ID = '0';
/** A page size for draining metric history when the client asked for all of it. */
const HISTORY_PAGE = 25_000;

const tagValue = (list: readonly Tag[], key: string): string | undefined => list.find((t) => t.key === key)?.value;

/** MLflow's runs/* endpoints and metrics/get-history. */
export function registerMlflowRunRoutes(ctx: RouteContext, tracking: TrackingApi): void {
  defineRoute(ctx, { method: 'POST', url: '/runs/create', scope: 'write', summary: 'MLflow: create a run', tags, body: createRunRequest }, async ({ body }) => {
    // MLflow takes the run name from `run_name` or the `mlflow.runName` tag, and refuses both when they disagree.
    const nameTag = tagValue(body.tags, RUN_NAME_TAG);
    if (body.run_name && nameTag && body.run_name !== nameTag) {
      throw invalidParameter(
        requestMessage(`Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='${body.run_name}', mlflow.runName='${nameTag}').`),
        'run_name',
      );
    }
    const parent = tagValue(body.tags, PARENT_RUN_TAG);
    const run = await tracking.createRun({
      experimentId: body.experiment_id ?? DEFAULT_EXPERIMENT_ID,
      ...(body.run_name || nameTag ? { runName: body.run_name || nameTag } : {}),
      ...(body.user_id ? { userId: body.user_id } : {}),
      ...(body.start_time === undefined ? {} : { startTime: body.start_time }),
      // Nested runs: MLflow records the parent only as this tag; Keel also keeps it as an attribute.
      ...(parent && /^[0-9a-f]{32}$/.test(parent) ? { parentRunId: parent } : {}),
      tags: body.tags,
    });
    return { run: toMlflowRun(run) };
  });

  defineRoute(ctx, { method: 'POST', url: '/runs/update', scope: 'write', summary: 'MLflow: update a run (status, end time, name)', tags, body: updateRunRequest }, async ({ body }) => {
    const info = await tracking.updateRun(runIdOf(body), {
      ...(body.status ? { status: body.status } : {}),
      ...(body.end_time === undefined ? {} : { endTime: body.end_time }),
      ...(body.run_name ? { runName: body.run_name } : {}),
    });
    return { run_info: toMlflowRunInfo(info) };
  });

  defineRoute(ctx, { method: 'GET', url: '/runs/get', scope: 'read', summary: 'MLflow: get a run (info, data, inputs)', tags, query: runRefRequest }, async ({ query }) => ({
    run: toMlflowRun(await tracking.getRun(runIdOf(query))),
  }));

  defineRoute(ctx, { method: 'POST', url: '/runs/search', scope: 'read', summary: 'MLflow: search runs with a filter, order and paging', tags, body: searchRunsRequest }, async ({ body }) => {
    // MLflow answers an empty experiment list with no runs rather than an error.
    if (body.experiment_ids.length === 0) return { runs: [] };
    const page = await tracking.searchRuns({
      experimentIds: body.experiment_ids,
      filter: body.filter ?? '',
      runViewType: body.run_view_type,
      maxResults: body.max_results ?? SEARCH_MAX_RESULTS_DEFAULT,
      orderBy: body.order_by,
      ...(body.page_token ? { pageToken: body.page_token } : {}),
    });
    return { runs: page.items.map(toMlflowRun), ...pageToken(page.nextPageToken) };
  });

  defineRoute(ctx, { method: 'POST', url: '/runs/delete', scope: 'write', summary: 'MLflow: mark a run deleted', tags, body: runRefRequest }, async ({ body }) => {
    await tracking.deleteRun(runIdOf(body));
    return {};
  });

  defineRoute(ctx, { method: 'POST', url: '/runs/restore', scope: 'write', summary: 'MLflow: restore a deleted run', tags, body: runRefRequest }, async ({ body }) => {
    await tracking.restoreRun(runIdOf(body));
    return {};
  });

  defineRoute(ctx, { method: 'GET', url: '/metrics/get-history', scope: 'read', summary: 'MLflow: every logged point of one metric', tags, query: metricHistoryRequest }, async ({ query }) => {
    const runId = runIdOf(query);
    if (query.max_results !== undefined || query.page_token) {
      const page = await tracking.getMetricHistory(runId, query.metric_key, { pageToken: query.page_token, maxResults: query.max_results });
      return { metrics: page.items.map(toMlflowMetric), ...pageToken(page.nextPageToken) };
    }
    // Without max_results MLflow returns the whole history in one answer; older clients never page.
    const all: Metric[] = [];
    let token: string | undefined;
    do {
      const page = await tracking.getMetricHistory(runId, query.metric_key, { pageToken: token, maxResults: HISTORY_PAGE });
      all.push(...page.items);
      token = page.nextPageToken;
    } while (token);
    return { metrics: all.map(toMlflowMetric) };
  });
}
