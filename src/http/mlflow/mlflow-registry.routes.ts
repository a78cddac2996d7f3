import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { parseInput } from '../../core/validation.js';
import { STAGES, type ModelVersion, type RegisteredModel, type RegistryApi, type Stage } from '../../domains/registry/index.js';
import { defineRoute, type RouteContext } from '../route.js';
import { actorOf } from '../routes/registry-wire.js';
import { invalidParameter, invalidValueMessage } from './mlflow-errors.js';
import {
  aliasRequest,
  createModelVersionRequest,
  createRegisteredModelRequest,
  deleteModelTagRequest,
  deleteVersionTagRequest,
  latestVersionsRequest,
  modelVersionRequest,
  registeredModelRequest,
  renameRegisteredModelRequest,
  searchModelVersionsRequest,
  searchRegisteredModelsRequest,
  setAliasRequest,
  setModelTagRequest,
  setVersionTagRequest,
  toMlflowModelVersion,
  toMlflowRegisteredModel,
  transitionStageRequest,
  updateModelVersionRequest,
  updateRegisteredModelRequest,
} from './mlflow-registry-mappers.js';
import { pageToken } from './mlflow-mappers.js';

const tags = ['mlflow'];
/** MLflow's defaults (model_registry.proto): 100 models, 200 000 versions per search page. */
const MODELS_PAGE = 100;
const VERSIONS_PAGE = 200_000;

/**
 * MLflow's Python client sends DELETE requests with a JSON body, its web UI and other
 * clients with a query string; both are read (the body wins where both name a field).
 */
function deleteArgs<S extends z.ZodType>(schema: S, request: FastifyRequest): z.output<S> {
  const body = typeof request.body === 'object' && request.body !== null ? request.body : {};
  const query = typeof request.query === 'object' && request.query !== null ? request.query : {};
  return parseInput(schema, { ...query, ...body }, 'body');
}

/** MLflow accepts stage names in any case (`production`). */
function stageOf(text: string): Stage {
  const stage = STAGES.find((s) => s.toLowerCase() === text.trim().toLowerCase());
  if (!stage) throw invalidParameter(invalidValueMessage('stage', text, `expected one of ${STAGES.join(', ')}`), 'stage');
  return stage;
}

/**
 * MLflow REST 2.0's model registry (mlflow/protos/model_registry.proto): registered-models/*
 * and model-versions/*, over Keel's registry. Promotion to Production via transition-stage
 * goes through the validation gate like any other; a refusal is INVALID_STATE.
 */
