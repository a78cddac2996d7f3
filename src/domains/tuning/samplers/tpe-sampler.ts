import { choiceIndex, fromInternal, isActive, numericAxis, orderedParams, toInternal } from '../search-space.js';
import type { Distribution, ParamSet, ParamValue } from '../search-space.schema.js';
import { KernelArena } from './kernel-arena.js';
import { ParzenEstimator, type AxisInput, type ParzenOptions } from './parzen-estimator.js';
import { sampleUniform } from './random-sampler.js';
import type { SampleContext, Sampler, TrialView } from './sampler.js';
import { defaultGamma, splitTrials } from './trial-split.js';

/** Optuna's TPESampler defaults, which Keel keeps so results compare like for like. */
export interface TpeOptions {
  nStartupTrials: number;
  nEiCandidates: number;
  multivariate: boolean;
  priorWeight: number;
  considerMagicClip: boolean;
  considerEndpoints: boolean;
  gamma: (n: number) => number;
}

export const TPE_DEFAULTS: TpeOptions = {
  nStartupTrials: 10,
  nEiCandidates: 24,
  multivariate: false,
  priorWeight: 1,
  considerMagicClip: true,
  considerEndpoints: false,
  gamma: defaultGamma,
};

/** A trial's value of one parameter on the estimator's axis (internal coordinate or choice index). */
function observe(d: Distribution, value: ParamValue): number {
  if (d.type === 'categorical') return choiceIndex(d, value);
  return toInternal(d, value as number);
}

/** `name`'s values in `trials` on the estimator's axis, or null if some trial lacks it (inactive conditional). */
function axisInput(d: Distribution, trials: readonly TrialView[], name: string, arena: KernelArena): AxisInput | null {
  const n = trials.length;
  const observations = d.type === 'categorical' ? arena.i32(n) : arena.f64(n);
  // A plain numeric axis (the common case) is the value itself: no per-trial dispatch.
  const identity = d.type !== 'categorical' && !d.log;
  for (let i = 0; i < n; i++) {
    const value = (trials[i] as TrialView).params[name];
    if (value === undefined) return null;
    observations[i] = identity ? (value as number) : observe(d, value);
  }
  if (d.type === 'categorical') return { kind: 'categorical', choices: d.choices.length, observations: observations as Int32Array };
  const axis = numericAxis(d);
  return { kind: 'numeric', low: axis.low, high: axis.high, step: axis.step, observations: observations as Float64Array };
}

/** axisInput over the trials that have `name`. */
function activeAxisInput(d: Distribution, trials: readonly TrialView[], name: string, arena: KernelArena): AxisInput {
  return axisInput(d, trials, name, arena) ?? (axisInput(d, trials.filter((t) => name in t.params), name, arena) as AxisInput);
}

function decode(d: Distribution, x: number): ParamValue {
  if (d.type === 'categorical') return d.choices[Math.round(x)] as ParamValue;
  return fromInternal(d, x);
}

/**
 * Tree-structured Parzen Estimator (Bergstra et al. 2011; Optuna's variant): after
 * `nStartupTrials` random trials, split finished trials into the γ(n) best and the
 * rest, fit a Parzen estimator l(x) to the best and g(x) to the rest, draw
 * `nEiCandidates` points from l and keep the one maximising l(x)/g(x) (which
 * maximises expected improvement). Univariate by default, one estimator per
 * parameter; multivariate fits the always-active parameters jointly. Conditional
 * parameters use only the trials in which they were active.
 */
export class TpeSampler implements Sampler {
  readonly options: TpeOptions;
  private readonly arena = new KernelArena();

  constructor(options: Partial<TpeOptions> = {}) {
    this.options = { ...TPE_DEFAULTS, ...options };
  }

  private parzen(multivariate: boolean): ParzenOptions {
    const o = this.options;
    return { priorWeight: o.priorWeight, considerMagicClip: o.considerMagicClip, considerEndpoints: o.considerEndpoints, multivariate, arena: this.arena };
  }

  sample(ctx: SampleContext): ParamSet {
    const finished = ctx.trials.filter((t) => t.state === 'complete' || t.state === 'pruned');
    const params: ParamSet = {};
    const order = orderedParams(ctx.space);
    if (finished.filter((t) => t.state === 'complete').length < this.options.nStartupTrials) {
      for (const name of order) if (isActive(ctx.space, name, params)) params[name] = sampleUniform(ctx.space[name] as Distribution, ctx.rng);
      return params;
    }
    const { below, above } = splitTrials(finished, ctx.directions, this.options.gamma(finished.length));
    if (this.options.multivariate) {
      const group = order.filter((n) => !ctx.space[n]?.condition);
      const has = (t: TrialView): boolean => group.every((n) => n in t.params);
      const chosen = this.best(ctx, group, below.filter(has), above.filter(has), true);
      group.forEach((n, i) => (params[n] = chosen[i] as ParamValue));
    }
    for (const name of order) {
      if (name in params || !isActive(ctx.space, name, params)) continue;
      // Only trials where the parameter was active count (activeAxisInput copies the list only when one lacks it).
      params[name] = this.best(ctx, [name], below, above, false)[0] as ParamValue;
    }
    return params;
  }

  /** Draws candidates from l over `names`, returns the one with the largest log l − log g. */
  private best(ctx: SampleContext, names: readonly string[], below: readonly TrialView[], above: readonly TrialView[], multivariate: boolean): ParamValue[] {
    // The estimators of the previous call are garbage by now: their columns can be reused.
    this.arena.reset();
    const dists = names.map((n) => ctx.space[n] as Distribution);
    const l = new ParzenEstimator(dists.map((d, i) => activeAxisInput(d, below, names[i] as string, this.arena)), this.parzen(multivariate));
    const g = new ParzenEstimator(dists.map((d, i) => activeAxisInput(d, above, names[i] as string, this.arena)), this.parzen(multivariate));
    const candidates = l.sample(ctx.rng, this.options.nEiCandidates);
    const score = l.logPdf(candidates);
    const gScore = g.logPdf(candidates);
    let bestI = 0;
    let bestScore = -Infinity;
    for (let i = 0; i < score.length; i++) {
      const s = (score[i] as number) - (gScore[i] as number);
      if (s > bestScore) [bestI, bestScore] = [i, s];
    }
    return dists.map((d, j) => decode(d, (candidates[j] as Float64Array)[bestI] as number));
  }
}
