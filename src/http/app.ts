import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { AppError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { AccessService } from '../domains/access/index.js';
import type { RetentionService, SystemService } from '../domains/system/index.js';
import type { GatewayService, GatewayUsageService } from '../domains/llm/index.js';
import { registerGatewayUsageRoutes } from './routes/gateway-usage.routes.js';
import { registerOpenAiFace } from './openai/openai.plugin.js';
import { registerGatewayRoutes } from './routes/gateway.routes.js';
import type { TrackingApi } from '../domains/tracking/index.js';
import type { RegistryApi } from '../domains/registry/index.js';
import { registerRegistryRoutes } from './routes/registry.routes.js';
import type { ServingService } from '../domains/serving/index.js';
import { registerDeploymentRoutes } from './routes/deployments.routes.js';
import type { BatchJobService, StreamInferenceService } from '../domains/serving/index.js';
import { registerDeploymentStreamRoutes } from './routes/deployment-streams.routes.js';
import { registerBatchJobRoutes } from './routes/batch-jobs.routes.js';
import { registerOipFace } from './oip/oip.plugin.js';
import type { MonitoringService, MonitorsService } from '../domains/monitoring/index.js';
import { registerMonitoringRoutes } from './routes/monitoring.routes.js';
import { registerMonitorRoutes } from './routes/monitors.routes.js';
import type { AlertingService } from '../domains/alerting/index.js';
import { registerAlertingRoutes } from './routes/alerting.routes.js';
import type { TuningService } from '../domains/tuning/index.js';
import { registerTuningRoutes } from './routes/tuning.routes.js';
import { errorBody, installErrorHandler } from './error-handler.js';
import { instrumentRequests } from './metrics.js';
import { registerMlflowRoutes } from './mlflow/mlflow.routes.js';
import { OpenApiRegistry } from './openapi.js';
import type { RouteContext } from './route.js';
import { registerKeyRoutes } from './routes/keys.routes.js';
import { registerSystemRoutes } from './routes/system.routes.js';
import { registerRetentionRoutes } from './routes/retention.routes.js';
import { registerTrackingRoutes } from './routes/tracking.routes.js';
import { registerTrainingRoutes } from './routes/training.routes.js';
import type { TabularTrainingService, TrainingJobService } from '../domains/training/index.js';
import { serveUi, wantsUiPage } from './static-ui.js';
import { registerDataRoutes } from './routes/data.routes.js';
import type { DatasetService } from '../domains/data/index.js';
import type { FeaturesService, MaterializationRuns } from '../domains/features/index.js';
import { registerFeatureRoutes } from './routes/features.routes.js';
import { registerFeatureFreshnessMetrics } from './features-metrics.js';

export interface HttpServices {
  access: AccessService;
  system: SystemService;
  tracking: TrackingApi;
  /** The LLM gateway: `/v1` (OpenAI-compatible) and `/api/v1/gateway/*`. */
  gateway?: GatewayService;
  /** Gateway keys' limits, cost and the request log: `/api/v1/gateway/{requests,usage,budgets}`. */
  gatewayUsage?: GatewayUsageService;
  /** The model registry: `/api/v1/models/*` and MLflow's registered-models/model-versions. */
  registry?: RegistryApi;
  /** Drift detection: `/api/v1/monitoring/*`. */
  monitoring?: MonitoringService;
  /** Scheduled monitors: `/api/v1/monitoring/monitors/*`. */
  monitors?: MonitorsService;
  /** Alert rules, alerts, channels, inbox and silences: `/api/v1/alerts/*`. */
  alerting?: AlertingService;
  /** Hyperparameter studies: `/api/v1/studies/*`. */
  tuning?: TuningService;
  /** Model serving: `/api/v1/deployments/*` and the Open Inference Protocol face `/v2`. */
  serving?: ServingService;
  /** Batch inference jobs: `/api/v1/batch-jobs/*`. */
  batch?: BatchJobService;
  /** Streaming inference bindings: `/api/v1/deployments/:name/streams`. */
  streams?: StreamInferenceService;
  /** Datasets, versions and quality reports: `/api/v1/datasets/*`. */
  data?: DatasetService;
  /** The feature store: `/api/v1/features/*`. */
  features?: FeaturesService;
  /** Background materialization runs: `/api/v1/features/materializations/*`. */
  featureMaterializations?: MaterializationRuns;
  /** Training jobs, run logs, built-in tabular trainers and GPU sizing: `/api/v1/training/*`, `/api/v1/gpu/*`. */
  training?: TrainingJobService;
  tabularTraining?: TabularTrainingService;
  /** Data retention: `/api/v1/system/retention`. */
  retention?: RetentionService;
}

export interface HttpOptions {
  bodyLimitBytes: number;
  /** Folder of the built web UI; omitted or missing → API only. */
  webRoot?: string | undefined;
  logger: Logger;
  metrics: Registry;
}

const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export async function createHttpApp(services: HttpServices, opts: HttpOptions): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: opts.logger as FastifyBaseLogger,
    bodyLimit: opts.bodyLimitBytes,
    // Honour a caller's request id so one id follows a request across services.
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : newId();
    },
    // One access-log line per request is written in onResponse below; fastify's own two lines are off.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
  });
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  // Probes and scrapes arrive every few seconds from every load balancer and Prometheus: logging
  // them buries real traffic and costs a third of their throughput (docs/benchmarks/http-frameworks.md).
  app.addHook('onResponse', (request, reply, done) => {
    if (reply.statusCode < 400 && QUIET_ROUTES.has(request.routeOptions.url ?? '')) return done();
    request.log.info({ method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 100) / 100 }, 'request');
    done();
  });
  // Draining: once close() begins, responses tell keep-alive clients to hang up, and when the
  // last in-flight request has finished every remaining socket (idle keep-alives, connections
  // that never sent a request) is closed, so shutdown waits for work, not for socket timeouts.
  let closing = false;
  let inFlight = 0;
  const closeLeftoverSockets = (): void => {
    if (closing && inFlight === 0) app.server.closeAllConnections();
  };
  app.addHook('onRequest', (_request, _reply, done) => {
    inFlight++;
    done();
  });
  app.addHook('onResponse', (_request, _reply, done) => {
    inFlight--;
    // Only while draining: a timer per response would cost every call (preClose schedules its own check).
    if (closing) setImmediate(closeLeftoverSockets);
    done();
  });
  app.addHook('onRequestAbort', (_request, done) => {
    inFlight--;
    setImmediate(closeLeftoverSockets);
    done();
  });
  app.addHook('preClose', (done) => {
    closing = true;
    setImmediate(closeLeftoverSockets);
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  installErrorHandler(app);
  instrumentRequests(app, opts.metrics);

  const openapi = new OpenApiRegistry();
  const ctx: RouteContext = { app, openapi, access: services.access };
  registerSystemRoutes(ctx, { system: services.system, metrics: opts.metrics, openapi });
  if (services.retention) registerRetentionRoutes(ctx, services.retention);
  registerKeyRoutes(ctx);
  if (services.gateway) {
    registerGatewayRoutes(ctx, services.gateway);
    if (services.gatewayUsage) registerGatewayUsageRoutes(ctx, services.gatewayUsage);
    await registerOpenAiFace(app, { gateway: services.gateway, access: services.access, openapi });
  }
  registerTrackingRoutes(ctx, services.tracking);
  if (services.registry) registerRegistryRoutes(ctx, services.registry);
  if (services.serving) {
    const serving = services.serving;
    registerDeploymentRoutes(ctx, serving);
    await registerOipFace(app, {
      serving,
      access: services.access,
      openapi,
      serverVersion: services.system.version,
      ready: async () => serving.warmed && (await services.system.readiness()).status === 'ready',
    });
  }
  if (services.batch) registerBatchJobRoutes(ctx, services.batch);
  if (services.streams) registerDeploymentStreamRoutes(ctx, services.streams);
  if (services.monitoring) registerMonitoringRoutes(ctx, services.monitoring);
  if (services.monitors) registerMonitorRoutes(ctx, services.monitors);
  if (services.alerting) registerAlertingRoutes(ctx, services.alerting);
  if (services.data) registerDataRoutes(ctx, services.data);
  if (services.features) {
    registerFeatureRoutes(ctx, services.features, services.featureMaterializations);
    registerFeatureFreshnessMetrics(opts.metrics, services.features);
  }
  if (services.tuning) registerTuningRoutes(ctx, services.tuning);
  if (services.training) registerTrainingRoutes(ctx, { training: services.training, tabularTraining: services.tabularTraining });
  registerMlflowRoutes(ctx, services.tracking, services.registry);

  const ui = opts.webRoot ? await serveUi(app, opts.webRoot) : false;
  app.setNotFoundHandler((request, reply) => {
    if (ui && wantsUiPage(request)) return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
    const error = new AppError('NOT_FOUND', `no route for ${request.method} ${request.url.split('?')[0]}`);
    return reply.status(404).send(errorBody(error, String(request.id)));
  });
  return app;
}