export function registerMlflowRegistryRoutes(ctx: RouteContext, registry: RegistryApi): void {
  const withLatest = async (m: RegisteredModel) => toMlflowRegisteredModel(m, await registry.latestVersions(m.name));
  const version = (v: ModelVersion) => ({ model_version: toMlflowModelVersion(v) });

  /* ---------- registered models ---------- */

  defineRoute(ctx, { method: 'POST', url: '/registered-models/create', scope: 'write', summary: 'MLflow: create a registered model', tags, body: createRegisteredModelRequest }, async ({ body, request }) => {
    const model = await registry.createModel({ name: body.name, tags: body.tags, description: body.description ?? '' }, actorOf(request));
    return { registered_model: toMlflowRegisteredModel(model, []) };
  });

  defineRoute(ctx, { method: 'GET', url: '/registered-models/get', scope: 'read', summary: 'MLflow: get a registered model', tags, query: registeredModelRequest }, async ({ query }) => ({
    registered_model: await withLatest(await registry.getModel(query.name)),
  }));

  defineRoute(ctx, { method: 'POST', url: '/registered-models/rename', scope: 'write', summary: 'MLflow: rename a registered model', tags, body: renameRegisteredModelRequest }, async ({ body, request }) => ({
    registered_model: await withLatest(await registry.updateModel(body.name, { newName: body.new_name }, actorOf(request))),
  }));

  defineRoute(ctx, { method: 'PATCH', url: '/registered-models/update', scope: 'write', summary: 'MLflow: update a registered model’s description', tags, body: updateRegisteredModelRequest }, async ({ body, request }) => ({
    registered_model: await withLatest(await registry.updateModel(body.name, { description: body.description ?? '' }, actorOf(request))),
  }));

  defineRoute(ctx, { method: 'DELETE', url: '/registered-models/delete', scope: 'write', summary: 'MLflow: delete a registered model (JSON body or query)', tags }, async ({ request }) => {
    await registry.deleteModel(deleteArgs(registeredModelRequest, request).name, actorOf(request));
    return {};
  });

  const searchModels = async (req: z.output<typeof searchRegisteredModelsRequest>) => {
    const page = await registry.listModels({ filter: req.filter ?? '', orderBy: req.order_by, maxResults: req.max_results ?? MODELS_PAGE, ...(req.page_token ? { pageToken: req.page_token } : {}) });
    return { registered_models: await Promise.all(page.items.map(withLatest)), ...pageToken(page.nextPageToken) };
  };
  defineRoute(ctx, { method: 'GET', url: '/registered-models/search', scope: 'read', summary: 'MLflow: search registered models', tags, query: searchRegisteredModelsRequest }, ({ query }) => searchModels(query));
  defineRoute(ctx, { method: 'POST', url: '/registered-models/search', scope: 'read', summary: 'MLflow: search registered models (JSON body)', tags, body: searchRegisteredModelsRequest }, ({ body }) => searchModels(body));

  const latest = async (req: z.output<typeof latestVersionsRequest>) => ({ model_versions: (await registry.latestVersions(req.name, req.stages)).map(toMlflowModelVersion) });
  defineRoute(ctx, { method: 'POST', url: '/registered-models/get-latest-versions', scope: 'read', summary: 'MLflow: newest version per stage', tags, body: latestVersionsRequest }, ({ body }) => latest(body));
  defineRoute(ctx, { method: 'GET', url: '/registered-models/get-latest-versions', scope: 'read', summary: 'MLflow: newest version per stage (query string)', tags, query: latestVersionsRequest }, ({ query }) => latest(query));

  defineRoute(ctx, { method: 'POST', url: '/registered-models/set-tag', scope: 'write', summary: 'MLflow: set a registered model tag', tags, body: setModelTagRequest }, async ({ body, request }) => {
    await registry.setModelTag(body.name, { key: body.key, value: body.value }, actorOf(request));
    return {};
  });

  defineRoute(ctx, { method: 'DELETE', url: '/registered-models/delete-tag', scope: 'write', summary: 'MLflow: delete a registered model tag (JSON body or query)', tags }, async ({ request }) => {
    const req = deleteArgs(deleteModelTagRequest, request);
    await registry.deleteModelTag(req.name, req.key, actorOf(request));
    return {};
  });

  defineRoute(ctx, { method: 'POST', url: '/registered-models/alias', scope: 'write', summary: 'MLflow: point an alias at a version', tags, body: setAliasRequest }, async ({ body, request }) => {
    await registry.setAlias(body.name, body.alias, body.version, actorOf(request));
    return {};
  });

  defineRoute(ctx, { method: 'DELETE', url: '/registered-models/alias', scope: 'write', summary: 'MLflow: delete an alias (JSON body or query)', tags }, async ({ request }) => {
    const req = deleteArgs(aliasRequest, request);
    await registry.deleteAlias(req.name, req.alias, actorOf(request));
    return {};
  });

  defineRoute(ctx, { method: 'GET', url: '/registered-models/alias', scope: 'read', summary: 'MLflow: the version an alias points at', tags, query: aliasRequest }, async ({ query }) => version(await registry.getVersionByAlias(query.name, query.alias)));

  /* ---------- model versions ---------- */

  defineRoute(ctx, { method: 'POST', url: '/model-versions/create', scope: 'write', summary: 'MLflow: register a version from runs:/ or mlflow-artifacts:/ (an MLflow model folder resolves to its model.onnx)', tags, body: createModelVersionRequest }, async ({ body, request }) =>
    version(await registry.registerFromUri(body.name, { source: body.source, runId: body.run_id, description: body.description, tags: body.tags }, actorOf(request))),
  );

  defineRoute(ctx, { method: 'GET', url: '/model-versions/get', scope: 'read', summary: 'MLflow: get a model version', tags, query: modelVersionRequest }, async ({ query }) => version(await registry.getVersion(query.name, query.version)));

  defineRoute(ctx, { method: 'PATCH', url: '/model-versions/update', scope: 'write', summary: 'MLflow: update a version’s description', tags, body: updateModelVersionRequest }, async ({ body, request }) =>
    version(await registry.updateVersion(body.name, body.version, body.description ?? '', actorOf(request))),
  );

  defineRoute(ctx, { method: 'DELETE', url: '/model-versions/delete', scope: 'write', summary: 'MLflow: delete a model version (JSON body or query)', tags }, async ({ request }) => {
    const req = deleteArgs(modelVersionRequest, request);
    await registry.deleteVersion(req.name, req.version, actorOf(request));
    return {};
  });

  const searchVersions = async (req: z.output<typeof searchModelVersionsRequest>) => {
    const page = await registry.searchVersions({ filter: req.filter ?? '', orderBy: req.order_by, maxResults: req.max_results ?? VERSIONS_PAGE, ...(req.page_token ? { pageToken: req.page_token } : {}) });
    return { model_versions: page.items.map(toMlflowModelVersion), ...pageToken(page.nextPageToken) };
  };
  defineRoute(ctx, { method: 'GET', url: '/model-versions/search', scope: 'read', summary: 'MLflow: search model versions', tags, query: searchModelVersionsRequest }, ({ query }) => searchVersions(query));
  defineRoute(ctx, { method: 'POST', url: '/model-versions/search', scope: 'read', summary: 'MLflow: search model versions (JSON body)', tags, body: searchModelVersionsRequest }, ({ body }) => searchVersions(body));

  defineRoute(ctx, { method: 'POST', url: '/model-versions/transition-stage', scope: 'write', summary: 'MLflow: transition a version’s stage (to Production through the validation gate)', tags, body: transitionStageRequest }, async ({ body, request }) => {
    const result = await registry.promote(body.name, body.version, { stage: stageOf(body.stage), archiveExisting: body.archive_existing_versions ?? false }, actorOf(request));
    return version(result.version);
  });

  defineRoute(ctx, { method: 'GET', url: '/model-versions/get-download-uri', scope: 'read', summary: 'MLflow: where a version’s files can be downloaded', tags, query: modelVersionRequest }, async ({ query, request }) => {
    const v = await registry.getVersion(query.name, query.version);
    return { artifact_uri: downloadUri(v, `${request.protocol}://${request.host}`) };
  });

  defineRoute(ctx, { method: 'POST', url: '/model-versions/set-tag', scope: 'write', summary: 'MLflow: set a model version tag', tags, body: setVersionTagRequest }, async ({ body, request }) => {
    await registry.setVersionTag(body.name, body.version, { key: body.key, value: body.value }, actorOf(request));
    return {};
  });

  defineRoute(ctx, { method: 'DELETE', url: '/model-versions/delete-tag', scope: 'write', summary: 'MLflow: delete a model version tag (JSON body or query)', tags }, async ({ request }) => {
    const req = deleteArgs(deleteVersionTagRequest, request);
    await registry.deleteVersionTag(req.name, req.version, req.key, actorOf(request));
    return {};
  });
}

/**
 * What an MLflow client can download: versions from the artifact space answer with
 * their `mlflow-artifacts:/` URI (the model folder when one was registered, so
 * `mlflow.pyfunc.load_model` finds its MLmodel); uploaded ones with Keel's download URL.
 */
export function downloadUri(v: ModelVersion, origin: string): string {
  if (v.source.startsWith('mlflow-artifacts:')) return v.source;
  const runs = /^runs:\/+[0-9a-f]{32}\/(.+)$/.exec(v.source);
  const root = v.artifactPath?.indexOf('/artifacts/') ?? -1;
  if (runs && v.artifactPath && root >= 0) return `mlflow-artifacts:/${v.artifactPath.slice(0, root + '/artifacts/'.length)}${runs[1] ?? ''}`;
  if (v.artifactPath) return `mlflow-artifacts:/${v.artifactPath}`;
  return `${origin}/api/v1/models/${encodeURIComponent(v.name)}/versions/${v.version}/artifact`;
}
