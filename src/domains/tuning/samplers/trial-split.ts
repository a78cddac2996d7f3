import { crowdingDistance, nondominatedRanks } from '../pareto.js';
import { lossValues, type Direction, type TrialView } from './sampler.js';

/** Optuna's γ(n) = min(⌈0.1·n⌉, 25): how many of n finished trials count as "good". */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/** The take-th smallest of keys (1-based), as a sorted copy would have it at [take − 1]. */
function nthSmallest(keys: Float64Array, take: number): number {
  const kept = new Float64Array(take).fill(Infinity); // ascending; Infinity where no key has landed yet
  for (let i = 0; i < keys.length; i++) {
    const v = keys[i] as number;
    if (!(v < (kept[take - 1] as number))) continue;
    let j = take - 1;
    for (; j > 0 && (kept[j - 1] as number) > v; j--) kept[j] = kept[j - 1] as number;
    kept[j] = v;
  }
  return kept[take - 1] as number;
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
  const below = new Set<TrialView>();
  if (directions.length === 1) {
    // Only the n-th best value matters (n ≤ 25 of ~1000 trials on every ask): one pass keeps
    // the n smallest keys, then another takes the trials below the cut.
    const sign = directions[0] === 'maximize' ? -1 : 1;
    const keys = new Float64Array(complete.length);
    for (let i = 0; i < complete.length; i++) {
      const v = sign * ((complete[i] as TrialView).values?.[0] as number);
      keys[i] = Number.isNaN(v) ? Infinity : v;
    }
    const take = Math.min(nBelow, complete.length);
    if (take > 0) {
      const cut = nthSmallest(keys, take);
      for (let i = 0; i < complete.length; i++) if ((keys[i] as number) < cut) below.add(complete[i] as TrialView);
      // Ties at the cut go to the older trials first.
      for (let i = 0; i < complete.length && below.size < take; i++) if (keys[i] === cut) below.add(complete[i] as TrialView);
    }
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
    complete
      .map((t, i) => ({ t, i }))
      .sort((a, b) => (ranks[a.i] as number) - (ranks[b.i] as number) || (crowd[b.i] as number) - (crowd[a.i] as number) || a.t.number - b.t.number)
      .slice(0, nBelow)
      .forEach((x) => below.add(x.t));
  }
  if (below.size < nBelow && pruned.length > 0) {
    // Not enough complete trials: the pruned ones that got furthest, then by their last value.
    const sign = directions[0] === 'maximize' ? -1 : 1;
    const last = (t: TrialView): [number, number] => {
      let step = -Infinity;
      let value = Infinity;
      for (const [s, v] of t.intermediate) if (s > step) [step, value] = [s, sign * v];
      return [step, Number.isNaN(value) ? Infinity : value];
    };
    pruned
      .map((t) => ({ t, l: last(t) }))
      .sort((a, b) => b.l[0] - a.l[0] || a.l[1] - b.l[1] || a.t.number - b.t.number)
      .slice(0, nBelow - below.size)
      .forEach((x) => below.add(x.t));
  }
  // Both sides in trial order (the age-ramped kernel weights assume it): `trials` is in number order.
  const finished = trials.filter((t) => (t.state === 'complete' && t.values !== null) || t.state === 'pruned');
  const inOrder = finished.every((t, i) => i === 0 || (finished[i - 1] as TrialView).number < t.number) ? finished : [...finished].sort((a, b) => a.number - b.number);
  return { below: inOrder.filter((t) => below.has(t)), above: inOrder.filter((t) => !below.has(t)) };
}
