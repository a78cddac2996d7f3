import { describe, expect, it } from 'vitest';
import type { TensorValue } from '../../core/ports/model-runtime.js';
import { AdaptiveBatcher } from './adaptive-batcher.js';

type Tensors = Record<string, TensorValue>;

/** A model that doubles its input, recording the rows of every run. */
function doubler(): { runs: number[]; run: (inputs: Tensors) => Promise<Tensors> } {
  const runs: number[] = [];
  return {
    runs,
    run: async (inputs) => {
      const x = inputs.x as TensorValue;
      runs.push(x.shape[0] ?? 1);
      await new Promise((r) => setImmediate(r));
      return { y: { type: 'float32', shape: x.shape, data: Float32Array.from(x.data as Float32Array, (v) => v * 2) } };
    },
  };
}

const row = (v: number): Tensors => ({ x: { type: 'float32', shape: [1, 2], data: Float32Array.from([v, -v]) } });

describe('AdaptiveBatcher', () => {
  it('sends requests that arrive in one event-loop turn to an idle model as one run, each answer its own rows', async () => {
    const m = doubler();
    const batcher = new AdaptiveBatcher(m.run, { maxBatchSize: 64, maxLatencyMs: 1000, maxConcurrentRuns: 1 });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => batcher.submit(row(i + 1))));
    expect(m.runs).toEqual([10]);
    answers.forEach((a, i) => expect(Array.from(a.y?.data as Float32Array)).toEqual([2 * (i + 1), -2 * (i + 1)]));
  });

  it('runs a lone request without waiting for maxLatencyMs', async () => {
    const m = doubler();
    const batcher = new AdaptiveBatcher(m.run, { maxBatchSize: 64, maxLatencyMs: 5000 });
    const started = performance.now();
    await batcher.submit(row(3));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(m.runs).toEqual([1]);
  });

  it('never merges more than maxBatchSize rows into one run', async () => {
    const m = doubler();
    const batcher = new AdaptiveBatcher(m.run, { maxBatchSize: 4, maxLatencyMs: 5, maxConcurrentRuns: 1 });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => batcher.submit(row(i))));
    expect(m.runs.reduce((a, b) => a + b, 0)).toBe(10);
    expect(Math.max(...m.runs)).toBeLessThanOrEqual(4);
    expect(m.runs.length).toBe(3);
    answers.forEach((a, i) => expect(Array.from(a.y?.data as Float32Array)).toEqual([2 * i, -2 * i]));
  });
});
