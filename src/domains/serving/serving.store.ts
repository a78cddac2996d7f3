import type { Deployment, DeploymentAuditAction, DeploymentAuditEvent } from './serving.schema.js';

/** What one served prediction leaves behind; the monitoring issue reads these rows. */
export interface PredictionRecord {
  requestId: string;
  deployment: string;
  model: string;
  version: number;
  arm: string;
  /** JSON of the inputs and outputs as served (tensors as {type, shape, data}). */
  inputs: string;
  outputs: string;
  latencyMs: number;
  status: 'ok' | 'error' | 'fallback';
  cached: boolean;
  at: number;
}

export interface FeedbackRecord {
  requestId: string;
  deployment: string;
  label: string | null;
  reward: number | null;
  at: number;
}

export interface AuditEntry {
  action: DeploymentAuditAction;
  actor: string;
  reason: string | null;
  at: number;
  details: Record<string, unknown>;
}

export interface ArmOutcomeCounts {
  arm: string;
  trials: number;
  successes: number;
}

/** The storage port of serving: deployments with their revisions and audit, the prediction log and feedback. */
export interface ServingStore {
  /** ALREADY_EXISTS when the name is taken. Writes revision 1 and the audit event in one transaction. */
  createDeployment(deployment: Deployment, audit: AuditEntry): Promise<void>;
  /** Stores `deployment` as its next revision; FAILED_PRECONDITION when the current revision is not `expectedRevision`. */
  updateDeployment(deployment: Deployment, expectedRevision: number, audit: AuditEntry): Promise<void>;
  getDeployment(name: string): Promise<Deployment | null>;
  listDeployments(): Promise<Deployment[]>;
  getRevision(name: string, revision: number): Promise<Deployment | null>;
  listRevisions(name: string): Promise<Deployment[]>;
  /** Removes the deployment and its revisions; the audit and the prediction log stay. */
  deleteDeployment(name: string, audit: AuditEntry): Promise<boolean>;
  listAudit(name: string): Promise<DeploymentAuditEvent[]>;

  appendPredictions(rows: readonly PredictionRecord[]): Promise<void>;
  getPrediction(requestId: string): Promise<PredictionRecord | null>;
  /** Replaces earlier feedback for the same request. */
  putFeedback(feedback: FeedbackRecord): Promise<void>;
  /** Feedback rewards joined to the arm that answered, per arm. */
  armOutcomes(deployment: string): Promise<ArmOutcomeCounts[]>;
  /**
   * Retention: deletes predictions logged before `cutoff` (epoch ms) with their feedback, oldest
   * first, at most `batchSize` per transaction until a batch comes back short. Returns how many predictions went.
   */
  deletePredictionsBefore(cutoff: number, batchSize: number): Promise<number>;
}
