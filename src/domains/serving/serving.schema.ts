import { z } from 'zod';
import type { TensorValue } from '../../core/ports/model-runtime.js';

/**
 * Wire types of model serving, shared by the REST API, the SDK and the CLI. Pure zod.
 * A deployment is a name, a strategy, arms (model versions) and settings; every change
 * is a new revision, so rollback is "make the previous revision current again".
 */

export const STRATEGIES = ['direct', 'blue-green', 'canary', 'shadow', 'ab', 'bandit'] as const;
export const strategySchema = z.enum(STRATEGIES);
export type Strategy = z.infer<typeof strategySchema>;

export const deploymentNameSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][\w.-]*$/, 'must start with a letter or digit and contain only letters, digits, underscores, dashes and periods');

/** `name@3`, `name@champion`: resolved to a version number when deployed, so a revision never moves by itself. */
export const modelRefSchema = z
  .string()
  .min(3)
  .max(300)
  .regex(/^[A-Za-z0-9][\w.\- ]*@[\w-]+$/, "must be '<model>@<version or alias>'");

export const fallbackSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('error') }),
  z.strictObject({ kind: z.literal('previous') }),
  /** Answers these outputs (one row, repeated per input row) when the model fails. */
  z.strictObject({ kind: z.literal('constant'), outputs: z.record(z.string().min(1).max(256), z.array(z.union([z.number(), z.string(), z.boolean()])).max(10_000)) }),
]);
export type Fallback = z.infer<typeof fallbackSchema>;

export const servingSettingsSchema = z.strictObject({
  batching: z
    .strictObject({
      enabled: z.boolean().default(false),
      maxBatchSize: z.number().int().min(1).max(4096).default(64),
      maxLatencyMs: z.number().min(0).max(1000).default(2),
    })
    .default({ enabled: false, maxBatchSize: 64, maxLatencyMs: 2 }),
  /** 0 turns the cache off. */
  cacheTtlSec: z.number().int().min(0).max(86_400).default(300),
  timeoutMs: z.number().int().min(1).max(600_000).default(5000),
  fallback: fallbackSchema.default({ kind: 'error' }),
});
export type ServingSettings = z.infer<typeof servingSettingsSchema>;

/** Tabular pre- and post-processing; every step is optional. */
export const processingSchema = z.strictObject({
  /** `instances` objects become one row of the model's first input in this column order. */
  columns: z.array(z.string().min(1).max(256)).min(1).max(10_000).optional(),
  /** (x − mean) / std per column, from stored training statistics. */
  scaling: z.strictObject({ mean: z.array(z.number()).max(10_000), std: z.array(z.number()).max(10_000) }).optional(),
  /** Index of the largest score per row, named by `labels`. */
  argmax: z.strictObject({ output: z.string().min(1).max(256), labels: z.array(z.string().max(256)).max(10_000).optional() }).optional(),
  /** score ≥ value → labels[1] (or 1), else labels[0] (or 0). */
  threshold: z.strictObject({ output: z.string().min(1).max(256), value: z.number(), labels: z.tuple([z.string().max(256), z.string().max(256)]).optional() }).optional(),
});
export type Processing = z.infer<typeof processingSchema>;

export const canarySettingsSchema = z.strictObject({
  /** Canary traffic per step, in percent; the last step promotes. */
  steps: z.array(z.number().min(0).max(100)).min(1).max(20).default([5, 25, 50, 100]),
  windowMs: z.number().int().min(1).max(86_400_000).default(60_000),
  /** Outcomes the canary must have seen in a window before it can move. */
  minRequests: z.number().int().min(1).max(1_000_000).default(50),
  maxErrorRate: z.number().min(0).max(1).default(0.01),
  maxP99Ms: z.number().min(0).max(600_000).default(250),
});
export type CanarySettings = z.infer<typeof canarySettingsSchema>;

export const banditSettingsSchema = z.strictObject({
  algorithm: z.enum(['thompson', 'ucb1']).default('thompson'),
});

export const abSettingsSchema = z.strictObject({
  /** Header carrying the sticky key; the predict body's `key` field wins over it. */
  keyHeader: z.string().min(1).max(100).default('x-user-id'),
});

export const deploySpecSchema = z.strictObject({
  strategy: strategySchema.default('direct'),
  model: modelRefSchema,
  /** The second arm: canary, green slot, shadow, B arm or second bandit arm. */
  candidate: modelRefSchema.optional(),
  /** The candidate's traffic share in percent (canary's first step, A/B's B arm). */
  weight: z.number().min(0).max(100).optional(),
  settings: servingSettingsSchema.optional(),
  processing: processingSchema.optional(),
  canary: canarySettingsSchema.optional(),
  ab: abSettingsSchema.optional(),
  bandit: banditSettingsSchema.optional(),
  reason: z.string().max(2000).optional(),
});
export type DeploySpec = z.input<typeof deploySpecSchema>;
export type ParsedDeploySpec = z.output<typeof deploySpecSchema>;

