import { z } from 'zod';
import { createMonitorSchema, monitorNameSchema, runMonitorSchema, updateMonitorSchema, type MonitorsService } from '../../domains/monitoring/index.js';
import { deploymentNameSchema } from '../../domains/serving/index.js';
import { defineRoute, type RouteContext } from '../route.js';
import { actorOf } from './registry-wire.js';

/**
 * Scheduled monitors under /api/v1/monitoring/monitors: CRUD, run now, runs, the per-column drift
 * series and performance over time; infrastructure numbers per deployment.
 */
const nameParams = z.strictObject({ name: monitorNameSchema });
const runParams = z.strictObject({ name: monitorNameSchema, id: z.string().min(1).max(64) });
const epoch = z.coerce.number().int().min(0).max(8.64e15);
const runsQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).optional(), before: epoch.optional() });
const seriesQuery = z.strictObject({ column: z.string().min(1).max(1000).optional(), from: epoch.optional(), to: epoch.optional(), limit: z.coerce.number().int().min(1).max(100_000).optional() });
const infraQuery = z.strictObject({ windowSeconds: z.coerce.number().int().min(1).max(30 * 86_400).optional() });
const monitorResponse = z.object({ name: z.string(), config: z.object({}).passthrough(), enabled: z.boolean(), nextRunAt: z.number().nullable(), createdBy: z.string(), createdAt: z.number(), updatedAt: z.number() }).passthrough();
const runResponse = z
  .object({ id: z.string(), monitor: z.string(), trigger: z.string(), status: z.enum(['ok', 'failed', 'skipped']), error: z.string().nullable(), windowStart: z.number(), windowEnd: z.number(), rows: z.number(), labelledRows: z.number(), datasetDrift: z.boolean().nullable(), driftShare: z.number().nullable(), result: z.object({}).passthrough() })
  .passthrough();

export function registerMonitorRoutes(ctx: RouteContext, monitors: MonitorsService): void {
  const tags = ['monitoring'];
  const base = '/api/v1/monitoring/monitors';

  defineRoute(ctx, { method: 'GET', url: base, scope: 'read', summary: 'List monitors with the outcome of their latest run', tags, response: z.object({ monitors: z.array(monitorResponse) }) }, async () => ({ monitors: await monitors.list() }));

  defineRoute(
    ctx,
    { method: 'POST', url: base, scope: 'write', summary: 'Create a monitor: source (deployment or dataset), reference, window, tests and thresholds', tags, body: createMonitorSchema, response: monitorResponse, status: 201 },
    ({ body, request }) => monitors.create(body, actorOf(request).id),
  );

  defineRoute(ctx, { method: 'GET', url: `${base}/:name`, scope: 'read', summary: 'Get a monitor', tags, params: nameParams, response: monitorResponse }, ({ params }) => monitors.get(params.name));

  defineRoute(
    ctx,
    { method: 'PATCH', url: `${base}/:name`, scope: 'write', summary: 'Change a monitor (fields given replace the stored ones; enabled turns the schedule on or off)', tags, params: nameParams, body: updateMonitorSchema, response: monitorResponse },
    ({ params, body }) => monitors.update(params.name, body),
  );

  defineRoute(ctx, { method: 'DELETE', url: `${base}/:name`, scope: 'write', summary: 'Delete a monitor with its runs and series', tags, params: nameParams }, async ({ params }) => {
    await monitors.delete(params.name);
  });

  defineRoute(
    ctx,
    { method: 'POST', url: `${base}/:name/run`, scope: 'write', summary: 'Run the monitor now over the window ending at windowEnd (default now); stores the run and publishes its signals', tags, params: nameParams, body: runMonitorSchema.optional(), response: runResponse, status: 201 },
    ({ params, body }) => monitors.run(params.name, body ?? {}),
  );

  defineRoute(ctx, { method: 'GET', url: `${base}/:name/runs`, scope: 'read', summary: 'Runs of a monitor, newest first', tags, params: nameParams, query: runsQuery }, async ({ params, query }) => ({
    runs: await monitors.runs(params.name, query),
  }));

  defineRoute(ctx, { method: 'GET', url: `${base}/:name/runs/:id`, scope: 'read', summary: 'One run with its drift report, histograms, performance and infrastructure numbers', tags, params: runParams, response: runResponse }, ({ params }) =>
    monitors.getRun(params.name, params.id),
  );

  defineRoute(ctx, { method: 'GET', url: `${base}/:name/series`, scope: 'read', summary: 'Per-column drift statistics over time, oldest first', tags, params: nameParams, query: seriesQuery }, async ({ params, query }) => ({
    points: await monitors.series(params.name, query),
  }));

  defineRoute(
    ctx,
    { method: 'GET', url: `${base}/:name/performance`, scope: 'read', summary: 'Model performance per window, oldest first: measured where labels arrived, else the CBPE estimate', tags, params: nameParams, query: runsQuery },
    async ({ params, query }) => ({ windows: await monitors.performanceSeries(params.name, query) }),
  );

  defineRoute(
    ctx,
    { method: 'GET', url: '/api/v1/monitoring/deployments/:name/infra', scope: 'read', summary: 'Latency percentiles, throughput, error rate, queue depth, memory and GPU of a deployment over the last windowSeconds (default 300)', tags, params: z.strictObject({ name: deploymentNameSchema }), query: infraQuery },
    ({ params, query }) => monitors.infra(params.name, query.windowSeconds),
  );
}
