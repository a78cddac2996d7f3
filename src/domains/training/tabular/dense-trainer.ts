/**
 * Softmax / linear regression (no hidden layer) and a small MLP (ReLU hidden layers), trained
 * with Adam on the cross-entropy (classification) or squared error (regression, on a
 * standardised target that is folded back into the last layer afterwards).
 */
import type { DenseLayer, DenseModel, Matrix, StepMetrics, TrainData, TrainHooks } from './model.js';
import { checkAborted } from './model.js';
import { logLoss } from './metrics.js';
import { predictDense, softmaxInPlace } from './predict.js';
import { normal, seededRandom, shuffled } from './random.js';

export interface DenseOptions {
  hidden: number[];
  epochs: number;
  learningRate: number;
  /** 0 = full batch. */
  batchSize: number;
  l2: number;
  seed: number;
}

interface Layer {
  w: Float64Array;
  b: Float64Array;
  inputs: number;
  outputs: number;
  // Adam moments
  mw: Float64Array;
  vw: Float64Array;
  mb: Float64Array;
  vb: Float64Array;
}

const BETA1 = 0.9;
const BETA2 = 0.999;

function makeLayer(inputs: number, outputs: number, random: () => number, relu: boolean): Layer {
  // He initialisation before a ReLU, Glorot otherwise; a linear model starts at zero like sklearn's.
  const w = new Float64Array(inputs * outputs);
  const std = relu ? Math.sqrt(2 / inputs) : Math.sqrt(1 / (inputs + outputs));
  for (let i = 0; i < w.length; i++) w[i] = normal(random) * std;
  return { w, b: new Float64Array(outputs), inputs, outputs, mw: new Float64Array(w.length), vw: new Float64Array(w.length), mb: new Float64Array(outputs), vb: new Float64Array(outputs) };
}

export function trainDense(data: TrainData, opts: DenseOptions, hooks: TrainHooks): DenseModel {
  const random = seededRandom(opts.seed);
  const { train } = data;
  const outputs = data.task === 'classification' ? data.k : 1;
  const sizes = [train.cols, ...opts.hidden, outputs];
  const layers = sizes.slice(1).map((out, l) => makeLayer(sizes[l]!, out, random, l < sizes.length - 2));
  if (opts.hidden.length === 0) layers[0]!.w.fill(0);
  // Regression learns a standardised target; the scale goes back into the last layer at the end.
  let yMean = 0;
  let yStd = 1;
  if (data.task === 'regression') {
    yMean = data.trainY.reduce((s, v) => s + v, 0) / data.trainY.length;
    yStd = Math.sqrt(data.trainY.reduce((s, v) => s + (v - yMean) ** 2, 0) / data.trainY.length) || 1;
  }
  const batchSize = opts.batchSize > 0 ? Math.min(opts.batchSize, train.rows) : train.rows;
  const acts = sizes.map((s) => new Float64Array(batchSize * s));
  const deltas = sizes.map((s) => new Float64Array(batchSize * s));
  let t = 0;
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    checkAborted(hooks.signal);
    const order = shuffled(train.rows, random);
    let lossSum = 0;
    for (let start = 0; start < train.rows; start += batchSize) {
      const m = Math.min(batchSize, train.rows - start);
      // forward
      const a0 = acts[0]!;
      for (let i = 0; i < m; i++) for (let j = 0; j < train.cols; j++) a0[i * train.cols + j] = train.data[order[start + i]! * train.cols + j]!;
      layers.forEach((layer, l) => forward(layer, acts[l]!, acts[l + 1]!, m, l < layers.length - 1));
      // output delta
      const out = acts[layers.length]!;
      const dOut = deltas[layers.length]!;
      for (let i = 0; i < m; i++) {
        const y = data.trainY[order[start + i]!]!;
        if (data.task === 'classification') {
          softmaxInPlace(out, i * outputs, outputs);
          lossSum -= Math.log(Math.max(1e-15, out[i * outputs + y]!));
          for (let o = 0; o < outputs; o++) dOut[i * outputs + o] = (out[i * outputs + o]! - (o === y ? 1 : 0)) / m;
        } else {
          const e = out[i]! - (y - yMean) / yStd;
          lossSum += e * e;
          dOut[i] = (2 * e) / m;
        }
      }
      // backward + Adam
      t++;
      for (let l = layers.length - 1; l >= 0; l--) backward(layers[l]!, acts[l]!, deltas[l]!, deltas[l + 1]!, acts[l]!, m, l > 0, opts, t);
    }
    const step: StepMetrics = { loss: data.task === 'classification' ? lossSum / train.rows : Math.sqrt(lossSum / train.rows) * yStd };
    if (data.valid.rows > 0) Object.assign(step, validationStep(toModel(layers, yMean, yStd, data.task), data));
    if (hooks.onStep?.(epoch, step) === true) break;
  }
  return toModel(layers, yMean, yStd, data.task);
}

