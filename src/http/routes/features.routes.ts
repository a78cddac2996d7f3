import { z } from 'zod';
import {
  applyRequestSchema,
  FEATURE_OBJECT_KINDS,
  featureNameSchema,
  materializationIdSchema,
  materializationListQuerySchema,
  materializeRequestSchema,
  onlineRequestSchema,
  pushRequestSchema,
  trainingRequestSchema,
  type FeaturesService,
  type MaterializationRuns,
} from '../../domains/features/index.js';
import { defineRoute, type RouteContext } from '../route.js';

const historyParams = z.strictObject({ kind: z.enum(FEATURE_OBJECT_KINDS), name: featureNameSchema });

/** The feature store under /api/v1/features: definitions, training data, materialization (in the request or in the background), pushes, online lookups. */
export function registerFeatureRoutes(ctx: RouteContext, features: FeaturesService, materializations?: MaterializationRuns): void {
  const tags = ['features'];
  const base = '/api/v1/features';

  defineRoute(ctx, { method: 'GET', url: `${base}/registry`, scope: 'read', summary: 'Current entities, sources, feature views and feature services, each with its version', tags }, () => features.registry());

  defineRoute(
    ctx,
    { method: 'POST', url: `${base}/apply`, scope: 'write', summary: 'Apply definitions: answers the diff (create/update/delete per object, new versions); dryRun only computes it, prune deletes objects left out', tags, body: applyRequestSchema },
    ({ body }) => features.apply(body),
  );

  defineRoute(ctx, { method: 'GET', url: `${base}/:kind/:name/history`, scope: 'read', summary: 'Every version of one entity, source, view or service (a null spec is a deletion)', tags, params: historyParams }, ({ params }) => features.history(params.kind, params.name));

  defineRoute(
    ctx,
    {
      method: 'POST',
      url: `${base}/online`,
      scope: 'read',
      summary: 'Online feature values for entity keys (features as view:feature, or a service): values, per-value status (PRESENT, NOT_FOUND, OUTSIDE_TTL) and event timestamps; all views in one read',
      tags,
      body: onlineRequestSchema,
      // The service validates with the same schema; parsing twice would cost the hot path.
      parseBody: (value) => value as z.output<typeof onlineRequestSchema>,
    },
    ({ body }) => features.getOnlineFeatures(body),
  );

  defineRoute(ctx, { method: 'POST', url: `${base}/push`, scope: 'write', summary: 'Write rows of one view into the online store (streaming updates); rows older than the stored value are skipped', tags, body: pushRequestSchema }, ({ body }) => features.push(body));

  defineRoute(
    ctx,
    { method: 'POST', url: `${base}/materialize`, scope: 'write', summary: 'Write the newest value per entity with event time in [start, end] (or since the last run, incremental) into the online store; idempotent', tags, body: materializeRequestSchema, bodyLimit: 64 * 1024 },
    ({ body }) => features.materialize(body),
  );

  if (materializations) registerMaterializationRunRoutes(ctx, materializations);

  defineRoute(
    ctx,
    { method: 'POST', url: `${base}/training`, scope: 'read', summary: 'Point-in-time correct training rows for inline entity rows (larger sets: keel features training with a file)', tags, body: trainingRequestSchema },
    async ({ body }) => {
      const result = await features.getTrainingFeatures({ entities: { kind: 'rows', rows: body.entities }, timestampColumn: body.timestampColumn, features: body.features, service: body.service, out: { kind: 'rows' } });
      return { columns: result.columns, rows: result.data ?? [] };
    },
  );

  defineRoute(ctx, { method: 'GET', url: `${base}/freshness`, scope: 'read', summary: 'Per view: newest event in the online store, its age vs the freshness expectation, and the last materialization', tags }, () => features.freshness());
}

/** Background materialization: queued on the job queue, polled for per-view progress. */
function registerMaterializationRunRoutes(ctx: RouteContext, runs: MaterializationRuns): void {
  const tags = ['features'];
  const base = '/api/v1/features/materializations';
  defineRoute(
    ctx,
    { method: 'POST', url: base, scope: 'write', status: 202, summary: 'Queue a materialization (same body as materialize, checked up front); answers the queued run to poll', tags, body: materializeRequestSchema, bodyLimit: 64 * 1024 },
    ({ body }) => runs.start(body),
  );
  defineRoute(ctx, { method: 'GET', url: base, scope: 'read', summary: 'Recent materialization runs, newest first', tags, query: materializationListQuerySchema }, async ({ query }) => ({ runs: await runs.list(query.limit) }));
  defineRoute(
    ctx,
    { method: 'GET', url: `${base}/:id`, scope: 'read', summary: 'A materialization run: state, per-view progress (done/total rows), times, and the per-view records or the error', tags, params: z.strictObject({ id: materializationIdSchema }) },
    ({ params }) => runs.get(params.id),
  );
}
