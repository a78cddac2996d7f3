import { z } from 'zod';
import {
  createExperimentSchema,
  createRunSchema,
  datasetInputSchema,
  keySchema,
  LIMITS,
  logBatchSchema,
  logMetricSeriesSchema,
  parseLogBatch,
  parseMetricSeriesBatch,
  searchRunsSchema,
  tagSchema,
  updateRunSchema,
  type TrackingApi,
} from '../../domains/tracking/index.js';
import { defineRoute, type RouteContext } from '../route.js';
import { registerTrackingArtifactRoutes } from './tracking-artifacts.routes.js';
import { bucketJson, bucketResponse, comparisonJson, comparisonResponse, experimentResponse, metricJson, metricResponse, runInfoResponse, runJson, runResponse } from './tracking-wire.js';

const idParams = z.strictObject({ id: z.string().min(1).max(64) });
const nameParams = z.strictObject({ name: z.string().min(1).max(LIMITS.experimentName) });
const viewType = z.enum(['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL']);
/** `orderBy` may repeat (`?orderBy=a&orderBy=b`) or list entries separated by commas. */
const orderByQuery = z
  .union([z.string().max(2000), z.array(z.string().max(500)).max(10)])
  .optional()
  .transform((v) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '')));

const searchExperimentsQuery = z.strictObject({
  filter: z.string().max(10_000).optional(),
  viewType: viewType.optional(),
  maxResults: z.coerce.number().int().min(1).max(50_000).optional(),
  orderBy: orderByQuery,
  pageToken: z.string().max(500).optional(),
});

const historyQuery = z.strictObject({
  key: keySchema,
  pageToken: z.string().max(500).optional(),
  maxResults: z.coerce.number().int().min(1).max(1_000_000).optional(),
  maxPoints: z.coerce.number().int().min(2).max(100_000).optional(),
});

