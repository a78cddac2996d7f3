/**
 * Durable work queue with at-least-once delivery. A claimed job is invisible to
 * other workers until `visibilityTimeoutMs` passes; a worker that dies without
 * completing it lets it be claimed again. Failures retry with exponential
 * backoff until `maxAttempts`, then the job moves to the dead letters.
 */
export interface EnqueueOptions {
  /** Total tries, the first included. Default 3. */
  maxAttempts?: number;
  /** Base delay before a retry; attempt n waits backoffMs * 2^(n-1). Default 1000. */
  backoffMs?: number;
  /** How long a claim lasts before the job is redelivered. Default 60 000. */
  visibilityTimeoutMs?: number;
  /** Earliest start, relative to now. Default 0. */
  delayMs?: number;
}

export type JobState = 'queued' | 'active' | 'completed' | 'dead';

export interface Job<T = unknown> {
  id: string;
  queue: string;
  payload: T;
  /** 1 on the first delivery. */
  attempt: number;
  maxAttempts: number;
}

export interface JobRecord<T = unknown> extends Job<T> {
  state: JobState;
  lastError: string | null;
  createdAt: number;
}

export type JobRef = Pick<Job, 'id' | 'queue'>;

export interface JobQueue {
  readonly kind: 'embedded' | 'postgres';
  enqueue<T>(queue: string, payload: T, opts?: EnqueueOptions): Promise<string>;
  /** Claims up to `max` (default 1) ready jobs, oldest first. */
  claim<T = unknown>(queue: string, opts?: { max?: number }): Promise<Job<T>[]>;
  complete(job: JobRef): Promise<void>;
  /** Returns `retry` when another attempt is scheduled, `dead` when it moved to the dead letters. */
  fail(job: JobRef, error: string): Promise<'retry' | 'dead'>;
  /** Pushes the claim's deadline `visibilityTimeoutMs` further (a heartbeat for long jobs). */
  extend(job: JobRef, visibilityTimeoutMs: number): Promise<void>;
  get<T = unknown>(job: JobRef): Promise<JobRecord<T> | null>;
  deadLetters<T = unknown>(queue: string): Promise<JobRecord<T>[]>;
  close(): Promise<void>;
}
