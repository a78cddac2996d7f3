/**
 * The composition root: configuration → adapters → services → HTTP server.
 * The only module that chooses and wires adapters.
 */
import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { createBlobStore } from './adapters/blob/index.js';
import { createKvStore } from './adapters/kv/index.js';
import { undiciUpstreamClient } from './adapters/http-upstream/index.js';
import { createJobQueue } from './adapters/queue/index.js';
import { createMessageStream } from './adapters/stream/index.js';
import type { MessageStream } from './core/ports/message-stream.js';
import { PromStreamMetrics } from './http/stream-metrics.js';
import { OnnxRuntime } from './adapters/runtime/index.js';
import { ApiKeySqlStore, GatewayConfigSqlStore, GatewayRequestLogSqlStore, migrateToLatest, openDatabase, RegistrySqlStore, TrackingSqlStore, type SqlDatabase } from './adapters/sql/index.js';
import { keelVersion, webRoot, type KeelConfig } from './config/index.js';
import { systemClock, type Clock } from './core/clock.js';
import type { BlobStore } from './core/ports/blob-store.js';
import type { JobQueue } from './core/ports/job-queue.js';
import type { KvStore } from './core/ports/kv-store.js';
import { AccessService } from './domains/access/index.js';
import { WorkerRunner, type JobHandler } from './domains/jobs/index.js';
import { RetentionService, SystemService } from './domains/system/index.js';
import { GatewayService, GatewayUsageService, ResponseCacheHook, type GatewayMetrics } from './domains/llm/index.js';
import { PromGatewayMetrics } from './http/gateway-metrics.js';
import { TrackingService } from './domains/tracking/index.js';
import { TuningService } from './domains/tuning/index.js';
import { TuningSqlStore } from './adapters/sql/tuning/tuning.sql-store.js';
import { MonitoringService } from './domains/monitoring/index.js';
import { MonitorsService, type InfraProbe } from './domains/monitoring/index.js';
import { MonitorSqlStore, PredictionLogSqlReader } from './adapters/sql/index.js';
import { PromInfraProbe } from './http/infra-probe.js';
import { nvidiaSmiUtilization } from './adapters/gpu/nvidia-smi.js';
import { DuckDbBatchFiles, DuckDbTabularReader } from './adapters/tabular/index.js';
import { RegistryService, ValidationGate } from './domains/registry/index.js';
import { createHttpApp } from './http/app.js';
import { AlertingService, budgetSignals, deploymentSignals } from './domains/alerting/index.js';
import { AlertingSqlStore } from './adapters/sql/index.js';
import { undiciWebhookPoster } from './adapters/http-upstream/index.js';
import { childProcessRunner } from './adapters/process/index.js';
import { childEnv } from './config/index.js';
import { TabularTrainingService, TrainingJobService, TrainingWorker, type DatasetResolver } from './domains/training/index.js';
import { AppError } from './core/errors.js';
import { RunLogSqlStore, TrainingJobSqlStore, TrainingWorkerSqlRegistry } from './adapters/sql/index.js';
import { ChildProcessLauncher, SystemResourceProbe } from './adapters/process/index.js';
import { hostname } from 'node:os';
import { createMetricsRegistry } from './http/metrics.js';
import { PromServingMetrics } from './http/serving-metrics.js';
import { BatchJobSqlStore, ServingSqlStore } from './adapters/sql/index.js';
import { BatchJobService, ServingService, StreamInferenceService, type ServingMetrics, type StreamMetrics } from './domains/serving/index.js';
import type { Registry } from 'prom-client';
import { DatasetSqlStore } from './adapters/sql/index.js';
import { DuckDbDatasetEngine } from './adapters/tabular/index.js';
import { DatasetService } from './domains/data/index.js';
import { FeatureRegistrySqlStore, MaterializationRunSqlStore, postgresTableExporter } from './adapters/sql/index.js';
import { DuckDbFeatureEngine } from './adapters/tabular/index.js';
import { FeaturesService, MaterializationRuns } from './domains/features/index.js';
import { join } from 'node:path';

