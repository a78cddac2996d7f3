/** Kysely row types of the feature store. Times are epoch milliseconds; JSON columns read back as text. */
export interface FeatureObjectsTable {
  kind: string;
  name: string;
  version: number;
  created_at: number;
  /** Null for a deletion. */
  spec: string | null;
}

export interface FeatureMaterializationsTable {
  view: string;
  at: number;
  start_ms: number;
  end_ms: number;
  rows: number;
  written: number;
}

/** One background materialization run; `record` is the whole run as JSON. */
export interface FeatureMaterializationRunsTable {
  id: string;
  state: string;
  created_at: number;
  record: string;
}

export interface FeaturesTables {
  feature_objects: FeatureObjectsTable;
  feature_materializations: FeatureMaterializationsTable;
  feature_materialization_runs: FeatureMaterializationRunsTable;
}
