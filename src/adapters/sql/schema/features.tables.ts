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

export interface FeaturesTables {
  feature_objects: FeatureObjectsTable;
  feature_materializations: FeatureMaterializationsTable;
}