export { loadConfig, ConfigError, keelVersion, childEnv, type KeelConfig } from './config/index.js';
export { WorkerRunner } from './domains/jobs/index.js';
export { parseDefinitionsText as parseFeatureDefinitions } from './domains/features/index.js';
export { estimateGpuMemory, gpuEstimateRequestSchema, TrainingWorker, type GpuEstimate, type GpuEstimateRequest } from './domains/training/index.js';
export { renderDriftReportHtml, DRIFT_TESTS, type DriftReport, type DriftResult, type DriftTestChoice, type DriftOptions, type TabularFormat } from './domains/monitoring/index.js';

export interface Adapters {
  sql: SqlDatabase;
  blobs: BlobStore;
  kv: KvStore;
  queue: JobQueue;
  /** NATS JetStream, when `nats.url` is set (streaming inference). */
  stream?: MessageStream | undefined;
}

export interface Services {
  access: AccessService;
  system: SystemService;
  tracking: TrackingService;
  tuning: TuningService;
  gateway: GatewayService;
  /** Virtual-key limits, budgets, cost and the request log of the gateway (a pipeline hook). */
  gatewayUsage: GatewayUsageService;
  registry: RegistryService;
  monitoring: MonitoringService;
  serving: ServingService;
  /** Batch inference: `keel batch` in one process, or REST jobs sharded onto the queue (`serving.batch`). */
  batch: BatchJobService;
  /** Streaming inference: deployments consuming NATS subjects. */
  streams: StreamInferenceService;
  /** Scheduled monitors over the prediction log or stored datasets: drift, performance, infrastructure. */
  monitors: MonitorsService;
  /** Alert rules over monitor and infra signals, Alertmanager-style notifications, inbox, retraining hook. */
  alerting: AlertingService;
  /** Datasets, immutable versions, profiles and quality reports; `resolve`/`open` read versions for other domains. */
  data: DatasetService;
  /** The feature store: definitions, point-in-time training data, materialization, online lookups. */
  features: FeaturesService;
  /** Background materialization runs on the job queue (`features.materialize`), with stored progress. */
  featureMaterializations: MaterializationRuns;
  /** Training jobs: any command, queued and run by training workers as tracked runs. */
  training: TrainingJobService;
  /** Built-in tabular trainers (`keel train tabular`). */
  tabularTraining: TabularTrainingService;
  /** Opt-in deletion of old prediction log, gateway request and alert history rows. */
  retention: RetentionService;
}

export function createLogger(config: KeelConfig, destination?: NodeJS.WritableStream): Logger {
  const opts = {
    level: config.log.level,
    base: { service: 'keel' },
    redact: [
      'req.headers.authorization',
      'req.headers["x-api-key"]',
      // LLM provider keys, should a config or provider object reach a log line. Exact paths only:
      // leading wildcards are evaluated on every line, access log included (measured in the gateway bench).
      'apiKey',
      'provider.apiKey',
      'providers[*].apiKey',
      'gateway.providers[*].apiKey',
      'config.gateway.providers[*].apiKey',
    ],
  };
  return destination ? pino(opts, destination) : pino(opts);
}

/** Opens every engine the config names and applies migrations; on failure, closes what was opened. */
export async function createAdapters(config: KeelConfig, logger?: Logger): Promise<Adapters> {
  const opened: { close(): Promise<void> }[] = [];
  try {
    const sql = await openDatabase(config.database);
    opened.push(sql);
    await migrateToLatest(sql);
    const blobs = await createBlobStore(config.artifacts);
    opened.push(blobs);
    const kv = await createKvStore(config.kv, { sqlitePath: join(config.dataDir, 'kv.db') });
    opened.push(kv);
    const queue = await createJobQueue(config.queue, { sql, ...(logger ? { onError: (err: Error) => logger.error({ err }, 'job queue maintenance failed') } : {}) });
    opened.push(queue);
    const stream = await createMessageStream(config.nats);
    if (stream) opened.push(stream);
    return { sql, blobs, kv, queue, stream };
  } catch (err) {
    for (const a of opened.reverse()) await a.close().catch(() => undefined);
    throw err;
  }
}

