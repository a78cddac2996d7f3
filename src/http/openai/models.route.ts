import { z } from 'zod';
import { GatewayError, type GatewayService } from '../../domains/llm/index.js';
import { defineRoute, type RouteContext } from '../route.js';

const modelSchema = z.object({ id: z.string(), object: z.literal('model'), created: z.number(), owned_by: z.string() });

export function registerModels(ctx: RouteContext, gateway: GatewayService): void {
  const tags = ['openai'];
  defineRoute(ctx, { method: 'GET', url: '/models', scope: 'read', summary: 'Gateway routes and provider/model names callable through /v1', tags, response: z.object({ object: z.literal('list'), data: z.array(modelSchema) }) }, () => ({
    object: 'list',
    data: gateway.models(),
  }));

  // `*`, not `:model`: provider/model names contain a slash.
  defineRoute(
    ctx,
    { method: 'GET', url: '/models/*', scope: 'read', summary: 'One callable model', tags, params: z.object({ '*': z.string().min(1).max(512) }), response: modelSchema },
    ({ params }) => {
      const model = gateway.models().find((m) => m.id === params['*']);
      if (!model) throw GatewayError.modelNotFound(params['*']);
      return model;
    },
  );
}
