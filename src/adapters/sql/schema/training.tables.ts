/** Kysely row types of training jobs, run logs and workers. Times are epoch milliseconds; JSON columns read back as text. */
export interface TrainingJobsTable {
  id: string;
  state: string;
  run_id: string;
  record: string;
  created_at: number;
  updated_at: number;
}

export interface RunLogLinesTable {
  run_id: string;
  seq: number;
  stream: string;
  line: string;
  ts: number;
}

export interface TrainingWorkersTable {
  id: string;
  record: string;
  last_seen: number;
}

export interface TrainingTables {
  training_jobs: TrainingJobsTable;
  run_log_lines: RunLogLinesTable;
  training_workers: TrainingWorkersTable;
}
