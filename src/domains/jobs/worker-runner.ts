import type { JobQueue } from '../../core/ports/job-queue.js';
import type { JobHandler } from './job-handler.js';

export interface WorkerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WorkerOptions {
  concurrency: number;
  /** How long to wait before polling again when no queue had work. */
  idlePollMs: number;
  logger: WorkerLogger;
}

export interface WorkerStats {
  completed: number;
  failed: number;
  running: number;
}

/**
 * Pulls jobs from the queues of its handlers and runs up to `concurrency` at
 * once. A handler that throws or times out fails the attempt, and the queue
 * decides between a retry (with backoff) and the dead letters.
 */
export class WorkerRunner {
  private readonly handlers: Map<string, JobHandler>;
  private readonly running = new Set<Promise<void>>();
  private readonly stopController = new AbortController();
  private loop: Promise<void> | undefined;
  readonly stats: WorkerStats = { completed: 0, failed: 0, running: 0 };

  constructor(
    private readonly queue: JobQueue,
    handlers: readonly JobHandler[],
    private readonly opts: WorkerOptions,
  ) {
    this.handlers = new Map(handlers.map((h) => [h.queue, h]));
  }

  get queues(): string[] {
    return [...this.handlers.keys()];
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops taking work and waits for the jobs in hand (they are aborted after `graceMs`). */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopController.abort();
    await this.loop;
    const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([Promise.allSettled([...this.running]), grace]);
  }

  private async run(): Promise<void> {
    const stop = this.stopController.signal;
    while (!stop.aborted) {
      let claimed = 0;
      for (const handler of this.handlers.values()) {
        const free = this.opts.concurrency - this.running.size;
        if (free <= 0 || stop.aborted) break;
        try {
          const jobs = await this.queue.claim(handler.queue, { max: free });
          claimed += jobs.length;
          for (const job of jobs) this.track(this.execute(handler, job));
        } catch (err) {
          this.opts.logger.error({ err, queue: handler.queue }, 'claiming jobs failed');
        }
      }
      if (this.running.size >= this.opts.concurrency) await Promise.race(this.running);
      else if (claimed === 0) await sleep(this.opts.idlePollMs, stop);
    }
  }

  private track(p: Promise<void>): void {
    this.running.add(p);
    this.stats.running = this.running.size;
    void p.finally(() => {
      this.running.delete(p);
      this.stats.running = this.running.size;
    });
  }

  private async execute(handler: JobHandler, job: Parameters<JobHandler['run']>[0]): Promise<void> {
    const controller = new AbortController();
    const onStop = (): void => controller.abort(new Error('worker stopping'));
    this.stopController.signal.addEventListener('abort', onStop, { once: true });
    const timer = setTimeout(() => controller.abort(new Error(`timed out after ${handler.timeoutMs} ms`)), handler.timeoutMs);
    const ref = { id: job.id, queue: job.queue };
    try {
      await abortable(handler.run(job, { signal: controller.signal, heartbeat: () => this.queue.extend(ref, handler.timeoutMs) }), controller.signal);
      await this.queue.complete(ref);
      this.stats.completed++;
      this.opts.logger.info({ jobId: job.id, queue: job.queue, attempt: job.attempt }, 'job completed');
    } catch (err) {
      this.stats.failed++;
      const outcome = await this.queue.fail(ref, (err as Error).message ?? String(err)).catch(() => 'unknown');
      this.opts.logger.warn({ jobId: job.id, queue: job.queue, attempt: job.attempt, outcome, error: (err as Error).message }, 'job failed');
    } finally {
      clearTimeout(timer);
      this.stopController.signal.removeEventListener('abort', onStop);
    }
  }
}

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
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
