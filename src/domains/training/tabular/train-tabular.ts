/**
 * trainTabular: one table in, a trained and evaluated model out, with its ONNX export.
 * No I/O: reading the data and tracking the run belong to TrainingService; the HPO
 * studies call this directly for each trial (and can stop it early through onStep).
 */
import { AppError } from '../../../core/errors.js';
import type { ColumnTable } from '../../monitoring/index.js';
import { exportTabularOnnx } from '../onnx/tabular-onnx.js';
import { trainDense } from './dense-trainer.js';
import { encodeRows, fitEncoder, type FeatureEncoderSpec } from './feature-encoder.js';
import { trainForest } from './forest-trainer.js';
import { trainGbdt } from './gbdt-trainer.js';
import { classificationMetrics, regressionMetrics } from './metrics.js';
import type { FittedModel, Matrix, StepMetrics, TrainData } from './model.js';
import { predictModel } from './predict.js';
import { seededRandom, shuffled } from './random.js';
import { hasTarget, readTarget, type TabularTask } from './target.js';
import { parseTrainerParams, type TabularModelKind } from './trainer-params.js';

export interface TrainTabularOptions {
  table: ColumnTable;
  target: string;
  model: TabularModelKind;
  /** Model hyperparameters (see TRAINER_PARAMS); strings are coerced. */
  params?: Record<string, unknown> | undefined;
  /** Feature columns; all other usable columns when absent. */
  features?: readonly string[] | undefined;
  /** Fraction of rows used for training, the rest for validation (0.8). */
  split?: number | undefined;
  /** Classification for text targets and few-valued integer targets unless given. */
  task?: TabularTask | undefined;
  /** Per epoch / tree / round metrics; returning true stops training (pruning). */
  onStep?: ((step: number, metrics: StepMetrics) => boolean | void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface TrainTabularResult {
  model: TabularModelKind;
  task: TabularTask;
  /** Class names, in the order of the probabilities' columns (classification). */
  classes: string[];
  /** The hyperparameters used, defaults filled in. */
  params: Record<string, unknown>;
  features: string[];
  /** Validation metrics (accuracy, f1, roc_auc, log_loss | mae, rmse, r2) and the same on training rows as train_*. */
  metrics: Record<string, number>;
  history: { step: number; metrics: StepMetrics }[];
  rows: { train: number; validation: number };
  encoder: FeatureEncoderSpec;
  fitted: FittedModel;
  /** The model with its preprocessing, ONNX bytes (label + probabilities, or prediction). */
  onnx: Uint8Array;
  /** The trainer's own predictions for a table with the same columns: n × k probabilities, or n values. */
  predict(table: ColumnTable): Float64Array;
}

export function trainTabular(opts: TrainTabularOptions): TrainTabularResult {
  const split = opts.split ?? 0.8;
  if (!(split > 0 && split < 1)) throw AppError.invalid(`split must be between 0 and 1 (exclusive), got ${split}`, [{ path: 'split', message: 'between 0 and 1' }]);
  const params = parseTrainerParams(opts.model, opts.params ?? {}) as Record<string, unknown> & { seed: number };
  const target = readTarget(opts.table, opts.target, opts.task);
  const features = (opts.features ?? opts.table.columns.filter((c) => c.kind !== 'unsupported').map((c) => c.name)).filter((f) => f !== opts.target);
  const usable = Int32Array.from({ length: opts.table.rowCount }, (_, i) => i).filter((r) => hasTarget(target, r));
  const order = shuffled(usable.length, seededRandom(params.seed));
  const rows = Int32Array.from(order, (i) => usable[i]!);
  const nTrain = Math.round(rows.length * split);
  if (nTrain < 2 || rows.length - nTrain < 1) throw AppError.invalid(`too few rows with a target (${rows.length}) for a ${split} split`, [{ path: 'data', message: 'too few rows' }]);
  const trainRows = rows.subarray(0, nTrain);
  const validRows = rows.subarray(nTrain);

  const standardize = opts.model === 'logreg' || opts.model === 'mlp';
  const encoder = fitEncoder(opts.table, features, trainRows, standardize);
  const matrix = (r: Int32Array): Matrix => ({ data: encodeRows(encoder, opts.table, r), rows: r.length, cols: encoder.width });
  const yOf = (r: Int32Array): Float64Array => Float64Array.from(r, (row) => (target.task === 'classification' ? target.labels[row]! : target.values[row]!));
  const k = target.task === 'classification' ? target.classes.length : 1;
  const data: TrainData = { task: target.task, k, train: matrix(trainRows), trainY: yOf(trainRows), valid: matrix(validRows), validY: yOf(validRows) };

  const history: { step: number; metrics: StepMetrics }[] = [];
  const hooks = {
    signal: opts.signal,
    onStep: (step: number, metrics: StepMetrics): boolean => {
      history.push({ step, metrics });
      return opts.onStep?.(step, metrics) === true;
    },
  };
  const fitted = fit(opts.model, data, params, hooks);
  const evaluate = (m: Matrix, y: Float64Array): Record<string, number> => {
    const p = predictModel(fitted, m, target.task);
    return { ...(target.task === 'classification' ? classificationMetrics(p, y, k) : regressionMetrics(p, y)) };
  };
  const validation = evaluate(data.valid, data.validY);
  const training = evaluate(data.train, data.trainY);
  const metrics = { ...validation, ...Object.fromEntries(Object.entries(training).map(([key, v]) => [`train_${key}`, v])) };
  const classes = target.task === 'classification' ? target.classes : [];
  const onnx = exportTabularOnnx({
    model: fitted,
    encoder,
    task: target.task,
    classes,
    graphName: `keel_${opts.model}`,
    metadata: { 'keel.model': opts.model, 'keel.task': target.task, 'keel.target': opts.target, 'keel.classes': JSON.stringify(classes), 'keel.encoder': JSON.stringify(encoder), 'keel.params': JSON.stringify(params) },
  });
  return {
    model: opts.model,
    task: target.task,
    classes,
    params,
    features: encoder.features.map((f) => f.name),
    metrics,
    history,
    rows: { train: trainRows.length, validation: validRows.length },
    encoder,
    fitted,
    onnx,
    predict: (table) => predictModel(fitted, { data: encodeRows(encoder, table, Int32Array.from({ length: table.rowCount }, (_, i) => i)), rows: table.rowCount, cols: encoder.width }, target.task),
  };
}

function fit(model: TabularModelKind, data: TrainData, p: Record<string, unknown>, hooks: { signal?: AbortSignal | undefined; onStep: (s: number, m: StepMetrics) => boolean }): FittedModel {
  const n = (key: string): number => p[key] as number;
  switch (model) {
    case 'logreg':
      return trainDense(data, { hidden: [], epochs: n('epochs'), learningRate: n('learning_rate'), batchSize: 0, l2: n('l2'), seed: n('seed') }, hooks);
    case 'mlp':
      return trainDense(data, { hidden: p.hidden as number[], epochs: n('epochs'), learningRate: n('learning_rate'), batchSize: n('batch_size'), l2: n('l2'), seed: n('seed') }, hooks);
    case 'forest':
      return trainForest(data, { trees: n('trees'), maxDepth: n('max_depth'), minSamplesLeaf: n('min_samples_leaf'), maxFeatures: n('max_features'), bootstrap: p.bootstrap as boolean, seed: n('seed') }, hooks);
    case 'gbdt':
      return trainGbdt(data, { rounds: n('rounds'), learningRate: n('learning_rate'), maxDepth: n('max_depth'), minSamplesLeaf: n('min_samples_leaf'), subsample: n('subsample'), seed: n('seed') }, hooks);
  }
}


