import { createRng, trialSeed } from './rng.js';
import type { ParamSet, SearchSpace } from './search-space.schema.js';
import type { Pruner } from './pruners/pruner.js';
import type { Direction, Sampler, TrialView } from './samplers/sampler.js';

/**
 * An ask/tell loop over a sampler with the history in memory: what benchmarks and
 * unit tests drive, and the same sampling call the service makes for a stored study.
 */
export class InMemoryStudy {
  readonly trials: TrialView[] = [];

  constructor(
    readonly space: SearchSpace,
    readonly directions: readonly Direction[],
    readonly sampler: Sampler,
    readonly seed: number,
    readonly pruner?: Pruner,
  ) {}

  ask(): { number: number; params: ParamSet; parentTrial: number | null } {
    const number = this.trials.length;
    const ctx = { space: this.space, directions: this.directions, trials: this.trials, trialNumber: number, rng: createRng(trialSeed(this.seed, number)) };
    const { params, parentTrial } = this.sampler.suggest ? this.sampler.suggest(ctx) : { params: this.sampler.sample(ctx), parentTrial: null };
    this.trials.push({ number, state: 'running', params, values: null, intermediate: new Map() });
    return { number, params, parentTrial };
  }

  tell(number: number, values: readonly number[]): void {
    const t = this.trials[number];
    if (t) this.trials[number] = { ...t, state: 'complete', values };
  }

  /** Records an intermediate value; returns the pruner's reason to stop (the trial is then marked pruned), or null. */
  report(number: number, step: number, value: number): string | null {
    const t = this.trials[number];
    if (!t) return null;
    const intermediate = new Map(t.intermediate).set(step, value);
    const updated: TrialView = { ...t, intermediate };
    this.trials[number] = updated;
    const reason = this.pruner?.prune({ trial: updated, step, trials: this.trials, direction: this.directions[0] ?? 'minimize' }) ?? null;
    if (reason !== null) this.trials[number] = { ...updated, state: 'pruned' };
    return reason;
  }

  /** Runs `n` trials of a synchronous objective; returns the best value seen after each trial (first objective). */
  optimize(objective: (params: ParamSet) => number, n: number): number[] {
    const sign = this.directions[0] === 'maximize' ? -1 : 1;
    let best = Infinity;
    const curve: number[] = [];
    for (let i = 0; i < n; i++) {
      const { number, params } = this.ask();
      const v = objective(params);
      this.tell(number, [v]);
      best = Math.min(best, sign * v);
      curve.push(sign * best);
    }
    return curve;
  }
}
