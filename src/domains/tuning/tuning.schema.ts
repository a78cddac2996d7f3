import { z } from 'zod';
import { searchSpaceSchema, type ParamSet, type SearchSpace } from './search-space.schema.js';

/**
 * Wire types of hyperparameter studies, shared by the REST API, the SDK and the
 * CLI. Pure zod. Times are epoch milliseconds.
 */

export const TUNING_LIMITS = { studyName: 128, reason: 2000, maxObjectives: 4, metricName: 250 } as const;

export const studyNameSchema = z
  .string()
  .min(1)
  .max(TUNING_LIMITS.studyName)
  .regex(/^[A-Za-z0-9][\w.-]*$/, 'must start with a letter or digit and contain only letters, digits, underscores, dashes and periods');

export const directionSchema = z.enum(['minimize', 'maximize']);

const intAtLeast = (min: number, max = 1_000_000): z.ZodNumber => z.number().int().min(min).max(max);

export const samplerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('random') }),
  z.strictObject({ type: z.literal('grid') }),
  z.strictObject({
    type: z.literal('tpe'),
    nStartupTrials: intAtLeast(0).default(10),
    nEiCandidates: intAtLeast(1, 10_000).default(24),
    multivariate: z.boolean().default(false),
    priorWeight: z.number().positive().max(1e6).default(1),
  }),
  z.strictObject({ type: z.literal('nsga2'), populationSize: intAtLeast(2, 10_000).default(50), crossoverProb: z.number().min(0).max(1).default(0.9), mutationProb: z.number().min(0).max(1).optional() }),
  z.strictObject({
    type: z.literal('pbt'),
    populationSize: intAtLeast(2, 10_000).default(8),
    quantile: z.number().gt(0).max(0.5).default(0.25),
    resampleProbability: z.number().min(0).max(1).default(0.25),
    perturbFactors: z.tuple([z.number().positive(), z.number().positive()]).default([0.8, 1.2]),
  }),
  z.strictObject({ type: z.literal('cmaes'), sigma0: z.number().positive().max(1).optional(), popsize: intAtLeast(2, 10_000).optional() }),
]);
export type SamplerConfig = z.output<typeof samplerSchema>;
export const SAMPLER_TYPES = ['random', 'grid', 'tpe', 'nsga2', 'pbt', 'cmaes'] as const;

export const prunerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('median'), nStartupTrials: intAtLeast(0).default(5), nWarmupSteps: intAtLeast(0).default(0), nMinTrials: intAtLeast(1).default(1) }),
  z.strictObject({ type: z.literal('asha'), minResource: intAtLeast(1).default(1), reductionFactor: intAtLeast(2, 100).default(4), minEarlyStoppingRate: intAtLeast(0, 100).default(0) }),
  z.strictObject({ type: z.literal('hyperband'), minResource: intAtLeast(1).default(1), maxResource: intAtLeast(1).default(81), reductionFactor: intAtLeast(2, 100).default(3) }),
]);
export type PrunerConfig = z.output<typeof prunerSchema>;
export const PRUNER_TYPES = ['none', 'median', 'asha', 'hyperband'] as const;

export const createStudySchema = z
  .strictObject({
    name: studyNameSchema,
    space: searchSpaceSchema,
    /** One per objective; several make a multi-objective study (Pareto front). */
    directions: z.array(directionSchema).min(1).max(TUNING_LIMITS.maxObjectives).default(['minimize']),
    /** The metric each objective reads from a trial's run (the driver uses them); defaults to `objective`, `objective_1`, … */
    metrics: z.array(z.string().min(1).max(TUNING_LIMITS.metricName)).max(TUNING_LIMITS.maxObjectives).optional(),
    sampler: samplerSchema.default({ type: 'tpe', nStartupTrials: 10, nEiCandidates: 24, multivariate: false, priorWeight: 1 }),
    pruner: prunerSchema.default({ type: 'none' }),
    /** Seeds the sampler: the same seed proposes the same trial numbers the same parameters. Random when absent. */
    seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
    /** The experiment whose runs hold the trials; defaults to `study/<name>`. */
    experimentName: z.string().trim().min(1).max(500).optional(),
    /** A trial whose worker stops sending heartbeats for this long is failed (and retried, see `retries`). */
    heartbeatTimeoutSec: z.number().int().min(5).max(7 * 86400).default(300),
    /** How many times a trial lost with its worker is re-run with the same parameters. */
    retries: z.number().int().min(0).max(10).default(1),
    /** Return the existing study of that name instead of 409 when its definition is the same. */
    loadIfExists: z.boolean().default(false),
  })
  .superRefine((s, ctx) => {
    if (s.metrics && s.metrics.length !== s.directions.length) ctx.addIssue({ code: 'custom', path: ['metrics'], message: `needs one metric per direction (${s.directions.length})` });
    if (s.sampler.type === 'cmaes') {
      if (s.directions.length > 1) ctx.addIssue({ code: 'custom', path: ['sampler', 'type'], message: 'cmaes needs a single objective' });
      for (const [name, d] of Object.entries(s.space)) {
        if (d.type === 'categorical' || d.condition) ctx.addIssue({ code: 'custom', path: ['space', name], message: 'cmaes needs a continuous space: float and int parameters, no categorical or conditional ones' });
      }
    }
    if (s.directions.length > 1 && s.sampler.type === 'pbt') ctx.addIssue({ code: 'custom', path: ['sampler', 'type'], message: 'pbt needs a single objective' });
    if (s.directions.length > 1 && s.pruner.type !== 'none') ctx.addIssue({ code: 'custom', path: ['pruner', 'type'], message: 'pruning needs a single objective' });
    if (s.pruner.type === 'hyperband' && s.pruner.maxResource <= s.pruner.minResource) ctx.addIssue({ code: 'custom', path: ['pruner', 'maxResource'], message: 'must be greater than minResource' });
  });
