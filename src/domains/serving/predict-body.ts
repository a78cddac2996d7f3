import { parseInput } from '../../core/validation.js';
import { predictBodySchema, type PredictBody } from './serving.schema.js';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One instance as the schema's record of cells accepts it; false when unsure. */
function plainInstance(row: unknown): boolean {
  if (!isPlainObject(row)) return false;
  for (const k in row) {
    if (k.length > 256) return false;
    const v = row[k];
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return false;
    } else if (typeof v === 'string') {
      if (v.length > 10_000) return false;
    } else if (typeof v !== 'boolean' && v !== null) return false;
  }
  return true;
}

/**
 * `predictBodySchema`'s parse on the hot path: the usual body is checked by hand (a
 * fraction of zod's time) and passed on as parsed; every other body, valid or not, goes
 * through the schema, so answers and errors stay the schema's own.
 */
export function parsePredictBody(value: unknown): PredictBody {
  fast: if (isPlainObject(value)) {
    for (const k in value) if (k !== 'instances' && k !== 'key') break fast;
    const { instances, key } = value;
    if (key !== undefined && (typeof key !== 'string' || key.length < 1 || key.length > 256)) break fast;
    if (!Array.isArray(instances) || instances.length < 1 || instances.length > 10_000) break fast;
    for (const row of instances) if (!plainInstance(row)) break fast;
    return value as PredictBody;
  }
  return parseInput(predictBodySchema, value);
}
