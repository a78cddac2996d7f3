/**
 * The target column: classes (text, or numbers when asked for classification) or a
 * numeric value. Rows whose target is missing are left out of training and evaluation.
 */
import { AppError } from '../../../core/errors.js';
import type { ColumnTable } from '../../monitoring/index.js';
import { findColumn } from './feature-encoder.js';

export type TabularTask = 'classification' | 'regression';

export interface ClassTarget {
  task: 'classification';
  classes: string[];
  /** Class index per table row, −1 when missing. */
  labels: Int32Array;
}

export interface RegressionTarget {
  task: 'regression';
  /** Value per table row, NaN when missing. */
  values: Float64Array;
}

export type Target = ClassTarget | RegressionTarget;

/** A numeric target with at most this many distinct integer values counts as classes by default. */
const MAX_INTEGER_CLASSES = 10;

export function readTarget(table: ColumnTable, name: string, task?: TabularTask): Target {
  const column = findColumn(table, name);
  if (column.kind === 'unsupported') throw AppError.invalid(`target column '${name}' cannot be used: ${column.reason}`, [{ path: 'target', message: column.reason }]);
  if (column.kind === 'categorical') {
    if (task === 'regression') throw AppError.invalid(`target column '${name}' is text: it cannot be a regression target`, [{ path: 'task', message: 'regression needs a numeric target' }]);
    const seen = [...new Set(Array.from(column.codes).filter((c) => c >= 0))].sort((a, b) => column.dictionary[a]!.localeCompare(column.dictionary[b]!));
    const index = new Map(seen.map((code, k) => [code, k]));
    const labels = Int32Array.from(column.codes, (c) => (c >= 0 ? index.get(c)! : -1));
    return checkClasses(name, { task: 'classification', classes: seen.map((c) => column.dictionary[c]!), labels });
  }
  const distinct = [...new Set(Array.from(column.values).filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
  const looksLikeClasses = distinct.length <= MAX_INTEGER_CLASSES && distinct.every((v) => Number.isInteger(v));
  if (task === 'classification' || (task === undefined && looksLikeClasses && distinct.length >= 2)) {
    if (distinct.length > 1000) throw AppError.invalid(`target column '${name}' has ${distinct.length} distinct values: too many classes`, [{ path: 'target', message: 'too many classes' }]);
    const index = new Map(distinct.map((v, k) => [v, k]));
    const labels = Int32Array.from(column.values, (v) => (Number.isNaN(v) ? -1 : index.get(v)!));
    return checkClasses(name, { task: 'classification', classes: distinct.map((v) => String(v)), labels });
  }
  return { task: 'regression', values: column.values };
}

function checkClasses(name: string, target: ClassTarget): ClassTarget {
  if (target.classes.length < 2) throw AppError.invalid(`target column '${name}' has ${target.classes.length} class(es): classification needs at least 2`, [{ path: 'target', message: 'fewer than 2 classes' }]);
  return target;
}

export function hasTarget(target: Target, row: number): boolean {
  return target.task === 'classification' ? target.labels[row]! >= 0 : !Number.isNaN(target.values[row]!);
}
