import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import { parseInput } from '../../src/core/validation.js';
import type { TensorValue } from '../../src/core/ports/model-runtime.js';
import { encodeOutput, inferRequestSchema, inferResponseText, parseInferBody } from '../../src/http/oip/oip-tensors.js';

/** The hot-path parser must answer exactly what the schema answers: the same value, or the same 400. */
function outcome(parse: () => unknown): unknown {
  try {
    return { ok: parse() };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { code: err.code, message: err.message, details: err.details };
  }
}

const tensor = { name: 'x', shape: [1, 4], datatype: 'FP32', data: [0.5, -1.25, 2, 0.75] };

const bodies: unknown[] = [
  { inputs: [tensor] },
  { id: 'req-1', inputs: [tensor, { ...tensor, name: 'y', data: [[1, 2], [3, 4]] }] },
  { inputs: [{ ...tensor, parameters: { binary_data_size: 4 } }] },
  { parameters: { key: 'user-1' }, inputs: [tensor] },
  { inputs: [tensor], outputs: [{ name: 'probabilities' }] },
  { inputs: [{ ...tensor, extra: true }], unknown: 1 },
  { id: 7, inputs: [tensor] },
  { id: 'x'.repeat(129), inputs: [tensor] },
  { id: null, inputs: [tensor] },
  { inputs: [] },
  { inputs: Array.from({ length: 257 }, () => tensor) },
  { inputs: [{ ...tensor, name: '' }] },
  { inputs: [{ ...tensor, name: 'n'.repeat(257) }] },
  { inputs: [{ ...tensor, datatype: '' }] },
  { inputs: [{ ...tensor, datatype: 'FP32'.repeat(5) }] },
  { inputs: [{ ...tensor, shape: [1.5, 4] }] },
  { inputs: [{ ...tensor, shape: [-1, 4] }] },
  { inputs: [{ ...tensor, shape: ['1', 4] }] },
  { inputs: [{ ...tensor, shape: [4_000_001] }] },
  { inputs: [{ ...tensor, shape: Array.from({ length: 17 }, () => 1) }] },
  { inputs: [{ ...tensor, data: 'abc' }] },
  { inputs: [{ name: 'x', shape: [1], datatype: 'FP32' }] },
  { inputs: [null] },
  { inputs: 'x' },
  {},
  [],
  null,
  'body',
];

describe('OIP infer body parser', () => {
  it('answers what inferRequestSchema answers, for valid and invalid bodies alike', () => {
    for (const body of bodies) {
      expect(outcome(() => parseInferBody(body)), JSON.stringify(body)?.slice(0, 80)).toEqual(outcome(() => parseInput(inferRequestSchema, body, 'body')));
    }
  });
});

describe('OIP infer answer', () => {
  it('is the JSON of the OIP response object, character for character', () => {
    const outputs: Record<string, TensorValue>[] = [
      { probabilities: { type: 'float32', shape: [2, 3], data: Float32Array.from([0.1, 0.2, 0.7, 1e-8, 0.5, 0.5]) } },
      { label: { type: 'string', shape: [1], data: ['cat "x"'] }, idx: { type: 'int64', shape: [1], data: BigInt64Array.from([2n ** 60n]) }, ok: { type: 'bool', shape: [1], data: [true] } },
      { y: { type: 'float64', shape: [1], data: Float64Array.from([123.456]) } },
      {},
    ];
    for (const out of outputs) {
      const head = { model_name: 'mlp', model_version: '3', id: 'req "1"', parameters: { arm: 'primary', cached: false, fallback: true } };
      expect(inferResponseText(head, out)).toBe(JSON.stringify({ ...head, outputs: Object.entries(out).map(([n, t]) => encodeOutput(n, t)) }));
    }
  });
});
