/** Random forest: bootstrap rows, a random feature subset per split, leaf class frequencies averaged. */
import { buildTree, presortFeatures } from './decision-tree.js';
import { validationMetrics } from './dense-trainer.js';
import { checkAborted, type TrainData, type TrainHooks, type TreeArrays, type TreeEnsembleModel } from './model.js';
import { predictTrees } from './predict.js';
import { seededRandom } from './random.js';

export interface ForestOptions {
  trees: number;
  maxDepth: number;
  minSamplesLeaf: number;
  /** Fraction of features tried per split; 0 = √width (classification) or width/3 (regression). */
  maxFeatures: number;
  bootstrap: boolean;
  seed: number;
}

export function outputsOf(data: TrainData): { outputs: number; y: Float64Array } {
  if (data.task === 'regression') return { outputs: 1, y: data.trainY };
  const y = new Float64Array(data.trainY.length * data.k);
  data.trainY.forEach((label, i) => (y[i * data.k + label] = 1));
  return { outputs: data.k, y };
}

export function trainForest(data: TrainData, opts: ForestOptions, hooks: TrainHooks): TreeEnsembleModel {
  const random = seededRandom(opts.seed);
  const { outputs, y } = outputsOf(data);
  const n = data.train.rows;
  const width = data.train.cols;
  const maxFeatures = opts.maxFeatures > 0 ? Math.max(1, Math.round(opts.maxFeatures * width)) : data.task === 'classification' ? Math.max(1, Math.round(Math.sqrt(width))) : Math.max(1, Math.round(width / 3));
  const trees: TreeArrays[] = [];
  const presorted = presortFeatures(data.train);
  const base = new Float32Array(outputs);
  const model = (): TreeEnsembleModel => ({ kind: 'trees', trees, base, postTransform: 'none' });
  // Each leaf holds its share of the average, so the ensemble is a plain sum (what ONNX computes).
  const share = 1 / opts.trees;
  for (let t = 1; t <= opts.trees; t++) {
    checkAborted(hooks.signal);
    const rows = opts.bootstrap ? Int32Array.from({ length: n }, () => Math.floor(random() * n)) : Int32Array.from({ length: n }, (_, i) => i);
    const tree = buildTree(data.train, y, outputs, rows, {
      maxDepth: opts.maxDepth,
      minSamplesLeaf: opts.minSamplesLeaf,
      maxFeatures,
      random,
      presorted,
      leafValue: (idx) => {
        const m = new Float64Array(outputs);
        for (const r of idx) for (let o = 0; o < outputs; o++) m[o]! += y[r * outputs + o]!;
        return m.map((v) => (v / idx.length) * share);
      },
    });
    trees.push(tree);
    if (data.valid.rows > 0 && hooks.onStep) {
      // The forest so far, rescaled from t/trees of the full sum to an average.
      const partial = predictTrees(model(), data.valid).map((v) => (v * opts.trees) / t);
      if (hooks.onStep(t, validationMetrics(partial, data)) === true) break;
    }
  }
  // Stopped early: the leaves hold 1/trees shares of fewer trees; rescale so it still averages.
  if (trees.length < opts.trees) for (const tree of trees) tree.value.forEach((v, i) => (tree.value[i] = Math.fround((v * opts.trees) / trees.length)));
  return model();
}


