import { fromInternal, isActive, numericAxis, orderedParams, toInternal } from '../search-space.js';
import type { Distribution, ParamSet, ParamValue } from '../search-space.schema.js';
import { sampleUniform } from './random-sampler.js';
import type { SampleContext, Sampler, Suggestion, TrialView } from './sampler.js';

export interface PbtOptions {
  populationSize: number;
  /** The bottom `quantile` of a generation copies (exploits) a member of the top `quantile`. */
  quantile: number;
  /** When exploring, the chance a parameter is redrawn instead of perturbed. */
  resampleProbability: number;
  /** Numeric parameters are multiplied by one of these when perturbed (on the log axis for log parameters). */
  perturbFactors: readonly [number, number];
}

/**
 * Population-based training (Jaderberg et al. 2017) over a study: trial n is member
 * n mod P of generation ⌊n / P⌋, and trains one interval starting from the checkpoint
 * of its `parentTrial`. A member whose previous-generation trial finished in the top
 * quantile continues from it with the same parameters; one in the bottom quantile
 * exploits — starts from the checkpoint of a random top-quantile member — and explores
 * — perturbs that member's parameters. The trainer saves a checkpoint in its run and
 * loads its parent's (the driver passes KEEL_PARENT_RUN_ID).
 */
export class PbtSampler implements Sampler {
  constructor(readonly options: PbtOptions) {}

  sample(ctx: SampleContext): ParamSet {
    return this.suggest(ctx).params;
  }

  suggest(ctx: SampleContext): Suggestion {
    const size = this.options.populationSize;
    const generation = Math.floor(ctx.trialNumber / size);
    const slot = ctx.trialNumber % size;
    if (generation === 0) return { params: this.random(ctx), parentTrial: null };
    const previous = ctx.trials.filter((t) => Math.floor(t.number / size) === generation - 1 && t.state === 'complete' && t.values !== null);
    const own = previous.find((t) => t.number % size === slot);
    if (previous.length < 2) return own ? { params: own.params, parentTrial: own.number } : { params: this.random(ctx), parentTrial: null };
    const sign = ctx.directions[0] === 'maximize' ? -1 : 1;
    const ranked = [...previous].sort((a, b) => sign * ((a.values?.[0] as number) - (b.values?.[0] as number)) || a.number - b.number);
    const cut = Math.max(1, Math.floor(ranked.length * this.options.quantile));
    const top = ranked.slice(0, cut);
    const bottom = new Set(ranked.slice(ranked.length - cut).map((t) => t.number));
    if (own && !bottom.has(own.number)) return { params: own.params, parentTrial: own.number };
    const donor = top[ctx.rng.int(top.length)] as TrialView;
    return { params: this.explore(ctx, donor.params), parentTrial: donor.number };
  }

  private random(ctx: SampleContext): ParamSet {
    const params: ParamSet = {};
    for (const name of orderedParams(ctx.space)) if (isActive(ctx.space, name, params)) params[name] = sampleUniform(ctx.space[name] as Distribution, ctx.rng);
    return params;
  }

  private explore(ctx: SampleContext, base: ParamSet): ParamSet {
    const params: ParamSet = {};
    for (const name of orderedParams(ctx.space)) {
      if (!isActive(ctx.space, name, params)) continue;
      const d = ctx.space[name] as Distribution;
      const value = base[name];
      if (value === undefined || ctx.rng.next() < this.options.resampleProbability) {
        params[name] = sampleUniform(d, ctx.rng);
      } else if (d.type === 'categorical') {
        params[name] = value as ParamValue;
      } else {
        const factor = this.options.perturbFactors[ctx.rng.int(2)] as number;
        const axis = numericAxis(d);
        // Log parameters are scaled multiplicatively (a step on the log axis); others around their value.
        const x = d.log ? toInternal(d, value as number) + Math.log(factor) : (value as number) * factor;
        params[name] = fromInternal(d, Math.min(axis.high, Math.max(axis.low, x)));
      }
    }
    return params;
  }
}
