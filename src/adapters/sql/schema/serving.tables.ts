import type { Generated } from 'kysely';

/** Kysely row types of model serving. Times are epoch milliseconds; JSON columns read back as text. */
export interface DeploymentsTable {
  name: string;
  revision: number;
  strategy: string;
  config: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface DeploymentRevisionsTable {
  name: string;
  revision: number;
  config: string;
  created_at: number;
}

export interface DeploymentAuditTable {
  seq: Generated<number>;
  name: string;
  action: string;
  revision: number;
  actor: string;
  reason: string | null;
  at: number;
  details: string;
}

export interface PredictionLogTable {
  request_id: string;
  deployment: string;
  model: string;
  version: number;
  arm: string;
  inputs: string;
  outputs: string;
  latency_ms: number;
  status: string;
  cached: number;
  at: number;
}

export interface PredictionFeedbackTable {
  request_id: string;
  deployment: string;
  label: string | null;
  reward: number | null;
  at: number;
}

export interface ServingTables {
  deployments: DeploymentsTable;
  deployment_revisions: DeploymentRevisionsTable;
  deployment_audit: DeploymentAuditTable;
  prediction_log: PredictionLogTable;
  prediction_feedback: PredictionFeedbackTable;
}
