import { z } from 'zod';
import { deploySpecSchema, deploymentNameSchema, feedbackBodySchema, parsePredictBody, predictBodySchema, type ServingService } from '../../domains/serving/index.js';
import { defineRoute, type RouteContext } from '../route.js';
import { actorOf } from './registry-wire.js';

const nameParams = z.strictObject({ name: deploymentNameSchema });
const rollbackBody = z.strictObject({ reason: z.string().max(2000).optional() }).optional();
const arm = z.object({ name: z.string(), model: z.string(), version: z.number(), weight: z.number() });
const deploymentResponse = z.object({ name: z.string(), revision: z.number(), config: z.object({ strategy: z.string(), arms: z.array(arm) }).passthrough(), createdBy: z.string(), createdAt: z.number(), updatedAt: z.number() });

/** Deployments under /api/v1/deployments: CRUD, revisions and audit, the tabular predict endpoint, feedback and arm statistics. */
export function registerDeploymentRoutes(ctx: RouteContext, serving: ServingService): void {
  const tags = ['serving'];
  const base = '/api/v1/deployments';

  defineRoute(ctx, { method: 'GET', url: base, scope: 'read', summary: 'List deployments', tags, response: z.object({ deployments: z.array(deploymentResponse) }) }, async () => ({ deployments: await serving.list() }));

  defineRoute(
    ctx,
    {
      method: 'PUT',
      url: `${base}/:name`,
      scope: 'write',
      summary: 'Deploy: create the deployment or store its next revision (model and candidate as name@version or name@alias); versions are loaded and warmed before traffic moves',
      tags,
      params: nameParams,
      body: deploySpecSchema,
      response: deploymentResponse,
    },
    ({ params, body, request }) => serving.deploy(params.name, body, actorOf(request)),
  );

  defineRoute(ctx, { method: 'GET', url: `${base}/:name`, scope: 'read', summary: 'Get a deployment', tags, params: nameParams, response: deploymentResponse }, ({ params }) => serving.get(params.name));

  defineRoute(ctx, { method: 'DELETE', url: `${base}/:name`, scope: 'write', summary: 'Delete a deployment (its audit and prediction log stay)', tags, params: nameParams }, async ({ params, request }) => {
    await serving.delete(params.name, actorOf(request));
  });

  defineRoute(
    ctx,
    { method: 'POST', url: `${base}/:name/rollback`, scope: 'write', summary: 'Make the previous revision current again (blue-green: switch back)', tags, params: nameParams, body: rollbackBody, response: deploymentResponse },
    ({ params, body, request }) => serving.rollback(params.name, body?.reason, actorOf(request)),
  );

  defineRoute(ctx, { method: 'GET', url: `${base}/:name/revisions`, scope: 'read', summary: 'Every revision of the configuration, newest first', tags, params: nameParams }, async ({ params }) => ({
    revisions: await serving.revisions(params.name),
  }));

  defineRoute(ctx, { method: 'GET', url: `${base}/:name/audit`, scope: 'read', summary: 'Who changed what, including automatic canary steps', tags, params: nameParams }, async ({ params }) => ({ events: await serving.audit(params.name) }));

  defineRoute(
    ctx,
    { method: 'POST', url: `${base}/:name/predict`, scope: 'read', summary: 'Tabular prediction: {"instances":[{column: value}]}, one prediction per instance', tags, params: nameParams, body: predictBodySchema, parseBody: parsePredictBody },
    ({ params, body, request }) => {
      const header = request.headers['x-user-id'];
      return serving.predict(params.name, body, { requestId: String(request.id), routingKey: typeof header === 'string' ? header : undefined });
    },
  );

  defineRoute(ctx, { method: 'POST', url: `${base}/:name/feedback`, scope: 'read', summary: 'Ground truth or a binary reward for a served request, by its request id', tags, params: nameParams, body: feedbackBodySchema }, ({ params, body }) =>
    serving.feedback(params.name, body),
  );

  defineRoute(ctx, { method: 'GET', url: `${base}/:name/stats`, scope: 'read', summary: 'Per-arm requests, errors and feedback rates with 95% intervals; A/B significance; shadow agreement', tags, params: nameParams }, ({ params }) =>
    serving.stats(params.name),
  );
}
