/**
 * Training jobs on PostgreSQL (pg-boss queue, job records and run logs in PostgreSQL): a worker
 * killed with SIGKILL in the middle of a job leaves the job retried by another worker, or
 * failed when no attempts are left — never lost, never "running" forever.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../src/adapters/blob/index.js';
import { ChildProcessLauncher } from '../../src/adapters/process/index.js';
import { PgBossJobQueue } from '../../src/adapters/queue/pg-boss-job-queue.js';
import { RunLogSqlStore, TrackingSqlStore, TrainingJobSqlStore, TrainingWorkerSqlRegistry, type SqlDatabase } from '../../src/adapters/sql/index.js';
import { systemClock } from '../../src/core/clock.js';
import { TrackingService } from '../../src/domains/tracking/index.js';
import { TrainingJobService, TrainingWorker, type TrainingJob, type TrainingJobState } from '../../src/domains/training/index.js';
import { dropPgSchema, openPgSchemaDatabase, pgUrl, randomName, requirePostgres, type PgSchemaDatabase } from './services.js';

const pg = await requirePostgres();
const VISIBILITY_MS = 2_000;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const root = fileURLToPath(new URL('../..', import.meta.url));

describe.skipIf(!pg.available)('training jobs on PostgreSQL: a worker killed mid-job', () => {
  let pgdb: PgSchemaDatabase;
  let sql: SqlDatabase;
  let queue: PgBossJobQueue;
  let dir: string;
  let blobs: FsBlobStore;
  let service: TrainingJobService;
  let tracking: TrackingService;
  const bossSchema = randomName('pgboss_training');
  const orphans: number[] = [];

  beforeAll(async () => {
    pgdb = await openPgSchemaDatabase({ prefix: 'training', poolSize: 4 });
    sql = pgdb.database;
    queue = await PgBossJobQueue.open({ url: pgUrl(), schema: bossSchema, maintenanceIntervalSeconds: 1, poolSize: 3 });
    dir = await mkdtemp(join(tmpdir(), 'keel-training-pg-'));
    blobs = await FsBlobStore.open(join(dir, 'blobs'));
    tracking = new TrackingService(new TrackingSqlStore(sql), blobs, systemClock);
    service = new TrainingJobService({ store: new TrainingJobSqlStore(sql), logs: new RunLogSqlStore(sql), workers: new TrainingWorkerSqlRegistry(sql), queue, tracking, clock: systemClock, visibilityMs: VISIBILITY_MS });
  }, 60_000);

  afterAll(async () => {
    for (const pid of orphans) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await queue?.close();
    await pgdb?.close();
    await dropPgSchema(bossSchema);
    await blobs?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A worker in its own process, killed later with SIGKILL. */
  async function workerProcess(workerId: string): Promise<ChildProcess> {
    // One process (node with tsx's loader, not the tsx CLI, which would fork a child that outlives the kill).
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/support/training-worker-process.ts'), JSON.stringify({ pgUrl: pgUrl(), pgOptions: pgdb.schema.options, bossSchema, blobDir: join(dir, 'blobs'), workerId, visibilityMs: VISIBILITY_MS })], { stdio: ['ignore', 'pipe', 'inherit'], cwd: root });
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`worker process exited early (${code})`)));
    });
    return child;
  }

  /** A worker in this process with its own queue connection, as another machine would have. */
  async function inProcessWorker(id: string): Promise<{ worker: TrainingWorker; close(): Promise<void> }> {
    const own = await PgBossJobQueue.open({ url: pgUrl(), schema: bossSchema, maintenanceIntervalSeconds: 1, poolSize: 3 });
    const workerService = new TrainingJobService({ ...service.deps, queue: own, visibilityMs: VISIBILITY_MS });
    const worker = new TrainingWorker({ service: workerService, launcher: new ChildProcessLauncher((extra) => ({ ...process.env, ...extra })) }, { id, host: 'test', resources: { cpus: 2, memoryMb: 2048, gpus: [] }, trackingUri: 'http://127.0.0.1:1', pollMs: 100, logger: silent });
    worker.start();
    return {
      worker,
      close: async () => {
        await worker.stop(2_000);
        await own.close();
      },
    };
  }

  async function waitFor(id: string, done: (job: TrainingJob) => boolean, timeoutMs: number): Promise<TrainingJob> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await service.get(id);
      if (done(job)) return job;
      if (Date.now() > deadline) throw new Error(`job ${id} is ${job.state} (attempt ${job.attempt}, worker ${job.worker}): ${job.error}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const is = (...states: TrainingJobState[]) => (job: TrainingJob) => states.includes(job.state);

  /** Attempt 1 prints its pid and hangs (until the worker dies); later attempts finish at once. */
  const COMMAND = ['sh', '-c', 'if [ "$KEEL_JOB_ATTEMPT" = 1 ]; then echo "pid=$$"; exec sleep 120; else echo "attempt-$KEEL_JOB_ATTEMPT done"; fi'];

  async function killDuringJob(retries: number): Promise<TrainingJob> {
    const doomed = await workerProcess(`doomed-${retries}`);
    const submitted = await service.submit({ name: `survives-${retries}`, retries, backoffSec: 0, command: COMMAND });
    const running = await waitFor(submitted.id, (j) => j.state === 'running', 30_000);
    expect(running.worker).toBe(`doomed-${retries}`);
    // The command's pid, so the orphaned process is cleaned up (a crashed machine would take it along).
    const deadline = Date.now() + 10_000;
    let pid: number | undefined;
    while (pid === undefined && Date.now() < deadline) {
      const line = (await service.logs(running.runId)).find((l) => l.text.startsWith('pid='));
      if (line) pid = Number(line.text.slice(4));
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(pid).toBeGreaterThan(0);
    orphans.push(pid!);
    doomed.kill('SIGKILL');
    await new Promise((r) => doomed.once('exit', r));
    process.kill(pid!, 'SIGKILL');
    return running;
  }

  it('retries the job on another worker after the claim lapses: attempt 2 succeeds, run FINISHED', async () => {
    const running = await killDuringJob(1);
    const rescuer = await inProcessWorker('rescuer');
    try {
      const job = await waitFor(running.id, is('succeeded', 'failed'), 30_000);
      expect(job).toMatchObject({ state: 'succeeded', attempt: 2, worker: 'rescuer', exitCode: 0 });
      expect((await tracking.getRun(job.runId)).info.status).toBe('FINISHED');
      const text = (await service.logs(job.runId)).map((l) => l.text).join('\n');
      expect(text).toContain('attempt 1/2 on worker doomed-1');
      expect(text).toContain('attempt 2/2 on worker rescuer');
      expect(text).toContain('attempt-2 done');
    } finally {
      await rescuer.close();
    }
  }, 90_000);

  it('with no attempts left, the job ends failed (run FAILED), not running forever', async () => {
    const running = await killDuringJob(0);
    const bystander = await inProcessWorker('bystander');
    try {
      const job = await waitFor(running.id, is('succeeded', 'failed'), 30_000);
      expect(job.state).toBe('failed');
      expect(job.error).toMatch(/^lost: /);
      expect(job.attempt).toBe(1);
      expect((await tracking.getRun(job.runId)).info.status).toBe('FAILED');
    } finally {
      await bystander.close();
    }
  }, 90_000);
});
