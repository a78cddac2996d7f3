import { z } from 'zod';
import type { ModelSignature, TensorType } from '../../core/ports/model-runtime.js';

/**
 * Wire types of the model registry, shared by the REST API, the SDK, the CLI and
 * the MLflow face. Pure zod (no I/O), so the browser SDK may import it. Times are
 * epoch milliseconds, as everywhere in Keel.
 */

/** MLflow's (deprecated but still used) lifecycle stages, kept verbatim so MLflow clients read them. */
export const STAGES = ['None', 'Staging', 'Production', 'Archived'] as const;
export const stageSchema = z.enum(STAGES);
export type Stage = z.infer<typeof stageSchema>;

export const REGISTRY_LIMITS = {
  modelName: 256,
  alias: 256,
  key: 250,
  tagValue: 5000,
  description: 5000,
  tags: 100,
  reason: 2000,
  policyBytes: 256 * 1024,
} as const;

/** Names travel in URL paths (`/api/v1/models/:name`), so `/` and control characters are refused. */
export const modelNameSchema = z
  .string()
  .min(1)
  .max(REGISTRY_LIMITS.modelName)
  .regex(/^[A-Za-z0-9][\w.\- ]*$/, 'must start with a letter or digit and contain only letters, digits, underscores, dashes, periods and spaces');

/**
 * MLflow's alias rules: word characters and dashes; `latest` and `v<digits>` /
 * `version<digits>` are refused because MLflow's `models:/name@alias` URIs would read them as versions.
 */
export const aliasSchema = z
  .string()
  .min(1)
  .max(REGISTRY_LIMITS.alias)
  .regex(/^[\w-]+$/, 'may contain only letters, digits, underscores and dashes')
  .refine((a) => a.toLowerCase() !== 'latest' && !/^v(ersion)?\d+$/i.test(a), "is reserved ('latest', 'v<n>' and 'version<n>' name versions)");

export const versionNumberSchema = z.coerce.number().int().min(1).max(2_147_483_647);

export const registryTagSchema = z.strictObject({
  key: z.string().min(1).max(REGISTRY_LIMITS.key).regex(/^[\w\-. /]+$/, 'may contain only letters, digits, underscores, dashes, periods, spaces and slashes'),
  value: z.string().max(REGISTRY_LIMITS.tagValue),
});
export type RegistryTag = z.infer<typeof registryTagSchema>;

const TENSOR_TYPES = ['float32', 'float64', 'int32', 'int64', 'uint8', 'int8', 'bool', 'string'] as const satisfies readonly TensorType[];

export const tensorSpecSchema = z.strictObject({
  name: z.string().min(1).max(256),
  type: z.enum(TENSOR_TYPES),
  /** -1 for a dynamic dimension (the batch). */
  shape: z.array(z.number().int().min(-1)).max(16),
});

/** A user-given signature (`--signature file.json`); ONNX models get theirs from the model itself. */
export const signatureSchema = z.strictObject({
  inputs: z.array(tensorSpecSchema).min(1).max(1000),
  outputs: z.array(tensorSpecSchema).min(1).max(1000),
}) satisfies z.ZodType<ModelSignature>;

/** Who acts: the API key id (or `anonymous` when auth is off) and the scope it holds. */
export interface Actor {
  id: string;
  scope: 'read' | 'write' | 'admin';
}

/* ---------- records ---------- */

