import { z } from 'zod';
import { apiKeySchema, createApiKeySchema, createdApiKeySchema } from '../../domains/access/index.js';
import { defineRoute, type RouteContext } from '../route.js';

const idParams = z.strictObject({ id: z.string().min(1).max(64) });

export function registerKeyRoutes(ctx: RouteContext): void {
  const { access } = ctx;
  const tags = ['access'];

  defineRoute(ctx, { method: 'POST', url: '/api/v1/keys', scope: 'admin', summary: 'Create an API key; the secret is returned only once', tags, body: createApiKeySchema, response: createdApiKeySchema, status: 201 }, ({ body }) =>
    access.create(body),
  );

  defineRoute(ctx, { method: 'GET', url: '/api/v1/keys', scope: 'admin', summary: 'List API keys (never their secrets)', tags, response: z.object({ keys: z.array(apiKeySchema) }) }, async () => ({
    keys: await access.list(),
  }));

  defineRoute(ctx, { method: 'DELETE', url: '/api/v1/keys/:id', scope: 'admin', summary: 'Revoke an API key', tags, params: idParams }, async ({ params }) => {
    await access.revoke(params.id);
  });
}
