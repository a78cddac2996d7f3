/**
 * Jensen–Shannon distance as Evidently's `jensenshannon` stattest: scipy.spatial.distance
 * .jensenshannon(ref_shares, cur_shares, base=2) (so it lies in [0, 1]) over Evidently's
 * `get_binned_data` without zero filling: a numeric column whose reference has more than 20
 * distinct values is cut into numpy 'sturges' bins over the pooled range; otherwise every
 * distinct value (or category) is its own bin.
 */
import { CompensatedSum } from './compensated-sum.js';
import { searchSorted } from './sort-float64.js';

/** numpy.histogram_bin_edges(pooled, bins='sturges'), from the two sorted samples. */
export function sturgesEdges(a: Float64Array, b: Float64Array): number[] {
  const size = a.length + b.length;
  let first = Math.min(a[0] as number, b[0] as number);
  let last = Math.max(a[a.length - 1] as number, b[b.length - 1] as number);
  const ptp = last - first;
  const width = ptp / (Math.log2(size) + 1);
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const bins = width ? Math.ceil((last - first) / width) : 1;
  // np.linspace: start + i·step, the last edge set to stop exactly.
  const step = (last - first) / bins;
  const edges: number[] = [];
  for (let i = 0; i < bins; i++) edges.push(i * step + first);
  edges.push(last);
  return edges;
}

/** np.histogram counts for explicit edges: [e_i, e_{i+1}), the last bin closed. */
export function histogramCounts(sorted: Float64Array, edges: readonly number[]): number[] {
  const counts: number[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const lo = searchSorted(sorted, edges[i] as number, 'left');
    const hi = i + 2 === edges.length ? searchSorted(sorted, edges[i + 1] as number, 'right') : searchSorted(sorted, edges[i + 1] as number, 'left');
    counts.push(hi - lo);
  }
  return counts;
}

function relEntr(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Infinity;
}

/** scipy.spatial.distance.jensenshannon(p, q, base) on unnormalized weights (normalized here, as scipy does). */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>, base = 2): number {
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) {
    sp += p[i] as number;
    sq += q[i] as number;
  }
  const left = new CompensatedSum();
  const right = new CompensatedSum();
  for (let i = 0; i < p.length; i++) {
    const pi = (p[i] as number) / sp;
    const qi = (q[i] as number) / sq;
    const m = (pi + qi) / 2;
    left.add(relEntr(pi, m));
    right.add(relEntr(qi, m));
  }
  const js = (left.value + right.value) / Math.log(base);
  return Math.sqrt(Math.max(0, js) / 2);
}

/** Shares per bin as Evidently computes them (count / n) for a numeric column. */
export function numericJensenShannon(sortedReference: Float64Array, sortedCurrent: Float64Array, referenceDistinct: number): number {
  if (referenceDistinct > 20) {
    const edges = sturgesEdges(sortedReference, sortedCurrent);
    return jensenShannonDistance(shares(histogramCounts(sortedReference, edges), sortedReference.length), shares(histogramCounts(sortedCurrent, edges), sortedCurrent.length));
  }
  const { reference, current } = distinctValueCounts(sortedReference, sortedCurrent);
  return jensenShannonDistance(shares(reference, sortedReference.length), shares(current, sortedCurrent.length));
}

export function shares(counts: readonly number[], n: number): number[] {
  return counts.map((c) => c / n);
}

/** Counts of every pooled distinct value in each sorted sample (one merge walk). */
export function distinctValueCounts(a: Float64Array, b: Float64Array): { values: number[]; reference: number[]; current: number[] } {
  const values: number[] = [];
  const reference: number[] = [];
  const current: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const va = i < a.length ? (a[i] as number) : Infinity;
    const vb = j < b.length ? (b[j] as number) : Infinity;
    const v = va <= vb ? va : vb;
    const i0 = i;
    const j0 = j;
    while (i < a.length && a[i] === v) i++;
    while (j < b.length && b[j] === v) j++;
    values.push(v);
    reference.push(i - i0);
    current.push(j - j0);
  }
  return { values, reference, current };
}
