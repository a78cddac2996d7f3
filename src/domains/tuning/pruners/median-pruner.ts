import { fmt, type PruneContext, type Pruner } from './pruner.js';

export interface MedianPrunerOptions {
  /** No pruning until this many trials have completed. */
  nStartupTrials: number;
  /** No pruning of a trial before this step. */
  nWarmupSteps: number;
  /** Completed trials that must have reported the step for a comparison to count. */
  nMinTrials: number;
}

export const MEDIAN_DEFAULTS: MedianPrunerOptions = { nStartupTrials: 5, nWarmupSteps: 0, nMinTrials: 1 };

/**
 * Optuna's MedianPruner: stop a trial whose best intermediate value so far is worse
 * than the median of the completed trials' values at the same step.
 */
export class MedianPruner implements Pruner {
  readonly options: MedianPrunerOptions;

  constructor(options: Partial<MedianPrunerOptions> = {}) {
    this.options = { ...MEDIAN_DEFAULTS, ...options };
  }

  prune(ctx: PruneContext): string | null {
    const { step, trial, direction } = ctx;
    if (step < this.options.nWarmupSteps) return null;
    const complete = ctx.trials.filter((t) => t.state === 'complete' && t.number !== trial.number);
    if (complete.length < this.options.nStartupTrials) return null;
    const atStep = complete.flatMap((t) => {
      const v = t.intermediate.get(step);
      return v === undefined || Number.isNaN(v) ? [] : [v];
    });
    if (atStep.length < this.options.nMinTrials || atStep.length === 0) return null;
    atStep.sort((a, b) => a - b);
    const mid = atStep.length >> 1;
    const median = atStep.length % 2 === 1 ? (atStep[mid] as number) : ((atStep[mid - 1] as number) + (atStep[mid] as number)) / 2;
    const sign = direction === 'maximize' ? -1 : 1;
    let best = Infinity;
    for (const [s, v] of trial.intermediate) if (s <= step && !Number.isNaN(v)) best = Math.min(best, sign * v);
    if (best === Infinity) return `no valid intermediate value by step ${step}`;
    return best > sign * median ? `best intermediate value ${fmt(sign * best)} is worse than the median ${fmt(median)} of ${atStep.length} completed trials at step ${step}` : null;
  }
}
