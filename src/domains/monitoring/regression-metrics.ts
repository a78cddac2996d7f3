/** Regression quality of one window, as sklearn defines it; R² is null when the actual values are constant. */
import type { MeasuredPerformance } from './monitor.schema.js';

export function regressionMetrics(actual: Float64Array, predicted: Float64Array): MeasuredPerformance {
  const n = actual.length;
  if (n === 0) return { mae: null, rmse: null, r2: null };
  let abs = 0;
  let sq = 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i] as number;
  mean /= n;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const e = (actual[i] as number) - (predicted[i] as number);
    abs += Math.abs(e);
    sq += e * e;
    const d = (actual[i] as number) - mean;
    total += d * d;
  }
  return { mae: abs / n, rmse: Math.sqrt(sq / n), r2: total === 0 ? null : 1 - sq / total };
}
