/**
 * The trainer's own predictions from a fitted model: probabilities (n × k) for a
 * classifier, values (n) for a regressor. Tree ensembles are evaluated in float32 in tree
 * order, as ONNX Runtime's TreeEnsemble operators do, so the two agree to rounding.
 */
import type { DenseModel, FittedModel, Matrix, TreeArrays, TreeEnsembleModel } from './model.js';
import type { TabularTask } from './target.js';

const f32 = Math.fround;

export function predictModel(model: FittedModel, x: Matrix, task: TabularTask): Float64Array {
  return model.kind === 'dense' ? predictDense(model, x, task) : predictTrees(model, x);
}

export function softmaxInPlace(z: Float64Array, offset: number, k: number): void {
  let max = -Infinity;
  for (let j = 0; j < k; j++) max = Math.max(max, z[offset + j]!);
  let sum = 0;
  for (let j = 0; j < k; j++) {
    const e = Math.exp(z[offset + j]! - max);
    z[offset + j] = e;
    sum += e;
  }
  for (let j = 0; j < k; j++) z[offset + j]! /= sum;
}

export function predictDense(model: DenseModel, x: Matrix, task: TabularTask): Float64Array {
  let input: Float64Array | Float32Array = x.data;
  let out = new Float64Array(0);
  let width = x.cols;
  model.layers.forEach((layer, l) => {
    out = new Float64Array(x.rows * layer.outputs);
    for (let i = 0; i < x.rows; i++) {
      for (let o = 0; o < layer.outputs; o++) out[i * layer.outputs + o] = layer.bias[o]!;
      for (let j = 0; j < width; j++) {
        const v = input[i * width + j]!;
        if (v === 0) continue;
        const row = j * layer.outputs;
        for (let o = 0; o < layer.outputs; o++) out[i * layer.outputs + o]! += v * layer.weights[row + o]!;
      }
      if (l < model.layers.length - 1) for (let o = 0; o < layer.outputs; o++) out[i * layer.outputs + o] = Math.max(0, out[i * layer.outputs + o]!);
    }
    input = out;
    width = layer.outputs;
  });
  if (task === 'classification') for (let i = 0; i < x.rows; i++) softmaxInPlace(out, i * width, width);
  return out;
}

export function leafOf(tree: TreeArrays, x: Float32Array, offset: number): number {
  let node = 0;
  while (tree.feature[node]! >= 0) node = x[offset + tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
  return node;
}

export function predictTrees(model: TreeEnsembleModel, x: Matrix): Float64Array {
  const k = model.base.length;
  const out = new Float64Array(x.rows * k);
  const acc = new Float64Array(k);
  for (let i = 0; i < x.rows; i++) {
    acc.fill(0);
    model.trees.forEach((tree, t) => {
      const leaf = leafOf(tree, x.data, i * x.cols);
      if (model.treeOutput) {
        const o = model.treeOutput[t]!;
        acc[o] = f32(acc[o]! + tree.value[leaf]!);
      } else for (let o = 0; o < k; o++) acc[o] = f32(acc[o]! + tree.value[leaf * tree.outputs + o]!);
    });
    for (let o = 0; o < k; o++) out[i * k + o] = f32(acc[o]! + model.base[o]!);
    if (model.postTransform === 'softmax') softmaxInPlace(out, i * k, k);
  }
  return out;
}
