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
}

const f32 = Math.fround;

export function buildTree(x: Matrix, y: Float64Array, outputs: number, rows: Int32Array, opts: TreeOptions): TreeArrays {
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const features = Int32Array.from({ length: x.cols }, (_, j) => j);

  const meanOf = (idx: Int32Array): Float64Array => {
    const m = new Float64Array(outputs);
    for (const r of idx) for (let o = 0; o < outputs; o++) m[o]! += y[r * outputs + o]!;
    for (let o = 0; o < outputs; o++) m[o]! /= idx.length;
    return m;
  };

  const grow = (idx: Int32Array, depth: number): number => {
    const node = feature.length;
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    for (let o = 0; o < outputs; o++) value.push(0);
    const split = depth < opts.maxDepth && idx.length >= 2 * opts.minSamplesLeaf ? bestSplit(x, y, outputs, idx, features, opts) : undefined;
    if (!split) {
      const leaf = opts.leafValue ? opts.leafValue(idx) : meanOf(idx);
      for (let o = 0; o < outputs; o++) value[node * outputs + o] = f32(leaf[o]!);
      return node;
    }
    const l: number[] = [];
    const r: number[] = [];
    for (const i of idx) (x.data[i * x.cols + split.feature]! <= split.threshold ? l : r).push(i);
    feature[node] = split.feature;
    threshold[node] = split.threshold;
    left[node] = grow(Int32Array.from(l), depth + 1);
    right[node] = grow(Int32Array.from(r), depth + 1);
    return node;
  };
  grow(rows, 0);
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

function bestSplit(x: Matrix, y: Float64Array, outputs: number, idx: Int32Array, features: Int32Array, opts: TreeOptions): Split | undefined {
  const n = idx.length;
  const total = new Float64Array(outputs);
  for (const r of idx) for (let o = 0; o < outputs; o++) total[o]! += y[r * outputs + o]!;
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
  const sorted = new Int32Array(n);
  const leftSum = new Float64Array(outputs);
  const values = new Float32Array(n);
  for (let f = 0; f < tries; f++) {
    const col = features[f]!;
    sorted.set(idx);
    sorted.sort((a, b) => x.data[a * x.cols + col]! - x.data[b * x.cols + col]!);
    for (let i = 0; i < n; i++) values[i] = x.data[sorted[i]! * x.cols + col]!;
    if (values[0] === values[n - 1]) continue;
    leftSum.fill(0);
    for (let i = 0; i < n - 1; i++) {
      const r = sorted[i]!;
      for (let o = 0; o < outputs; o++) leftSum[o]! += y[r * outputs + o]!;
      const nl = i + 1;
      const nr = n - nl;
      if (values[i] === values[i + 1] || nl < opts.minSamplesLeaf || nr < opts.minSamplesLeaf) continue;
      let score = 0;
      for (let o = 0; o < outputs; o++) {
        const sl = leftSum[o]!;
        const sr = total[o]! - sl;
        score += (sl * sl) / nl + (sr * sr) / nr;
      }
      if (score > bestScore) {
        bestScore = score;
        const lo = values[i]!;
        const hi = values[i + 1]!;
        const mid = f32((lo + hi) / 2);
        best = { feature: col, threshold: mid >= lo && mid < hi ? mid : lo };
      }
    }
  }
  return best;
}
