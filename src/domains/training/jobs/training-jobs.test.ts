/**
 * Training jobs end to end on the embedded stack (SQLite, the SQL queue, real child
 * processes): env and params reach the command, logs arrive while it runs, exit codes become
 * run statuses, retries back off, timeouts and cancels kill, and workers take only what fits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../../adapters/blob/fs-blob-store.js';
import { ChildProcessLauncher } from '../../../adapters/process/index.js';
import { childEnv } from '../../../config/index.js';
import { EmbeddedJobQueue } from '../../../adapters/queue/index.js';
import { openDatabase, type SqlDatabase } from '../../../adapters/sql/database.js';
import { migrateToLatest } from '../../../adapters/sql/migrations/migrate.js';
import { RunLogSqlStore, TrainingJobSqlStore, TrainingWorkerSqlRegistry } from '../../../adapters/sql/training/training-job.sql-store.js';
import { TrackingSqlStore } from '../../../adapters/sql/tracking/tracking.sql-store.js';
import { systemClock } from '../../../core/clock.js';
import { TrackingService } from '../../tracking/index.js';
import type { TrainingJob, TrainingJobState, WorkerResources } from '../training-job.schema.js';
import { TrainingJobService } from './training-job.service.js';
import { TrainingWorker } from './training-worker.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const CPU_ONLY: WorkerResources = { cpus: 4, memoryMb: 8192, gpus: [] };

let dir: string;
let sql: SqlDatabase;
let blobs: FsBlobStore;
let tracking: TrackingService;
let service: TrainingJobService;
const workers: TrainingWorker[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keel-training-jobs-'));
  sql = await openDatabase({ type: 'sqlite', path: join(dir, 'keel.db') });
  await migrateToLatest(sql);
  blobs = await FsBlobStore.open(join(dir, 'blobs'));
  tracking = new TrackingService(new TrackingSqlStore(sql), blobs, systemClock);
  service = new TrainingJobService({ store: new TrainingJobSqlStore(sql), logs: new RunLogSqlStore(sql), workers: new TrainingWorkerSqlRegistry(sql), queue: new EmbeddedJobQueue(sql), tracking, clock: systemClock, visibilityMs: 3_000 });
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop(2_000)));
  await sql.close();
  await blobs.close();
  rmSync(dir, { recursive: true, force: true });
});

function startWorker(resources: WorkerResources = CPU_ONLY, id = 'w1'): TrainingWorker {
  const worker = new TrainingWorker({ service, launcher: new ChildProcessLauncher(childEnv) }, { id, host: 'test', resources, trackingUri: 'http://127.0.0.1:1', pollMs: 50, heartbeatMs: 200, killGraceMs: 500, logger: silent });
  workers.push(worker);
  worker.start();
  return worker;
}

async function waitFor(id: string, states: TrainingJobState[], timeoutMs = 15_000): Promise<TrainingJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await service.get(id);
    if (states.includes(job.state)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.state} (wanted ${states.join('/')}); error: ${job.error}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const logText = async (job: TrainingJob): Promise<string> => (await service.logs(job.runId)).map((l) => l.text).join('\n');

describe('training jobs', { timeout: 20_000 }, () => {
  it('runs the command with params and tracking env; exit 0 → succeeded, run FINISHED', async () => {
    startWorker();
    const submitted = await service.submit({ name: 'fit', experiment: 'jobs', params: { lr: '0.05', 'batch-size': '16' }, command: ['sh', '-c', 'echo "arg={lr} env=$KEEL_PARAM_LR bs=$KEEL_PARAM_BATCH_SIZE run=$MLFLOW_RUN_ID keel=$KEEL_RUN_ID uri=$MLFLOW_TRACKING_URI gpus=[$CUDA_VISIBLE_DEVICES]"; echo oops >&2'] });
    expect(submitted.state).toBe('queued');
    expect((await tracking.getRun(submitted.runId)).info.status).toBe('SCHEDULED');
    const job = await waitFor(submitted.id, ['succeeded', 'failed']);
    expect(job).toMatchObject({ state: 'succeeded', exitCode: 0, attempt: 1, worker: 'w1' });
    const run = await tracking.getRun(job.runId);
    expect(run.info.status).toBe('FINISHED');
    expect(run.data.params).toEqual(expect.arrayContaining([{ key: 'lr', value: '0.05' }]));
    const logs = await service.logs(job.runId);
    expect(logs.find((l) => l.stream === 'stdout')?.text).toBe(`arg=0.05 env=0.05 bs=16 run=${job.runId} keel=${job.runId} uri=http://127.0.0.1:1 gpus=[]`);
    expect(logs.find((l) => l.stream === 'stderr')?.text).toBe('oops');
    expect(logs.map((l) => l.seq)).toEqual(logs.map((_, i) => i + 1));
  });

  it('streams log lines while the command runs', async () => {
    startWorker();
    const job = await service.submit({ name: 'chatty', command: ['sh', '-c', 'echo first; sleep 2; echo second'] });
    const deadline = Date.now() + 10_000;
    let seen: string[] = [];
    while (!seen.includes('first') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      seen = (await service.logs(job.runId)).map((l) => l.text);
    }
    expect(seen).toContain('first');
    expect(seen).not.toContain('second');
    expect((await service.get(job.id)).state).toBe('running');
    await waitFor(job.id, ['succeeded']);
    expect(await logText(job)).toContain('second');
  });

  it('retries a failing command with backoff, then fails with its exit code; run FAILED', async () => {
    startWorker();
    const submitted = await service.submit({ name: 'flaky', retries: 2, backoffSec: 0.1, command: ['sh', '-c', 'echo attempt $KEEL_JOB_ATTEMPT; exit 3'] });
    const job = await waitFor(submitted.id, ['failed']);
    expect(job).toMatchObject({ state: 'failed', exitCode: 3, attempt: 3, maxAttempts: 3, error: 'exited with code 3' });
    expect((await tracking.getRun(job.runId)).info.status).toBe('FAILED');
    const text = await logText(job);
    for (const n of [1, 2, 3]) expect(text).toContain(`attempt ${n}`);
    expect(text).toContain('retrying in 0.1 s');
  });

  it('succeeds on a retry', async () => {
    startWorker();
    const submitted = await service.submit({ name: 'second-time-lucky', retries: 1, backoffSec: 0, command: ['sh', '-c', 'test "$KEEL_JOB_ATTEMPT" -ge 2'] });
    expect(await waitFor(submitted.id, ['succeeded', 'failed'])).toMatchObject({ state: 'succeeded', attempt: 2 });
  });

  it('a command that does not exist fails at once, with no retries (127)', async () => {
    startWorker();
    const submitted = await service.submit({ name: 'typo', retries: 3, command: ['no-such-trainer-xyz', '--epochs', '3'] });
    const job = await waitFor(submitted.id, ['failed']);
    expect(job).toMatchObject({ attempt: 1, exitCode: 127, error: 'command not found: no-such-trainer-xyz' });
    expect(await logText(job)).toContain('could not start no-such-trainer-xyz');
  });

  it('kills a job that runs past its timeout', async () => {
    startWorker();
    const submitted = await service.submit({ name: 'slow', timeoutSec: 1, command: ['sleep', '30'] });
    const job = await waitFor(submitted.id, ['failed']);
    expect(job.error).toBe('timed out after 1 s');
    expect(job.finishedAt! - job.startedAt!).toBeLessThan(8_000);
  });

  it('cancels a running job (process killed, run KILLED) and a queued one (never runs)', async () => {
    startWorker();
    const running = await service.submit({ name: 'long', command: ['sleep', '30'] });
    await waitFor(running.id, ['running']);
    await service.cancel(running.id);
    const cancelled = await waitFor(running.id, ['cancelled'], 8_000);
    expect((await tracking.getRun(cancelled.runId)).info.status).toBe('KILLED');
    await expect(service.cancel(running.id)).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });

    const queued = await service.submit({ name: 'never', gpus: 8, command: ['sh', '-c', 'echo ran'] });
    expect((await service.cancel(queued.id)).state).toBe('cancelled');
    expect((await tracking.getRun(queued.runId)).info.status).toBe('KILLED');
  });

  it('a worker takes only jobs that fit its GPUs, CPUs and memory', async () => {
    const cpuWorker = startWorker({ cpus: 2, memoryMb: 1024, gpus: [] }, 'cpu-only');
    const gpuJob = await service.submit({ name: 'needs-2-gpus', gpus: 2, command: ['sh', '-c', 'echo "gpus=[$CUDA_VISIBLE_DEVICES]"'] });
    const bigCpu = await service.submit({ name: 'needs-8-cpus', cpus: 8, command: ['true'] });
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await service.get(gpuJob.id)).state).toBe('queued');
    const waiting = await service.get(bigCpu.id);
    expect(waiting.state).toBe('queued');
    expect(waiting.error).toMatch(/waiting for a worker with 8 CPU\(s\)/);
    await cpuWorker.stop();

    startWorker({ cpus: 16, memoryMb: 65_536, gpus: [0, 1, 2].map((index) => ({ index, name: 'H100', memoryMb: 81_559 })) }, 'gpu-box');
    const ran = await waitFor(gpuJob.id, ['succeeded'], 10_000);
    expect(ran.worker).toBe('gpu-box');
    expect(await logText(ran)).toContain('gpus=[0,1]');
    expect((await waitFor(bigCpu.id, ['succeeded'], 15_000)).attempt).toBe(1);
    expect((await service.workers()).map((w) => w.id)).toEqual(['cpu-only', 'gpu-box']);
  }, 30_000);

  it('refuses bad input, naming the field', async () => {
    await expect(service.submit({ name: 'x', command: [] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('body.command') });
    await expect(service.submit({ name: 'x', command: ['true'], gpus: -1 })).rejects.toMatchObject({ message: expect.stringContaining('body.gpus') });
    await expect(service.submit({ name: 'x', command: ['true'], params: { 'bad key': '1' } })).rejects.toMatchObject({ message: expect.stringContaining('body.params') });
    await expect(service.get('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
