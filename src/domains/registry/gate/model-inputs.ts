/**
 * From evaluation rows to model input tensors: which columns feed which input, which
 * rows are usable, and the true labels. Every mismatch between the policy, the data
 * and the model's signature is an INVALID_ARGUMENT naming the policy field.
 */
import { AppError } from '../../../core/errors.js';
import type { ModelSignature, TensorSpec, TensorValue } from '../../../core/ports/model-runtime.js';
import type { Row } from './evaluation-data.js';
import type { EvaluationSpec } from './gate-policy.schema.js';
import type { Binary } from './metrics.js';

const P = 'policy.evaluation';
const NUMERIC_INPUTS = new Set(['float32', 'float64', 'int32', 'int64']);

export interface InputBinding {
  spec: TensorSpec;
  columns: string[];
}

function invalid(path: string, message: string): AppError {
  return AppError.invalid(`${path}: ${message}`, [{ path, message }]);
}

/** Binds feature columns to the model's inputs, checking names, rank, width and element type. */
export function bindInputs(features: EvaluationSpec['features'], signature: ModelSignature): InputBinding[] {
  const byName = new Map(signature.inputs.map((s) => [s.name, s]));
  let pairs: [TensorSpec, string[], string][];
  if (Array.isArray(features)) {
    const only = signature.inputs[0];
    if (signature.inputs.length !== 1 || !only) {
      throw invalid(`${P}.features`, `the model has ${signature.inputs.length} inputs (${[...byName.keys()].join(', ')}): map each input name to its columns`);
    }
    pairs = [[only, features, `${P}.features`]];
  } else {
    pairs = Object.entries(features).map(([name, cols]) => {
      const spec = byName.get(name);
      if (!spec) throw invalid(`${P}.features.${name}`, `the model has no input '${name}' (inputs: ${[...byName.keys()].join(', ')})`);
      return [spec, cols, `${P}.features.${name}`];
    });
    const unbound = signature.inputs.filter((s) => !(s.name in features));
    if (unbound.length > 0) throw invalid(`${P}.features`, `model input(s) ${unbound.map((s) => s.name).join(', ')} have no columns`);
  }
  return pairs.map(([spec, columns, path]) => {
    if (!NUMERIC_INPUTS.has(spec.type)) throw invalid(path, `model input '${spec.name}' is ${spec.type}; the gate feeds numeric columns only`);
    if (spec.shape.length !== 2) throw invalid(path, `model input '${spec.name}' has shape [${spec.shape.join(', ')}]; the gate feeds 2-D [rows, columns] inputs`);
    const width = spec.shape[1]!;
    if (width !== -1 && width !== columns.length) {
      throw invalid(path, `${columns.length} columns given, model input '${spec.name}' takes ${width}`);
    }
    return { spec, columns };
  });
}

export function isMissing(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));
}

function toNumber(v: unknown, column: string, rowIndex: number): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  throw invalid(`${P}.features`, `column '${column}' holds ${JSON.stringify(v)} at row ${rowIndex}, which is not a number`);
}

export interface UsableRows {
  rows: Row[];
  /** Index of each kept row in the dataset, so evidence can point back at it. */
  indices: number[];
  dropped: number;
}

/** Keeps rows whose features (and label, when given) are present; `missing: 'error'` refuses the dataset instead. */
export function usableRows(rows: readonly Row[], required: readonly string[], missing: EvaluationSpec['missing'], where = P): UsableRows {
  const kept: Row[] = [];
  const indices: number[] = [];
  rows.forEach((row, i) => {
    const absent = required.find((c) => isMissing(row[c]));
    if (absent === undefined) {
      kept.push(row);
      indices.push(i);
    } else if (missing === 'error') {
      throw invalid(`${where}.missing`, `row ${i} has no value for '${absent}' (set missing: 'drop' to skip such rows)`);
    }
  });
  if (kept.length === 0) throw invalid(where, `no row has every column (${required.join(', ')}) present`);
  return { rows: kept, indices, dropped: rows.length - kept.length };
}

/** Row-major [rows, columns] tensors, one per input, in the input's numeric type. */
export function buildInputs(bindings: readonly InputBinding[], rows: readonly Row[], firstIndex = 0): Record<string, TensorValue> {
  const inputs: Record<string, TensorValue> = {};
  for (const { spec, columns } of bindings) {
    const k = columns.length;
    const values = new Float64Array(rows.length * k);
    rows.forEach((row, r) => {
      columns.forEach((c, j) => {
        values[r * k + j] = toNumber(row[c], c, firstIndex + r);
      });
    });
    const shape = [rows.length, k];
    switch (spec.type) {
      case 'float32':
        inputs[spec.name] = { type: 'float32', shape, data: Float32Array.from(values) };
        break;
      case 'float64':
        inputs[spec.name] = { type: 'float64', shape, data: values };
        break;
      case 'int32':
        inputs[spec.name] = { type: 'int32', shape, data: Int32Array.from(values, Math.round) };
        break;
      default:
        inputs[spec.name] = { type: 'int64', shape, data: Array.from(values, Math.round) };
    }
  }
  return inputs;
}

/** Labels compare as text, so CSV `1`, JSON 1 and an int64 output 1 are the same class. */
export function labelText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Binary truth: equal (as text) to `positiveLabel`, or 1/true when no positive label is configured. */
export function binaryTruth(values: readonly unknown[], positiveLabel: EvaluationSpec['positiveLabel']): Binary[] {
  if (positiveLabel !== undefined) {
    const positive = labelText(positiveLabel);
    return values.map((v): Binary => (labelText(v) === positive ? 1 : 0));
  }
  return values.map((v, i): Binary => {
    const t = labelText(v);
    if (t === '1' || t === 'true') return 1;
    if (t === '0' || t === 'false') return 0;
    throw invalid(`${P}.positiveLabel`, `label ${t} (row ${i}) is not 0/1 or true/false: say which value is positive`);
  });
}

export function multiclassTruth(values: readonly unknown[]): string[] {
  return values.map(labelText);
}

export function regressionTruth(values: readonly unknown[]): number[] {
  return values.map((v, i) => {
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
    if (!Number.isFinite(n)) throw invalid(`${P}.label`, `label ${labelText(v)} (row ${i}) is not a number`);
    return n;
  });
}
