/** Kysely row types of hyperparameter studies. Times are epoch milliseconds; JSON columns read back as text. */
export interface StudiesTable {
  id: string;
  name: string;
  /** directions, metrics, space, sampler, pruner, seed, heartbeatTimeoutSec, retries. */
  definition: string;
  status: string;
  experiment_id: string;
  parent_run_id: string;
  created_at: number;
  updated_at: number;
}

export interface StudyTrialsTable {
  id: string;
  study_id: string;
  number: number;
  state: string;
  params: string;
  objective_values: string | null;
  reason: string | null;
  run_id: string | null;
  retry_of: number | null;
  parent_trial: number | null;
  last_step: number | null;
  last_value: number | null;
  started_at: number;
  completed_at: number | null;
  heartbeat_at: number;
}

export interface StudyTrialValuesTable {
  study_id: string;
  trial_number: number;
  step: number;
  value: number;
}

export interface TuningTables {
  studies: StudiesTable;
  study_trials: StudyTrialsTable;
  study_trial_values: StudyTrialValuesTable;
}
