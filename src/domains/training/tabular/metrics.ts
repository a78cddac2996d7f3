/** Evaluation metrics of a classifier (from class probabilities) or a regressor. */

export interface ClassificationMetrics {
  accuracy: number;
  /** Macro-averaged over classes. */
  f1: number;
  /** Binary: the positive (second) class's AUC; multiclass: macro one-vs-rest. */
  roc_auc: number;
  log_loss: number;
}

export interface RegressionMetrics {
  mae: number;
  rmse: number;
  r2: number;
}

const EPS = 1e-15;

export function argmax(p: ArrayLike<number>, offset: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if (p[offset + j]! > p[offset + best]!) best = j;
  return best;
}

export function logLoss(probabilities: ArrayLike<number>, labels: ArrayLike<number>, k: number): number {
  let sum = 0;
  for (let i = 0; i < labels.length; i++) sum -= Math.log(Math.min(1 - EPS, Math.max(EPS, probabilities[i * k + labels[i]!]!)));
  return sum / labels.length;
}

/** AUC by the rank-sum (Mann–Whitney) formula, ties given half credit. */
export function binaryAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let nPos = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const rank = (i + j + 2) / 2;
    for (let t = i; t <= j; t++) if (positive[order[t]!]) {
      nPos++;
      rankSum += rank;
    }
    i = j + 1;
  }
  const nNeg = scores.length - nPos;
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

export function classificationMetrics(probabilities: ArrayLike<number>, labels: ArrayLike<number>, k: number): ClassificationMetrics {
  const n = labels.length;
  const tp = new Float64Array(k);
  const predicted = new Float64Array(k);
  const actual = new Float64Array(k);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i]!;
    const hat = argmax(probabilities, i * k, k);
    actual[y]!++;
    predicted[hat]!++;
    if (hat === y) {
      correct++;
      tp[y]!++;
    }
  }
  let f1Sum = 0;
  let f1Classes = 0;
  for (let j = 0; j < k; j++) {
    if (actual[j] === 0 && predicted[j] === 0) continue;
    f1Sum += (2 * tp[j]!) / (actual[j]! + predicted[j]!);
    f1Classes++;
  }
  const column = (j: number): Float64Array => Float64Array.from({ length: n }, (_, i) => probabilities[i * k + j]!);
  const isClass = (j: number): boolean[] => Array.from({ length: n }, (_, i) => labels[i] === j);
  let auc: number;
  if (k === 2) auc = binaryAuc(column(1), isClass(1));
  else {
    const aucs = Array.from({ length: k }, (_, j) => binaryAuc(column(j), isClass(j))).filter((a) => !Number.isNaN(a));
    auc = aucs.length > 0 ? aucs.reduce((s, a) => s + a, 0) / aucs.length : Number.NaN;
  }
  return { accuracy: n > 0 ? correct / n : Number.NaN, f1: f1Classes > 0 ? f1Sum / f1Classes : Number.NaN, roc_auc: auc, log_loss: logLoss(probabilities, labels, k) };
}

export function regressionMetrics(predictions: ArrayLike<number>, values: ArrayLike<number>): RegressionMetrics {
  const n = values.length;
  let abs = 0;
  let sq = 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]! / n;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const e = predictions[i]! - values[i]!;
    abs += Math.abs(e);
    sq += e * e;
    total += (values[i]! - mean) ** 2;
  }
  return { mae: abs / n, rmse: Math.sqrt(sq / n), r2: total > 0 ? 1 - sq / total : Number.NaN };
}