export function registerTrackingRoutes(ctx: RouteContext, tracking: TrackingApi): void {
  const tags = ['tracking'];

  /* ---------- experiments ---------- */

  defineRoute(ctx, { method: 'POST', url: '/api/v1/experiments', scope: 'write', summary: 'Create an experiment', tags, body: createExperimentSchema, response: experimentResponse, status: 201 }, ({ body }) =>
    tracking.createExperiment(body),
  );

  defineRoute(
    ctx,
    { method: 'GET', url: '/api/v1/experiments', scope: 'read', summary: 'Search experiments (MLflow filter grammar on name, tags, times)', tags, query: searchExperimentsQuery, response: z.object({ experiments: z.array(experimentResponse), nextPageToken: z.string().optional() }) },
    async ({ query }) => {
      const { items, nextPageToken } = await tracking.searchExperiments({ ...query, orderBy: query.orderBy });
      return { experiments: items, ...(nextPageToken ? { nextPageToken } : {}) };
    },
  );

  defineRoute(ctx, { method: 'GET', url: '/api/v1/experiments/by-name/:name', scope: 'read', summary: 'Get an experiment by name', tags, params: nameParams, response: experimentResponse }, ({ params }) =>
    tracking.getExperimentByName(params.name),
  );

  defineRoute(ctx, { method: 'GET', url: '/api/v1/experiments/:id', scope: 'read', summary: 'Get an experiment', tags, params: idParams, response: experimentResponse }, ({ params }) =>
    tracking.getExperiment(params.id),
  );

  defineRoute(ctx, { method: 'PATCH', url: '/api/v1/experiments/:id', scope: 'write', summary: 'Rename an experiment', tags, params: idParams, body: z.strictObject({ name: createExperimentSchema.shape.name }) }, async ({ params, body }) => {
    await tracking.renameExperiment(params.id, body.name);
  });

  defineRoute(ctx, { method: 'DELETE', url: '/api/v1/experiments/:id', scope: 'write', summary: 'Delete an experiment (restorable)', tags, params: idParams }, async ({ params }) => {
    await tracking.deleteExperiment(params.id);
  });

  defineRoute(ctx, { method: 'POST', url: '/api/v1/experiments/:id/restore', scope: 'write', summary: 'Restore a deleted experiment', tags, params: idParams }, async ({ params }) => {
    await tracking.restoreExperiment(params.id);
  });

  defineRoute(ctx, { method: 'PUT', url: '/api/v1/experiments/:id/tags', scope: 'write', summary: 'Set an experiment tag', tags, params: idParams, body: tagSchema }, async ({ params, body }) => {
    await tracking.setExperimentTag(params.id, body);
  });

  /* ---------- runs ---------- */

  defineRoute(ctx, { method: 'POST', url: '/api/v1/runs', scope: 'write', summary: 'Start a run', tags, body: createRunSchema, response: runResponse, status: 201 }, async ({ body }) =>
    runJson(await tracking.createRun(body)),
  );

  defineRoute(
    ctx,
    { method: 'POST', url: '/api/v1/runs/search', scope: 'read', summary: 'Search runs with MLflow filter grammar', tags, body: searchRunsSchema, response: z.object({ runs: z.array(runResponse), nextPageToken: z.string().optional() }) },
    async ({ body }) => {
      const { items, nextPageToken } = await tracking.searchRuns(body);
      return { runs: items.map(runJson), ...(nextPageToken ? { nextPageToken } : {}) };
    },
  );

  defineRoute(
    ctx,
    { method: 'POST', url: '/api/v1/runs/compare', scope: 'read', summary: 'Compare runs: params diff and metric summaries', tags, body: z.strictObject({ runIds: z.array(z.string().max(64)).min(2).max(50) }), response: comparisonResponse },
    async ({ body }) => comparisonJson(await tracking.compareRuns(body.runIds)),
  );

  defineRoute(ctx, { method: 'GET', url: '/api/v1/runs/:id', scope: 'read', summary: 'Get a run with its params, tags, latest metrics and inputs', tags, params: idParams, response: runResponse }, async ({ params }) =>
    runJson(await tracking.getRun(params.id)),
  );

  defineRoute(ctx, { method: 'PATCH', url: '/api/v1/runs/:id', scope: 'write', summary: 'Update a run: status, end time, name', tags, params: idParams, body: updateRunSchema, response: runInfoResponse }, ({ params, body }) =>
    tracking.updateRun(params.id, body),
  );

  defineRoute(ctx, { method: 'DELETE', url: '/api/v1/runs/:id', scope: 'write', summary: 'Delete a run (restorable)', tags, params: idParams }, async ({ params }) => {
    await tracking.deleteRun(params.id);
  });

  defineRoute(ctx, { method: 'POST', url: '/api/v1/runs/:id/restore', scope: 'write', summary: 'Restore a deleted run', tags, params: idParams }, async ({ params }) => {
    await tracking.restoreRun(params.id);
  });

  defineRoute(
    ctx,
    { method: 'POST', url: '/api/v1/runs/:id/batch', scope: 'write', summary: 'Log metrics, params and tags in one all-or-nothing batch (metric values may be "NaN", "Infinity", "-Infinity")', tags, params: idParams, body: logBatchSchema, parseBody: parseLogBatch },
    async ({ params, body }) => {
      await tracking.logBatch(params.id, body);
    },
  );

  defineRoute(
    ctx,
    {
      method: 'POST',
      url: '/api/v1/runs/:id/metrics',
      scope: 'write',
      summary: `Log metrics column-wise: per key, equal-length arrays of steps, timestamps and values ("NaN", "Infinity", "-Infinity" allowed); up to ${LIMITS.seriesPoints} points per request, all or nothing`,
      tags,
      params: idParams,
      body: logMetricSeriesSchema,
      // The schema documents the body; the hand-written parser checks 300k entries without a zod pass over each.
      parseBody: parseMetricSeriesBatch,
      bodyLimit: LIMITS.seriesBytes,
    },
    async ({ params, body }) => {
      await tracking.logMetricSeries(params.id, body.series);
    },
  );

  defineRoute(
    ctx,
    { method: 'POST', url: '/api/v1/runs/:id/inputs', scope: 'write', summary: 'Log dataset inputs of a run', tags, params: idParams, body: z.strictObject({ datasetInputs: z.array(datasetInputSchema).max(LIMITS.batchTotal) }) },
    async ({ params, body }) => {
      await tracking.logInputs(params.id, body.datasetInputs);
    },
  );

  defineRoute(ctx, { method: 'DELETE', url: '/api/v1/runs/:id/tags', scope: 'write', summary: 'Delete a run tag', tags, params: idParams, query: z.strictObject({ key: keySchema }) }, async ({ params, query }) => {
    await tracking.deleteTag(params.id, query.key);
  });

  defineRoute(
    ctx,
    {
      method: 'GET',
      url: '/api/v1/runs/:id/metrics/history',
      scope: 'read',
      summary: 'Metric history ordered by step (paged), or with maxPoints at most that many min/max/last buckets',
      tags,
      params: idParams,
      query: historyQuery,
      response: z.union([z.object({ metrics: z.array(metricResponse), nextPageToken: z.string().optional() }), z.object({ buckets: z.array(bucketResponse) })]),
    },
    async ({ params, query }) => {
      if (query.maxPoints !== undefined) return { buckets: (await tracking.getMetricHistoryBuckets(params.id, query.key, query.maxPoints)).map(bucketJson) };
      const { items, nextPageToken } = await tracking.getMetricHistory(params.id, query.key, { pageToken: query.pageToken, maxResults: query.maxResults });
      return { metrics: items.map(metricJson), ...(nextPageToken ? { nextPageToken } : {}) };
    },
  );

  registerTrackingArtifactRoutes(ctx, tracking);
}
