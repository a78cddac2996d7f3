import type { Rng } from '../rng.js';
import type { ParamSet, SearchSpace } from '../search-space.schema.js';

/**
 * What a sampler sees: the space, the objective directions and every trial of the
 * study so far. Samplers keep no state of their own: everything they need is in
 * the trial history, so any worker can ask, and a study resumes after a crash with
 * nothing lost.
 */
export type TrialState = 'running' | 'complete' | 'pruned' | 'failed';
export type Direction = 'minimize' | 'maximize';

export interface TrialView {
  number: number;
  state: TrialState;
  params: ParamSet;
  /** One value per objective once complete; null otherwise. */
  values: readonly number[] | null;
  /** Intermediate values reported so far, by step. */
  intermediate: ReadonlyMap<number, number>;
}

export interface SampleContext {
  space: SearchSpace;
  directions: readonly Direction[];
  trials: readonly TrialView[];
  trialNumber: number;
  rng: Rng;
}

export interface Suggestion {
  params: ParamSet;
  /** The trial whose checkpoint the new one starts from (population-based training); null otherwise. */
  parentTrial: number | null;
}

export interface Sampler {
  /** The parameters of a new trial: every active parameter of the space, each inside its distribution. */
  sample(ctx: SampleContext): ParamSet;
  /** Samplers whose trials continue from another trial's checkpoint say which one here. */
  suggest?(ctx: SampleContext): Suggestion;
}

/** A trial's objective values turned into "lower is better". */
export function lossValues(values: readonly number[], directions: readonly Direction[]): number[] {
  return values.map((v, i) => (directions[i] === 'maximize' ? -v : v));
}
