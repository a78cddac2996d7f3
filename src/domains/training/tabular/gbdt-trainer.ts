/**
 * Gradient-boosted trees (Friedman's gradient boosting): squared error for regression;
 * multinomial deviance for classification with one tree per class per round and the
 * one-step Newton leaf value (K−1)/K · Σr / Σ|r|(1−|r|), as scikit-learn's
 * GradientBoostingClassifier does. Raw scores start at the class log-priors (or the mean).
 */
import { buildTree, presortFeatures } from './decision-tree.js';
import { validationMetrics } from './dense-trainer.js';
import { checkAborted, type TrainData, type TrainHooks, type TreeArrays, type TreeEnsembleModel } from './model.js';
import { leafOf, softmaxInPlace } from './predict.js';
import { seededRandom } from './random.js';

export interface GbdtOptions {
  rounds: number;
  learningRate: number;
  maxDepth: number;
  minSamplesLeaf: number;
  /** Fraction of rows each round sees (stochastic gradient boosting when < 1). */
  subsample: number;
  seed: number;
}

const f32 = Math.fround;

export function trainGbdt(data: TrainData, opts: GbdtOptions, hooks: TrainHooks): TreeEnsembleModel {
  const random = seededRandom(opts.seed);
  const classification = data.task === 'classification';
  const k = classification ? data.k : 1;
  const n = data.train.rows;
  const base = new Float32Array(k);
  if (classification) {
    const counts = new Float64Array(k);
    for (const label of data.trainY) counts[label]!++;
    for (let j = 0; j < k; j++) base[j] = f32(Math.log(Math.max(counts[j]!, 1e-3) / n));
  } else base[0] = f32(data.trainY.reduce((s, v) => s + v, 0) / n);
  const trees: TreeArrays[] = [];
  const treeOutput: number[] = [];
  const model = (): TreeEnsembleModel => ({ kind: 'trees', trees, treeOutput: Int32Array.from(treeOutput), base, postTransform: classification ? 'softmax' : 'none' });
  const score = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) score[i * k + j] = base[j]!;
  const validScore = new Float64Array(data.valid.rows * k);
  for (let i = 0; i < data.valid.rows; i++) for (let j = 0; j < k; j++) validScore[i * k + j] = base[j]!;
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const presorted = presortFeatures(data.train);
  const residual = new Float64Array(n);
  const probability = new Float64Array(n * k);

  for (let round = 1; round <= opts.rounds; round++) {
    checkAborted(hooks.signal);
    const rows = opts.subsample < 1 ? all.filter(() => random() < opts.subsample) : all;
    if (classification) {
      probability.set(score);
      for (let i = 0; i < n; i++) softmaxInPlace(probability, i * k, k);
    }
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < n; i++) residual[i] = classification ? (data.trainY[i] === j ? 1 : 0) - probability[i * k + j]! : data.trainY[i]! - score[i]!;
      const tree = buildTree(data.train, residual, 1, rows.length > 0 ? rows : all, {
        maxDepth: opts.maxDepth,
        minSamplesLeaf: opts.minSamplesLeaf,
        maxFeatures: data.train.cols,
        random,
        presorted,
        leafValue: (idx) => {
          let num = 0;
          let den = 0;
          for (const r of idx) {
            const g = residual[r]!;
            num += g;
            den += Math.abs(g) * (1 - Math.abs(g));
          }
          if (!classification) return [opts.learningRate * (num / idx.length)];
          return [den < 1e-12 ? 0 : (opts.learningRate * ((k - 1) / k) * num) / den];
        },
      });
      trees.push(tree);
      treeOutput.push(j);
      for (let i = 0; i < n; i++) score[i * k + j]! += tree.value[leafOf(tree, data.train.data, i * data.train.cols)]!;
      for (let i = 0; i < data.valid.rows; i++) validScore[i * k + j]! += tree.value[leafOf(tree, data.valid.data, i * data.valid.cols)]!;
    }
    if (data.valid.rows > 0 && hooks.onStep) {
      const p = Float64Array.from(validScore);
      if (classification) for (let i = 0; i < data.valid.rows; i++) softmaxInPlace(p, i * k, k);
      if (hooks.onStep(round, { loss: trainLoss(score, data, k), ...validationMetrics(p, data) }) === true) break;
    }
  }
  return model();
}

function trainLoss(score: Float64Array, data: TrainData, k: number): number {
  const n = data.train.rows;
  let sum = 0;
  if (data.task === 'regression') {
    for (let i = 0; i < n; i++) sum += (score[i]! - data.trainY[i]!) ** 2;
    return Math.sqrt(sum / n);
  }
  const p = Float64Array.from(score);
  for (let i = 0; i < n; i++) {
    softmaxInPlace(p, i * k, k);
    sum -= Math.log(Math.max(1e-15, p[i * k + data.trainY[i]!]!));
  }
  return sum / n;
}
