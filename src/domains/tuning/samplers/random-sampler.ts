import type { Rng } from '../rng.js';
import { fromInternal, isActive, numericAxis, orderedParams } from '../search-space.js';
import type { Distribution, ParamSet, ParamValue, SearchSpace } from '../search-space.schema.js';
import type { SampleContext, Sampler } from './sampler.js';

/** One value of a distribution drawn uniformly on its internal axis (log-uniform for log parameters). */
export function sampleUniform(d: Distribution, rng: Rng): ParamValue {
  if (d.type === 'categorical') return d.choices[rng.int(d.choices.length)] as ParamValue;
  const axis = numericAxis(d);
  const lo = axis.low - axis.step / 2;
  const hi = axis.high + axis.step / 2;
  return fromInternal(d, lo + rng.next() * (hi - lo));
}

/** Every active parameter drawn independently at random; conditional ones only when their condition holds. */
export function sampleAllUniform(space: SearchSpace, rng: Rng, fixed: ParamSet = {}): ParamSet {
  const params: ParamSet = {};
  for (const name of orderedParams(space)) {
    if (!isActive(space, name, params)) continue;
    params[name] = name in fixed ? (fixed[name] as ParamValue) : sampleUniform(space[name] as Distribution, rng);
  }
  return params;
}

export class RandomSampler implements Sampler {
  sample(ctx: SampleContext): ParamSet {
    return sampleAllUniform(ctx.space, ctx.rng);
  }
}
