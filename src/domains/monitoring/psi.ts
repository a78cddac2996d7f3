/**
 * Population Stability Index. Binning (numeric): edges are the reference quantiles at
 * q = i/B, i = 1…B−1 (B = 10 by default), each by linear interpolation between order statistics
 * (numpy's default 'linear' method: pos = q·(n−1), x[⌊pos⌋] + (x[⌊pos⌋+1] − x[⌊pos⌋])·frac);
 * duplicate edges (ties in the reference) are merged. A value falls in bin i = number of edges
 * strictly below it, so bins are (−∞, e1], (e1, e2], …, (e_last, +∞). Categorical: one bin per
 * category. Shares are count / n; a zero share is replaced by ε = 1e-4 (no renormalization).
 * PSI = Σ (cur − ref) · ln(cur / ref). Bands: < 0.1 stable, 0.1–0.2 moderate, ≥ 0.2 drift.
 */
import { CompensatedSum } from './compensated-sum.js';
import { searchSorted } from './sort-float64.js';

export const PSI_DEFAULT_BINS = 10;
export const PSI_EPSILON = 1e-4;
export const PSI_DRIFT_THRESHOLD = 0.2;

/** Quantile edges of a sorted reference, deduplicated (see the file comment for the rule). */
export function psiEdges(sortedReference: Float64Array, bins = PSI_DEFAULT_BINS): number[] {
  const n = sortedReference.length;
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const pos = (i / bins) * (n - 1);
    const lo = Math.floor(pos);
    const frac = pos - lo;
    const a = sortedReference[lo] as number;
    const b = sortedReference[Math.min(lo + 1, n - 1)] as number;
    const edge = frac === 0 ? a : a + (b - a) * frac;
    if (edges.length === 0 || edge !== edges[edges.length - 1]) edges.push(edge);
  }
  return edges;
}

/** Counts per bin of a sorted sample: bin i holds values in (e_i, e_{i+1}]. */
export function binCounts(sorted: Float64Array, edges: readonly number[]): number[] {
  const counts: number[] = [];
  let previous = 0;
  for (const edge of edges) {
    const upTo = searchSorted(sorted, edge, 'right');
    counts.push(upTo - previous);
    previous = upTo;
  }
  counts.push(sorted.length - previous);
  return counts;
}

/** PSI from two count vectors over the same bins. */
export function psiFromCounts(reference: ArrayLike<number>, nRef: number, current: ArrayLike<number>, nCur: number, epsilon = PSI_EPSILON): number {
  const sum = new CompensatedSum();
  for (let i = 0; i < reference.length; i++) {
    const r = (reference[i] as number) / nRef || epsilon;
    const c = (current[i] as number) / nCur || epsilon;
    sum.add((c - r) * Math.log(c / r));
  }
  return sum.value;
}

export function numericPsi(sortedReference: Float64Array, sortedCurrent: Float64Array, bins = PSI_DEFAULT_BINS): number {
  const edges = psiEdges(sortedReference, bins);
  return psiFromCounts(binCounts(sortedReference, edges), sortedReference.length, binCounts(sortedCurrent, edges), sortedCurrent.length);
}