function forward(layer: Layer, input: Float64Array, output: Float64Array, m: number, relu: boolean): void {
  const { inputs, outputs, w, b } = layer;
  for (let i = 0; i < m; i++) {
    for (let o = 0; o < outputs; o++) output[i * outputs + o] = b[o]!;
    for (let j = 0; j < inputs; j++) {
      const v = input[i * inputs + j]!;
      if (v === 0) continue;
      for (let o = 0; o < outputs; o++) output[i * outputs + o]! += v * w[j * outputs + o]!;
    }
    if (relu) for (let o = 0; o < outputs; o++) if (output[i * outputs + o]! < 0) output[i * outputs + o] = 0;
  }
}

function backward(layer: Layer, input: Float64Array, dInput: Float64Array, dOutput: Float64Array, activation: Float64Array, m: number, propagate: boolean, opts: DenseOptions, t: number): void {
  const { inputs, outputs, w, b } = layer;
  const gw = new Float64Array(w.length);
  const gb = new Float64Array(outputs);
  for (let i = 0; i < m; i++) {
    for (let o = 0; o < outputs; o++) gb[o]! += dOutput[i * outputs + o]!;
    for (let j = 0; j < inputs; j++) {
      const v = input[i * inputs + j]!;
      if (v !== 0) for (let o = 0; o < outputs; o++) gw[j * outputs + o]! += v * dOutput[i * outputs + o]!;
      // The first layer's input needs no gradient; ReLU'(z) is 1 where the activation is positive.
      if (!propagate) continue;
      if (activation[i * inputs + j]! <= 0) {
        dInput[i * inputs + j] = 0;
        continue;
      }
      let back = 0;
      for (let o = 0; o < outputs; o++) back += w[j * outputs + o]! * dOutput[i * outputs + o]!;
      dInput[i * inputs + j] = back;
    }
  }
  for (let i = 0; i < w.length; i++) gw[i]! += opts.l2 * w[i]!;
  adam(w, gw, layer.mw, layer.vw, opts.learningRate, t);
  adam(b, gb, layer.mb, layer.vb, opts.learningRate, t);
}

function adam(p: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, lr: number, t: number): void {
  const c1 = 1 - BETA1 ** t;
  const c2 = 1 - BETA2 ** t;
  for (let i = 0; i < p.length; i++) {
    m[i] = BETA1 * m[i]! + (1 - BETA1) * g[i]!;
    v[i] = BETA2 * v[i]! + (1 - BETA2) * g[i]! * g[i]!;
    p[i]! -= (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + 1e-8);
  }
}

/** Float32 weights (what the ONNX file holds), the target scale folded into the last layer. */
function toModel(layers: Layer[], yMean: number, yStd: number, task: TrainData['task']): DenseModel {
  const last = layers.length - 1;
  return {
    kind: 'dense',
    layers: layers.map((l, i): DenseLayer => {
      const scale = i === last && task === 'regression' ? yStd : 1;
      const shift = i === last && task === 'regression' ? yMean : 0;
      return { weights: Float32Array.from(l.w, (v) => v * scale), bias: Float32Array.from(l.b, (v) => v * scale + shift), inputs: l.inputs, outputs: l.outputs };
    }),
  };
}

function validationStep(model: DenseModel, data: TrainData): StepMetrics {
  return validationMetrics(predictDense(model, data.valid, data.task), data);
}

export function validationMetrics(predictions: Float64Array, data: { task: TrainData['task']; k: number; validY: Float64Array; valid: Matrix }): StepMetrics {
  if (data.task === 'classification') return { val_loss: logLoss(predictions, data.validY, data.k) };
  let sq = 0;
  for (let i = 0; i < data.validY.length; i++) sq += (predictions[i]! - data.validY[i]!) ** 2;
  return { val_rmse: Math.sqrt(sq / data.validY.length) };
}