export async function closeAdapters(adapters: Adapters): Promise<void> {
  // Reverse of opening: the queue and kv may still flush into SQL.
  await adapters.stream?.close();
  await adapters.queue.close();
  await adapters.kv.close();
  await adapters.blobs.close();
  await adapters.sql.close();
}

export function createServices(config: KeelConfig, adapters: Adapters, clock: Clock = systemClock, logger?: Logger, servingMetrics?: ServingMetrics, gatewayMetrics?: GatewayMetrics, streamMetrics?: StreamMetrics, infraProbe?: InfraProbe): Services {
  const access = new AccessService(new ApiKeySqlStore(adapters.sql), clock, config.auth.apiKeys);
  const system = new SystemService({
    version: keelVersion(),
    clock,
    engines: {
      database: { type: config.database.type },
      artifacts: { type: config.artifacts.type },
      kv: { type: config.kv.type },
      queue: { type: config.queue.type },
    },
    probes: {
      database: () => adapters.sql.ping(),
      kv: async () => {
        await adapters.kv.get('keel:probe');
      },
    },
    authEnabled: () => access.authEnabled(),
  });
  const tracking = new TrackingService(new TrackingSqlStore(adapters.sql), adapters.blobs, clock);
  const gateway = new GatewayService({
    upstream: undiciUpstreamClient,
    store: new GatewayConfigSqlStore(adapters.sql),
    clock,
    fileConfig: config.gatewaySource,
    resolveSecrets: config.resolveGatewaySecrets,
    ...(logger ? { logger: logger.child({ component: 'gateway' }) } : {}),
  });
  const gatewayUsage = new GatewayUsageService({
    kv: adapters.kv,
    store: new GatewayRequestLogSqlStore(adapters.sql),
    keyLimits: (keyId) => access.gatewayLimits(keyId),
    gatewayConfig: () => gateway.activeConfig,
    clock,
    metrics: gatewayMetrics,
    logger: logger?.child({ component: 'gateway-usage' }),
  });
  // First: a key's model allow-list, rate limits and budget apply before anything answers.
  gateway.addHook(gatewayUsage.hook);
  // Hooks run in the order added: keep this after the virtual-key/budget/rate-limit hook, so a
  // cache hit is still authorised and counted.
  gateway.addHook(new ResponseCacheHook({ kv: adapters.kv, gateway, clock, logger: logger?.child({ component: 'gateway-cache' }) }));
  // One ONNX runtime reads signatures at registration and runs the gate's checks.
  const runtime = new OnnxRuntime();
  const registry = new RegistryService({
    store: new RegistrySqlStore(adapters.sql),
    tracking,
    blobs: adapters.blobs,
    runtime,
    gate: new ValidationGate(adapters.blobs, runtime, clock),
    clock,
  });
  const monitoring = new MonitoringService({ reader: new DuckDbTabularReader(adapters.blobs), blobs: adapters.blobs });
  // Serving loads versions through the registry and runs them on the same runtime.
  const servingLog = logger?.child({ component: 'serving' });
  const serving = new ServingService({
    store: new ServingSqlStore(adapters.sql),
    models: registry,
    runtime,
    kv: adapters.kv,
    clock,
    ...(servingMetrics ? { metrics: servingMetrics } : {}),
    ...(servingLog ? { onBackgroundError: (err: unknown) => servingLog.warn({ err }, 'serving background work failed') } : {}),
  });
  const batch = new BatchJobService({ serving, models: registry, files: new DuckDbBatchFiles(adapters.blobs), store: new BatchJobSqlStore(adapters.sql), queue: adapters.queue, clock });
  const streams = new StreamInferenceService({
    serving,
    stream: adapters.stream,
    kv: adapters.kv,
    clock,
    ...(streamMetrics ? { metrics: streamMetrics } : {}),
    ...(servingLog ? { onBackgroundError: (err: unknown) => servingLog.warn({ err }, 'stream inference failed') } : {}),
  });
  const tuning = new TuningService({ store: new TuningSqlStore(adapters.sql), tracking, clock });
  const training = new TrainingJobService({ store: new TrainingJobSqlStore(adapters.sql), logs: new RunLogSqlStore(adapters.sql), workers: new TrainingWorkerSqlRegistry(adapters.sql), queue: adapters.queue, tracking, clock });
  const monitors = new MonitorsService({
    store: new MonitorSqlStore(adapters.sql),
    log: new PredictionLogSqlReader(adapters.sql),
    reader: new DuckDbTabularReader(adapters.blobs),
    blobs: adapters.blobs,
    deployments: serving,
    versions: registry,
    queue: adapters.queue,
    clock,
    infra: infraProbe,
    onBackgroundError: (err: unknown) => logger?.warn({ err }, 'monitor background work failed'),
  });
  const alerting = new AlertingService({
    store: new AlertingSqlStore(adapters.sql),
    clock,
    poster: undiciWebhookPoster,
    queue: adapters.queue,
    logger: logger?.child({ component: 'alerting' }) ?? pino({ level: 'silent' }),
    evaluationIntervalMs: config.alerting.evaluationIntervalMs,
    externalUrl: config.alerting.externalUrl,
    retraining: { command: config.alerting.retrainCommand, runner: childProcessRunner(new ChildProcessLauncher(childEnv)) },
    // Events no monitor publishes: a deployment's new revision (info: DeploymentChanged) and gateway budget use (CostBudgetApproaching).
    probes: [async () => deploymentSignals(await serving.list()), async () => budgetSignals(await gatewayUsage.budgets(await access.list()), clock.now())],
  });
  // Monitor runs publish their drift/performance/infra signals straight into the alert rules.
  monitors.useSignalSink(alerting);
  const data = createDatasetService(adapters, clock, tracking, registry);
  const features = createFeaturesService(adapters, clock, data);
  const featureMaterializations = new MaterializationRuns({ features, store: new MaterializationRunSqlStore(adapters.sql), queue: adapters.queue, clock });
  const tabularTraining = new TabularTrainingService({ reader: new DuckDbTabularReader(adapters.blobs), tracking, registry, clock, datasets: datasetResolver(data) });
  const retention = createRetentionService(config, adapters, clock, logger);
  return { access, system, tracking, gateway, gatewayUsage, registry, monitoring, serving, batch, streams, monitors, alerting, data, features, featureMaterializations, tuning, training, tabularTraining, retention };
}

