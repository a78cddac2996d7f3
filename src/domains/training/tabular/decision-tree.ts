/**
 * CART on a multi-output target by variance reduction. With one-hot class indicators as
 * the outputs this is exactly Gini-impurity splitting (Gini = Σ p(1−p), the indicators'
 * summed variance), so one builder serves random-forest classification and regression and
 * the regression trees of gradient boosting.
 *
 * Thresholds are float32 midpoints between adjacent distinct values, checked to still
 * separate them after rounding, because the exported ONNX model compares in float32.
 */
import type { Matrix, TreeArrays } from './model.js';
import type { Random } from './random.js';

export interface TreeOptions {
  maxDepth: number;
  minSamplesLeaf: number;
  /** Features tried per split (all when ≥ the width). */
  maxFeatures: number;
  random: Random;
  /** The leaf's values from its rows; the mean of the targets by default. */
  leafValue?: (rows: Int32Array) => ArrayLike<number>;
  /** presortFeatures(x), computed once for a whole ensemble. */
  presorted?: Int32Array[] | undefined;
}

/** Every row of `x` in value order, per feature: sorted once, reused by every tree of an ensemble. */
export function presortFeatures(x: Matrix): Int32Array[] {
  return Array.from({ length: x.cols }, (_, f) => {
    const o = Int32Array.from({ length: x.rows }, (_, i) => i);
    o.sort((a, b) => x.data[a * x.cols + f]! - x.data[b * x.cols + f]! || a - b);
    return o;
  });
}

/** The presorted orders restricted to `rows` (a multiset: bootstrap rows repeat), in O(n) per feature. */
function expand(presorted: Int32Array[], rows: Int32Array, nRows: number): Int32Array[] {
  const count = new Int32Array(nRows);
  for (const r of rows) count[r]!++;
  return presorted.map((sorted) => {
    const o = new Int32Array(rows.length);
    let k = 0;
    for (const r of sorted) for (let c = count[r]!; c > 0; c--) o[k++] = r;
    return o;
  });
}

const f32 = Math.fround;

export function buildTree(x: Matrix, y: Float64Array, outputs: number, rows: Int32Array, opts: TreeOptions): TreeArrays {
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const features = Int32Array.from({ length: x.cols }, (_, j) => j);
  const n = rows.length;
  // Presorted once: per feature, the rows in value order. A node is the same segment
  // [start, end) of every feature's order, kept by a stable partition after each split,
  // so no node sorts again (O(n · features) per tree level instead of O(n log n · features)).
  const order = expand(opts.presorted ?? presortFeatures(x), rows, x.rows);
  const goesLeft = new Uint8Array(x.rows);
  const scratch = new Int32Array(n);

  const meanOf = (idx: Int32Array): Float64Array => {
    const m = new Float64Array(outputs);
    for (const r of idx) for (let o = 0; o < outputs; o++) m[o]! += y[r * outputs + o]!;
    for (let o = 0; o < outputs; o++) m[o]! /= idx.length;
    return m;
  };

  const grow = (start: number, end: number, depth: number): number => {
    const node = feature.length;
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    for (let o = 0; o < outputs; o++) value.push(0);
    const size = end - start;
    const split = depth < opts.maxDepth && size >= 2 * opts.minSamplesLeaf ? bestSplit(x, y, outputs, order, start, end, features, opts) : undefined;
    if (!split) {
      const idx = order[0]!.slice(start, end);
      const leaf = opts.leafValue ? opts.leafValue(idx) : meanOf(idx);
      for (let o = 0; o < outputs; o++) value[node * outputs + o] = f32(leaf[o]!);
      return node;
    }
    const splitOrder = order[split.feature]!;
    for (let i = start; i < end; i++) {
      const r = splitOrder[i]!;
      goesLeft[r] = x.data[r * x.cols + split.feature]! <= split.threshold ? 1 : 0;
    }
    let mid = start;
    for (const o of order) {
      let l = start;
      let k = 0;
      for (let i = start; i < end; i++) {
        const r = o[i]!;
        if (goesLeft[r]) o[l++] = r;
        else scratch[k++] = r;
      }
      o.set(scratch.subarray(0, k), l);
      mid = l;
    }
    feature[node] = split.feature;
    threshold[node] = split.threshold;
    left[node] = grow(start, mid, depth + 1);
    right[node] = grow(mid, end, depth + 1);
    return node;
  };
  grow(0, n, 0);
  return {
    feature: Int32Array.from(feature),
    threshold: Float32Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float32Array.from(value),
    outputs,
  };
}

interface Split {
  feature: number;
  threshold: number;
}

function bestSplit(x: Matrix, y: Float64Array, outputs: number, order: Int32Array[], start: number, end: number, features: Int32Array, opts: TreeOptions): Split | undefined {
  const n = end - start;
  const total = new Float64Array(outputs);
  const any = order[0]!;
  for (let i = start; i < end; i++) for (let o = 0; o < outputs; o++) total[o]! += y[any[i]! * outputs + o]!;
  let parentScore = 0;
  for (let o = 0; o < outputs; o++) parentScore += (total[o]! * total[o]!) / n;
  // Partial Fisher–Yates: the first maxFeatures entries are this split's random subset.
  const tries = Math.min(opts.maxFeatures, features.length);
  for (let i = 0; i < tries; i++) {
    const j = i + Math.floor(opts.random() * (features.length - i));
    const t = features[i]!;
    features[i] = features[j]!;
    features[j] = t;
  }
  let best: Split | undefined;
  let bestScore = parentScore + 1e-12;
  const leftSum = new Float64Array(outputs);
  for (let f = 0; f < tries; f++) {
    const col = features[f]!;
    const sorted = order[col]!;
    const at = (i: number): number => x.data[sorted[i]! * x.cols + col]!;
    if (at(start) === at(end - 1)) continue;
    leftSum.fill(0);
    for (let i = start; i < end - 1; i++) {
      const r = sorted[i]!;
      for (let o = 0; o < outputs; o++) leftSum[o]! += y[r * outputs + o]!;
      const nl = i - start + 1;
      const nr = n - nl;
      const lo = at(i);
      const hi = at(i + 1);
      if (lo === hi || nl < opts.minSamplesLeaf || nr < opts.minSamplesLeaf) continue;
      let score = 0;
      for (let o = 0; o < outputs; o++) {
        const sl = leftSum[o]!;
        const sr = total[o]! - sl;
        score += (sl * sl) / nl + (sr * sr) / nr;
      }
      if (score > bestScore) {
        bestScore = score;
        const midpoint = f32((lo + hi) / 2);
        best = { feature: col, threshold: midpoint >= lo && midpoint < hi ? midpoint : lo };
      }
    }
  }
  return best;
}
