/**
 * Runs training jobs on this machine. It advertises its resources (CPUs, memory, GPUs) and
 * claims only jobs that fit what is free: jobs wait in one queue per GPU count, so a worker
 * with 2 free GPUs polls `training.g2`, `training.g1`, `training.g0` and never takes a 4-GPU
 * job; CPU and memory requests are checked after the claim, and a job that does not fit now
 * is handed back (re-queued, its attempts kept) for a worker that has room.
 *
 * An attempt: the run turns RUNNING, the command runs with the tracking environment, each
 * output line is appended to the run's log as it comes, the claim is extended every
 * heartbeat (when the worker dies, the claim lapses and another worker retries the job), a
 * cancel request or the job's timeout kills the process group. Exit 0 → succeeded/FINISHED;
 * otherwise the queue retries with backoff until the attempts are spent → failed/FAILED.
 * A command that does not exist fails at once without retries (exit code 127).
 */
import type { Clock } from '../../../core/clock.js';
import type { Job, JobQueue } from '../../../core/ports/job-queue.js';
import type { TrackingApi } from '../../tracking/index.js';
import { MAX_JOB_GPUS, type RunLogStream, type TrainingJob, type WorkerResources } from '../training-job.schema.js';
import type { LaunchedProcess, ProcessLauncher, RunLogStore, TrainingJobStore } from '../training.store.js';
import { jobEnvironment, substituteParams } from './job-command.js';
import { queueForGpus, type TrainingJobPayload, type TrainingJobService } from './training-job.service.js';

export interface TrainingWorkerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface TrainingWorkerOptions {
  id: string;
  host: string;
  resources: WorkerResources;
  /** The Keel URL the job's process logs to (MLFLOW_TRACKING_URI). */
  trackingUri: string;
  /** Jobs at once at most (each also needs its CPUs free). */
  maxJobs?: number;
  pollMs?: number;
  /** Claim extension and cancel check interval; a third of the queue's visibility timeout by default. */
  heartbeatMs?: number;
  /** SIGTERM → SIGKILL grace when a job is cancelled or times out. */
  killGraceMs?: number;
  logger: TrainingWorkerLogger;
}

interface WorkerDeps {
  service: TrainingJobService;
  launcher: ProcessLauncher;
}

const LOG_FLUSH_MS = 200;
const MAX_LINE = 16_384;

export class TrainingWorker {
  private readonly store: TrainingJobStore;
  private readonly logs: RunLogStore;
  private readonly queue: JobQueue;
  private readonly tracking: TrackingApi;
  private readonly clock: Clock;
  private readonly freeGpus: number[];
  private usedCpus = 0;
  private usedMemoryMb = 0;
  private readonly running = new Map<string, Promise<void>>();
  private readonly stopController = new AbortController();
  private loop: Promise<void> | undefined;
  private lastBeat = 0;

  constructor(
    private readonly deps: WorkerDeps,
    private readonly opts: TrainingWorkerOptions,
  ) {
    const d = deps.service.deps;
    this.store = d.store;
    this.logs = d.logs;
    this.queue = d.queue;
    this.tracking = d.tracking;
    this.clock = d.clock;
    this.freeGpus = opts.resources.gpus.map((g) => g.index);
  }

  get runningJobs(): string[] {
    return [...this.running.keys()];
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops claiming; running jobs are killed after `graceMs` and left to the queue to retry. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopController.abort();
    await this.loop;
    const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([Promise.allSettled([...this.running.values()]), grace]);
  }

  private get heartbeatMs(): number {
    return this.opts.heartbeatMs ?? Math.max(200, Math.floor(this.deps.service.visibilityMs / 3));
  }

  private async run(): Promise<void> {
    const stop = this.stopController.signal;
    while (!stop.aborted) {
      await this.beat().catch((err: unknown) => this.opts.logger.warn({ err }, 'training worker heartbeat failed'));
      let claimed = false;
      try {
        claimed = await this.claimOne();
      } catch (err) {
        this.opts.logger.error({ err }, 'claiming training jobs failed');
      }
      if (!claimed) await sleep(this.opts.pollMs ?? 500, stop);
    }
  }

  private async beat(): Promise<void> {
    const now = this.clock.now();
    if (now - this.lastBeat < 5_000) return;
    this.lastBeat = now;
    await this.deps.service.deps.workers.heartbeat({ id: this.opts.id, host: this.opts.host, resources: this.opts.resources, running: this.runningJobs, lastSeen: now });
    await this.deps.service.reconcileAll();
  }

