/**
 * Training jobs: any command, queued, run by a worker as a tracked run. Submitting creates the
 * run (SCHEDULED) and the job record before the queue sees the job, so a worker never claims a
 * job it cannot find. Cancelling a queued job is immediate; a running one is stopped by its
 * worker at the next heartbeat. Jobs whose delivery the queue gave up on (a worker that died
 * on the last attempt) are reconciled to `failed`, never left running.
 */
import type { Clock } from '../../../core/clock.js';
import { AppError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import type { JobQueue } from '../../../core/ports/job-queue.js';
import { parseInput } from '../../../core/validation.js';
import type { TrackingApi } from '../../tracking/index.js';
import { FINAL_JOB_STATES, listTrainingJobsQuery, submitTrainingJobSchema, type ListTrainingJobsQuery, type RunLogLine, type SubmitTrainingJobInput, type TrainingJob, type TrainingWorkerInfo } from '../training-job.schema.js';
import type { RunLogStore, TrainingJobStore, WorkerRegistry } from '../training.store.js';

export interface TrainingJobDeps {
  store: TrainingJobStore;
  logs: RunLogStore;
  workers: WorkerRegistry;
  queue: JobQueue;
  tracking: TrackingApi;
  clock: Clock;
  /** How long a claim lasts without a heartbeat (a dead worker's job is redelivered after it). */
  visibilityMs?: number;
}

export interface TrainingJobPayload {
  jobId: string;
}

export const queueForGpus = (gpus: number): string => `training.g${gpus}`;
export const DEFAULT_VISIBILITY_MS = 30_000;

export class TrainingJobService {
  readonly visibilityMs: number;

  constructor(readonly deps: TrainingJobDeps) {
    this.visibilityMs = deps.visibilityMs ?? DEFAULT_VISIBILITY_MS;
  }

  async submit(input: SubmitTrainingJobInput): Promise<TrainingJob> {
    const spec = parseInput(submitTrainingJobSchema, input);
    const { tracking, clock, store, queue } = this.deps;
    const id = newId();
    const run = await tracking.createRun({
      ...(spec.experiment ? { experimentName: spec.experiment } : {}),
      runName: spec.name,
      params: Object.entries(spec.params).map(([key, value]) => ({ key, value })),
      tags: [
        { key: 'keel.job.id', value: id },
        { key: 'mlflow.source.name', value: spec.command.join(' ').slice(0, 5000) },
        { key: 'mlflow.source.type', value: 'JOB' },
      ],
    });
    await tracking.updateRun(run.info.runId, { status: 'SCHEDULED' });
    const job: TrainingJob = {
      id,
      name: spec.name,
      state: 'queued',
      command: spec.command,
      params: spec.params,
      env: spec.env,
      experimentId: run.info.experimentId,
      runId: run.info.runId,
      gpus: spec.gpus,
      cpus: spec.cpus,
      memoryMb: spec.memoryMb ?? null,
      retries: spec.retries,
      backoffSec: spec.backoffSec,
      timeoutSec: spec.timeoutSec,
      cwd: spec.cwd ?? null,
      attempt: 0,
      maxAttempts: spec.retries + 1,
      exitCode: null,
      error: null,
      worker: null,
      cancelRequested: false,
      queueJobId: '',
      createdAt: clock.now(),
      startedAt: null,
      finishedAt: null,
    };
    await store.insert(job);
    try {
      const queueJobId = await queue.enqueue<TrainingJobPayload>(queueForGpus(job.gpus), { jobId: id }, { maxAttempts: job.maxAttempts, backoffMs: Math.round(job.backoffSec * 1000), visibilityTimeoutMs: this.visibilityMs });
      return (await store.update(id, (j) => ({ ...j, queueJobId }))) ?? job;
    } catch (err) {
      await this.finish(id, { state: 'failed', error: `could not queue the job: ${(err as Error).message}` }, 'FAILED');
      throw err;
    }
  }

  async get(id: string): Promise<TrainingJob> {
    const job = await this.deps.store.get(id);
    if (!job) throw AppError.notFound('training job', id);
    return this.reconcile(job);
  }

  async list(query: ListTrainingJobsQuery = {}): Promise<TrainingJob[]> {
    const q = parseInput(listTrainingJobsQuery, query, 'query');
    const jobs = await this.deps.store.list({ state: q.state, limit: q.limit });
    return Promise.all(jobs.map((j) => this.reconcile(j)));
  }

  async cancel(id: string): Promise<TrainingJob> {
    const before = await this.get(id);
    if (FINAL_JOB_STATES.has(before.state)) throw new AppError('FAILED_PRECONDITION', `job ${id} already ${before.state}`);
    const now = this.deps.clock.now();
    const after = await this.deps.store.update(id, (j) => {
      if (FINAL_JOB_STATES.has(j.state)) return null;
      // A running job is stopped by its worker, which then records it as cancelled.
      if (j.state === 'running') return { ...j, cancelRequested: true };
      return { ...j, state: 'cancelled', cancelRequested: true, finishedAt: now };
    });
    if (after?.state === 'cancelled') {
      await this.deps.tracking.updateRun(after.runId, { status: 'KILLED', endTime: now });
      await this.deps.logs.append(after.runId, [{ stream: 'system', text: 'keel: cancelled before it started', timestamp: now }]);
    }
    return after ?? before;
  }

  async logs(runId: string, opts: { after?: number; limit?: number } = {}): Promise<RunLogLine[]> {
    await this.deps.tracking.getRun(runId);
    return this.deps.logs.read(runId, { after: opts.after ?? 0, limit: opts.limit ?? 1000 });
  }

  async workers(): Promise<TrainingWorkerInfo[]> {
    return this.deps.workers.list(Math.max(3 * this.visibilityMs, 60_000));
  }

  /** Records a final state on the job and its run. */
  async finish(id: string, change: { state: 'succeeded' | 'failed' | 'cancelled'; error?: string | null; exitCode?: number | null }, runStatus: 'FINISHED' | 'FAILED' | 'KILLED'): Promise<TrainingJob | null> {
    const now = this.deps.clock.now();
    const job = await this.deps.store.update(id, (j) => (FINAL_JOB_STATES.has(j.state) ? null : { ...j, state: change.state, error: change.error ?? j.error, exitCode: change.exitCode ?? j.exitCode, finishedAt: now }));
    if (job) await this.deps.tracking.updateRun(job.runId, { status: runStatus, endTime: now });
    return job;
  }

  /** Checks the queue's view of a running or retrying job: a delivery the queue gave up on means failed. */
  async reconcile(job: TrainingJob): Promise<TrainingJob> {
    if ((job.state !== 'running' && job.state !== 'retrying') || !job.queueJobId) return job;
    const delivery = await this.deps.queue.get({ id: job.queueJobId, queue: queueForGpus(job.gpus) });
    if (delivery && delivery.state !== 'dead' && delivery.state !== 'completed') return job;
    const reason = delivery?.lastError ?? 'the worker was lost and no attempts are left';
    const failed = await this.finish(job.id, { state: 'failed', error: `lost: ${reason}` }, 'FAILED');
    if (failed) await this.deps.logs.append(job.runId, [{ stream: 'system', text: `keel: job failed: ${reason}`, timestamp: this.deps.clock.now() }]);
    return failed ?? (await this.deps.store.get(job.id)) ?? job;
  }

  /** Reconciles every running or retrying job (workers call this now and then). */
  async reconcileAll(): Promise<void> {
    for (const job of await this.deps.store.listActive()) await this.reconcile(job);
  }
}
