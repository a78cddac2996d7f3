/**
 * Runs a loaded model over evaluation rows and turns its output tensor into
 * predictions of the policy's task, then computes any metric over them (or over a
 * subset of rows, which is how fairness gets per-group values).
 */
import { AppError } from '../../../core/errors.js';
import type { LoadedModel, TensorValue } from '../../../core/ports/model-runtime.js';
import type { Row } from './evaluation-data.js';
import type { EvaluationSpec, FairnessMetricName } from './gate-policy.schema.js';
import { accuracy, binaryLogLoss, confusion, f1, macroAverage, mae, multiclassLogLoss, precision, r2, recall, rmse, rocAuc, selectionRate, type Binary } from './metrics.js';
import { buildInputs, labelText, type InputBinding } from './model-inputs.js';

export type Predictions =
  | { task: 'binary'; truth: Binary[]; predicted: Binary[]; scores: number[] | null }
  | { task: 'multiclass'; truth: string[]; predicted: string[]; probabilities: number[][] | null; classes: string[] }
  | { task: 'regression'; truth: number[]; predicted: number[] };

/** Rows per call: large enough to amortise the call, small enough to keep the tensors modest. */
const BATCH_ROWS = 1024;

export interface OutputColumns {
  /** Row-major output values, one entry per element. */
  values: (number | string | boolean)[];
  /** Elements per row (1 for [n] or [n,1], C for [n,C]). */
  width: number;
}

function plain(data: TensorValue['data']): (number | string | boolean)[] {
  if (data instanceof BigInt64Array) return Array.from(data, (v) => Number(v));
  return Array.from(data as ArrayLike<number | string | boolean>);
}

/** Calls the model on batches of rows and concatenates the one output the policy reads. */
export async function runOverRows(model: LoadedModel, bindings: readonly InputBinding[], rows: readonly Row[], output: string): Promise<OutputColumns> {
  if (!model.signature.outputs.some((o) => o.name === output)) {
    const path = 'policy.evaluation.prediction.output';
    const names = model.signature.outputs.map((o) => o.name).join(', ');
    throw AppError.invalid(`${path}: the model has no output '${output}' (outputs: ${names})`, [{ path, message: `no output '${output}'` }]);
  }
  // A model exported with a fixed batch dimension takes exactly that many rows per call.
  const fixed = bindings.map((b) => b.spec.shape[0]!).find((d) => d > 0);
  const batch = fixed ?? BATCH_ROWS;
  const values: (number | string | boolean)[] = [];
  let width = 1;
  for (let start = 0; start < rows.length; start += batch) {
    const slice = rows.slice(start, start + batch);
    if (fixed !== undefined && slice.length !== fixed) {
      throw AppError.invalid(`the model takes batches of exactly ${fixed} rows; ${rows.length} evaluation rows do not divide into them`);
    }
    const out = (await model.run(buildInputs(bindings, slice, start)))[output];
    if (!out) throw new AppError('INTERNAL', `the model returned no output '${output}'`);
    const n = out.shape[0] ?? 0;
    if (n !== slice.length) throw AppError.invalid(`output '${output}' has ${n} rows for ${slice.length} input rows`);
    width = out.shape.slice(1).reduce((a, d) => a * d, 1);
    values.push(...plain(out.data));
  }
  return { values, width };
}

function column(out: OutputColumns, index: number): (number | string | boolean)[] {
  const col: (number | string | boolean)[] = [];
  for (let i = index; i < out.values.length; i += out.width) col.push(out.values[i]!);
  return col;
}

function scoreOf(v: number | string | boolean, what: string): number {
  const n = Number(v);
  if (typeof v === 'string' || !Number.isFinite(n)) throw AppError.invalid(`policy.evaluation.prediction: output value ${JSON.stringify(v)} is not a ${what}`);
  return n;
}

function outputWidthError(width: number, expected: string): AppError {
  const path = 'policy.evaluation.prediction.output';
  return AppError.invalid(`${path}: the output has ${width} values per row; ${expected}`, [{ path, message: `unexpected width ${width}` }]);
}

/**
 * Binary labels: a string output is positive when it equals `positiveLabel`; a
 * numeric or boolean output is compared with a numeric `positiveLabel`, otherwise 1/true is positive.
 */
function binaryFromLabel(v: number | string | boolean, positiveLabel: EvaluationSpec['positiveLabel']): Binary {
  if (typeof v === 'string' || typeof positiveLabel === 'number') return labelText(v) === labelText(positiveLabel ?? 1) ? 1 : 0;
  return v === true || v === 1 ? 1 : 0;
}