export interface RegisteredModel {
  name: string;
  description: string;
  tags: RegistryTag[];
  /** alias → version */
  aliases: { alias: string; version: number }[];
  /** The version in Production, if any (there is at most one). */
  productionVersion: number | null;
  latestVersion: number | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export interface RunMetricCopy {
  key: string;
  /** null stands for NaN or ±Infinity, which JSON cannot carry; the run itself keeps the exact value. */
  value: number | null;
  step: number;
  timestamp: number;
}

export interface DatasetCopy {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  context: string | null;
}

export interface ModelVersion {
  name: string;
  version: number;
  stage: Stage;
  description: string;
  /** Where it came from, as given: `runs:/<run>/<path>`, `mlflow-artifacts:/…`, `upload:<file name>` or `blob:<sha256>`. */
  source: string;
  /** The file in tracking's artifact space it was resolved to, when it came from one. */
  artifactPath: string | null;
  runId: string | null;
  sha256: string;
  sizeBytes: number;
  fileName: string;
  flavor: 'onnx';
  signature: ModelSignature | null;
  /** Copied from the run at registration: later edits of the run do not change what was registered. */
  metrics: RunMetricCopy[];
  params: RegistryTag[];
  datasets: DatasetCopy[];
  tags: RegistryTag[];
  aliases: string[];
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export interface GatePolicyRecord {
  name: string;
  /** 1, 2, …: every edit is a new version; reports name the version they were computed against. */
  policyVersion: number;
  policy: unknown;
  createdBy: string;
  createdAt: number;
}

export interface GateCheckRecord {
  name: string;
  verdict: 'pass' | 'fail' | 'skipped';
  measured: Record<string, unknown>;
  threshold: Record<string, unknown>;
  evidence: Record<string, unknown>;
  message: string;
}

/** An immutable record of one gate evaluation (or of a promotion that had no policy to apply). */
export interface GateReportRecord {
  id: string;
  name: string;
  version: number;
  targetStage: Stage;
  /** null: the model had no gate policy, and the promotion was allowed without checks. */
  policyVersion: number | null;
  /** The Production version the gate compared against. */
  comparedWith: number | null;
  passed: boolean;
  checks: GateCheckRecord[];
  startedAt: number;
  finishedAt: number;
  createdBy: string;
}

export const AUDIT_ACTIONS = [
  'model.created',
  'model.updated',
  'model.renamed',
  'model.deleted',
  'version.registered',
  'version.updated',
  'version.deleted',
  'stage.changed',
  'stage.archived',
  'promotion.forced',
  'rollback',
  'alias.set',
  'alias.deleted',
  'gate.run',
  'gate-policy.set',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEvent {
  seq: number;
  name: string;
  action: AuditAction;
  version: number | null;
  fromStage: Stage | null;
  toStage: Stage | null;
  alias: string | null;
  actor: string;
  reason: string | null;
  at: number;
  details: Record<string, unknown>;
}

export interface PromotionResult {
  version: ModelVersion;
  /** Versions moved to Archived in the same transaction. */
  archived: number[];
  /** `passed`: the gate ran and passed; `no-policy`: nothing to check (recorded); `not-required`: the policy does not apply to this stage; `forced`: an admin overrode the gate. */
  gate: 'passed' | 'no-policy' | 'not-required' | 'forced';
  report: GateReportRecord | null;
  message: string;
}

export interface RollbackResult {
  version: ModelVersion;
  /** The version that was in Production and is now Archived. */
  rolledBack: number;
}

/** The run's live info (tracking's RunInfo, restated here so the browser SDK needs no tracking import). */
export interface LineageRunInfo {
  runId: string;
  runName: string;
  experimentId: string;
  userId: string;
  status: string;
  startTime: number;
  endTime: number | null;
  artifactUri: string;
  lifecycleStage: string;
}

export interface Lineage {
  version: ModelVersion;
  /** `info` is null when the run has since been purged; params and metrics are the copies taken at registration. */
  run: { runId: string; info: LineageRunInfo | null; params: RegistryTag[]; metrics: RunMetricCopy[] } | null;
  datasets: DatasetCopy[];
  /** Filled by serving once deployments exist. */
  deployments: unknown[];
}

/* ---------- request shapes (Keel REST) ---------- */

export const createModelSchema = z.strictObject({
  name: modelNameSchema,
  description: z.string().max(REGISTRY_LIMITS.description).default(''),
  tags: z.array(registryTagSchema).max(REGISTRY_LIMITS.tags).default([]),
});
export type CreateModelInput = z.input<typeof createModelSchema>;

export const updateModelSchema = z.strictObject({
  description: z.string().max(REGISTRY_LIMITS.description).optional(),
  newName: modelNameSchema.optional(),
});
export type UpdateModelInput = z.input<typeof updateModelSchema>;

/** A file name as uploaded: no folders, no control characters. */
export const fileNameSchema = z
  .string()
  .min(1)
  .max(255)
  // eslint-disable-next-line no-control-regex
  .regex(/^[^/\\\u0000-\u001f]+$/, 'must be a plain file name (no slashes or control characters)')
  .refine((n) => n !== '.' && n !== '..', 'must be a plain file name');

const runIdSchema = z.string().regex(/^[0-9a-f]{32}$/, 'must be a 32-character hex run id');
const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters');

/** Where a version's file comes from: a run's artifact (a file, or a folder holding `model.onnx`), or a blob already stored. */
export const versionSourceSchema = z.union([
  z.strictObject({ runId: runIdSchema, path: z.string().min(1).max(1024) }),
  z.strictObject({ sha256: sha256Schema, fileName: fileNameSchema.optional() }),
]);
export type VersionSource = z.infer<typeof versionSourceSchema>;

export const registerVersionSchema = z.strictObject({
  source: versionSourceSchema,
  /** Links a run when the source is a blob (a run source links its own run). */
  runId: runIdSchema.optional(),
  signature: signatureSchema.optional(),
  tags: z.array(registryTagSchema).max(REGISTRY_LIMITS.tags).default([]),
  description: z.string().max(REGISTRY_LIMITS.description).default(''),
});
export type RegisterVersionInput = z.input<typeof registerVersionSchema>;

export const updateVersionSchema = z.strictObject({ description: z.string().max(REGISTRY_LIMITS.description) });

export const promoteSchema = z
  .strictObject({
    stage: stageSchema,
    reason: z.string().trim().max(REGISTRY_LIMITS.reason).optional(),
    force: z.boolean().default(false),
    /** MLflow's archive_existing_versions: also archive the other versions in the target stage (Production always is). */
    archiveExisting: z.boolean().default(false),
  })
  .refine((p) => !p.force || (p.reason !== undefined && p.reason !== ''), { message: 'a reason is required when forcing a promotion', path: ['reason'] });
export type PromoteInput = z.input<typeof promoteSchema>;

export const rollbackSchema = z.strictObject({ reason: z.string().trim().max(REGISTRY_LIMITS.reason).optional() });

export const setAliasSchema = z.strictObject({ version: versionNumberSchema });

export const listModelsSchema = z.strictObject({
  /** MLflow's registered-model filter: `name LIKE '%churn%'`, `name = 'x'`, `tags.team = 'ml'`, joined by AND. */
  filter: z.string().max(2000).default(''),
  orderBy: z.array(z.string().max(200)).max(5).default([]),
  maxResults: z.coerce.number().int().min(1).max(1000).default(100),
  pageToken: z.string().max(500).optional(),
});
export type ListModelsInput = z.input<typeof listModelsSchema>;

export const listVersionsSchema = z.strictObject({
  /** MLflow's model-version filter: `name = 'x'`, `run_id = '…'`, `run_id IN ('a','b')`, `tags.k = 'v'`. */
  filter: z.string().max(2000).default(''),
  orderBy: z.array(z.string().max(200)).max(5).default([]),
  maxResults: z.coerce.number().int().min(1).max(200_000).default(1000),
  pageToken: z.string().max(500).optional(),
});
export type ListVersionsInput = z.input<typeof listVersionsSchema>;

export const pageQuerySchema = z.strictObject({
  maxResults: z.coerce.number().int().min(1).max(10_000).default(100),
  pageToken: z.string().max(500).optional(),
});

export interface Page<T> {
  items: T[];
  nextPageToken?: string | undefined;
}
