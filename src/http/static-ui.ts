import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Paths that belong to APIs: an unknown one is a JSON 404, never the UI's index.html. */
const API_PREFIXES = ['/api/', '/v1/', '/v2/', '/ajax-api/', '/otlp/', '/healthz', '/readyz', '/metrics'];

export function isApiPath(url: string): boolean {
  return API_PREFIXES.some((p) => url === p.replace(/\/$/, '') || url.startsWith(p));
}

/** Serves the built web UI; any other GET for a page path gets index.html so client-side routes survive a reload. */
export async function serveUi(app: FastifyInstance, webRoot: string): Promise<boolean> {
  if (!existsSync(join(webRoot, 'index.html'))) return false;
  // Built assets have content hashes in their names and may be cached; index.html must not be, or an upgrade shows the old UI.
  await app.register(fastifyStatic, {
    root: webRoot,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    cacheControl: false,
    setHeaders: (res, path) => res.setHeader('cache-control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable'),
  });
  return true;
}

export function wantsUiPage(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '/';
  return request.method === 'GET' && !isApiPath(path) && !/\.[a-z0-9]+$/i.test(path);
}