export type CreateStudyInput = z.input<typeof createStudySchema>;

export const STUDY_STATUSES = ['running', 'stopped', 'completed'] as const;
export type StudyStatus = (typeof STUDY_STATUSES)[number];
export const TRIAL_STATES = ['running', 'complete', 'pruned', 'failed'] as const;
export type TrialStateName = (typeof TRIAL_STATES)[number];

export interface Study {
  id: string;
  name: string;
  directions: ('minimize' | 'maximize')[];
  metrics: string[];
  space: SearchSpace;
  sampler: SamplerConfig;
  pruner: PrunerConfig;
  seed: number;
  status: StudyStatus;
  experimentId: string;
  /** The study's own run; trial runs are its children. */
  parentRunId: string;
  heartbeatTimeoutSec: number;
  retries: number;
  createdAt: number;
  updatedAt: number;
  /** Trial counts by state. */
  counts: Record<TrialStateName, number>;
}

export interface Trial {
  id: string;
  studyName: string;
  number: number;
  state: TrialStateName;
  params: ParamSet;
  /** One per objective once complete. */
  values: number[] | null;
  /** Why a trial was pruned or failed. */
  reason: string | null;
  runId: string | null;
  /** The trial this one re-runs (same parameters) after its worker was lost. */
  retryOf: number | null;
  /** PBT: the trial whose checkpoint this one continues from. */
  parentTrial: number | null;
  lastStep: number | null;
  lastValue: number | null;
  startedAt: number;
  completedAt: number | null;
}

export const askSchema = z.strictObject({
  /** Fixed values for some parameters (the sampler fills in the rest); each must fit its distribution. */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type AskInput = z.input<typeof askSchema>;

export const reportSchema = z.strictObject({
  step: z.number().int().min(0).max(1e12),
  value: z.number().refine(Number.isFinite, 'must be a finite number'),
});
export type ReportInput = z.input<typeof reportSchema>;

export const tellSchema = z
  .strictObject({
    state: z.enum(['complete', 'failed', 'pruned']).default('complete'),
    values: z.array(z.number()).min(1).max(TUNING_LIMITS.maxObjectives).optional(),
    reason: z.string().max(TUNING_LIMITS.reason).optional(),
  })
  .superRefine((t, ctx) => {
    if (t.state === 'complete' && !t.values) ctx.addIssue({ code: 'custom', path: ['values'], message: 'required when state is complete' });
    if (t.values?.some((v) => !Number.isFinite(v)) && t.state === 'complete') ctx.addIssue({ code: 'custom', path: ['values'], message: 'must be finite numbers (tell state failed for a NaN objective)' });
  });
export type TellInput = z.input<typeof tellSchema>;

export interface ReportResult {
  /** Stop the trial: the pruner says it will not beat the others. Tell it `pruned` (the report has already marked it). */
  prune: boolean;
  reason: string | null;
}

export interface ImportanceEntry {
  param: string;
  importance: number;
}

export interface StudyAnalysis {
  study: string;
  directions: ('minimize' | 'maximize')[];
  metrics: string[];
  /** Trials in order: value(s) and the best value so far (first objective). */
  history: { number: number; state: TrialStateName; values: number[] | null; best: number | null }[];
  best: Trial | null;
  /** Non-dominated complete trials (every complete trial's rank 0); for one objective, the best. */
  paretoFront: Trial[];
  /** Parameter importance: permutation importance on a random forest fitted to complete trials (sums to 1). */
  importance: ImportanceEntry[];
  /** Parallel coordinates: one row per complete trial. */
  parallel: { params: string[]; rows: { number: number; params: ParamSet; value: number }[] };
}