  private async claimOne(): Promise<boolean> {
    if (this.running.size >= (this.opts.maxJobs ?? Math.max(1, this.opts.resources.cpus)) || this.usedCpus >= this.opts.resources.cpus) return false;
    for (let gpus = Math.min(this.freeGpus.length, MAX_JOB_GPUS); gpus >= 0; gpus--) {
      const [delivery] = await this.queue.claim<TrainingJobPayload>(queueForGpus(gpus), { max: 1 });
      if (!delivery) continue;
      await this.accept(delivery);
      return true;
    }
    return false;
  }

  private async accept(delivery: Job<TrainingJobPayload>): Promise<void> {
    const ref = { id: delivery.id, queue: delivery.queue };
    const job = await this.store.get(delivery.payload.jobId);
    if (!job || job.state === 'succeeded' || job.state === 'failed' || job.state === 'cancelled') {
      await this.queue.complete(ref);
      return;
    }
    if (job.cancelRequested) {
      await this.deps.service.finish(job.id, { state: 'cancelled' }, 'KILLED');
      await this.queue.complete(ref);
      return;
    }
    const { cpus, memoryMb } = this.opts.resources;
    const freeCpus = cpus - this.usedCpus;
    const freeMemory = memoryMb - this.usedMemoryMb;
    if (job.cpus > freeCpus || (job.memoryMb ?? 0) > freeMemory) {
      // Too big for this worker at all: look again in a while (another worker may fit it); busy: soon.
      const never = job.cpus > cpus || (job.memoryMb ?? 0) > memoryMb;
      await this.handBack(job, delivery, `waiting for a worker with ${job.cpus} CPU(s)${job.memoryMb ? ` and ${job.memoryMb} MB` : ''} free (worker ${this.opts.id} has ${freeCpus} CPU(s), ${freeMemory} MB free)`, never ? 5_000 : 1_000);
      return;
    }
    const gpuIndices = this.freeGpus.splice(0, job.gpus);
    this.usedCpus += job.cpus;
    this.usedMemoryMb += job.memoryMb ?? 0;
    const work = this.attempt(job, delivery, gpuIndices)
      .catch((err: unknown) => this.opts.logger.error({ err, jobId: job.id }, 'training job attempt crashed'))
      .finally(() => {
        this.freeGpus.push(...gpuIndices);
        this.usedCpus -= job.cpus;
        this.usedMemoryMb -= job.memoryMb ?? 0;
        this.running.delete(job.id);
      });
    this.running.set(job.id, work);
  }

  /** Re-queues the job for another worker without spending one of its attempts. */
  private async handBack(job: TrainingJob, delivery: Job<TrainingJobPayload>, reason: string, delayMs: number): Promise<void> {
    const left = Math.max(1, delivery.maxAttempts - delivery.attempt + 1);
    const queueJobId = await this.queue.enqueue<TrainingJobPayload>(delivery.queue, delivery.payload, { maxAttempts: left, backoffMs: Math.round(job.backoffSec * 1000), visibilityTimeoutMs: this.deps.service.visibilityMs, delayMs });
    await this.store.update(job.id, (j) => ({ ...j, queueJobId, error: reason }));
    await this.queue.complete({ id: delivery.id, queue: delivery.queue });
  }

