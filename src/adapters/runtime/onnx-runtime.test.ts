import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { buildLogisticRegressionOnnx } from '../../../test/fixtures/models/logistic-onnx.js';
import { OnnxRuntime } from './onnx-runtime.js';

const runtime = new OnnxRuntime();
const model = buildLogisticRegressionOnnx({ weights: [1, -2, 0.5], bias: 0.25 });

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('OnnxRuntime', () => {
  it('reads the signature from the model, symbolic dimensions as -1', async () => {
    expect(await runtime.inspect(model)).toEqual({
      inputs: [{ name: 'features', type: 'float32', shape: [-1, 3] }],
      outputs: [
        { name: 'probability', type: 'float32', shape: [-1, 1] },
        { name: 'label', type: 'int64', shape: [-1, 1] },
      ],
    });
  });

  it('refuses bytes that are not an ONNX model with INVALID_ARGUMENT', async () => {
    const garbage = new TextEncoder().encode('this is not a model, just a text file\n'.repeat(20));
    const err = await rejection(runtime.inspect(garbage));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toMatch(/not a valid ONNX model/);
    expect((await rejection(runtime.load(new Uint8Array()))).code).toBe('INVALID_ARGUMENT');
  });

  it('runs a batch: float32 in, float32 and int64 (as numbers) out', async () => {
    const loaded = await runtime.load(model);
    try {
      const out = await loaded.run({ features: { type: 'float32', shape: [2, 3], data: [1, 0, 0, 0, 1, 0] } });
      const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
      expect(out.probability?.shape).toEqual([2, 1]);
      expect(Array.from(out.probability?.data as Float32Array)).toEqual([expect.closeTo(sigmoid(1.25), 6), expect.closeTo(sigmoid(-1.75), 6)]);
      expect(out.label).toEqual({ type: 'int64', shape: [2, 1], data: [1, 0] });
    } finally {
      await loaded.release();
    }
  });

  it('names the input when its shape or name is wrong', async () => {
    const loaded = await runtime.load(model);
    try {
      const short = await rejection(loaded.run({ features: { type: 'float32', shape: [1, 3], data: [1, 2] } }));
      expect(short.message).toMatch(/input 'features'/);
      const wrongWidth = await rejection(loaded.run({ features: { type: 'float32', shape: [1, 2], data: [1, 2] } }));
      expect(wrongWidth.code).toBe('INVALID_ARGUMENT');
      const unknown = await rejection(loaded.run({ x: { type: 'float32', shape: [1, 3], data: [1, 2, 3] } }));
      expect(unknown.message).toMatch(/unknown model input 'x'/);
    } finally {
      await loaded.release();
    }
    await expect(loaded.run({})).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
  });
});
