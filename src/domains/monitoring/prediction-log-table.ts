/**
 * Reads a window of the prediction log as what monitors consume: the model's input columns (a
 * typed column table for the drift tests), its answers (predicted class or value, probabilities)
 * and the ground truth that feedback joined by request id. A request may carry many rows; its
 * one feedback label applies only when it carried exactly one.
 */
import type { ClassProbabilities } from './classification-metrics.js';
import { columnsToTable } from './column-data.js';
import type { PerformanceSettings } from './monitor.schema.js';
import type { LoggedPrediction } from './monitor.store.js';
import type { ColumnTable } from './monitoring.store.js';

interface TensorJson {
  type: string;
  shape: number[];
  data: (number | string | boolean)[];
}

export interface DecodedWindow {
  table: ColumnTable;
  task: 'classification' | 'regression' | null;
  /** Per row: the predicted class (as text) or value. */
  predicted: (string | number | null)[];
  /** Per row: the label from feedback, normalised like the predictions. */
  actual: (string | number | null)[];
  probabilities: ClassProbabilities | null;
  /** Rows whose probabilities are known (all or none: a window mixes models rarely, and then only those are estimated). */
  models: { model: string; version: number }[];
}

const PREDICTION_NAMES = ['label', 'prediction', 'predictions', 'output_label', 'class'];
const PROBABILITY_NAMES = ['probability', 'probabilities', 'proba', 'output_probability', 'scores'];

function parseTensors(text: string): Record<string, TensorJson> {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, TensorJson>) : {};
  } catch {
    return {};
  }
}

function rowsOf(t: TensorJson): number {
  return t.shape.length === 0 ? 1 : (t.shape[0] ?? 0);
}

function widthOf(t: TensorJson): number {
  const n = rowsOf(t);
  return n === 0 ? 0 : t.data.length / n;
}

/** JSON feedback (`1`, `"cat"`, `true`) or a served value as the text classes are compared by. */
export function classText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  return String(value);
}

function parseLabel(stored: string | null): unknown {
  if (stored === null) return null;
  try {
    return JSON.parse(stored) as unknown;
  } catch {
    return stored;
  }
}

function pick(outputs: Record<string, TensorJson>, wanted: string | undefined, names: readonly string[]): string | undefined {
  if (wanted) return wanted in outputs ? wanted : undefined;
  return names.find((n) => n in outputs);
}

/** `columnNames` name the columns of a 2-D input (the deployment's `processing.columns`); else `<input>_<j>`. */
export function decodeWindow(records: readonly LoggedPrediction[], settings: PerformanceSettings = {}, columnNames?: readonly string[]): DecodedWindow {
  // Column-wise, never one object per row: a window can hold hundreds of thousands of rows.
  const columns = new Map<string, unknown[]>();
  // The column arrays of each input tensor layout, resolved once rather than per row.
  const layouts = new Map<string, unknown[][]>();
  const arraysOf = (input: string, w: number): unknown[][] => {
    const key = `${w}:${input}`;
    let arrays = layouts.get(key);
    if (!arrays) {
      arrays = Array.from({ length: w }, (_, j) => {
        const name = w === 1 ? input : w === columnNames?.length ? (columnNames[j] as string) : `${input}_${j}`;
        let values = columns.get(name);
        if (!values) columns.set(name, (values = []));
        return values;
      });
      layouts.set(key, arrays);
    }
    return arrays;
  };
  let rowCount = 0;
  const predicted: (string | number | null)[] = [];
  const rawLabels: unknown[] = [];
  const probs: number[][] = [];
  let probWidth = 0;
  let anyText = false;
  let allIntegers = true;
  let probabilityName: string | undefined;
  const models = new Map<string, { model: string; version: number }>();
  for (const rec of records) {
    models.set(`${rec.model}@${rec.version}`, { model: rec.model, version: rec.version });
    const inputs = parseTensors(rec.inputs);
    const outputs = parseTensors(rec.outputs);
    const inputNames = Object.keys(inputs);
    const n = inputNames.length ? rowsOf(inputs[inputNames[0] as string] as TensorJson) : 0;
    const predName = pick(outputs, settings.prediction, PREDICTION_NAMES) ?? (Object.keys(outputs).length === 1 ? Object.keys(outputs)[0] : undefined);
    probabilityName ??= pick(outputs, settings.probability, PROBABILITY_NAMES);
    const probT = probabilityName ? outputs[probabilityName] : undefined;
    const predT = predName ? outputs[predName] : undefined;
    const label = parseLabel(rec.label);
    for (const name of inputNames) {
      const t = inputs[name] as TensorJson;
      const w = widthOf(t);
      const arrays = arraysOf(name, w);
      for (let j = 0; j < w; j++) {
        const values = arrays[j] as unknown[];
        for (let r = 0; r < n; r++) values[rowCount + r] = t.data[r * w + j];
      }
    }
    rowCount += n;
    for (let r = 0; r < n; r++) {
      const pv = predT && widthOf(predT) === 1 ? predT.data[r] : undefined;
      if (typeof pv === 'string') anyText = true;
      if (typeof pv === 'number' && !Number.isInteger(pv)) allIntegers = false;
      predicted.push(pv === undefined ? null : typeof pv === 'boolean' ? (pv ? 1 : 0) : pv);
      rawLabels.push(n === 1 ? label : null);
      if (probT) {
        const w = widthOf(probT);
        probWidth ||= w;
        probs.push(w === probWidth ? (probT.data.slice(r * w, (r + 1) * w) as number[]) : []);
      }
    }
  }
  const task = settings.task ?? (probWidth > 0 || anyText || (allIntegers && predicted.some((p) => p !== null)) ? 'classification' : predicted.some((p) => p !== null) ? 'regression' : null);
  let probabilities: ClassProbabilities | null = null;
  if (task === 'classification' && probWidth > 0 && probs.length === rowCount && probs.every((p) => p.length === probWidth)) {
    const k = probWidth === 1 ? 2 : probWidth;
    const classes = settings.classes && settings.classes.length === k ? settings.classes : Array.from({ length: k }, (_, i) => String(i));
    const values = new Float64Array(rowCount * k);
    probs.forEach((p, i) => {
      if (probWidth === 1) {
        values[i * 2] = 1 - (p[0] as number);
        values[i * 2 + 1] = p[0] as number;
      } else for (let j = 0; j < k; j++) values[i * k + j] = p[j] as number;
    });
    probabilities = { classes, values };
  }
  const norm = (v: unknown): string | number | null => (task === 'regression' ? (typeof v === 'number' && Number.isFinite(v) ? v : null) : classText(v));
  return { table: columnsToTable(rowCount, columns), task, predicted: predicted.map(norm), actual: rawLabels.map(norm), probabilities, models: [...models.values()] };
}
