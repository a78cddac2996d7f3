/** What every built-in trainer takes and gives back, so training, metrics and ONNX export stay generic. */
import type { TabularTask } from './target.js';

export interface Matrix {
  /** Row-major, float32 (the precision the exported model computes in). */
  data: Float32Array;
  rows: number;
  cols: number;
}

export interface TrainData {
  task: TabularTask;
  /** Classes (classification); 1 for regression. */
  k: number;
  train: Matrix;
  /** Class index per row (classification) or the value (regression). */
  trainY: Float64Array;
  valid: Matrix;
  validY: Float64Array;
}

export type StepMetrics = Record<string, number>;

export interface TrainHooks {
  /**
   * Called after every epoch / tree / boosting round with validation and training losses.
   * Returning `true` stops training early (a pruner's decision); the model so far is kept.
   */
  onStep?: (step: number, metrics: StepMetrics) => boolean | void;
  signal?: AbortSignal | undefined;
}

export interface DenseLayer {
  /** in × out, row-major. */
  weights: Float32Array;
  bias: Float32Array;
  inputs: number;
  outputs: number;
}

/** A feed-forward network: ReLU between layers; softmax after the last for classification. */
export interface DenseModel {
  kind: 'dense';
  layers: DenseLayer[];
}

export interface TreeArrays {
  /** −1 marks a leaf. */
  feature: Int32Array;
  threshold: Float32Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaf values, `outputs` per node (zeros on split nodes). */
  value: Float32Array;
  outputs: number;
}

/**
 * Trees whose leaf values add up (in tree order, float32) to one score per output,
 * plus `base`; then softmax (classification with raw scores) or nothing.
 */
export interface TreeEnsembleModel {
  kind: 'trees';
  trees: TreeArrays[];
  /** For one-output trees: the output (class) each tree adds to; absent when trees carry all outputs. */
  treeOutput?: Int32Array | undefined;
  base: Float32Array;
  postTransform: 'none' | 'softmax';
}

export type FittedModel = DenseModel | TreeEnsembleModel;

export interface Trainer {
  fit(data: TrainData, params: Record<string, unknown>, hooks: TrainHooks): FittedModel;
}

export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('training aborted');
}
