import type { Direction, TrialView } from '../samplers/sampler.js';

/**
 * What a pruner sees when a trial reports an intermediate value: the trial (its
 * intermediate values include the new one), the step, and every trial of the
 * study. Like samplers, pruners keep no state: rung membership is derived from the
 * reported steps, so any worker may ask and a resumed study prunes the same way.
 */
export interface PruneContext {
  trial: TrialView;
  step: number;
  trials: readonly TrialView[];
  direction: Direction;
}

export interface Pruner {
  /** A reason to stop the trial now, or null to let it go on. */
  prune(ctx: PruneContext): string | null;
}

/** The trial's value at the first reported step ≥ `resource`, or undefined if it has not got that far. */
export function valueAtResource(trial: TrialView, resource: number): number | undefined {
  let bestStep = Infinity;
  let value: number | undefined;
  for (const [s, v] of trial.intermediate) {
    if (s >= resource && s < bestStep) [bestStep, value] = [s, v];
  }
  return value;
}

/** Highest step reported before `step` (−∞ when none). */
export function previousMaxStep(trial: TrialView, step: number): number {
  let m = -Infinity;
  for (const s of trial.intermediate.keys()) if (s < step && s > m) m = s;
  return m;
}

export const fmt = (v: number): string => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(4) : Number(v.toPrecision(6)).toString());
