import type { Readable } from 'node:stream';
import type { BlobSource } from '../../core/ports/blob-store.js';
import type {
  Actor,
  AuditEvent,
  CreateModelInput,
  GatePolicyRecord,
  GateReportRecord,
  Lineage,
  ListModelsInput,
  ListVersionsInput,
  ModelVersion,
  Page,
  PromoteInput,
  PromotionResult,
  RegisteredModel,
  RegisterVersionInput,
  RegistryTag,
  RollbackResult,
  UpdateModelInput,
} from './registry.schema.js';

/** A raw upload: the bytes are streamed into the blob store, then registered. */
export interface UploadInput {
  data: BlobSource;
  fileName: string;
  runId?: string | undefined;
  signature?: unknown;
  description?: string | undefined;
  tags?: RegistryTag[] | undefined;
}

/** MLflow's model-versions/create: the source is an artifact URI (`runs:/…`, `mlflow-artifacts:/…`). */
export interface RegisterFromUriInput {
  source: string;
  runId?: string | undefined;
  description?: string | undefined;
  tags?: RegistryTag[] | undefined;
}

/**
 * The use cases of the model registry. Keel's REST routes, the MLflow face and the
 * CLI call this. Every method validates its input (INVALID_ARGUMENT naming the field)
 * and throws NOT_FOUND for unknown models and versions; mutations record an audit event
 * with `actor` in the same transaction.
 */
export interface RegistryApi {
  createModel(input: CreateModelInput, actor: Actor): Promise<RegisteredModel>;
  getModel(name: string): Promise<RegisteredModel>;
  listModels(input: ListModelsInput): Promise<Page<RegisteredModel>>;
  updateModel(name: string, input: UpdateModelInput, actor: Actor): Promise<RegisteredModel>;
  /** Refused (FAILED_PRECONDITION) while a version is in Production. */
  deleteModel(name: string, actor: Actor): Promise<void>;
  setModelTag(name: string, tag: RegistryTag, actor: Actor): Promise<void>;
  deleteModelTag(name: string, key: string, actor: Actor): Promise<void>;

  registerVersion(name: string, input: RegisterVersionInput, actor: Actor): Promise<ModelVersion>;
  uploadVersion(name: string, input: UploadInput, actor: Actor): Promise<ModelVersion>;
  registerFromUri(name: string, input: RegisterFromUriInput, actor: Actor): Promise<ModelVersion>;
  getVersion(name: string, version: number): Promise<ModelVersion>;
  listVersions(name: string, opts?: { maxResults?: number | undefined; pageToken?: string | undefined }): Promise<Page<ModelVersion>>;
  /** Across models, with MLflow's model-version filter grammar. */
  searchVersions(input: ListVersionsInput): Promise<Page<ModelVersion>>;
  /** The newest version in each stage (or in the stages named), as MLflow's get-latest-versions. */
  latestVersions(name: string, stages?: string[]): Promise<ModelVersion[]>;
  updateVersion(name: string, version: number, description: string, actor: Actor): Promise<ModelVersion>;
  /** Refused (FAILED_PRECONDITION) for the Production version. */
  deleteVersion(name: string, version: number, actor: Actor): Promise<void>;
  setVersionTag(name: string, version: number, tag: RegistryTag, actor: Actor): Promise<void>;
  deleteVersionTag(name: string, version: number, key: string, actor: Actor): Promise<void>;

  setAlias(name: string, alias: string, version: number, actor: Actor): Promise<ModelVersion>;
  deleteAlias(name: string, alias: string, actor: Actor): Promise<void>;
  getVersionByAlias(name: string, alias: string): Promise<ModelVersion>;

  /**
   * Moves a version to a stage. Production (and Staging when the policy says so) goes
   * through the gate: a failing report is stored and the promotion refused with
   * FAILED_PRECONDITION listing the failed checks, every stage unchanged. `force` needs
   * an admin actor and a reason.
   */
  promote(name: string, version: number, input: PromoteInput, actor: Actor): Promise<PromotionResult>;
  /** Production goes back to the version it replaced (from the audit trail), archiving the current one. */
  rollback(name: string, reason: string | undefined, actor: Actor): Promise<RollbackResult>;

  getGatePolicy(name: string): Promise<GatePolicyRecord>;
  putGatePolicy(name: string, policy: unknown, actor: Actor): Promise<GatePolicyRecord>;
  gatePolicyHistory(name: string): Promise<GatePolicyRecord[]>;
  listReports(name: string, version: number): Promise<GateReportRecord[]>;
  getReport(name: string, version: number, reportId: string): Promise<GateReportRecord>;

  audit(name: string, opts?: { maxResults?: number | undefined; pageToken?: string | undefined }): Promise<Page<AuditEvent>>;
  lineage(name: string, version: number): Promise<Lineage>;
  openArtifact(name: string, version: number): Promise<{ stream: Readable; size: number; sha256: string; fileName: string }>;
}