/** Each log's own store deletes its rows (stores are stateless over the SQL pool, so fresh instances share nothing). */
function createRetentionService(config: KeelConfig, adapters: Adapters, clock: Clock, logger?: Logger): RetentionService {
  const serving = new ServingSqlStore(adapters.sql);
  const gatewayLog = new GatewayRequestLogSqlStore(adapters.sql);
  const alerting = new AlertingSqlStore(adapters.sql);
  return new RetentionService({
    settings: config.retention,
    clock,
    logger: logger?.child({ component: 'retention' }),
    targets: {
      predictionLog: (cutoff, batch) => serving.deletePredictionsBefore(cutoff, batch),
      // Budgets count spend in kv counters, never from this log, so trimming it cannot reset a budget (docs/retention.md).
      gatewayRequests: (cutoff, batch) => gatewayLog.deleteBefore(cutoff, batch),
      alertHistory: (cutoff, batch) => alerting.deleteHistoryBefore(cutoff, batch),
    },
  });
}

/**
 * A training worker on this machine: advertises its CPUs, memory and GPUs (nvidia-smi) and runs
 * training jobs that fit them, logging to `trackingUri`.
 */
export async function createTrainingWorker(services: Services, opts: { trackingUri: string; logger: Logger; id?: string; maxJobs?: number }): Promise<TrainingWorker> {
  const resources = await new SystemResourceProbe().detect();
  const host = hostname();
  return new TrainingWorker(
    { service: services.training, launcher: new ChildProcessLauncher(childEnv) },
    { id: opts.id ?? `${host}-${process.pid}`, host, resources, trackingUri: opts.trackingUri, logger: opts.logger, ...(opts.maxJobs ? { maxJobs: opts.maxJobs } : {}) },
  );
}

