import type { Registry } from 'prom-client';
import { healthSchema, readinessSchema, statusSchema, type SystemService } from '../../domains/system/index.js';
import type { OpenApiRegistry } from '../openapi.js';
import { defineRoute, type RouteContext } from '../route.js';

export function registerSystemRoutes(ctx: RouteContext, deps: { system: SystemService; metrics: Registry; openapi: OpenApiRegistry }): void {
  const { system, metrics, openapi } = deps;

  defineRoute(ctx, { method: 'GET', url: '/healthz', scope: 'public', summary: 'Liveness: 200 only while the database answers', tags: ['system'], response: healthSchema }, async ({ reply }) => {
    const health = await system.health();
    return reply.status(health.status === 'ok' ? 200 : 503).send(health);
  });

  defineRoute(ctx, { method: 'GET', url: '/readyz', scope: 'public', summary: 'Readiness: every engine answers and the server is not draining', tags: ['system'], response: readinessSchema }, async ({ reply }) => {
    const readiness = await system.readiness();
    return reply.status(readiness.status === 'ready' ? 200 : 503).send(readiness);
  });

  defineRoute(ctx, { method: 'GET', url: '/metrics', scope: 'read', summary: 'Prometheus metrics (text exposition format)', tags: ['system'] }, async ({ reply }) => {
    const text = await metrics.metrics();
    return reply.type(metrics.contentType).send(text);
  });

  defineRoute(ctx, { method: 'GET', url: '/api/v1/status', scope: 'read', summary: 'Server version, uptime and the engines in use', tags: ['system'], response: statusSchema }, () => system.status());

  defineRoute(ctx, { method: 'GET', url: '/api/openapi.json', scope: 'public', summary: 'This document', tags: ['system'] }, () => openapi.document(system.version));
}
