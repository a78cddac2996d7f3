import { z } from 'zod';
import { deploymentNameSchema, streamBindingSpecSchema, type StreamInferenceService } from '../../domains/serving/index.js';
import { defineRoute, type RouteContext } from '../route.js';

const nameParams = z.strictObject({ name: deploymentNameSchema });
const bindingParams = z.strictObject({ name: deploymentNameSchema, id: z.string().min(1).max(128).regex(/^[A-Za-z0-9_-]+$/) });

/** Streaming inference bindings of a deployment: `/api/v1/deployments/:name/streams`. */
export function registerDeploymentStreamRoutes(ctx: RouteContext, streams: StreamInferenceService): void {
  const tags = ['serving'];
  const base = '/api/v1/deployments/:name/streams';

  defineRoute(
    ctx,
    { method: 'POST', url: base, scope: 'write', status: 201, summary: 'Start consuming JSON records from a NATS subject, publishing predictions to another (poison messages to deadLetter after maxDeliver tries)', tags, params: nameParams, body: streamBindingSpecSchema },
    ({ params, body }) => streams.start(params.name, body),
  );

  defineRoute(ctx, { method: 'GET', url: base, scope: 'read', summary: 'Stream bindings running in this server, with their counts', tags, params: nameParams }, ({ params }) => ({ streams: streams.list(params.name) }));

  defineRoute(ctx, { method: 'DELETE', url: `${base}/:id`, scope: 'write', summary: 'Stop a stream binding (un-acked messages are redelivered to the next consumer)', tags, params: bindingParams }, async ({ params }) => {
    await streams.stop(params.name, params.id);
  });
}
