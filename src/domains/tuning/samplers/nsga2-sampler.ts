import { crowdingDistance, nondominatedRanks } from '../pareto.js';
import { isActive, orderedParams } from '../search-space.js';
import type { Distribution, ParamSet, ParamValue } from '../search-space.schema.js';
import { sampleUniform } from './random-sampler.js';
import { lossValues, type SampleContext, type Sampler, type TrialView } from './sampler.js';

export interface Nsga2Options {
  populationSize: number;
  /** Chance a child mixes both parents (uniform crossover) rather than copying the first. */
  crossoverProb: number;
  /** Chance each parameter is redrawn at random; default 1 / number of parameters. */
  mutationProb?: number | undefined;
}

interface Ranked {
  trial: TrialView;
  rank: number;
  crowd: number;
}

/** NSGA-II's elitist selection: the best `size` by Pareto rank, then crowding distance. */
function selectElite(pool: readonly TrialView[], directions: SampleContext['directions'], size: number): Ranked[] {
  const losses = pool.map((t) => lossValues(t.values as number[], directions));
  const ranks = nondominatedRanks(losses);
  const crowd = new Float64Array(pool.length);
  const maxRank = ranks.reduce((m, r) => Math.max(m, r), -1);
  for (let r = 0; r <= maxRank; r++) {
    const members = ranks.flatMap((x, i) => (x === r ? [i] : []));
    const d = crowdingDistance(members.map((i) => losses[i] as number[]));
    members.forEach((i, j) => (crowd[i] = d[j] as number));
  }
  return pool
    .map((trial, i) => ({ trial, rank: ranks[i] as number, crowd: crowd[i] as number }))
    .sort((a, b) => a.rank - b.rank || b.crowd - a.crowd || a.trial.number - b.trial.number)
    .slice(0, size);
}

/**
 * NSGA-II (Deb et al. 2002) as a stateless sampler: trial n belongs to generation
 * ⌊n / populationSize⌋; generation 0 is random; each later generation's parents are
 * rebuilt from the history (the elite of the previous parents plus the previous
 * generation's complete trials), and a child comes from two binary-tournament parents,
 * uniform crossover and per-parameter mutation. Works for one or several objectives.
 */
export class Nsga2Sampler implements Sampler {
  constructor(readonly options: Nsga2Options) {}

  sample(ctx: SampleContext): ParamSet {
    const size = this.options.populationSize;
    const generation = Math.floor(ctx.trialNumber / size);
    const complete = ctx.trials.filter((t) => t.state === 'complete' && t.values !== null && t.values.every(Number.isFinite));
    let parents: Ranked[] = [];
    for (let g = 0; g < generation; g++) {
      const members = complete.filter((t) => Math.floor(t.number / size) === g);
      parents = selectElite([...parents.map((p) => p.trial), ...members], ctx.directions, size);
    }
    const order = orderedParams(ctx.space);
    if (parents.length < 2) {
      const params: ParamSet = {};
      for (const name of order) if (isActive(ctx.space, name, params)) params[name] = sampleUniform(ctx.space[name] as Distribution, ctx.rng);
      return params;
    }
    const tournament = (): TrialView => {
      const a = parents[ctx.rng.int(parents.length)] as Ranked;
      const b = parents[ctx.rng.int(parents.length)] as Ranked;
      return (a.rank < b.rank || (a.rank === b.rank && a.crowd >= b.crowd) ? a : b).trial;
    };
    const p1 = tournament();
    const p2 = tournament();
    const cross = ctx.rng.next() < this.options.crossoverProb;
    const mutation = this.options.mutationProb ?? 1 / Math.max(1, order.length);
    const params: ParamSet = {};
    for (const name of order) {
      if (!isActive(ctx.space, name, params)) continue;
      const d = ctx.space[name] as Distribution;
      const from = cross && ctx.rng.next() < 0.5 ? [p2, p1] : [p1, p2];
      const inherited = from.find((p) => name in p.params)?.params[name];
      params[name] = inherited === undefined || ctx.rng.next() < mutation ? sampleUniform(d, ctx.rng) : (inherited as ParamValue);
    }
    return params;
  }
}
