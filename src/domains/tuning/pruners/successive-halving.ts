import type { TrialView } from '../samplers/sampler.js';
import { fmt, previousMaxStep, valueAtResource, type PruneContext, type Pruner } from './pruner.js';

export interface SuccessiveHalvingOptions {
  /** Steps a trial gets before its first rung. */
  minResource: number;
  /** η: one in η trials of a rung is promoted to the next. */
  reductionFactor: number;
  /** s: the first rung sits at minResource·η^s. */
  minEarlyStoppingRate: number;
}

export const ASHA_DEFAULTS: SuccessiveHalvingOptions = { minResource: 1, reductionFactor: 4, minEarlyStoppingRate: 0 };

/**
 * Asynchronous successive halving (ASHA, Li et al. 2018; Optuna's
 * SuccessiveHalvingPruner). Rung k sits at minResource·η^(s+k) steps. When a trial
 * first reaches a rung, its value there is compared with every trial that has
 * reached that rung so far, running ones included (this is what makes it
 * asynchronous: no waiting for a full rung); it continues only if it is in the top
 * 1/η of them (or, while fewer than η have arrived, not worse than the best).
 */
export function successiveHalvingReason(ctx: PruneContext, o: SuccessiveHalvingOptions, competitors: readonly TrialView[]): string | null {
  const sign = ctx.direction === 'maximize' ? -1 : 1;
  const before = previousMaxStep(ctx.trial, ctx.step);
  for (let k = 0; ; k++) {
    const rung = o.minResource * o.reductionFactor ** (o.minEarlyStoppingRate + k);
    if (rung > ctx.step) return null;
    if (rung <= before) continue; // this rung was judged at an earlier report
    const mine = valueAtResource(ctx.trial, rung);
    if (mine === undefined) return null;
    if (Number.isNaN(mine)) return `intermediate value at rung ${k} (step ≥ ${rung}) is NaN`;
    const values = competitors.flatMap((t) => {
      if (t.number === ctx.trial.number) return [];
      const v = valueAtResource(t, rung);
      return v === undefined || Number.isNaN(v) ? [] : [sign * v];
    });
    values.push(sign * mine);
    values.sort((a, b) => a - b);
    const idx = Math.max(0, Math.floor(values.length / o.reductionFactor) - 1);
    const threshold = values[idx] as number;
    if (sign * mine > threshold) {
      return `rung ${k} (step ${rung}): value ${fmt(mine)} is not in the top 1/${o.reductionFactor} of ${values.length} trials (cut-off ${fmt(sign * threshold)})`;
    }
  }
}

export class SuccessiveHalvingPruner implements Pruner {
  readonly options: SuccessiveHalvingOptions;

  constructor(options: Partial<SuccessiveHalvingOptions> = {}) {
    this.options = { ...ASHA_DEFAULTS, ...options };
  }

  prune(ctx: PruneContext): string | null {
    return successiveHalvingReason(ctx, this.options, ctx.trials.filter((t) => t.state !== 'failed'));
  }
}
