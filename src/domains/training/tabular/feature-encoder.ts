/**
 * Turns table columns into the float32 feature matrix the trainers see, and is stored with
 * the model (and rebuilt inside its ONNX graph) so serving applies the same preprocessing:
 * numeric columns get their missing values replaced by the training mean and, for linear
 * models and MLPs, are standardised; categorical columns are one-hot encoded over the
 * categories seen in training (an unseen or missing category is all zeros).
 *
 * Every value is rounded to float32 the way ONNX Runtime computes it ((x − offset) · scale
 * in float32), so tree thresholds compare exactly the numbers the exported model compares.
 */
import { AppError } from '../../../core/errors.js';
import type { ColumnTable, TableColumn } from '../../monitoring/index.js';

const f32 = Math.fround;

export interface NumericFeature {
  name: string;
  kind: 'numeric';
  /** Replaces a missing value (the training mean). */
  fill: number;
  offset: number;
  scale: number;
}

export interface CategoricalFeature {
  name: string;
  kind: 'categorical';
  categories: string[];
}

export type FeatureSpec = NumericFeature | CategoricalFeature;

export interface FeatureEncoderSpec {
  /** Numeric features first, then categorical ones: the matrix's column order. */
  features: FeatureSpec[];
  standardize: boolean;
  /** Matrix width: one column per numeric feature plus one per category. */
  width: number;
}

/** Most categories kept per column; rarer ones share the all-zero encoding of an unseen value. */
export const MAX_CATEGORIES = 100;

export function findColumn(table: ColumnTable, name: string): TableColumn {
  const column = table.columns.find((c) => c.name === name);
  if (!column) throw AppError.invalid(`column '${name}' is not in the data (columns: ${table.columns.map((c) => c.name).join(', ')})`, [{ path: 'target', message: 'unknown column' }]);
  return column;
}

export function fitEncoder(table: ColumnTable, featureNames: readonly string[], rows: Int32Array, standardize: boolean): FeatureEncoderSpec {
  const numeric: NumericFeature[] = [];
  const categorical: CategoricalFeature[] = [];
  for (const name of featureNames) {
    const column = findColumn(table, name);
    if (column.kind === 'numeric') {
      let sum = 0;
      let n = 0;
      for (const r of rows) {
        const v = column.values[r]!;
        if (!Number.isNaN(v)) {
          sum += v;
          n++;
        }
      }
      const mean = n > 0 ? sum / n : 0;
      let ss = 0;
      for (const r of rows) {
        const v = column.values[r]!;
        if (!Number.isNaN(v)) ss += (v - mean) ** 2;
      }
      const std = n > 1 ? Math.sqrt(ss / n) : 0;
      numeric.push({ name, kind: 'numeric', fill: f32(mean), offset: standardize ? f32(mean) : 0, scale: standardize && std > 0 ? f32(1 / std) : 1 });
    } else if (column.kind === 'categorical') {
      const counts = new Map<number, number>();
      for (const r of rows) {
        const code = column.codes[r]!;
        if (code >= 0) counts.set(code, (counts.get(code) ?? 0) + 1);
      }
      // Most frequent first; ties in first-seen order, so the encoding is deterministic.
      const kept = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, MAX_CATEGORIES);
      if (kept.length > 0) categorical.push({ name, kind: 'categorical', categories: kept.map(([code]) => column.dictionary[code]!) });
    }
  }
  const width = numeric.length + categorical.reduce((s, c) => s + c.categories.length, 0);
  if (width === 0) throw AppError.invalid('no usable feature columns: give numeric or text columns besides the target', [{ path: 'features', message: 'no usable columns' }]);
  return { features: [...numeric, ...categorical], standardize, width };
}

/** The rows' feature matrix (row-major, float32). */
export function encodeRows(spec: FeatureEncoderSpec, table: ColumnTable, rows: ArrayLike<number>): Float32Array {
  const d = spec.width;
  const out = new Float32Array(rows.length * d);
  let offset = 0;
  for (const feature of spec.features) {
    const column = findColumn(table, feature.name);
    if (feature.kind === 'numeric') {
      if (column.kind !== 'numeric') throw AppError.invalid(`column '${feature.name}' must be numeric`);
      for (let i = 0; i < rows.length; i++) out[i * d + offset] = encodeNumber(feature, column.values[rows[i]!]!, spec.standardize);
      offset++;
    } else {
      if (column.kind !== 'categorical') throw AppError.invalid(`column '${feature.name}' must be text`);
      const index = new Map(feature.categories.map((c, k) => [c, k]));
      const byCode = column.dictionary.map((value) => index.get(value) ?? -1);
      for (let i = 0; i < rows.length; i++) {
        const code = column.codes[rows[i]!]!;
        const k = code >= 0 ? byCode[code]! : -1;
        if (k >= 0) out[i * d + offset + k] = 1;
      }
      offset += feature.categories.length;
    }
  }
  return out;
}

export function encodeNumber(feature: NumericFeature, raw: number, standardize: boolean): number {
  const v = Number.isNaN(raw) ? feature.fill : f32(raw);
  return standardize ? f32(f32(v - feature.offset) * feature.scale) : v;
}
