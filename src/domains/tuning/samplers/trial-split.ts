import { crowdingDistance, nondominatedRanks } from '../pareto.js';
import { lossValues, type Direction, type TrialView } from './sampler.js';

/** Optuna's γ(n) = min(⌈0.1·n⌉, 25): how many of n finished trials count as "good". */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/**
 * Splits finished trials into the `nBelow` best and the rest, as Optuna's
 * `_split_trials` does: complete trials by objective (Pareto rank, then crowding
 * distance, when there are several objectives), then pruned trials — those that
 * got further first, then by their last intermediate value. Each side comes back in
 * trial order, which is what the age-ramped kernel weights assume.
 */
export function splitTrials(trials: readonly TrialView[], directions: readonly Direction[], nBelow: number): { below: TrialView[]; above: TrialView[] } {
  const complete = trials.filter((t) => t.state === 'complete' && t.values !== null);
  const pruned = trials.filter((t) => t.state === 'pruned');
  let ranked: TrialView[];
  if (directions.length === 1) {
    // Only the n-th best value matters: a typed-array sort finds it without a comparator
    // (the history is ~1000 trials on every ask), then one pass takes the trials below it.
    const sign = directions[0] === 'maximize' ? -1 : 1;
    const keys = new Float64Array(complete.length);
    for (let i = 0; i < complete.length; i++) {
      const v = sign * ((complete[i] as TrialView).values?.[0] as number);
      keys[i] = Number.isNaN(v) ? Infinity : v;
    }
    const sortedKeys = Float64Array.from(keys).sort();
    const take = Math.min(nBelow, complete.length);
    const cut = take > 0 ? (sortedKeys[take - 1] as number) : -Infinity;
    const strictlyBelow = complete.filter((_, i) => (keys[i] as number) < cut);
    const atCut = complete.filter((_, i) => keys[i] === cut);
    // Ties at the cut go to the older trials first; order within each side does not matter (sorted by number below).
    const head = [...strictlyBelow, ...atCut.slice(0, take - strictlyBelow.length)];
    const inHead = new Set(head);
    ranked = [...head, ...complete.filter((t) => !inHead.has(t))];
  } else {
    const losses = complete.map((t) => lossValues(t.values as number[], directions));
    const ranks = nondominatedRanks(losses);
    const crowd = new Float64Array(complete.length);
    const maxRank = ranks.reduce((m, r) => Math.max(m, r), -1);
    for (let r = 0; r <= maxRank; r++) {
      const members = ranks.flatMap((x, i) => (x === r ? [i] : []));
      const d = crowdingDistance(members.map((i) => losses[i] as number[]));
      members.forEach((i, j) => (crowd[i] = d[j] as number));
    }
    ranked = complete
      .map((t, i) => ({ t, i }))
      .sort((a, b) => (ranks[a.i] as number) - (ranks[b.i] as number) || (crowd[b.i] as number) - (crowd[a.i] as number) || a.t.number - b.t.number)
      .map((x) => x.t);
  }
  const sign = directions[0] === 'maximize' ? -1 : 1;
  const last = (t: TrialView): [number, number] => {
    let step = -Infinity;
    let value = Infinity;
    for (const [s, v] of t.intermediate) if (s > step) [step, value] = [s, sign * v];
    return [step, Number.isNaN(value) ? Infinity : value];
  };
  const prunedRanked = pruned
    .map((t) => ({ t, l: last(t) }))
    .sort((a, b) => b.l[0] - a.l[0] || a.l[1] - b.l[1] || a.t.number - b.t.number)
    .map((x) => x.t);
  const all = [...ranked, ...prunedRanked];
  const byNumber = (a: TrialView, b: TrialView): number => a.number - b.number;
  return { below: all.slice(0, nBelow).sort(byNumber), above: all.slice(nBelow).sort(byNumber) };
}
