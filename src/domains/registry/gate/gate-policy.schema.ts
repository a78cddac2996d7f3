/**
 * The validation-gate policy: a declarative, versioned JSON document stored per model.
 * Strict everywhere, so a typo (`maxP99ms`) or an unknown metric is an INVALID_ARGUMENT
 * naming its path instead of a check that silently never runs.
 */
import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import { parseInput } from '../../../core/validation.js';

export const CLASSIFICATION_METRICS = ['accuracy', 'f1', 'precision', 'recall', 'auc', 'logloss'] as const;
export const REGRESSION_METRICS = ['rmse', 'mae', 'r2'] as const;
export const METRICS = [...CLASSIFICATION_METRICS, ...REGRESSION_METRICS] as const;
export type MetricName = (typeof METRICS)[number];

/** Fairness adds the selection rate (share predicted positive): demographic parity. */
export const FAIRNESS_METRICS = [...METRICS, 'selectionRate'] as const;
export type FairnessMetricName = (typeof FAIRNESS_METRICS)[number];

const LOWER_IS_BETTER: ReadonlySet<string> = new Set(['logloss', 'rmse', 'mae']);
export function metricGreaterIsBetter(metric: FairnessMetricName): boolean {
  return !LOWER_IS_BETTER.has(metric);
}

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex sha256');
const scalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * Where rows come from: a blob in the artifact store (until datasets are versioned
 * by the data domain) or rows inline. Blob formats: JSON array of objects, JSON
 * lines, CSV with a header row; `format` overrides sniffing by the first character.
 */
export const datasetRefSchema = z.union([
  z.strictObject({ sha256, format: z.enum(['json', 'jsonl', 'csv']).optional() }),
  z.strictObject({ rows: z.array(z.record(z.string(), z.unknown())).min(1).max(10_000) }),
]);
export type DatasetRef = z.infer<typeof datasetRefSchema>;

const columnList = z.array(z.string().min(1)).min(1);

export const evaluationSchema = z.strictObject({
  dataset: datasetRefSchema,
  /** Column order → the model's single 2-D input, or input name → its columns. */
  features: z.union([columnList, z.record(z.string().min(1), columnList)]),
  label: z.string().min(1),
  /** Binary: the label value that counts as positive (compared as text, so CSV `1` equals JSON 1). Default: 1/true. */
  positiveLabel: scalar.optional(),
  /** Binary: how a negative prediction is named in safety reports; default `0`. */
  negativeLabel: scalar.optional(),
  task: z.enum(['binary', 'multiclass', 'regression']),
  prediction: z.strictObject({
    output: z.string().min(1),
    kind: z.enum(['probability', 'label', 'value']),
    threshold: z.number().gt(0).lt(1).default(0.5),
    /** Multiclass probabilities: the class of each output column. */
    classes: z.array(scalar).min(2).optional(),
  }),
  /** Rows with a missing feature or label: dropped and counted in the evidence, or the gate refuses the dataset. */
  missing: z.enum(['drop', 'error']).default('drop'),
});

export const performanceSchema = z.strictObject({
  metric: z.enum(METRICS),
  /** +1% relative by default, as in the seed. */
  minImprovement: z.number().min(0).default(0.01),
  improvementKind: z.enum(['relative', 'absolute']).default('relative'),
  greaterIsBetter: z.boolean().optional(),
  /** A floor (or ceiling, when lower is better) the candidate must meet on its own; it is all that applies when there is no production version. */
  minValue: z.number().optional(),
});

export const latencySchema = z.strictObject({
  maxP99Ms: z.number().positive().default(100),
  warmup: z.number().int().min(0).max(10_000).default(20),
  /** Single-row calls measured, cycling through the evaluation rows. */
  runs: z.number().int().min(10).max(100_000).default(500),
});

export const fairnessSchema = z.strictObject({
  metric: z.enum(FAIRNESS_METRICS).default('accuracy'),
  groupColumns: columnList,
  maxDisparity: z.number().min(0).default(0.1),
  /** Smaller groups are reported but left out of the disparity: their metric is mostly noise. */
  minGroupSize: z.number().int().min(1).default(10),
});

