import type { Job } from '../../core/ports/job-queue.js';

export interface JobContext {
  /** Aborted when the worker stops or the job's time is up; long handlers should pass it on. */
  signal: AbortSignal;
  /** Keeps the claim alive for long work (see JobQueue.extend). */
  heartbeat(): Promise<void>;
}

/** A domain registers one handler per queue it owns, e.g. `training.jobs`. */
export interface JobHandler<T = unknown> {
  queue: string;
  /** How long one attempt may run before it is aborted and retried. */
  timeoutMs: number;
  run(job: Job<T>, ctx: JobContext): Promise<void>;
}