/** Predicted labels, without truth: what the safety check compares with forbidden outputs. */
export function interpretLabels(spec: EvaluationSpec, out: OutputColumns): string[] {
  const { prediction } = spec;
  if (spec.task === 'binary') {
    const positive = labelText(spec.positiveLabel ?? 1);
    const negative = labelText(spec.negativeLabel ?? 0);
    return interpretBinary(spec, out).predicted.map((b) => (b === 1 ? positive : negative));
  }
  if (prediction.kind === 'probability') {
    const classes = (prediction.classes ?? []).map(labelText);
    if (out.width !== classes.length) throw outputWidthError(out.width, `prediction.classes names ${classes.length}`);
    return rowsOf(out).map((row) => classes[argmax(row)]!);
  }
  if (out.width !== 1) throw outputWidthError(out.width, 'a label output has one value per row');
  const classes = prediction.classes?.map(labelText);
  // A classifier that outputs class indices is mapped through `classes` when they are given.
  return out.values.map((v) => (classes && typeof v === 'number' && Number.isInteger(v) && classes[v] !== undefined ? classes[v] : labelText(v)));
}

function interpretBinary(spec: EvaluationSpec, out: OutputColumns): { predicted: Binary[]; scores: number[] | null } {
  if (spec.prediction.kind === 'probability') {
    // [n] / [n,1]: P(positive). [n,2]: sklearn-onnx's [P(negative), P(positive)].
    if (out.width !== 1 && out.width !== 2) throw outputWidthError(out.width, 'a binary probability output has 1 or 2 columns');
    const scores = column(out, out.width - 1).map((v) => scoreOf(v, 'probability'));
    return { scores, predicted: scores.map((s): Binary => (s >= spec.prediction.threshold ? 1 : 0)) };
  }
  if (out.width !== 1) throw outputWidthError(out.width, 'a label output has one value per row');
  return { scores: null, predicted: out.values.map((v) => binaryFromLabel(v, spec.positiveLabel)) };
}

function rowsOf(out: OutputColumns): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < out.values.length; i += out.width) rows.push(out.values.slice(i, i + out.width).map((v) => scoreOf(v, 'probability')));
  return rows;
}

function argmax(row: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
  return best;
}

/** Pairs the model's output with the truth; `truth` is already typed for the task (see model-inputs.ts). */
export function interpretPredictions(spec: EvaluationSpec, out: OutputColumns, truth: Binary[] | string[] | number[]): Predictions {
  if (spec.task === 'binary') return { task: 'binary', truth: truth as Binary[], ...interpretBinary(spec, out) };
  if (spec.task === 'regression') {
    if (out.width !== 1) throw outputWidthError(out.width, 'a regression output has one value per row');
    return { task: 'regression', truth: truth as number[], predicted: out.values.map((v) => scoreOf(v, 'number')) };
  }
  const t = truth as string[];
  const predicted = interpretLabels(spec, out);
  const classes = spec.prediction.classes ? spec.prediction.classes.map(labelText) : [...new Set([...t, ...predicted])].sort();
  return { task: 'multiclass', truth: t, predicted, probabilities: spec.prediction.kind === 'probability' ? rowsOf(out) : null, classes };
}

export function predictionCount(p: Predictions): number {
  return p.truth.length;
}

/** The predictions of the rows at `indices` (positions in the evaluated rows). */
export function subsetPredictions(p: Predictions, indices: readonly number[]): Predictions {
  const pick = <T>(a: readonly T[]): T[] => indices.map((i) => a[i]!);
  if (p.task === 'binary') return { task: 'binary', truth: pick(p.truth), predicted: pick(p.predicted), scores: p.scores ? pick(p.scores) : null };
  if (p.task === 'regression') return { task: 'regression', truth: pick(p.truth), predicted: pick(p.predicted) };
  return { task: 'multiclass', truth: pick(p.truth), predicted: pick(p.predicted), probabilities: p.probabilities ? pick(p.probabilities) : null, classes: p.classes };
}

/** `null` when the metric is undefined for these rows (see metrics.ts); the policy schema has already refused impossible pairs. */
export function computeMetric(metric: FairnessMetricName, p: Predictions): number | null {
  if (p.task === 'regression') {
    if (metric === 'rmse') return rmse(p.truth, p.predicted);
    if (metric === 'mae') return mae(p.truth, p.predicted);
    if (metric === 'r2') return r2(p.truth, p.predicted);
  } else if (p.task === 'binary') {
    const c = confusion(p.truth, p.predicted);
    switch (metric) {
      case 'accuracy':
        return accuracy(p.truth, p.predicted);
      case 'precision':
        return precision(c);
      case 'recall':
        return recall(c);
      case 'f1':
        return f1(c);
      case 'selectionRate':
        return selectionRate(p.predicted);
      case 'auc':
        return p.scores ? rocAuc(p.truth, p.scores) : null;
      case 'logloss':
        return p.scores ? binaryLogLoss(p.truth, p.scores) : null;
    }
  } else {
    switch (metric) {
      case 'accuracy':
        return accuracy(p.truth, p.predicted);
      case 'precision':
        return macroAverage(p.truth, p.predicted, p.classes, precision);
      case 'recall':
        return macroAverage(p.truth, p.predicted, p.classes, recall);
      case 'f1':
        return macroAverage(p.truth, p.predicted, p.classes, f1);
      case 'logloss':
        return p.probabilities ? multiclassLogLoss(p.truth.map((t) => p.classes.indexOf(t)), p.probabilities) : null;
    }
  }
  throw AppError.invalid(`metric ${metric} does not apply to a ${p.task} task`);
}
