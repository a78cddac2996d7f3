/**
 * The composition root: configuration → adapters → services → HTTP server.
 * The only module that chooses and wires adapters.
 */
import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { createBlobStore } from './adapters/blob/index.js';
import { createKvStore } from './adapters/kv/index.js';
import { createJobQueue } from './adapters/queue/index.js';
import { ApiKeySqlStore, migrateToLatest, openDatabase, TrackingSqlStore, type SqlDatabase } from './adapters/sql/index.js';
import { keelVersion, webRoot, type KeelConfig } from './config/index.js';
import { systemClock, type Clock } from './core/clock.js';
import type { BlobStore } from './core/ports/blob-store.js';
import type { JobQueue } from './core/ports/job-queue.js';
import type { KvStore } from './core/ports/kv-store.js';
import { AccessService } from './domains/access/index.js';
import { WorkerRunner, type JobHandler } from './domains/jobs/index.js';
import { SystemService } from './domains/system/index.js';
import { TrackingService } from './domains/tracking/index.js';
import { createHttpApp } from './http/app.js';
import { createMetricsRegistry } from './http/metrics.js';
import { join } from 'node:path';

export { loadConfig, ConfigError, keelVersion, childEnv, type KeelConfig } from './config/index.js';
export { WorkerRunner } from './domains/jobs/index.js';

export interface Adapters {
  sql: SqlDatabase;
  blobs: BlobStore;
  kv: KvStore;
  queue: JobQueue;
}

export interface Services {
  access: AccessService;
  system: SystemService;
  tracking: TrackingService;
}

export function createLogger(config: KeelConfig, destination?: NodeJS.WritableStream): Logger {
  const opts = { level: config.log.level, base: { service: 'keel' }, redact: ['req.headers.authorization', 'req.headers["x-api-key"]'] };
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
    return { sql, blobs, kv, queue };
  } catch (err) {
    for (const a of opened.reverse()) await a.close().catch(() => undefined);
    throw err;
  }
}

export async function closeAdapters(adapters: Adapters): Promise<void> {
  // Reverse of opening: the queue and kv may still flush into SQL.
  await adapters.queue.close();
  await adapters.kv.close();
  await adapters.blobs.close();
  await adapters.sql.close();
}

export function createServices(config: KeelConfig, adapters: Adapters, clock: Clock = systemClock): Services {
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
  return { access, system, tracking };
}

/** Job handlers each domain contributes; `keel worker` and the embedded server run them. */
export function createJobHandlers(_services: Services): JobHandler[] {
  return [];
}

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
  const services = createServices(config, adapters, opts.clock);
  const handlers = createJobHandlers(services);
  const worker =
    opts.embeddedWorker !== false && handlers.length > 0
      ? new WorkerRunner(adapters.queue, handlers, { concurrency: 2, idlePollMs: 500, logger: logger.child({ component: 'worker' }) })
      : undefined;
  let http: FastifyInstance;
  try {
    http = await createHttpApp(services, {
      bodyLimitBytes: config.server.bodyLimitBytes,
      webRoot: config.server.ui ? webRoot() : undefined,
      logger,
      metrics: createMetricsRegistry(),
    });
    await http.listen({ host: config.server.host, port: config.server.port });
  } catch (err) {
    await closeAdapters(adapters);
    throw err;
  }
  worker?.start();
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.server.port;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      services.system.markDraining();
      await worker?.stop(config.server.shutdownTimeoutMs);
      await http.close();
      await closeAdapters(adapters);
    })());
  return { url: `http://${host}:${port}`, config, http, services, adapters, logger, close };
}