/** A discriminated `kind`: LLM evaluators join later as another member. */
export const safetySchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('forbidden-outputs'),
    /** Defaults to the evaluation dataset; only the feature columns are needed. */
    dataset: datasetRefSchema.optional(),
    forbiddenOutputs: z.array(scalar).min(1),
    maxUnsafeRate: z.number().min(0).max(1).default(0),
  }),
]);

export const resourcesSchema = z
  .strictObject({
    maxModelBytes: z.number().int().positive().optional(),
    maxPeakMemoryBytes: z.number().int().positive().optional(),
  })
  .refine((r) => r.maxModelBytes !== undefined || r.maxPeakMemoryBytes !== undefined, 'set maxModelBytes, maxPeakMemoryBytes or both');

export const STAGES = ['Staging', 'Production'] as const;

export const gatePolicySchema = z
  .strictObject({
    /** The document format; bumped when a field changes meaning. */
    schemaVersion: z.literal(1).default(1),
    applyTo: z
      .array(z.enum(STAGES))
      .min(1)
      .default(['Production'])
      .refine((a) => a.includes('Production'), 'a gate always applies to Production'),
    evaluation: evaluationSchema,
    performance: performanceSchema.optional(),
    latency: latencySchema.optional(),
    fairness: fairnessSchema.optional(),
    safety: safetySchema.optional(),
    resources: resourcesSchema.optional(),
  })
  .superRefine((p, ctx) => {
    const { task, prediction } = p.evaluation;
    const kinds: Record<typeof task, readonly string[]> = { binary: ['probability', 'label'], multiclass: ['probability', 'label'], regression: ['value'] };
    if (!kinds[task].includes(prediction.kind)) {
      ctx.addIssue({ code: 'custom', path: ['evaluation', 'prediction', 'kind'], message: `a ${task} task predicts ${kinds[task].join(' or ')}` });
    }
    if (task === 'multiclass' && prediction.kind === 'probability' && !prediction.classes) {
      ctx.addIssue({ code: 'custom', path: ['evaluation', 'prediction', 'classes'], message: 'multiclass probabilities need the class of each output column' });
    }
    const checkMetric = (metric: FairnessMetricName, path: (string | number)[]): void => {
      const problem = metricProblem(metric, task, prediction.kind);
      if (problem) ctx.addIssue({ code: 'custom', path, message: problem });
    };
    if (p.performance) checkMetric(p.performance.metric, ['performance', 'metric']);
    if (p.fairness) checkMetric(p.fairness.metric, ['fairness', 'metric']);
    if (p.safety && task === 'regression') {
      ctx.addIssue({ code: 'custom', path: ['safety'], message: 'forbidden-output safety checks apply to classifiers' });
    }
  });

function metricProblem(metric: FairnessMetricName, task: 'binary' | 'multiclass' | 'regression', kind: string): string | null {
  const regression = (REGRESSION_METRICS as readonly string[]).includes(metric);
  if (task === 'regression') return regression ? null : `${metric} is not a regression metric (use rmse, mae or r2)`;
  if (regression) return `${metric} is a regression metric; this is a ${task} task`;
  if ((metric === 'auc' || metric === 'logloss') && kind !== 'probability') return `${metric} needs probabilities (prediction.kind 'probability')`;
  if (metric === 'auc' && task === 'multiclass') return 'auc is defined for binary tasks only';
  if (metric === 'selectionRate' && task !== 'binary') return 'selectionRate is defined for binary tasks only';
  return null;
}

export type GatePolicy = z.output<typeof gatePolicySchema>;
export type GatePolicyInput = z.input<typeof gatePolicySchema>;
export type EvaluationSpec = GatePolicy['evaluation'];
export type PerformancePolicy = NonNullable<GatePolicy['performance']>;
export type LatencyPolicy = NonNullable<GatePolicy['latency']>;
export type FairnessPolicy = NonNullable<GatePolicy['fairness']>;
export type SafetyPolicy = NonNullable<GatePolicy['safety']>;
export type ResourcesPolicy = NonNullable<GatePolicy['resources']>;

/** INVALID_ARGUMENT whose message and `details.fields` name the offending path, e.g. `policy.performance.metric`. */
export function parseGatePolicy(policy: unknown, where = 'policy'): GatePolicy {
  if (policy === null || typeof policy !== 'object' || Array.isArray(policy)) throw AppError.invalid(`${where} must be a JSON object`);
  return parseInput(gatePolicySchema, policy, where);
}
