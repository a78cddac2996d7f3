import { describe, expect, it } from 'vitest';
import { parseInput } from '../../core/validation.js';
import { parseLogBatch } from './log-batch-parser.js';
import { logBatchSchema } from './tracking.schema.js';

const T = 1_750_000_000_000;
const many = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `m${i % 3}`, value: i / 7, timestamp: T + i, step: i }));

/** The fast path must answer exactly what zod answers: same output, or the same error. */
function outcome(parse: () => unknown): unknown {
  try {
    return { ok: parse() };
  } catch (err) {
    return { err: (err as Error).message, details: (err as { details?: unknown }).details };
  }
}

const cases: [string, unknown][] = [
  ['empty', {}],
  ['metrics', { metrics: many(1000) }],
  ['step defaults to 0, non-finite spellings', { metrics: [{ key: 'a', value: 'NaN', timestamp: T }, { key: 'a', value: '-Infinity', timestamp: T, step: -3 }] }],
  ['in-process NaN and Infinity', { metrics: [{ key: 'a', value: Number.NaN, timestamp: T }, { key: 'a', value: Infinity, timestamp: T }] }],
  ['params and tags', { params: [{ key: 'lr', value: '0.1' }], tags: [{ key: 'a/b c.d-e_f', value: '' }] }],
  ['over the metric limit', { metrics: many(1001) }],
  ['over the total limit', { metrics: many(1000), params: [{ key: 'lr', value: '1' }] }],
  ['bad key', { metrics: [{ key: 'a..b/../c', value: 1, timestamp: T }] }],
  ['key with a forbidden character', { metrics: [{ key: 'a$', value: 1, timestamp: T }] }],
  ['unknown field in a metric', { metrics: [{ key: 'a', value: 1, timestamp: T, extra: 1 }] }],
  ['unknown top-level field', { metrics: [], run_id: 'x' }],
  ['string value', { metrics: [{ key: 'a', value: '1', timestamp: T }] }],
  ['fractional step', { metrics: [{ key: 'a', value: 1, timestamp: T, step: 1.5 }] }],
  ['negative timestamp', { metrics: [{ key: 'a', value: 1, timestamp: -1 }] }],
  ['unsafe timestamp', { metrics: [{ key: 'a', value: 1, timestamp: 2 ** 60 }] }],
  ['missing timestamp', { metrics: [{ key: 'a', value: 1 }] }],
  ['param value too long', { params: [{ key: 'a', value: 'x'.repeat(6001) }] }],
  ['tag value not a string', { tags: [{ key: 'a', value: 1 }] }],
  ['not an object', [1, 2]],
  ['metrics not an array', { metrics: { key: 'a' } }],
];

describe('parseLogBatch', () => {
  it.each(cases)('matches zod: %s', (_, input) => {
    expect(outcome(() => parseLogBatch(input))).toEqual(outcome(() => parseInput(logBatchSchema, input, 'body')));
  });
});