function createDatasetService(adapters: Adapters, clock: Clock, tracking: TrackingService, registry: RegistryService): DatasetService {
  return new DatasetService({
    store: new DatasetSqlStore(adapters.sql),
    engine: new DuckDbDatasetEngine(adapters.blobs),
    blobs: adapters.blobs,
    clock,
    runs: {
      runExists: (runId) => tracking.getRun(runId).then(() => true, (err: unknown) => (err instanceof Error && 'code' in err && err.code === 'NOT_FOUND' ? false : Promise.reject(err))),
      recordInput: (runId, d) => tracking.logInputs(runId, [{ dataset: { name: d.name, digest: d.digest, sourceType: 'keel-data', source: d.source }, tags: [{ key: 'mlflow.data.context', value: d.context }] }]),
    },
    models: {
      versionsFromRuns: async (runIds) => {
        const quoted = runIds.map((id) => `'${id.replace(/'/g, "''")}'`).join(', ');
        const page = await registry.searchVersions({ filter: `run_id IN (${quoted})`, maxResults: 1000 });
        return page.items.filter((v) => v.runId).map((v) => ({ name: v.name, version: v.version, runId: v.runId as string }));
      },
    },
  });
}

/** `keel train tabular --data name@version`: a single-file dataset version read straight from the blob store. */
function datasetResolver(data: DatasetService): DatasetResolver {
  return {
    resolve: async (name, version) => {
      const v = await data.resolve(name, version);
      const file = v.files[0];
      if (!file || v.files.length > 1) throw new AppError('INVALID_ARGUMENT', `dataset ${v.dataset}@${v.version} has ${v.files.length} files; training reads a single-file version`, { details: { field: 'body.dataset' } });
      return { source: { kind: 'blob', sha256: file.sha256, format: v.format }, name: v.dataset, version: String(v.version), digest: v.digest };
    },
    linkRun: (name, version, runId) => data.linkRun(name, version, { runId, context: 'train' }),
  };
}

function createFeaturesService(adapters: Adapters, clock: Clock, data: DatasetService): FeaturesService {
  const exportPostgres = postgresTableExporter(adapters.sql);
  return new FeaturesService({
    store: new FeatureRegistrySqlStore(adapters.sql),
    engine: new DuckDbFeatureEngine(exportPostgres ? { exportPostgres } : {}),
    kv: adapters.kv,
    clock,
    datasets: {
      open: async (name, version) => {
        const opened = await data.open(name, version);
        return { paths: opened.paths, format: opened.format, close: opened.close };
      },
      exists: async (name, version) => {
        await data.resolve(name, version);
      },
    },
  });
}

/** Drift detection on local files, with no server, database or artifact store (`keel drift`). */
export function createLocalDriftService(): MonitoringService {
  return new MonitoringService({ reader: new DuckDbTabularReader() });
}

/** Job handlers each domain contributes; `keel worker` and the embedded server run them. */
export function createJobHandlers(services: Services): JobHandler[] {
  return [services.batch.handler(), services.monitors.handler(), services.alerting.handler(), services.featureMaterializations.handler()];
}