  private async attempt(job: TrainingJob, delivery: Job<TrainingJobPayload>, gpuIndices: number[]): Promise<void> {
    const ref = { id: delivery.id, queue: delivery.queue };
    // Attempts already spent on earlier deliveries (a job handed back keeps its count).
    const attempt = job.attempt + 1;
    const startedAt = this.clock.now();
    const running = await this.store.update(job.id, (j) => (j.state === 'queued' || j.state === 'retrying' || j.state === 'running' ? { ...j, state: 'running', attempt, worker: this.opts.id, startedAt: j.startedAt ?? startedAt, queueJobId: delivery.id, error: null } : null));
    if (!running) {
      await this.queue.complete(ref);
      return;
    }
    await this.tracking.updateRun(job.runId, { status: 'RUNNING' });
    const log = new LineBuffer(this.logs, job.runId, this.clock, (err) => this.opts.logger.warn({ err, jobId: job.id }, 'writing run logs failed'));
    log.push('system', `keel: attempt ${attempt}/${job.maxAttempts} on worker ${this.opts.id} (${this.opts.host})${gpuIndices.length ? `, GPUs ${gpuIndices.join(',')}` : ''}: ${job.command.join(' ')}`);
    this.opts.logger.info({ jobId: job.id, attempt, gpus: gpuIndices }, 'training job started');

    const [program, ...args] = job.command.map((a) => substituteParams(a, job.params));
    let stopReason: 'cancelled' | 'timeout' | 'worker stopping' | undefined;
    const proc: LaunchedProcess = this.deps.launcher.launch({
      command: program!,
      args,
      env: jobEnvironment(job, { trackingUri: this.opts.trackingUri, attempt, gpuIndices }),
      cwd: job.cwd ?? undefined,
      onLine: (stream, text) => log.push(stream, text),
    });
    const kill = (reason: typeof stopReason): void => {
      if (stopReason) return;
      stopReason = reason;
      log.push('system', `keel: stopping the process (${reason})`);
      proc.kill(this.opts.killGraceMs ?? 5_000);
    };
    const timer = setTimeout(() => kill('timeout'), job.timeoutSec * 1000);
    const onStop = (): void => kill('worker stopping');
    this.stopController.signal.addEventListener('abort', onStop, { once: true });
    const heartbeat = setInterval(() => {
      void (async () => {
        await this.queue.extend(ref, this.deps.service.visibilityMs);
        const current = await this.store.get(job.id);
        if (current?.cancelRequested) kill('cancelled');
      })().catch((err: unknown) => this.opts.logger.warn({ err, jobId: job.id }, 'training job heartbeat failed'));
    }, this.heartbeatMs);
    let exit: Awaited<LaunchedProcess['exited']>;
    try {
      exit = await proc.exited;
    } finally {
      clearTimeout(timer);
      clearInterval(heartbeat);
      this.stopController.signal.removeEventListener('abort', onStop);
    }
    const code = exit.notFound ? 127 : exit.code ?? (exit.signal ? 128 + signalNumber(exit.signal) : 1);
    if (exit.spawnError) log.push('system', `keel: could not start ${program}: ${exit.spawnError}`);
    else log.push('system', `keel: exited with code ${code}${exit.signal ? ` (signal ${exit.signal})` : ''}`);
    await log.close();

    if (stopReason === 'worker stopping') {
      // Left to the queue: the claim lapses and another worker (or this one, restarted) retries it.
      this.opts.logger.warn({ jobId: job.id }, 'training job interrupted by worker shutdown');
      return;
    }
    if (stopReason === 'cancelled') {
      await this.deps.service.finish(job.id, { state: 'cancelled', exitCode: code, error: 'cancelled' }, 'KILLED');
      await this.queue.complete(ref);
      return;
    }
    if (code === 0 && !stopReason) {
      await this.deps.service.finish(job.id, { state: 'succeeded', exitCode: 0, error: null }, 'FINISHED');
      await this.queue.complete(ref);
      this.opts.logger.info({ jobId: job.id, attempt }, 'training job succeeded');
      return;
    }
    const error = exit.notFound ? `command not found: ${program}` : exit.spawnError ? `could not start ${program}: ${exit.spawnError}` : stopReason === 'timeout' ? `timed out after ${job.timeoutSec} s` : `exited with code ${code}`;
    if (exit.spawnError) {
      // Retrying cannot make a missing program appear.
      await this.deps.service.finish(job.id, { state: 'failed', exitCode: code, error }, 'FAILED');
      await this.queue.complete(ref);
      return;
    }
    const outcome = await this.queue.fail(ref, error);
    if (outcome === 'dead') {
      await this.deps.service.finish(job.id, { state: 'failed', exitCode: code, error }, 'FAILED');
    } else {
      await this.store.update(job.id, (j) => (j.state === 'running' ? { ...j, state: 'retrying', exitCode: code, error } : null));
      await this.tracking.updateRun(job.runId, { status: 'SCHEDULED' });
      await this.logs.append(job.runId, [{ stream: 'system', text: `keel: attempt ${attempt} failed (${error}); retrying in ${job.backoffSec * 2 ** (attempt - 1)} s`, timestamp: this.clock.now() }]);
    }
    this.opts.logger.warn({ jobId: job.id, attempt, error, outcome }, 'training job attempt failed');
  }
}

/** Batches output lines into the run log (every 200 ms), so a chatty job is not one write per line. */
class LineBuffer {
  private lines: { stream: RunLogStream; text: string; timestamp: number }[] = [];
  private writing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly logs: RunLogStore,
    private readonly runId: string,
    private readonly clock: Clock,
    private readonly onError: (err: unknown) => void,
  ) {
    this.timer = setInterval(() => this.flush(), LOG_FLUSH_MS);
  }

  push(stream: RunLogStream, text: string): void {
    this.lines.push({ stream, text: text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}…` : text, timestamp: this.clock.now() });
  }

  private flush(): Promise<void> {
    if (this.lines.length === 0) return this.writing;
    const batch = this.lines;
    this.lines = [];
    this.writing = this.writing.then(() => this.logs.append(this.runId, batch)).catch(this.onError);
    return this.writing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };
function signalNumber(signal: string): number {
  return SIGNALS[signal] ?? 1;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
