/** Kysely row types of the embedded job queue. Timestamps are epoch milliseconds. */
export type JobRowState = 'queued' | 'active' | 'completed' | 'dead';

export interface JobsTable {
  id: string;
  queue: string;
  /** JSON text (jsonb on PostgreSQL, read back as text). */
  payload: string;
  state: JobRowState;
  /** Deliveries so far; 0 until first claimed. */
  attempt: number;
  max_attempts: number;
  backoff_ms: number;
  visibility_timeout_ms: number;
  /** Not claimable before this time (delay, or retry backoff). */
  run_at: number;
  /** While active: when the claim lapses and the job may be redelivered. */
  locked_until: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface QueueTables {
  jobs: JobsTable;
}
