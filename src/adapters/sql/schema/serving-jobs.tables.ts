/** Kysely row types of batch inference jobs. Times are epoch milliseconds; JSON columns read back as text. */
export interface BatchJobsTable {
  id: string;
  state: string;
  record: string;
  updated_at: number;
  /** Copies of the record's `spec.target` and `createdAt`, for listing; null only before the backfill. */
  target: string | null;
  created_at: number | null;
}

export interface BatchShardsTable {
  job_id: string;
  shard: number;
  rows: number;
  failed_rows: number;
  /** Null until the shard has finished. */
  result: string | null;
}

export interface ServingJobsTables {
  batch_jobs: BatchJobsTable;
  batch_shards: BatchShardsTable;
}
