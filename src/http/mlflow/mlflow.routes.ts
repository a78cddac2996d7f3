import type { FastifyInstance } from 'fastify';
import type { RegistryApi } from '../../domains/registry/index.js';
import type { TrackingApi } from '../../domains/tracking/index.js';
import { OpenApiRegistry, type OpenApiOperation } from '../openapi.js';
import type { RouteContext } from '../route.js';
import { registerMlflowArtifactListRoute, registerMlflowArtifactProxyRoutes } from './mlflow-artifacts.routes.js';
import { installMlflowErrorHandling } from './mlflow-errors.js';
import { registerMlflowExperimentRoutes } from './mlflow-experiments.routes.js';
import { registerMlflowLoggingRoutes } from './mlflow-logging.routes.js';
import { registerMlflowRegistryRoutes } from './mlflow-registry.routes.js';
import { registerMlflowRunRoutes } from './mlflow-runs.routes.js';

/**
 * Records a plugin's operations under their full path in the app's registry. With `document`
 * false it records nothing: the ajax-api aliases would only repeat the /api ones.
 */
class MountedOpenApi extends OpenApiRegistry {
  constructor(
    private readonly parent: OpenApiRegistry,
    private readonly prefix: string,
    private readonly documented: boolean,
  ) {
    super();
  }

  override add(op: OpenApiOperation): void {
    if (this.documented) this.parent.add({ ...op, url: `${this.prefix}${op.url}` });
  }
}

/**
 * MLflow clients POST `application/json`, sometimes with an empty body (proto: all fields
 * unset) and, from old clients, JSON double-encoded as a string; MLflow reads both, and treats
 * a request without a body (or `null`) as an empty message, so the answer names the missing field.
 * Fastify's own parser still does the parsing, keeping its prototype-poisoning guard.
 */
function acceptMlflowJson(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, {});
    parse(request, text, (err, value) => {
      if (err || typeof value !== 'string') return done(err ?? null, value);
      parse(request, value, done);
    });
  });
  app.addHook('preHandler', (request, _reply, done) => {
    if (request.body === undefined || request.body === null) request.body = {};
    done();
  });
}

/** Upload routes take the raw request stream, whatever its content type (MLflow sends the file's MIME type). */
function acceptRawBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
}

/**
 * MLflow REST 2.0 for existing MLflow clients: tracking under /api/2.0/mlflow (and /ajax-api,
 * which MLflow's web UI calls), the artifact proxy under /api/2.0/mlflow-artifacts. Each mount is
 * an encapsulated plugin with MLflow's error shape, so Keel's own routes keep theirs.
 */
export function registerMlflowRoutes(ctx: RouteContext, tracking: TrackingApi, registry?: RegistryApi): void {
  for (const root of ['/api', '/ajax-api']) {
    const documented = root === '/api';
    const trackingPrefix = `${root}/2.0/mlflow`;
    void ctx.app.register(
      async (app) => {
        installMlflowErrorHandling(app);
        acceptMlflowJson(app);
        const scoped: RouteContext = { ...ctx, app, openapi: new MountedOpenApi(ctx.openapi, trackingPrefix, documented) };
        registerMlflowExperimentRoutes(scoped, tracking);
        registerMlflowRunRoutes(scoped, tracking);
        registerMlflowLoggingRoutes(scoped, tracking);
        registerMlflowArtifactListRoute(scoped, tracking);
        // The model registry (registered-models/*, model-versions/*) shares the prefix and error shape.
        if (registry) registerMlflowRegistryRoutes(scoped, registry);
      },
      { prefix: trackingPrefix },
    );

    const artifactsPrefix = `${root}/2.0/mlflow-artifacts`;
    void ctx.app.register(
      async (app) => {
        installMlflowErrorHandling(app);
        acceptRawBodies(app);
        registerMlflowArtifactProxyRoutes({ ...ctx, app, openapi: new MountedOpenApi(ctx.openapi, artifactsPrefix, documented) }, tracking);
      },
      { prefix: artifactsPrefix },
    );
  }
}