/** How often each instance looks for due monitors; a run is due at most once per window anyway. */
const MONITOR_TICK_MS = 15_000;
/** How soon a server serves a deployment revision or gateway config stored through another server (one small SELECT each per tick). */
const SYNC_MS = 2_000;
/** The first retention sweep waits until start-up work (warming, restoring streams) is done. */
const RETENTION_FIRST_SWEEP_MS = 10_000;

export interface RunningKeel {
  url: string;
  config: KeelConfig;
  http: FastifyInstance;
  services: Services;
  adapters: Adapters;
  logger: Logger;
  /** Drains in-flight requests, stops workers, then closes pools and files. Safe to call twice. */
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  clock?: Clock;
  /** Run job handlers inside the server (the embedded default). */
  embeddedWorker?: boolean;
}

export async function startKeel(config: KeelConfig, opts: StartOptions = {}): Promise<RunningKeel> {
  const logger = opts.logger ?? createLogger(config);
  const adapters = await createAdapters(config, logger);
  // Created before the services so serving counts into the same registry that /metrics serves.
  const metrics: Registry = createMetricsRegistry();
  const services = createServices(config, adapters, opts.clock, logger, new PromServingMetrics(metrics), new PromGatewayMetrics(metrics), new PromStreamMetrics(metrics), new PromInfraProbe(metrics, nvidiaSmiUtilization()));
  const handlers = createJobHandlers(services);
  const worker =
    opts.embeddedWorker !== false && handlers.length > 0
      ? new WorkerRunner(adapters.queue, handlers, { concurrency: 2, idlePollMs: 500, logger: logger.child({ component: 'worker' }) })
      : undefined;
  let http: FastifyInstance;
  try {
    await services.gateway.start();
    await services.serving.warmAll();
    await services.streams.restoreAll();
    await services.alerting.start();
    http = await createHttpApp(services, {
      bodyLimitBytes: config.server.bodyLimitBytes,
      webRoot: config.server.ui ? webRoot() : undefined,
      logger,
      metrics,
    });
    await http.listen({ host: config.server.host, port: config.server.port });
  } catch (err) {
    await services.alerting.close();
    await services.streams.close();
    await services.gateway.close();
    await services.gatewayUsage.close();
    await closeAdapters(adapters);
    throw err;
  }
  worker?.start();
  // Every instance ticks; the compare-and-set on a monitor's schedule lets one of them enqueue each run.
  // Servers without an embedded worker tick too: the runs they enqueue go to `keel worker` processes.
  const stopMonitorScheduler = services.monitors.startScheduler(MONITOR_TICK_MS);
  // Each server keeps its live deployments and gateway config in memory: these pick up what was stored through the others.
  const stopServingSync = services.serving.startSync(SYNC_MS);
  const stopGatewaySync = services.gateway.startSync(SYNC_MS);
  // Every instance sweeps too, with no lease: several servers deleting the same old rows at once is
  // harmless (the deletes are idempotent and batched), and a lease would only add a failure mode.
  const stopRetention = services.retention.startSchedule(RETENTION_FIRST_SWEEP_MS);
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.server.port;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  // Training jobs log back to this server.
  const trainingWorker = opts.embeddedWorker !== false ? await createTrainingWorker(services, { trackingUri: `http://${host}:${port}`, logger: logger.child({ component: 'training-worker' }) }) : undefined;
  trainingWorker?.start();
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      services.system.markDraining();
      stopMonitorScheduler();
      stopServingSync();
      stopGatewaySync();
      await stopRetention();
      await worker?.stop(config.server.shutdownTimeoutMs);
      await trainingWorker?.stop(config.server.shutdownTimeoutMs);
      await http.close();
      await services.alerting.close();
      await services.streams.close();
      await services.gateway.close();
      // After the gateway: its last calls' settlements and log records are written before SQL and kv close.
      await services.gatewayUsage.close();
      await services.serving.close();
      await closeAdapters(adapters);
    })());
  return { url: `http://${host}:${port}`, config, http, services, adapters, logger, close };
}
