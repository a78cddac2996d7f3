import type { Generated } from 'kysely';

/**
 * Kysely row types of the model registry. Times are epoch milliseconds; JSON
 * columns are text on both engines when read (see database.ts).
 */
export interface RegisteredModelsTable {
  id: string;
  name: string;
  description: string;
  created_by: string;
  created_at: number;
  updated_at: number;
  /** The per-model version counter: bumped in the registering transaction, never reused after a delete. */
  last_version: number;
}

export interface RegisteredModelTagsTable {
  model_id: string;
  key: string;
  value: string;
}

export interface ModelVersionsTable {
  model_id: string;
  version: number;
  stage: string;
  description: string;
  source: string;
  artifact_path: string | null;
  run_id: string | null;
  sha256: string;
  size_bytes: number;
  file_name: string;
  flavor: string;
  signature: string | null;
  metrics: string;
  params: string;
  datasets: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface ModelVersionTagsTable {
  model_id: string;
  version: number;
  key: string;
  value: string;
}

export interface ModelAliasesTable {
  model_id: string;
  alias: string;
  version: number;
}

export interface GatePoliciesTable {
  model_id: string;
  policy_version: number;
  policy: string;
  created_by: string;
  created_at: number;
}

export interface GateReportsTable {
  id: string;
  model_id: string;
  version: number;
  target_stage: string;
  policy_version: number | null;
  compared_with: number | null;
  passed: number;
  checks: string;
  started_at: number;
  finished_at: number;
  created_by: string;
}

/** Append-only; no foreign key, so the trail outlives a deleted model. `seq` orders events exactly. */
export interface RegistryAuditTable {
  seq: Generated<number>;
  model_id: string;
  model_name: string;
  action: string;
  version: number | null;
  from_stage: string | null;
  to_stage: string | null;
  alias: string | null;
  actor: string;
  reason: string | null;
  at: number;
  details: string;
}

export interface RegistryTables {
  registered_models: RegisteredModelsTable;
  registered_model_tags: RegisteredModelTagsTable;
  model_versions: ModelVersionsTable;
  model_version_tags: ModelVersionTagsTable;
  model_aliases: ModelAliasesTable;
  gate_policies: GatePoliciesTable;
  gate_reports: GateReportsTable;
  registry_audit: RegistryAuditTable;
}
