import { describe, expect, it } from 'vitest';
import { tensorsJsonText, tensorsToJson } from './tensor-batch.js';
import type { TensorValue } from '../../core/ports/model-runtime.js';

describe('tensorsJsonText', () => {
  it('prints exactly what JSON.stringify(tensorsToJson(…)) prints, for every tensor type', () => {
    const cases: Record<string, TensorValue>[] = [
      {},
      { x: { type: 'float32', shape: [1, 4], data: Float32Array.from([0.5, -1.25, 2, 0.1]) } },
      { p: { type: 'float64', shape: [2], data: Float64Array.from([1e-7, -0, 123456789.123]) }, 'odd "name"': { type: 'int32', shape: [3], data: Int32Array.from([1, -2, 3]) } },
      { big: { type: 'int64', shape: [2], data: BigInt64Array.from([1n, 2n ** 60n]) }, n: { type: 'int64', shape: [1], data: [7] } },
      { s: { type: 'string', shape: [2], data: ['a', 'b"\n'] }, b: { type: 'bool', shape: [2], data: [true, false] }, u: { type: 'uint8', shape: [1], data: Uint8Array.from([255]) } },
      // Not finite: JSON prints null, so the fast path must step aside.
      { bad: { type: 'float32', shape: [3], data: Float32Array.from([NaN, Infinity, 1]) } },
    ];
    for (const tensors of cases) expect(tensorsJsonText(tensors)).toBe(JSON.stringify(tensorsToJson(tensors)));
  });
});
