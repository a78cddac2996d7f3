/** Checking entity keys and feature values against their declared types: a wrong type is a 400 naming the field. */
import { AppError } from '../../core/errors.js';
import type { Entity, FeatureValue, FeatureValueType, JoinKeyType } from './features.schema.js';

function describeValue(v: unknown): string {
  return typeof v === 'string' ? `string "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"` : `${typeof v} ${String(v)}`;
}

export function checkKeyValue(value: unknown, type: JoinKeyType, path: string): number | string {
  const ok = type === 'int64' ? typeof value === 'number' && Number.isSafeInteger(value) : typeof value === 'string';
  if (!ok) throw AppError.invalid(`${path}: expected ${type}, got ${describeValue(value)}`, [{ path, message: `expected ${type}` }]);
  return value as number | string;
}

export function checkFeatureValue(value: unknown, type: FeatureValueType, path: string): FeatureValue {
  if (value === null || value === undefined) return null;
  const ok =
    type === 'int64' ? typeof value === 'number' && Number.isSafeInteger(value) : type === 'float64' ? typeof value === 'number' && Number.isFinite(value) : type === 'string' ? typeof value === 'string' : typeof value === 'boolean';
  if (!ok) throw AppError.invalid(`${path}: expected ${type}, got ${describeValue(value)}`, [{ path, message: `expected ${type}` }]);
  return value as FeatureValue;
}

/** The largest epoch-ms magnitude a Date can hold. */
const MAX_DATE_MS = 8.64e15;

/** Epoch ms from an ISO string or epoch-ms number. */
export function parseTime(value: unknown, path: string): number {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  // Beyond ±8.64e15 ms a Date is invalid: such a number is no timestamp (and would fail later, as a 500).
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) throw AppError.invalid(`${path}: expected a timestamp (ISO 8601 or epoch milliseconds), got ${describeValue(value)}`, [{ path, message: 'expected a timestamp' }]);
  return ms;
}

/**
 * The entity-key columns of an online request for the given entities: every join key present,
 * every column the same length, every value of the join key's type.
 */
export function entityColumns(columns: Record<string, readonly (number | string)[]>, entities: readonly Entity[], views: readonly string[]): { rows: number; keys: Map<string, (number | string)[]> } {
  let rows: number | undefined;
  for (const [name, values] of Object.entries(columns)) {
    if (rows !== undefined && values.length !== rows) throw AppError.invalid(`entities.${name}: has ${values.length} values but other columns have ${rows}`, [{ path: `entities.${name}`, message: 'columns differ in length' }]);
    rows = values.length;
  }
  const keys = new Map<string, (number | string)[]>();
  for (const entity of entities) {
    for (const k of entity.joinKeys) {
      if (keys.has(k.name)) continue;
      const values = columns[k.name];
      if (!values) throw AppError.invalid(`entities.${k.name}: missing (join key of entity '${entity.name}', used by ${views.join(', ')})`, [{ path: `entities.${k.name}`, message: 'missing join key' }]);
      keys.set(k.name, values.map((v, i) => checkKeyValue(v, k.type, `entities.${k.name}.${i}`)));
    }
  }
  return { rows: rows ?? 0, keys };
}
