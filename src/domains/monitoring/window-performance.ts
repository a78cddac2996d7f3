/**
 * Model performance of one window: measured on the rows whose label arrived, estimated (CBPE) on
 * every row from the probabilities, the prediction distribution with its entropy (no labels
 * needed), and the degradation against the registry version's baseline accuracy.
 */
import { estimatedAccuracy, estimatedRocAuc } from './cbpe.js';
import { classificationMetrics, type ClassProbabilities } from './classification-metrics.js';
import type { PerformanceResult } from './monitor.schema.js';
import type { DecodedWindow } from './prediction-log-table.js';
import { regressionMetrics } from './regression-metrics.js';

export const DEFAULT_TOLERANCE = 0.05;
const REGRESSION_BINS = 20;

/** Shannon entropy in nats of a count vector; null when it is empty. */
export function entropy(counts: readonly number[]): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / total) * Math.log(c / total);
  return h;
}

function distribution(task: 'classification' | 'regression', predicted: readonly (string | number | null)[]): PerformanceResult['prediction_distribution'] {
  if (task === 'classification') {
    const counts = new Map<string, number>();
    for (const p of predicted) if (p !== null) counts.set(String(p), (counts.get(String(p)) ?? 0) + 1);
    const labels = [...counts.keys()].sort();
    const values = labels.map((l) => counts.get(l) as number);
    return { labels, counts: values, entropy: entropy(values) };
  }
  const values = predicted.filter((p): p is number => typeof p === 'number');
  if (values.length === 0) return { labels: [], counts: [], entropy: null };
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const bins = lo === hi ? 1 : REGRESSION_BINS;
  const width = (hi - lo) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(Math.floor((v - lo) / width), bins - 1)]!++;
  const labels = counts.map((_, i) => Number((lo + i * width).toPrecision(4)).toString());
  return { labels, counts, entropy: entropy(counts) };
}

function subset(p: ClassProbabilities, rows: readonly number[]): ClassProbabilities {
  const k = p.classes.length;
  const values = new Float64Array(rows.length * k);
  rows.forEach((r, i) => values.set(p.values.subarray(r * k, (r + 1) * k), i * k));
  return { classes: p.classes, values };
}

export function windowPerformance(w: DecodedWindow, baseline: { metric: string; value: number } | null, tolerance = DEFAULT_TOLERANCE): PerformanceResult | null {
  if (!w.task) return null;
  const labelled: number[] = [];
  w.actual.forEach((a, i) => {
    if (a !== null && w.predicted[i] !== null) labelled.push(i);
  });
  const rows = w.predicted.length;
  let measured: PerformanceResult['measured'] = null;
  if (labelled.length > 0) {
    if (w.task === 'classification') {
      const actual = labelled.map((i) => String(w.actual[i]));
      const predicted = labelled.map((i) => String(w.predicted[i]));
      // Probability metrics need every label among the probabilities' classes; otherwise the classes are misnamed (set `classes`).
      const known = w.probabilities && actual.every((a) => (w.probabilities as ClassProbabilities).classes.includes(a));
      measured = classificationMetrics(actual, predicted, known ? subset(w.probabilities as ClassProbabilities, labelled) : undefined);
    } else {
      measured = regressionMetrics(Float64Array.from(labelled, (i) => w.actual[i] as number), Float64Array.from(labelled, (i) => w.predicted[i] as number));
    }
  }
  const estimated = w.task === 'classification' && w.probabilities ? { accuracy: estimatedAccuracy(w.probabilities), roc_auc: estimatedRocAuc(w.probabilities) } : null;
  const current = measured?.accuracy ?? estimated?.accuracy ?? null;
  const degradation = baseline && current !== null && w.task === 'classification' ? baseline.value - current : null;
  return {
    task: w.task,
    rows,
    labelled: labelled.length,
    labelled_fraction: rows === 0 ? 0 : labelled.length / rows,
    measured,
    estimated,
    prediction_distribution: distribution(w.task, w.predicted),
    baseline,
    degradation,
    degraded: degradation === null ? null : degradation > tolerance,
  };
}
