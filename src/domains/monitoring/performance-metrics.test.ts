import { describe, expect, it } from 'vitest';
import { estimatedAccuracy, estimatedRocAuc } from './cbpe.js';
import { accuracy, binaryRocAuc, calibration, classificationMetrics, logLoss, rocAuc } from './classification-metrics.js';
import { percentile } from './infra-snapshot.js';
import { decodeWindow } from './prediction-log-table.js';
import { regressionMetrics } from './regression-metrics.js';
import { entropy, windowPerformance } from './window-performance.js';

const binary = (p: number[]) => ({ classes: ['0', '1'], values: Float64Array.from(p.flatMap((q) => [1 - q, q])) });

describe('classification metrics (worked by hand; same definitions as sklearn)', () => {
  it('accuracy, per-class and macro precision/recall/F1', () => {
    const m = classificationMetrics(['a', 'a', 'b', 'b', 'c'], ['a', 'b', 'b', 'b', 'c']);
    expect(m.accuracy).toBe(0.8);
    expect(m.per_class).toEqual({
      a: { precision: 1, recall: 0.5, f1: 2 / 3, support: 2 },
      b: { precision: 2 / 3, recall: 1, f1: 0.8, support: 2 },
      c: { precision: 1, recall: 1, f1: 1, support: 1 },
    });
    expect(m.precision_macro).toBeCloseTo(8 / 9, 12);
    expect(m.recall_macro).toBeCloseTo(5 / 6, 12);
    expect(m.f1_macro).toBeCloseTo(37 / 45, 12);
  });

  it('a class only predicted, never actual, counts 0 recall and 0 precision into the macro (zero_division=0)', () => {
    const m = classificationMetrics(['a', 'a'], ['a', 'z']);
    expect(m.per_class?.z).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(m.precision_macro).toBe(0.5);
  });

  it('ROC-AUC: sklearn’s documented example, ties counted half, one class → null', () => {
    expect(binaryRocAuc([false, false, true, true], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
    expect(binaryRocAuc([false, true, false, true], [0.5, 0.5, 0.2, 0.9])).toBe(0.875);
    expect(binaryRocAuc([true, true], [0.1, 0.2])).toBeNull();
    expect(rocAuc(['0', '0', '1', '1'], binary([0.1, 0.4, 0.35, 0.8]))).toBe(0.75);
  });

  it('multi-class ROC-AUC is the one-vs-rest macro mean', () => {
    const p = { classes: ['x', 'y', 'z'], values: Float64Array.from([0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.3, 0.3, 0.4, 0.5, 0.2, 0.3]) };
    // x: pos {0.8, 0.5} vs neg {0.2, 0.3} → 1; y: pos {0.7} vs {0.1, 0.3, 0.2} → 1; z: pos {0.4} vs {0.1, 0.1, 0.3} → 1.
    expect(rocAuc(['x', 'y', 'z', 'x'], p)).toBe(1);
  });

  it('log loss: −(ln 0.8 + ln 0.7) / 2; an unknown label → null', () => {
    expect(logLoss(['1', '0'], binary([0.8, 0.3]))).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 12);
    expect(logLoss(['1', 'maybe'], binary([0.8, 0.3]))).toBeNull();
  });

  it('ECE over top-label confidence: four rows in four bins → (0.1 + 0.2 + 0.6 + 0.3) / 4', () => {
    const { ece, reliability } = calibration(['1', '1', '0', '0'], binary([0.9, 0.8, 0.6, 0.3]));
    expect(ece).toBeCloseTo(0.3, 12);
    expect(reliability).toHaveLength(10);
    expect(reliability[6]).toMatchObject({ count: 1, accuracy: 0 });
    expect(reliability[6]!.confidence).toBeCloseTo(0.6, 12);
    expect(reliability.filter((b) => b.count === 0).every((b) => b.accuracy === null)).toBe(true);
  });
});

describe('regression metrics', () => {
  it('MAE, RMSE and R² of sklearn’s documented example', () => {
    const m = regressionMetrics(Float64Array.from([3, -0.5, 2, 7]), Float64Array.from([2.5, 0, 2, 8]));
    expect(m.mae).toBe(0.5);
    expect(m.rmse).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(m.r2).toBeCloseTo(0.9486081370449679, 12);
    expect(regressionMetrics(Float64Array.from([1, 1]), Float64Array.from([1, 2])).r2).toBeNull();
  });
});

describe('CBPE estimates', () => {
  it('expected accuracy is the mean top-label confidence; expected AUC weighs each row p positive, 1 − p negative', () => {
    expect(estimatedAccuracy(binary([0.9, 0.2]))).toBeCloseTo(0.85, 12);
    // Concordant weight 0.9·0.8 + half of the in-row pairs (0.9·0.1 + 0.2·0.8) over 1.1 · 0.9.
    expect(estimatedRocAuc(binary([0.9, 0.2]))).toBeCloseTo((0.72 + 0.045 + 0.08) / 0.99, 12);
  });

  it('on calibrated probabilities the estimate lands near the measured value', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const p: number[] = [];
    const actual: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const q = rand();
      p.push(q);
      actual.push(rand() < q ? '1' : '0');
    }
    const probs = binary(p);
    const measured = classificationMetrics(actual, p.map((q) => (q > 0.5 ? '1' : '0')), probs);
    expect(Math.abs((estimatedAccuracy(probs) as number) - (measured.accuracy as number))).toBeLessThan(0.01);
    expect(Math.abs((estimatedRocAuc(probs) as number) - (measured.roc_auc as number))).toBeLessThan(0.01);
  });
});

