/**
 * A training worker in a process of its own, so an integration test can kill it with SIGKILL
 * mid-job, as a crashed machine would. Arguments: a JSON object
 * { pgUrl, pgOptions, bossSchema, blobDir, workerId, visibilityMs }. Prints "ready" when polling.
 */
import { FsBlobStore } from '../../src/adapters/blob/index.js';
import { ChildProcessLauncher } from '../../src/adapters/process/index.js';
import { PgBossJobQueue } from '../../src/adapters/queue/pg-boss-job-queue.js';
import { openDatabase, RunLogSqlStore, TrackingSqlStore, TrainingJobSqlStore, TrainingWorkerSqlRegistry } from '../../src/adapters/sql/index.js';
import { systemClock } from '../../src/core/clock.js';
import { TrackingService } from '../../src/domains/tracking/index.js';
import { TrainingJobService, TrainingWorker } from '../../src/domains/training/index.js';

const args = JSON.parse(process.argv[2] ?? '{}') as { pgUrl: string; pgOptions: string; bossSchema: string; blobDir: string; workerId: string; visibilityMs: number };
const sql = await openDatabase({ type: 'postgres', url: args.pgUrl, poolSize: 3 }, { options: args.pgOptions });
const queue = await PgBossJobQueue.open({ url: args.pgUrl, schema: args.bossSchema, maintenanceIntervalSeconds: 1, poolSize: 3 });
const blobs = await FsBlobStore.open(args.blobDir);
const tracking = new TrackingService(new TrackingSqlStore(sql), blobs, systemClock);
const service = new TrainingJobService({ store: new TrainingJobSqlStore(sql), logs: new RunLogSqlStore(sql), workers: new TrainingWorkerSqlRegistry(sql), queue, tracking, clock: systemClock, visibilityMs: args.visibilityMs });
const silent = { info: () => undefined, warn: () => undefined, error: (obj: object, msg: string) => console.error(msg, obj) };
const worker = new TrainingWorker(
  { service, launcher: new ChildProcessLauncher((extra) => ({ ...process.env, ...extra })) },
  { id: args.workerId, host: 'test', resources: { cpus: 2, memoryMb: 2048, gpus: [] }, trackingUri: 'http://127.0.0.1:1', pollMs: 100, logger: silent },
);
worker.start();
console.log('ready');
