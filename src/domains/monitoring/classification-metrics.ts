/**
 * Classification quality of one window, with sklearn's definitions so numbers agree with it:
 * precision/recall/F1 per class over the sorted union of actual and predicted labels (0 where
 * undefined, as `zero_division=0`), macro = unweighted mean; ROC-AUC from ranks with ties averaged
 * (binary, or one-vs-rest macro for more classes); log loss with probabilities clipped to
 * [eps, 1 − eps] (float64 eps); expected calibration error over 10 equal-width bins of the
 * top-label confidence (Guo et al. 2017).
 */
import type { ClassMetrics, MeasuredPerformance, ReliabilityBin } from './monitor.schema.js';

/** Row-major n × classes.length probabilities. */
export interface ClassProbabilities {
  classes: readonly string[];
  values: Float64Array;
}

const EPS = 2.220446049250313e-16;
export const CALIBRATION_BINS = 10;

export function accuracy(actual: readonly string[], predicted: readonly string[]): number | null {
  if (actual.length === 0) return null;
  let right = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i] === predicted[i]) right++;
  return right / actual.length;
}

export function perClassMetrics(actual: readonly string[], predicted: readonly string[]): Record<string, ClassMetrics> {
  const labels = [...new Set([...actual, ...predicted])].sort();
  const out: Record<string, ClassMetrics> = {};
  for (const label of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < actual.length; i++) {
      const a = actual[i] === label;
      const p = predicted[i] === label;
      if (a && p) tp++;
      else if (p) fp++;
      else if (a) fn++;
    }
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    out[label] = { precision, recall, f1, support: tp + fn };
  }
  return out;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Area under the ROC curve of `scores` for `positive` (Mann–Whitney U with average ranks); null with one class only. */
export function binaryRocAuc(positive: readonly boolean[], scores: ArrayLike<number>): number | null {
  const n = positive.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let nPos = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (positive[order[k] as number]) {
        nPos++;
        rankSum += rank;
      }
    }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

function column(p: ClassProbabilities, c: number): Float64Array {
  const k = p.classes.length;
  const n = p.values.length / k;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = p.values[i * k + c] as number;
  return out;
}

/** Binary: AUC of the second class's probability. More classes: macro one-vs-rest over the classes present (sklearn's `ovr`). */
export function rocAuc(actual: readonly string[], p: ClassProbabilities): number | null {
  if (p.classes.length === 2) return binaryRocAuc(actual.map((a) => a === p.classes[1]), column(p, 1));
  const aucs: number[] = [];
  p.classes.forEach((cls, c) => {
    const auc = binaryRocAuc(actual.map((a) => a === cls), column(p, c));
    if (auc !== null) aucs.push(auc);
  });
  return aucs.length === p.classes.length ? mean(aucs) : null;
}

/** Mean negative log-likelihood of the actual class; rows are renormalised as sklearn does. null when a label is not a known class. */
export function logLoss(actual: readonly string[], p: ClassProbabilities): number | null {
  const k = p.classes.length;
  const index = new Map(p.classes.map((c, i) => [c, i]));
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    const c = index.get(actual[i] as string);
    if (c === undefined) return null;
    let rowSum = 0;
    for (let j = 0; j < k; j++) rowSum += Math.min(Math.max(p.values[i * k + j] as number, EPS), 1 - EPS);
    const q = Math.min(Math.max(p.values[i * k + c] as number, EPS), 1 - EPS) / rowSum;
    sum -= Math.log(q);
  }
  return actual.length === 0 ? null : sum / actual.length;
}

/** Top-label confidence and the class it names, per row. */
export function topLabel(p: ClassProbabilities): { confidence: Float64Array; label: string[] } {
  const k = p.classes.length;
  const n = p.values.length / k;
  const confidence = new Float64Array(n);
  const label: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if ((p.values[i * k + j] as number) > (p.values[i * k + best] as number)) best = j;
    confidence[i] = p.values[i * k + best] as number;
    label[i] = p.classes[best] as string;
  }
  return { confidence, label };
}

/** Reliability diagram and ECE = Σ (n_b / n) |accuracy_b − confidence_b|; bins are [l, u) with the last closed. */
export function calibration(actual: readonly string[], p: ClassProbabilities, bins = CALIBRATION_BINS): { ece: number | null; reliability: ReliabilityBin[] } {
  const { confidence, label } = topLabel(p);
  const count = new Array<number>(bins).fill(0);
  const confSum = new Array<number>(bins).fill(0);
  const right = new Array<number>(bins).fill(0);
  for (let i = 0; i < actual.length; i++) {
    const c = confidence[i] as number;
    const b = Math.min(Math.floor(c * bins), bins - 1);
    count[b]!++;
    confSum[b]! += c;
    if (label[i] === actual[i]) right[b]!++;
  }
  let ece = 0;
  const reliability: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const n = count[b] as number;
    const conf = n ? (confSum[b] as number) / n : null;
    const acc = n ? (right[b] as number) / n : null;
    if (n) ece += (n / actual.length) * Math.abs((acc as number) - (conf as number));
    reliability.push({ lower: b / bins, upper: (b + 1) / bins, count: n, confidence: conf, accuracy: acc });
  }
  return { ece: actual.length ? ece : null, reliability };
}

export function classificationMetrics(actual: readonly string[], predicted: readonly string[], p?: ClassProbabilities): MeasuredPerformance {
  const perClass = perClassMetrics(actual, predicted);
  const classes = Object.values(perClass);
  const out: MeasuredPerformance = {
    accuracy: accuracy(actual, predicted),
    precision_macro: mean(classes.map((c) => c.precision ?? 0)),
    recall_macro: mean(classes.map((c) => c.recall ?? 0)),
    f1_macro: mean(classes.map((c) => c.f1 ?? 0)),
    per_class: perClass,
  };
  if (p) {
    out.roc_auc = rocAuc(actual, p);
    out.log_loss = logLoss(actual, p);
    const cal = calibration(actual, p);
    out.ece = cal.ece;
    out.reliability = cal.reliability;
  }
  return out;
}
