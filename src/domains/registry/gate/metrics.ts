/**
 * Evaluation metrics, with sklearn's definitions. `null` means "undefined for this
 * data" (precision with no predicted positive, AUC with one class present, r² of a
 * constant target): sklearn warns and returns 0 there, which would let an empty
 * fairness group look like a real, terrible score.
 */

export type Binary = 0 | 1;

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

function sameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) throw new RangeError(`metric inputs differ in length: ${a.length} vs ${b.length}`);
}

export function confusion(truth: readonly Binary[], predicted: readonly Binary[]): Confusion {
  sameLength(truth, predicted);
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i];
    const p = predicted[i];
    if (p === 1) {
      if (t === 1) c.tp++;
      else c.fp++;
    } else if (t === 1) c.fn++;
    else c.tn++;
  }
  return c;
}

/** Share of exact matches; works for binary (0/1) and multiclass (labels as text). */
export function accuracy<T>(truth: readonly T[], predicted: readonly T[]): number | null {
  sameLength(truth, predicted);
  if (truth.length === 0) return null;
  let hits = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) hits++;
  return hits / truth.length;
}

const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den);

export function precision(c: Confusion): number | null {
  return ratio(c.tp, c.tp + c.fp);
}

export function recall(c: Confusion): number | null {
  return ratio(c.tp, c.tp + c.fn);
}

/** 2·tp / (2·tp + fp + fn): the harmonic mean of precision and recall, defined when anything is positive. */
export function f1(c: Confusion): number | null {
  return ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn);
}

/** Share predicted positive (demographic parity's quantity). */
export function selectionRate(predicted: readonly Binary[]): number | null {
  if (predicted.length === 0) return null;
  let positives = 0;
  for (const p of predicted) positives += p;
  return positives / predicted.length;
}

/**
 * Macro average over `classes` (sklearn `average='macro'`): each class one-vs-rest,
 * classes whose score is undefined count as 0 as in sklearn's zero_division=0,
 * so one never-predicted class lowers the average instead of vanishing from it.
 */
export function macroAverage(
  truth: readonly string[],
  predicted: readonly string[],
  classes: readonly string[],
  score: (c: Confusion) => number | null,
): number | null {
  sameLength(truth, predicted);
  if (classes.length === 0 || truth.length === 0) return null;
  let sum = 0;
  for (const cls of classes) {
    const t = truth.map((v): Binary => (v === cls ? 1 : 0));
    const p = predicted.map((v): Binary => (v === cls ? 1 : 0));
    sum += score(confusion(t, p)) ?? 0;
  }
  return sum / classes.length;
}

/**
 * ROC AUC as the Mann–Whitney U statistic: the probability that a random positive
 * scores above a random negative, ties counting one half (average ranks).
 */
export function rocAuc(truth: readonly Binary[], scores: readonly number[]): number | null {
  sameLength(truth, scores);
  const order = scores.map((s, i) => ({ s, i })).sort((a, b) => a.s - b.s);
  let nPos = 0;
  let rankSumPos = 0;
  let k = 0;
  while (k < order.length) {
    let j = k;
    while (j + 1 < order.length && order[j + 1]!.s === order[k]!.s) j++;
    const avgRank = (k + j) / 2 + 1; // ranks are 1-based
    for (let m = k; m <= j; m++) {
      if (truth[order[m]!.i] === 1) {
        nPos++;
        rankSumPos += avgRank;
      }
    }
    k = j + 1;
  }
  const nNeg = truth.length - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** sklearn clips probabilities to [eps, 1 − eps] so one confident miss is large, not infinite. */
const EPS = 1e-15;
const clip = (p: number): number => Math.min(1 - EPS, Math.max(EPS, p));

export function binaryLogLoss(truth: readonly Binary[], probPositive: readonly number[]): number | null {
  sameLength(truth, probPositive);
  if (truth.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < truth.length; i++) {
    const p = clip(probPositive[i]!);
    sum -= truth[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / truth.length;
}

/** `probabilities[i][c]` for row i and class index c; `truthIndex[i]` is −1 for a label outside the classes (scored as p = eps). */
export function multiclassLogLoss(truthIndex: readonly number[], probabilities: readonly (readonly number[])[]): number | null {
  sameLength(truthIndex, probabilities);
  if (truthIndex.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < truthIndex.length; i++) {
    const row = probabilities[i]!;
    const total = row.reduce((s, v) => s + v, 0);
    const idx = truthIndex[i]!;
    // sklearn renormalises each row, so a model whose outputs do not sum to 1 is judged on its ranking of classes.
    const p = idx >= 0 && total > 0 ? row[idx]! / total : 0;
    sum -= Math.log(clip(p));
  }
  return sum / truthIndex.length;
}

export function rmse(truth: readonly number[], predicted: readonly number[]): number | null {
  sameLength(truth, predicted);
  if (truth.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < truth.length; i++) sum += (truth[i]! - predicted[i]!) ** 2;
  return Math.sqrt(sum / truth.length);
}

export function mae(truth: readonly number[], predicted: readonly number[]): number | null {
  sameLength(truth, predicted);
  if (truth.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < truth.length; i++) sum += Math.abs(truth[i]! - predicted[i]!);
  return sum / truth.length;
}

/** 1 − SS_res / SS_tot; undefined for a constant target. */
export function r2(truth: readonly number[], predicted: readonly number[]): number | null {
  sameLength(truth, predicted);
  if (truth.length === 0) return null;
  const mean = truth.reduce((s, v) => s + v, 0) / truth.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < truth.length; i++) {
    ssRes += (truth[i]! - predicted[i]!) ** 2;
    ssTot += (truth[i]! - mean) ** 2;
  }
  return ssTot === 0 ? null : 1 - ssRes / ssTot;
}

/** Nearest-rank percentile (the smallest value with at least q of the sample at or below it): no interpolation, so p99 is a latency that was measured. */
export function percentile(sortedAscending: readonly number[], q: number): number | null {
  if (sortedAscending.length === 0) return null;
  const rank = Math.max(1, Math.ceil(q * sortedAscending.length));
  return sortedAscending[rank - 1]!;
}
