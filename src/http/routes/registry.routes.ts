import { z } from 'zod';
import {
  aliasSchema,
  createModelSchema,
  listModelsSchema,
  modelNameSchema,
  pageQuerySchema,
  registerVersionSchema,
  registryTagSchema,
  setAliasSchema,
  updateModelSchema,
  updateVersionSchema,
  type RegistryApi,
} from '../../domains/registry/index.js';
import { defineRoute, type RouteContext } from '../route.js';
import { registerRegistryLifecycleRoutes } from './registry-lifecycle.routes.js';
import { actorOf, modelResponse, nameParams, versionParams, versionResponse } from './registry-wire.js';

const aliasParams = z.strictObject({ name: modelNameSchema, alias: aliasSchema });
/** `orderBy` may repeat (`?orderBy=a&orderBy=b`) or list entries separated by commas. */
const orderByQuery = z
  .union([z.string().max(1000), z.array(z.string().max(200)).max(5)])
  .optional()
  .transform((v) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '')));
const listModelsQuery = listModelsSchema.extend({ orderBy: orderByQuery, filter: z.string().max(2000).optional() });
const tagKeyQuery = z.strictObject({ key: registryTagSchema.shape.key });

/** Keel's model registry REST API under /api/v1/models. */
export function registerRegistryRoutes(ctx: RouteContext, registry: RegistryApi): void {
  const tags = ['registry'];

  /* ---------- models ---------- */

  defineRoute(ctx, { method: 'POST', url: '/api/v1/models', scope: 'write', summary: 'Create a registered model', tags, body: createModelSchema, response: modelResponse, status: 201 }, ({ body, request }) =>
    registry.createModel(body, actorOf(request)),
  );

  defineRoute(
    ctx,
    { method: 'GET', url: '/api/v1/models', scope: 'read', summary: "List registered models (MLflow filter: name LIKE '%x%', tags.k = 'v')", tags, query: listModelsQuery, response: z.object({ models: z.array(modelResponse), nextPageToken: z.string().optional() }) },
    async ({ query }) => {
      const page = await registry.listModels({ ...query, filter: query.filter ?? '' });
      return { models: page.items, ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) };
    },
  );

  defineRoute(ctx, { method: 'GET', url: '/api/v1/models/:name', scope: 'read', summary: 'Get a registered model with its aliases and Production version', tags, params: nameParams, response: modelResponse }, ({ params }) =>
    registry.getModel(params.name),
  );

  defineRoute(ctx, { method: 'PATCH', url: '/api/v1/models/:name', scope: 'write', summary: 'Update a model’s description or rename it', tags, params: nameParams, body: updateModelSchema, response: modelResponse }, ({ params, body, request }) =>
    registry.updateModel(params.name, body, actorOf(request)),
  );

  defineRoute(ctx, { method: 'DELETE', url: '/api/v1/models/:name', scope: 'write', summary: 'Delete a model and its versions (refused while one is in Production)', tags, params: nameParams }, async ({ params, request }) => {
    await registry.deleteModel(params.name, actorOf(request));
  });

  defineRoute(ctx, { method: 'PUT', url: '/api/v1/models/:name/tags', scope: 'write', summary: 'Set a model tag', tags, params: nameParams, body: registryTagSchema }, async ({ params, body, request }) => {
    await registry.setModelTag(params.name, body, actorOf(request));
  });

  defineRoute(ctx, { method: 'DELETE', url: '/api/v1/models/:name/tags', scope: 'write', summary: 'Delete a model tag', tags, params: nameParams, query: tagKeyQuery }, async ({ params, query, request }) => {
    await registry.deleteModelTag(params.name, query.key, actorOf(request));
  });

  /* ---------- versions ---------- */

  defineRoute(
    ctx,
    {
      method: 'POST',
      url: '/api/v1/models/:name/versions',
      scope: 'write',
      summary: 'Register a version from a run artifact ({runId, path}: a file or a folder holding model.onnx) or a stored blob ({sha256}); the ONNX signature is read from the model',
      tags,
      params: nameParams,
      body: registerVersionSchema,
      response: versionResponse,
      status: 201,
    },
    ({ params, body, request }) => registry.registerVersion(params.name, body, actorOf(request)),
  );

  defineRoute(
    ctx,
    { method: 'GET', url: '/api/v1/models/:name/versions', scope: 'read', summary: 'List a model’s versions, newest first', tags, params: nameParams, query: pageQuerySchema, response: z.object({ versions: z.array(versionResponse), nextPageToken: z.string().optional() }) },
    async ({ params, query }) => {
      const page = await registry.listVersions(params.name, query);
      return { versions: page.items, ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) };
    },
  );

  defineRoute(ctx, { method: 'GET', url: '/api/v1/models/:name/versions/:version', scope: 'read', summary: 'Get a model version', tags, params: versionParams, response: versionResponse }, ({ params }) =>
    registry.getVersion(params.name, params.version),
  );

  defineRoute(ctx, { method: 'PATCH', url: '/api/v1/models/:name/versions/:version', scope: 'write', summary: 'Update a version’s description', tags, params: versionParams, body: updateVersionSchema, response: versionResponse }, ({ params, body, request }) =>
    registry.updateVersion(params.name, params.version, body.description, actorOf(request)),
  );

  defineRoute(ctx, { method: 'DELETE', url: '/api/v1/models/:name/versions/:version', scope: 'write', summary: 'Delete a version (refused for the Production version)', tags, params: versionParams }, async ({ params, request }) => {
    await registry.deleteVersion(params.name, params.version, actorOf(request));
  });

  defineRoute(ctx, { method: 'PUT', url: '/api/v1/models/:name/versions/:version/tags', scope: 'write', summary: 'Set a version tag', tags, params: versionParams, body: registryTagSchema }, async ({ params, body, request }) => {
    await registry.setVersionTag(params.name, params.version, body, actorOf(request));
  });

  defineRoute(ctx, { method: 'DELETE', url: '/api/v1/models/:name/versions/:version/tags', scope: 'write', summary: 'Delete a version tag', tags, params: versionParams, query: tagKeyQuery }, async ({ params, query, request }) => {
    await registry.deleteVersionTag(params.name, params.version, query.key, actorOf(request));
  });

  /* ---------- aliases ---------- */

  defineRoute(ctx, { method: 'PUT', url: '/api/v1/models/:name/aliases/:alias', scope: 'write', summary: 'Point an alias (champion, challenger…) at a version, moving it atomically', tags, params: aliasParams, body: setAliasSchema, response: versionResponse }, ({ params, body, request }) =>
    registry.setAlias(params.name, params.alias, body.version, actorOf(request)),
  );

  defineRoute(ctx, { method: 'GET', url: '/api/v1/models/:name/aliases/:alias', scope: 'read', summary: 'The version an alias points at', tags, params: aliasParams, response: versionResponse }, ({ params }) =>
    registry.getVersionByAlias(params.name, params.alias),
  );

  defineRoute(ctx, { method: 'DELETE', url: '/api/v1/models/:name/aliases/:alias', scope: 'write', summary: 'Delete an alias', tags, params: aliasParams }, async ({ params, request }) => {
    await registry.deleteAlias(params.name, params.alias, actorOf(request));
  });

  registerRegistryLifecycleRoutes(ctx, registry);
}
