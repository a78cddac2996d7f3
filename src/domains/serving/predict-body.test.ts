import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { parseInput } from '../../core/validation.js';
import { parsePredictBody } from './predict-body.js';
import { predictBodySchema } from './serving.schema.js';

/** The hot-path parser must answer exactly what the schema answers: the same value, or the same 400. */
function outcome(parse: () => unknown): unknown {
  try {
    return { ok: parse() };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { code: err.code, message: err.message, details: err.details };
  }
}

const row = { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 };
const bodies: unknown[] = [
  { instances: [row] },
  { instances: [row, { ...row, note: 'x', flag: true, missing: null }], key: 'user-7' },
  { instances: [{}] },
  { instances: [row], key: '' },
  { instances: [row], key: 'k'.repeat(257) },
  { instances: [row], key: 3 },
  { instances: [row], extra: 1 },
  { instances: [] },
  { instances: Array.from({ length: 10_001 }, () => row) },
  { instances: [{ ...row, text: 's'.repeat(10_001) }] },
  { instances: [{ ['c'.repeat(257)]: 1 }] },
  { instances: [{ a: [1, 2] }] },
  { instances: [{ a: { b: 1 } }] },
  { instances: [[1, 2, 3, 4]] },
  { instances: [null] },
  { instances: row },
  {},
  [],
  null,
  'body',
];

describe('predict body parser', () => {
  it('answers what predictBodySchema answers, for valid and invalid bodies alike', () => {
    for (const body of bodies) {
      expect(outcome(() => parsePredictBody(body)), JSON.stringify(body)?.slice(0, 80)).toEqual(outcome(() => parseInput(predictBodySchema, body)));
    }
  });
});