export interface Arm {
  /** `primary`, `candidate`, `blue`, `green`, `stable`, `canary`, `shadow`, `a`, `b`… */
  name: string;
  model: string;
  version: number;
  /** Traffic share in [0, 1]; strategies that route by other means ignore it. */
  weight: number;
}

export interface DeploymentConfig {
  strategy: Strategy;
  arms: Arm[];
  settings: ServingSettings;
  processing: Processing;
  canary?: CanarySettings | undefined;
  abKeyHeader?: string | undefined;
  bandit?: { algorithm: 'thompson' | 'ucb1' } | undefined;
  /** blue-green: the slot taking traffic. */
  activeSlot?: 'blue' | 'green' | undefined;
  /** canary: index into `canary.steps`. */
  canaryStep?: number | undefined;
}

export interface Deployment {
  name: string;
  revision: number;
  config: DeploymentConfig;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export const DEPLOYMENT_AUDIT_ACTIONS = ['deployment.created', 'deployment.updated', 'deployment.rolled-back', 'deployment.deleted', 'canary.stepped', 'canary.promoted', 'canary.rolled-back'] as const;
export type DeploymentAuditAction = (typeof DEPLOYMENT_AUDIT_ACTIONS)[number];

export interface DeploymentAuditEvent {
  seq: number;
  name: string;
  action: DeploymentAuditAction;
  revision: number;
  actor: string;
  reason: string | null;
  at: number;
  details: Record<string, unknown>;
}

/* ---------- requests ---------- */

const cellSchema = z.union([z.number(), z.string().max(10_000), z.boolean(), z.null()]);
export const predictBodySchema = z.strictObject({
  instances: z.array(z.record(z.string().max(256), cellSchema)).min(1).max(10_000),
  /** Sticky key for A/B (else the deployment's key header). */
  key: z.string().min(1).max(256).optional(),
});
export type PredictBody = z.infer<typeof predictBodySchema>;

export const feedbackBodySchema = z.strictObject({
  requestId: z.string().min(1).max(128),
  /** The ground truth, stored for monitoring. */
  label: z.union([z.number(), z.string().max(10_000), z.boolean()]).optional(),
  /** The binary outcome A/B tests and bandits learn from (1 = success). */
  reward: z.number().min(0).max(1).optional(),
});
export type FeedbackBody = z.infer<typeof feedbackBodySchema>;

/** One request to one deployment, already decoded from its protocol. */
export interface InferRequest {
  inputs: Record<string, TensorValue>;
  /** Output names to return; all when absent. */
  outputs?: string[] | undefined;
  requestId: string;
  /** Pins a version (OIP `/versions/{v}`), bypassing the strategy. */
  version?: number | undefined;
  routingKey?: string | undefined;
  /** Reads a request header (the A/B key header) when no routing key was given. */
  header?: ((name: string) => string | undefined) | undefined;
}

export interface InferResult {
  requestId: string;
  model: string;
  version: number;
  arm: string;
  outputs: Record<string, TensorValue>;
  cached: boolean;
  fallback: boolean;
}

export interface PredictResult {
  requestId: string;
  model: string;
  version: number;
  arm: string;
  predictions: Record<string, unknown>[];
}

export interface ArmStats {
  arm: string;
  model: string;
  version: number;
  weight: number;
  requests: number;
  errors: number;
  /** Feedback with a reward: successes of trials. */
  trials: number;
  successes: number;
  /** 95% Wilson interval of the success rate. */
  rateLow: number | null;
  rateHigh: number | null;
}

export interface DeploymentStats {
  name: string;
  strategy: Strategy;
  arms: ArmStats[];
  /** A/B: two-proportion z-test of the first two arms' success rates. */
  significance?: { z: number; pValue: number } | undefined;
  /** Shadow: share of shadowed requests whose outputs matched production. */
  shadowAgreement?: { compared: number; agreed: number; rate: number | null } | undefined;
  canary?: { step: number; weight: number; state: 'progressing' | 'promoted' | 'rolled-back' } | undefined;
}

/** Batch jobs' and stream bindings' wire types, from the one schema file per domain the SDK may read. */
export type { BatchJob, BatchJobSpec, BatchJobState, BatchJobStatus, BatchSummary } from './batch/batch.schema.js';
export type { StreamBinding, StreamBindingSpec } from './stream/stream.schema.js';
