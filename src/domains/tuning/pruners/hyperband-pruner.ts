import type { PruneContext, Pruner } from './pruner.js';
import { successiveHalvingReason } from './successive-halving.js';

export interface HyperbandOptions {
  minResource: number;
  /** Steps a trial runs when never stopped (its full budget). */
  maxResource: number;
  reductionFactor: number;
}

export const HYPERBAND_DEFAULTS: HyperbandOptions = { minResource: 1, maxResource: 81, reductionFactor: 3 };

/**
 * Hyperband (Li et al. 2017) as Optuna runs it: several successive-halving
 * brackets, from aggressive (first rung at minResource) to none (first rung at
 * maxResource); each trial belongs to one bracket, chosen from its number in
 * proportion to the bracket's trial budget, and competes only within it.
 */
export class HyperbandPruner implements Pruner {
  readonly options: HyperbandOptions;
  readonly brackets: number;
  private readonly budgets: number[];

  constructor(options: Partial<HyperbandOptions> = {}) {
    this.options = { ...HYPERBAND_DEFAULTS, ...options };
    const { minResource, maxResource, reductionFactor: eta } = this.options;
    const sMax = Math.floor(Math.log(maxResource / minResource) / Math.log(eta) + 1e-9);
    this.brackets = sMax + 1;
    // Bracket b starts halving at minResource·η^b; the paper gives it ⌈(sMax+1)/(sMax−b+1)·η^(sMax−b)⌉ configurations.
    this.budgets = Array.from({ length: this.brackets }, (_, b) => Math.ceil(((sMax + 1) / (sMax - b + 1)) * eta ** (sMax - b)));
  }

  /** The bracket of a trial: a fixed hash of its number, weighted by bracket budgets. */
  bracketOf(trialNumber: number): number {
    const total = this.budgets.reduce((a, b) => a + b, 0);
    let h = Math.imul(trialNumber + 0x9e3779b9, 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    let slot = (h ^ (h >>> 16)) % total;
    for (let b = 0; b < this.brackets; b++) {
      slot -= this.budgets[b] as number;
      if (slot < 0) return b;
    }
    return this.brackets - 1;
  }

  prune(ctx: PruneContext): string | null {
    const bracket = this.bracketOf(ctx.trial.number);
    const competitors = ctx.trials.filter((t) => t.state !== 'failed' && this.bracketOf(t.number) === bracket);
    const reason = successiveHalvingReason(ctx, { minResource: this.options.minResource, reductionFactor: this.options.reductionFactor, minEarlyStoppingRate: bracket }, competitors);
    return reason === null ? null : `hyperband bracket ${bracket}, ${reason}`;
  }
}
