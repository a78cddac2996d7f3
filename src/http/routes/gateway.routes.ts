import { z } from 'zod';
import { gatewayConfigSchema } from '../../core/gateway-config.js';
import type { GatewayService } from '../../domains/llm/index.js';
import { defineRoute, type RouteContext } from '../route.js';

const configView = z.object({ config: gatewayConfigSchema, version: z.number(), updatedAt: z.number().nullable(), source: z.enum(['file', 'api']) });
const targetHealth = z.object({
  target: z.string(),
  state: z.string(),
  cooldownUntil: z.number().nullable(),
  inFlight: z.number(),
  latencyMs: z.number().nullable(),
  requests: z.number(),
  failures: z.number(),
});

export function registerGatewayRoutes(ctx: RouteContext, gateway: GatewayService): void {
  const tags = ['gateway'];

  defineRoute(ctx, { method: 'GET', url: '/api/v1/gateway/config', scope: 'admin', summary: 'The LLM gateway config in force (inline secrets redacted)', tags, response: configView }, () => gateway.getConfig());

  defineRoute(
    ctx,
    {
      method: 'PUT',
      url: '/api/v1/gateway/config',
      scope: 'admin',
      summary: 'Replace the LLM gateway config: validated, persisted, then applied atomically',
      tags,
      body: gatewayConfigSchema,
      response: configView,
    },
    ({ body }) => gateway.updateConfig(body),
  );

  defineRoute(ctx, { method: 'DELETE', url: '/api/v1/gateway/config', scope: 'admin', summary: 'Forget the edited config; the config file applies again', tags, response: configView, status: 200 }, () =>
    gateway.resetConfig(),
  );

  defineRoute(ctx, { method: 'GET', url: '/api/v1/gateway/targets', scope: 'read', summary: 'Health of each provider/model: cooldown, in flight, latency', tags, response: z.object({ targets: z.array(targetHealth) }) }, () => ({
    targets: gateway.targetHealth(),
  }));
}