describe('prediction log windows', () => {
  const record = (id: string, x: number[][], prob: number[], label: string | null) => ({
    requestId: id,
    model: 'm',
    version: 1,
    arm: 'primary',
    inputs: JSON.stringify({ features: { type: 'float32', shape: [x.length, 2], data: x.flat() } }),
    outputs: JSON.stringify({ probability: { type: 'float32', shape: [prob.length, 1], data: prob }, label: { type: 'int64', shape: [prob.length, 1], data: prob.map((q) => (q > 0.5 ? 1 : 0)) } }),
    latencyMs: 2,
    status: 'ok' as const,
    at: 1,
    label,
  });

  it('names input columns, joins labels of one-row requests only, and measures with estimates beside', () => {
    const w = decodeWindow([record('r1', [[1, 2]], [0.9], '1'), record('r2', [[3, 4]], [0.2], 'true'), record('r3', [[5, 6], [7, 8]], [0.6, 0.4], '0')], {}, ['a', 'b']);
    expect(w.table.columns.map((c) => c.name)).toEqual(['a', 'b']);
    expect(w.task).toBe('classification');
    expect(w.predicted).toEqual(['1', '0', '1', '0']);
    expect(w.actual).toEqual(['1', '1', null, null]);
    const perf = windowPerformance(w, { metric: 'accuracy', value: 0.95 });
    expect(perf).toMatchObject({ rows: 4, labelled: 2, labelled_fraction: 0.5 });
    expect(perf?.measured?.accuracy).toBe(0.5);
    expect(perf?.estimated?.accuracy).toBeCloseTo((0.9 + 0.8 + 0.6 + 0.6) / 4, 6);
    expect(perf?.degradation).toBeCloseTo(0.45, 12);
    expect(perf?.degraded).toBe(true);
    expect(perf?.prediction_distribution).toEqual({ labels: ['0', '1'], counts: [2, 2], entropy: Math.log(2) });
  });

  it('without labels, degradation uses the estimate', () => {
    const w = decodeWindow([record('r1', [[1, 2]], [0.9], null)]);
    const perf = windowPerformance(w, { metric: 'accuracy', value: 0.92 });
    expect(perf?.measured).toBeNull();
    expect(perf?.degradation).toBeCloseTo(0.02, 6);
    expect(perf?.degraded).toBe(false);
  });
});

describe('helpers', () => {
  it('entropy in nats and numpy-style percentiles', () => {
    expect(entropy([1, 1])).toBeCloseTo(Math.log(2), 15);
    expect(entropy([5])).toBe(0);
    expect(entropy([])).toBeNull();
    expect(percentile(Float64Array.from([1, 2, 3, 4]), 0.5)).toBe(2.5);
    expect(percentile(Float64Array.from([1, 2, 3, 4]), 0.95)).toBeCloseTo(3.85, 12);
    expect(accuracy([], [])).toBeNull();
  });
});
