import { z } from 'zod';
import { keyBudgetSchema, requestLogPageSchema, requestLogQuerySchema, usageQuerySchema, usageReportSchema, type GatewayUsageService } from '../../domains/llm/index.js';
import { defineRoute, type RouteContext } from '../route.js';

/** The gateway's request log, spend over time and key budgets (the Gateway page's data). */
export function registerGatewayUsageRoutes(ctx: RouteContext, usage: GatewayUsageService): void {
  const tags = ['gateway'];

  defineRoute(
    ctx,
    { method: 'GET', url: '/api/v1/gateway/requests', scope: 'read', summary: 'Gateway request log, newest first, filtered by key, model, route, user, tag, status and time', tags, query: requestLogQuerySchema, response: requestLogPageSchema },
    ({ query }) => usage.requests(query),
  );

  defineRoute(
    ctx,
    { method: 'GET', url: '/api/v1/gateway/usage', scope: 'read', summary: 'Gateway spend, tokens and requests per hour or day, grouped by model, key, route, tag, user or provider', tags, query: usageQuerySchema, response: usageReportSchema },
    ({ query }) => usage.usage(query),
  );

  defineRoute(
    ctx,
    { method: 'GET', url: '/api/v1/gateway/budgets', scope: 'admin', summary: 'Keys with gateway limits, and what each has spent in its current budget period', tags, response: z.object({ keys: z.array(keyBudgetSchema) }) },
    async () => ({ keys: await usage.budgets(await ctx.access.list()) }),
  );
}
