import type { AuditEvent, GateReportRecord, ModelVersion, RegisteredModel, RegistryTag, Stage } from './registry.schema.js';

/** A model as stored: the wire record plus its internal id (rename keeps the id, so history stays attached). */
export interface StoredModel extends RegisteredModel {
  id: string;
}

export type NewAuditEvent = Omit<AuditEvent, 'seq'>;

export interface NewModel {
  id: string;
  name: string;
  description: string;
  tags: RegistryTag[];
  createdBy: string;
  createdAt: number;
}

/** A version before its number exists: the store assigns it from the model's counter. */
export type NewVersion = Omit<ModelVersion, 'version' | 'name' | 'aliases' | 'stage' | 'updatedAt'>;

export interface StageChange {
  modelId: string;
  version: number;
  toStage: Stage;
  /** MLflow's archive_existing_versions: archive every other version in `toStage`. Production always archives the one it replaces. */
  archiveExisting: boolean;
  /**
   * When not undefined, the change is refused (FAILED_PRECONDITION) unless the current
   * Production version is still this one (null: none). The gate compared the candidate
   * with the Production version it saw; a concurrent promotion makes that comparison stale.
   */
  expectedProduction?: number | null | undefined;
  at: number;
  /** Recorded in the same transaction; the store adds one `stage.archived` event per version it archives. */
  audit: NewAuditEvent;
}

export interface StageChangeResult {
  archived: number[];
  /** The Production version before the change (null: none). */
  previousProduction: number | null;
}

export interface StoredGatePolicy {
  policyVersion: number;
  policy: unknown;
  createdBy: string;
  createdAt: number;
}

/**
 * Storage port of the model registry. Every method is one transaction; every
 * mutation takes the audit event(s) to record in that same transaction, so the
 * log and the state never disagree. Unknown ids answer null/false; conflicts
 * throw AppError (ALREADY_EXISTS for a taken name, FAILED_PRECONDITION for a
 * stage change that lost a race).
 */
export interface RegistryStore {
  createModel(model: NewModel, audit: NewAuditEvent): Promise<StoredModel>;
  getModel(name: string): Promise<StoredModel | null>;
  /** Every model, by name (the registry holds hundreds, not millions: filtering happens in the service). */
  listModels(): Promise<StoredModel[]>;
  updateModel(modelId: string, patch: { description?: string | undefined; name?: string | undefined }, at: number, audit: NewAuditEvent): Promise<void>;
  /** Deletes the model and everything under it except its audit trail. */
  deleteModel(modelId: string, audit: NewAuditEvent): Promise<void>;
  setModelTag(modelId: string, tag: RegistryTag, at: number): Promise<void>;
  deleteModelTag(modelId: string, key: string, at: number): Promise<boolean>;

  /** Assigns the next number from the model's counter row, in the insert's transaction: concurrent registrations never share one. */
  createVersion(modelId: string, version: NewVersion, audit: Omit<NewAuditEvent, 'version'>): Promise<ModelVersion>;
  getVersion(modelId: string, version: number): Promise<ModelVersion | null>;
  /** Versions of one model (or of every model when null), newest first. */
  listVersions(modelId: string | null): Promise<ModelVersion[]>;
  updateVersion(modelId: string, version: number, patch: { description: string }, at: number, audit: NewAuditEvent): Promise<boolean>;
  deleteVersion(modelId: string, version: number, audit: NewAuditEvent): Promise<boolean>;
  setVersionTag(modelId: string, version: number, tag: RegistryTag, at: number): Promise<void>;
  deleteVersionTag(modelId: string, version: number, key: string, at: number): Promise<boolean>;

  /** Points `alias` at `version`, moving it off any other version in the same statement. */
  setAlias(modelId: string, alias: string, version: number, at: number, audit: NewAuditEvent): Promise<void>;
  deleteAlias(modelId: string, alias: string, at: number, audit: NewAuditEvent): Promise<boolean>;

  /** Moves one version to a stage, archiving what it replaces, all in one transaction (see StageChange). */
  changeStage(change: StageChange): Promise<StageChangeResult>;

  /** Stores a new policy version (max + 1) and returns its number. */
  putGatePolicy(modelId: string, policy: unknown, createdBy: string, at: number, audit: Omit<NewAuditEvent, 'details'>): Promise<number>;
  getGatePolicy(modelId: string): Promise<StoredGatePolicy | null>;
  listGatePolicies(modelId: string): Promise<StoredGatePolicy[]>;

  /** Reports are insert-only: there is no update or delete for them short of deleting the model. */
  insertGateReport(modelId: string, report: GateReportRecord, audit: NewAuditEvent): Promise<void>;
  listGateReports(modelId: string, version: number): Promise<GateReportRecord[]>;

  /** Newest first. */
  listAudit(modelId: string, offset: number, limit: number): Promise<AuditEvent[]>;
  /** Events that put a version into Production (promotions, transitions, rollbacks), newest first. */
  productionHistory(modelId: string): Promise<AuditEvent[]>;
}
