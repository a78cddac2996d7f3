/** Kysely row types of scheduled monitors. Times are epoch milliseconds; JSON columns read back as text. */
export interface MonitorsTable {
  name: string;
  config: string;
  enabled: number;
  next_run_at: number | null;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface MonitorRunsTable {
  id: string;
  monitor: string;
  trigger: string;
  status: string;
  error: string | null;
  window_start: number;
  window_end: number;
  started_at: number;
  finished_at: number;
  rows: number;
  labelled_rows: number;
  dataset_drift: number | null;
  drift_share: number | null;
  result: string;
}

export interface MonitorColumnStatsTable {
  run_id: string;
  monitor: string;
  column_name: string;
  at: number;
  test: string | null;
  statistic: number | null;
  p_value: number | null;
  drifted: number;
  psi: number | null;
  current_count: number;
  not_computable: string | null;
}

export interface MonitoringTables {
  monitors: MonitorsTable;
  monitor_runs: MonitorRunsTable;
  monitor_column_stats: MonitorColumnStatsTable;
}
