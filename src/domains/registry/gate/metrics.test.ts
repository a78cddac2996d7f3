import { describe, expect, it } from 'vitest';
import {
  accuracy,
  binaryLogLoss,
  confusion,
  f1,
  macroAverage,
  mae,
  multiclassLogLoss,
  percentile,
  precision,
  r2,
  recall,
  rmse,
  rocAuc,
  selectionRate,
  type Binary,
} from './metrics.js';

// Expected numbers: metrics.reference.py (sklearn's definitions in plain Python; AUC by pair counting).
const y: Binary[] = [1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1];
const p = [0.9, 0.4, 0.7, 0.4, 0.2, 0.6, 0.8, 0.4, 0.3, 0.1, 0.95, 0.6];
const pred = p.map((v): Binary => (v >= 0.5 ? 1 : 0));

describe('binary classification metrics', () => {
  const c = confusion(y, pred);
  it('counts the confusion matrix', () => expect(c).toEqual({ tp: 5, fp: 1, tn: 4, fn: 2 }));
  it('accuracy, precision, recall, f1', () => {
    expect(accuracy(y, pred)).toBeCloseTo(0.75, 12);
    expect(precision(c)).toBeCloseTo(0.8333333333333334, 12);
    expect(recall(c)).toBeCloseTo(0.7142857142857143, 12);
    expect(f1(c)).toBeCloseTo(0.7692307692307692, 12);
    expect(selectionRate(pred)).toBeCloseTo(6 / 12, 12);
  });
  it('ROC AUC averages tied ranks (0.4 appears for both classes)', () => {
    expect(rocAuc(y, p)).toBeCloseTo(0.8428571428571429, 12);
    expect(rocAuc([0, 1], [0.5, 0.5])).toBe(0.5);
    expect(rocAuc([1, 0, 1], [0.9, 0.1, 0.8])).toBe(1);
  });
  it('log loss clips probabilities like sklearn', () => {
    expect(binaryLogLoss(y, p)).toBeCloseTo(0.46950062597021436, 12);
    expect(binaryLogLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 6);
  });
  it('is null where the metric is undefined, never a fake 0', () => {
    expect(precision(confusion([1, 0], [0, 0]))).toBeNull();
    expect(recall(confusion([0, 0], [1, 0]))).toBeNull();
    expect(f1(confusion([0, 0], [0, 0]))).toBeNull();
    expect(rocAuc([1, 1], [0.2, 0.9])).toBeNull();
    expect(accuracy([], [])).toBeNull();
  });
  it('refuses inputs of different lengths', () => expect(() => accuracy([1], [1, 0])).toThrow(RangeError));
});

describe('multiclass metrics', () => {
  const truth = ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'a'];
  const predicted = ['a', 'c', 'c', 'a', 'b', 'b', 'b', 'a'];
  const classes = ['a', 'b', 'c'];
  it('macro precision, recall, f1', () => {
    expect(accuracy(truth, predicted)).toBeCloseTo(5 / 8, 12);
    expect(macroAverage(truth, predicted, classes, precision)).toBeCloseTo(0.611111111111111, 12);
    expect(macroAverage(truth, predicted, classes, recall)).toBeCloseTo(0.5833333333333334, 12);
    expect(macroAverage(truth, predicted, classes, f1)).toBeCloseTo(0.5857142857142857, 12);
  });
  it('log loss over class probabilities', () => {
    const probs = [
      [0.7, 0.2, 0.1],
      [0.1, 0.3, 0.6],
      [0.2, 0.2, 0.6],
      [0.5, 0.25, 0.25],
    ];
    expect(multiclassLogLoss([0, 1, 2, 0], probs)).toBeCloseTo(0.6911551381476511, 12);
  });
});

describe('regression metrics', () => {
  const t = [3.0, -0.5, 2.0, 7.0, 4.2];
  const f = [2.5, 0.0, 2.1, 7.8, 3.9];
  it('rmse, mae, r2', () => {
    expect(rmse(t, f)).toBeCloseTo(0.49799598391954925, 12);
    expect(mae(t, f)).toBeCloseTo(0.44, 12);
    expect(r2(t, f)).toBeCloseTo(0.9594665271966527, 12);
    expect(r2([2, 2], [2, 3])).toBeNull();
  });
});

describe('percentile', () => {
  it('is nearest-rank: a value that was measured', () => {
    const sorted = Array.from({ length: 200 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.99)).toBe(198);
    expect(percentile(sorted, 0.5)).toBe(100);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });
});
