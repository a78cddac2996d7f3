import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { TrackingApi } from '../../domains/tracking/index.js';
import { defineRoute, type RouteContext } from '../route.js';
import { artifactEntryResponse } from './tracking-wire.js';

const idParams = z.strictObject({ id: z.string().min(1).max(64) });
const fileParams = z.strictObject({ id: z.string().min(1).max(64), '*': z.string().min(1).max(1024) });

/** Types browsers may render inline; anything else (HTML included, to avoid stored XSS) is served as bytes or plain text. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  txt: 'text/plain; charset=utf-8',
  log: 'text/plain; charset=utf-8',
  md: 'text/plain; charset=utf-8',
  py: 'text/plain; charset=utf-8',
  yaml: 'text/plain; charset=utf-8',
  yml: 'text/plain; charset=utf-8',
  diff: 'text/plain; charset=utf-8',
  html: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'text/plain; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
};

export function contentTypeOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === 'MLmodel') return 'text/plain; charset=utf-8';
  const dot = name.lastIndexOf('.');
  return (dot > 0 && CONTENT_TYPES[name.slice(dot + 1).toLowerCase()]) || 'application/octet-stream';
}

export function registerTrackingArtifactRoutes(ctx: RouteContext, tracking: TrackingApi): void {
  const tags = ['tracking'];

  defineRoute(
    ctx,
    { method: 'GET', url: '/api/v1/runs/:id/artifacts', scope: 'read', summary: 'List the direct children (files and folders) of an artifact folder', tags, params: idParams, query: z.strictObject({ path: z.string().max(1024).optional() }), response: z.object({ rootUri: z.string(), files: z.array(artifactEntryResponse) }) },
    ({ params, query }) => tracking.listArtifacts(params.id, query.path),
  );

  defineRoute(ctx, { method: 'GET', url: '/api/v1/runs/:id/artifacts/*', scope: 'read', summary: 'Download an artifact file', tags, params: fileParams }, async ({ params, reply }) => {
    const file = await tracking.openArtifact(params.id, params['*']);
    return reply
      .type(contentTypeOf(params['*']))
      .header('content-length', String(file.size))
      .header('x-content-type-options', 'nosniff')
      .header('etag', `"${file.sha256}"`)
      .send(file.stream);
  });

  // Uploads take the raw body of any content type as a stream, never buffered; the plugin is
  // encapsulated so every other route keeps strict JSON parsing.
  ctx.app.register(async (child) => {
    child.removeAllContentTypeParsers();
    child.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    const childCtx: RouteContext = { ...ctx, app: child };
    defineRoute(
      childCtx,
      { method: 'PUT', url: '/api/v1/runs/:id/artifacts/*', scope: 'write', summary: 'Upload an artifact file (raw request body, any content type)', tags, params: fileParams, response: artifactEntryResponse, status: 201 },
      ({ params, request }) => tracking.putArtifact(params.id, params['*'], (request.body as Readable | undefined) ?? new Uint8Array(0)),
    );
  });
}
