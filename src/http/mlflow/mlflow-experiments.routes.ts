import type { z } from 'zod';
import type { TrackingApi } from '../../domains/tracking/index.js';
import { defineRoute, type RouteContext } from '../route.js';
import { pageToken, toMlflowExperiment } from './mlflow-mappers.js';
import {
  createExperimentRequest,
  experimentByNameRequest,
  experimentIdRequest,
  SEARCH_MAX_RESULTS_DEFAULT,
  searchExperimentsRequest,
  setExperimentTagRequest,
  updateExperimentRequest,
} from './mlflow-requests.js';

const tags = ['mlflow'];

/** MLflow's experiments/* endpoints; `ctx.app` is the MLflow plugin, mounted at /api/2.0/mlflow. */
export function registerMlflowExperimentRoutes(ctx: RouteContext, tracking: TrackingApi): void {
  defineRoute(ctx, { method: 'POST', url: '/experiments/create', scope: 'write', summary: 'MLflow: create an experiment', tags, body: createExperimentRequest }, async ({ body }) => {
    const experiment = await tracking.createExperiment({ name: body.name, ...(body.artifact_location ? { artifactLocation: body.artifact_location } : {}), tags: body.tags });
    return { experiment_id: experiment.experimentId };
  });

  defineRoute(ctx, { method: 'GET', url: '/experiments/get', scope: 'read', summary: 'MLflow: get an experiment by id', tags, query: experimentIdRequest }, async ({ query }) => ({
    experiment: toMlflowExperiment(await tracking.getExperiment(query.experiment_id)),
  }));

  defineRoute(ctx, { method: 'GET', url: '/experiments/get-by-name', scope: 'read', summary: 'MLflow: get an experiment by name', tags, query: experimentByNameRequest }, async ({ query }) => ({
    experiment: toMlflowExperiment(await tracking.getExperimentByName(query.experiment_name)),
  }));

  const search = async (req: z.output<typeof searchExperimentsRequest>) => {
    const page = await tracking.searchExperiments({
      filter: req.filter ?? '',
      viewType: req.view_type,
      maxResults: req.max_results ?? SEARCH_MAX_RESULTS_DEFAULT,
      orderBy: req.order_by,
      ...(req.page_token ? { pageToken: req.page_token } : {}),
    });
    return { experiments: page.items.map(toMlflowExperiment), ...pageToken(page.nextPageToken) };
  };
  // The Python client searches with POST; the UI and older clients with GET and a query string.
  defineRoute(ctx, { method: 'POST', url: '/experiments/search', scope: 'read', summary: 'MLflow: search experiments', tags, body: searchExperimentsRequest }, ({ body }) => search(body));
  defineRoute(ctx, { method: 'GET', url: '/experiments/search', scope: 'read', summary: 'MLflow: search experiments (query string)', tags, query: searchExperimentsRequest }, ({ query }) => search(query));

  defineRoute(ctx, { method: 'POST', url: '/experiments/update', scope: 'write', summary: 'MLflow: rename an experiment', tags, body: updateExperimentRequest }, async ({ body }) => {
    await tracking.renameExperiment(body.experiment_id, body.new_name);
    return {};
  });

  defineRoute(ctx, { method: 'POST', url: '/experiments/delete', scope: 'write', summary: 'MLflow: mark an experiment (and its runs) deleted', tags, body: experimentIdRequest }, async ({ body }) => {
    await tracking.deleteExperiment(body.experiment_id);
    return {};
  });

  defineRoute(ctx, { method: 'POST', url: '/experiments/restore', scope: 'write', summary: 'MLflow: restore a deleted experiment', tags, body: experimentIdRequest }, async ({ body }) => {
    await tracking.restoreExperiment(body.experiment_id);
    return {};
  });

  defineRoute(ctx, { method: 'POST', url: '/experiments/set-experiment-tag', scope: 'write', summary: 'MLflow: set a tag on an experiment', tags, body: setExperimentTagRequest }, async ({ body }) => {
    await tracking.setExperimentTag(body.experiment_id, { key: body.key, value: body.value });
    return {};
  });
}
