import { AppError } from '../../core/errors.js';
import type { ModelSignature, TensorValue } from '../../core/ports/model-runtime.js';
import type { PredictBody, Processing } from './serving.schema.js';
import { dataToJson } from './tensor-batch.js';

/**
 * The tabular steps a deployment may declare around its model: column order and
 * scaling before it, argmax with label names or a probability threshold after it.
 */

/** `instances` → the model's first input, one row per instance in `columns` order (or the first instance's key order). */
export function instancesToInputs(body: PredictBody, processing: Processing, signature: ModelSignature): Record<string, TensorValue> {
  const spec = signature.inputs[0];
  if (!spec || signature.inputs.length !== 1 || spec.shape.length !== 2) {
    throw new AppError('FAILED_PRECONDITION', `instances need a model with one 2-D input; this one takes ${signature.inputs.map((s) => `${s.name} [${s.shape.join(', ')}]`).join(', ')}: use the OIP infer endpoint`);
  }
  if (spec.type === 'string' || spec.type === 'bool') throw new AppError('FAILED_PRECONDITION', `instances need a numeric model input; '${spec.name}' is ${spec.type}`);
  const first = body.instances[0] ?? {};
  const columns = processing.columns ?? Object.keys(first);
  const width = spec.shape[1] as number;
  if (width !== -1 && columns.length !== width) {
    throw AppError.invalid(`instances have ${columns.length} columns (${columns.join(', ')}) but input '${spec.name}' takes ${width}`, [{ path: 'body.instances.0', message: 'wrong column count' }]);
  }
  const data = spec.type === 'float64' ? new Float64Array(body.instances.length * columns.length) : new Float32Array(body.instances.length * columns.length);
  body.instances.forEach((row, i) => {
    columns.forEach((col, j) => {
      const v = row[col];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        const problem = v === undefined ? 'is missing' : `is ${JSON.stringify(v).slice(0, 40)}, not a number`;
        throw AppError.invalid(`instances[${i}].${col} ${problem} (input '${spec.name}' column ${j})`, [{ path: `body.instances.${i}.${col}`, message: 'expected a number' }]);
      }
      data[i * columns.length + j] = v;
    });
  });
  const isFloat = spec.type === 'float32' || spec.type === 'float64';
  const values: TensorValue['data'] = isFloat ? data : Array.from(data, (v) => Math.round(v));
  return { [spec.name]: { type: spec.type, shape: [body.instances.length, columns.length], data: values } };
}

/** (x − mean) / std on the first input, column-wise; a new tensor (the caller's stays as sent, for the log). */
export function applyScaling(processing: Processing, signature: ModelSignature, inputs: Record<string, TensorValue>): Record<string, TensorValue> {
  const scaling = processing.scaling;
  const spec = signature.inputs[0];
  if (!scaling || !spec || (spec.type !== 'float32' && spec.type !== 'float64')) return inputs;
  const value = inputs[spec.name];
  if (!value) return inputs;
  const width = value.shape[value.shape.length - 1] ?? 1;
  if (scaling.mean.length !== width || scaling.std.length !== width) {
    throw new AppError('FAILED_PRECONDITION', `scaling has ${scaling.mean.length} means and ${scaling.std.length} stds but input '${spec.name}' has ${width} columns`);
  }
  const src = value.data as ArrayLike<number>;
  const out = spec.type === 'float64' ? new Float64Array(src.length) : new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const j = i % width;
    out[i] = (src[i]! - scaling.mean[j]!) / (scaling.std[j]! || 1);
  }
  return { ...inputs, [spec.name]: { ...value, data: out } };
}

/** Adds `label` (and keeps every model output) per the deployment's argmax or threshold step. */
export function postprocess(processing: Processing, outputs: Record<string, TensorValue>): Record<string, TensorValue> {
  const step = processing.argmax ?? processing.threshold;
  if (!step) return outputs;
  const scores = outputs[step.output];
  if (!scores) throw new AppError('FAILED_PRECONDITION', `postprocessing names output '${step.output}', which the model does not have (${Object.keys(outputs).join(', ')})`);
  const rows = scores.shape[0] ?? 1;
  const width = scores.data.length / Math.max(rows, 1);
  const values = dataToJson(scores.data).map(Number);
  const indices: number[] = [];
  for (let r = 0; r < rows; r++) {
    if (processing.argmax) {
      let best = 0;
      for (let j = 1; j < width; j++) if (values[r * width + j]! > values[r * width + best]!) best = j;
      indices.push(best);
    } else {
      indices.push(values[r * width + (width > 1 ? 1 : 0)]! >= (processing.threshold?.value ?? 0.5) ? 1 : 0);
    }
  }
  const labels = processing.argmax ? processing.argmax.labels : processing.threshold?.labels;
  const label: TensorValue = labels ? { type: 'string', shape: [rows], data: indices.map((i) => labels[i] ?? String(i)) } : { type: 'int64', shape: [rows], data: indices };
  return { ...outputs, label };
}

/** Row objects for the tabular endpoint: each output's row (a scalar when it has one value per row). */
export function outputsToRows(outputs: Record<string, TensorValue>): Record<string, unknown>[] {
  const names = Object.keys(outputs);
  const first = outputs[names[0] ?? ''];
  const rows = first?.shape[0] ?? 0;
  const out: Record<string, unknown>[] = Array.from({ length: rows }, () => ({}));
  for (const name of names) {
    const t = outputs[name] as TensorValue;
    const data = dataToJson(t.data);
    const width = data.length / Math.max(t.shape[0] ?? 1, 1);
    for (let r = 0; r < rows; r++) (out[r] as Record<string, unknown>)[name] = width === 1 ? data[r] : data.slice(r * width, (r + 1) * width);
  }
  return out;
}
