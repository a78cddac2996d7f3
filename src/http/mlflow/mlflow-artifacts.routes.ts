import { Readable } from 'node:stream';
import { z } from 'zod';
import type { TrackingApi } from '../../domains/tracking/index.js';
import { defineRoute, type RouteContext } from '../route.js';
import { invalidParameter, missingValueMessage } from './mlflow-errors.js';
import { toMlflowFileInfo } from './mlflow-mappers.js';
import { listArtifactsRequest, proxyListRequest, runIdOf } from './mlflow-requests.js';

const tags = ['mlflow'];

/**
 * Clients send folder paths with or without a trailing slash (and the proxy's wildcard may be
 * empty); the tracking service then refuses anything unsafe (`..`, absolute, backslashes).
 */
function artifactPath(path: string | undefined, param: string, required: boolean): string | undefined {
  const trimmed = (path ?? '').replace(/\/+$/, '');
  if (trimmed !== '') return trimmed;
  if (required) throw invalidParameter(missingValueMessage(param), param);
  return undefined;
}

/** MLflow's artifacts/list, scoped to one run: paths relative to the run's artifact root. */
export function registerMlflowArtifactListRoute(ctx: RouteContext, tracking: TrackingApi): void {
  defineRoute(ctx, { method: 'GET', url: '/artifacts/list', scope: 'read', summary: 'MLflow: list a run’s artifacts under a path', tags, query: listArtifactsRequest }, async ({ query }) => {
    const listing = await tracking.listArtifacts(runIdOf(query), artifactPath(query.path, 'path', false));
    // Keel lists a folder in one answer, so there is never a next page to offer.
    return { root_uri: listing.rootUri, files: listing.files.map((f) => toMlflowFileInfo(f)) };
  });
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  txt: 'text/plain',
  log: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
  yaml: 'text/yaml',
  yml: 'text/yaml',
  html: 'text/html',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  parquet: 'application/vnd.apache.parquet',
};

function contentTypeOf(name: string): string {
  const ext = name.includes('.') ? (name.split('.').pop() ?? '').toLowerCase() : '';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

/** A Content-Disposition value that survives any file name: an ASCII fallback plus RFC 5987's UTF-8 form. */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const wildcardParams = z.object({ '*': z.string().max(4096) });

/**
 * The artifact proxy (`mlflow server --serve-artifacts`), mounted at /api/2.0/mlflow-artifacts:
 * clients resolve a run's `mlflow-artifacts:/<experiment>/<run>/artifacts` URI to these routes.
 * Uploads arrive as the raw request stream (the plugin's catch-all parser passes it through),
 * so a large model file is streamed into the blob store, never buffered.
 */
export function registerMlflowArtifactProxyRoutes(ctx: RouteContext, tracking: TrackingApi): void {
  defineRoute(ctx, { method: 'PUT', url: '/artifacts/*', scope: 'write', summary: 'MLflow artifact proxy: upload a file (raw body)', tags, params: wildcardParams }, async ({ params, request }) => {
    const path = artifactPath(params['*'], 'path', true) ?? '';
    const body: unknown = request.body;
    const source = body instanceof Readable ? body : new Uint8Array(0);
    await tracking.putArtifactAtPath(path, source);
    return {};
  });

  defineRoute(ctx, { method: 'GET', url: '/artifacts/*', scope: 'read', summary: 'MLflow artifact proxy: download a file', tags, params: wildcardParams }, async ({ params, reply }) => {
    const path = artifactPath(params['*'], 'path', true) ?? '';
    const file = await tracking.openArtifactAtPath(path);
    const name = path.split('/').pop() ?? path;
    // As MLflow does: always an attachment and never sniffed, so an uploaded HTML file cannot run on this origin.
    return reply
      .header('content-type', contentTypeOf(name))
      .header('content-length', String(file.size))
      .header('content-disposition', attachment(name))
      .header('x-content-type-options', 'nosniff')
      .send(file.stream);
  });

  defineRoute(ctx, { method: 'GET', url: '/artifacts', scope: 'read', summary: 'MLflow artifact proxy: list a folder', tags, query: proxyListRequest }, async ({ query }) => {
    const entries = await tracking.listArtifactsAtPath(artifactPath(query.path, 'path', false) ?? '');
    // The proxy lists bare names (mlflow/server/handlers.py _list_artifacts_mlflow_artifacts).
    return { files: entries.map((e) => toMlflowFileInfo(e, e.path.split('/').filter(Boolean).pop() ?? e.path)) };
  });
}
