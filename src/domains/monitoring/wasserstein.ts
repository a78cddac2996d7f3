/**
 * First Wasserstein distance between two samples, as scipy.stats.wasserstein_distance
 * (`_cdf_distance(p=1)`): Σ |F_u − F_v| · Δ over the pooled sorted values. "Normalized" as in
 * Evidently's `wasserstein` stattest: divided by max(std(reference, ddof=0), 0.001).
 */
/** Both inputs sorted ascending, NaN-free, non-empty. */
export function wassersteinDistance(u: Float64Array, v: Float64Array): number {
  const nu = u.length;
  const nv = v.length;
  // Neumaier summation inlined: this loop runs once per pooled value (millions of times).
  let sum = 0;
  let comp = 0;
  let i = 0;
  let j = 0;
  let prev = Math.min(u[0] as number, v[0] as number);
  while (i < nu || j < nv) {
    const a = i < nu ? (u[i] as number) : Infinity;
    const b = j < nv ? (v[j] as number) : Infinity;
    const x = a <= b ? a : b;
    // Between the previous pooled value and x, both ECDFs are flat at i/nu and j/nv.
    if (x > prev) {
      const term = Math.abs(i / nu - j / nv) * (x - prev);
      const t = sum + term;
      comp += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
      sum = t;
    }
    prev = x;
    while (i < nu && (u[i] as number) === x) i++;
    while (j < nv && (v[j] as number) === x) j++;
  }
  return sum + comp;
}

/** Population standard deviation (numpy's default ddof = 0), two-pass for accuracy. */
export function populationStd(values: Float64Array): number {
  const n = values.length;
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i] as number;
    const t = sum + x;
    comp += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  const mu = (sum + comp) / n;
  let sq = 0;
  let sqComp = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i] as number) - mu;
    const x = d * d;
    const t = sq + x;
    sqComp += sq >= x ? sq - t + x : x - t + sq;
    sq = t;
  }
  return Math.sqrt((sq + sqComp) / n);
}

/** Evidently's normalization floor: a constant reference would otherwise divide by zero. */
export const WASSERSTEIN_MIN_NORM = 0.001;

export function normalizedWasserstein(reference: Float64Array, current: Float64Array): number {
  return wassersteinDistance(reference, current) / Math.max(populationStd(reference), WASSERSTEIN_MIN_NORM);
}
