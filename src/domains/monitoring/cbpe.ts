/**
 * Confidence-based performance estimation (NannyML's CBPE): with calibrated probabilities, a row
 * predicted with confidence c is right with probability c, so the expected accuracy is the mean
 * top-label confidence, and the expected ROC curve counts each row as p positive and 1 − p negative.
 * No labels are needed; the measured value replaces the estimate once labels land.
 */
import { topLabel, type ClassProbabilities } from './classification-metrics.js';

export function estimatedAccuracy(p: ClassProbabilities): number | null {
  const { confidence } = topLabel(p);
  if (confidence.length === 0) return null;
  let sum = 0;
  for (const c of confidence) sum += c;
  return sum / confidence.length;
}

/** Expected AUC of scores that are themselves P(positive); null when every score is 0 or every one is 1. */
export function estimatedBinaryAuc(scores: Float64Array): number | null {
  const order = Array.from(scores.keys()).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  let totalPos = 0;
  for (const s of scores) totalPos += s;
  const totalNeg = scores.length - totalPos;
  if (totalPos <= 0 || totalNeg <= 0) return null;
  let tp = 0;
  let area = 0;
  // Rows of equal score form one step of the curve, as thresholds cannot separate them.
  for (let i = 0; i < order.length; ) {
    const s = scores[order[i] as number] as number;
    let dTp = 0;
    let dFp = 0;
    while (i < order.length && scores[order[i] as number] === s) {
      const q = scores[order[i] as number] as number;
      dTp += q;
      dFp += 1 - q;
      i++;
    }
    area += (dFp / totalNeg) * ((tp + tp + dTp) / 2 / totalPos);
    tp += dTp;
  }
  return area;
}

/** Binary: of the second class; more classes: macro one-vs-rest. */
export function estimatedRocAuc(p: ClassProbabilities): number | null {
  const k = p.classes.length;
  const n = p.values.length / k;
  const col = (c: number): Float64Array => Float64Array.from({ length: n }, (_, i) => p.values[i * k + c] as number);
  if (k === 2) return estimatedBinaryAuc(col(1));
  const aucs: number[] = [];
  for (let c = 0; c < k; c++) {
    const auc = estimatedBinaryAuc(col(c));
    if (auc === null) return null;
    aucs.push(auc);
  }
  return aucs.reduce((a, b) => a + b, 0) / k;
}
