import { describe, expect, it } from 'vitest';
import type { LoadedModel, ModelSignature, TensorValue } from '../../../core/ports/model-runtime.js';
import { evaluationSchema } from './gate-policy.schema.js';
import { binaryTruth, bindInputs, buildInputs, regressionTruth, usableRows } from './model-inputs.js';
import { computeMetric, interpretLabels, interpretPredictions, runOverRows, subsetPredictions } from './predictions.js';

const sig = (inputs: ModelSignature['inputs'], outputs: ModelSignature['outputs'] = [{ name: 'p', type: 'float32', shape: [-1, 1] }]): ModelSignature => ({ inputs, outputs });
const spec = (over: Record<string, unknown>) =>
  evaluationSchema.parse({ dataset: { rows: [{}] }, features: ['a', 'b'], label: 'y', task: 'binary', prediction: { output: 'p', kind: 'probability' }, ...over });

describe('binding columns to model inputs', () => {
  it('feeds a list of columns to the single 2-D input, in its type', () => {
    const bindings = bindInputs(['a', 'b'], sig([{ name: 'x', type: 'int64', shape: [-1, 2] }]));
    expect(buildInputs(bindings, [{ a: 1, b: '2' }, { a: true, b: 4.4 }])).toEqual({ x: { type: 'int64', shape: [2, 2], data: [1, 2, 1, 4] } });
  });
  it('names the policy field when columns and inputs do not fit', () => {
    expect(() => bindInputs(['a'], sig([{ name: 'x', type: 'float32', shape: [-1, 2] }]))).toThrow(/^policy\.evaluation\.features: 1 columns given, model input 'x' takes 2/);
    const two = sig([
      { name: 'x', type: 'float32', shape: [-1, 1] },
      { name: 'z', type: 'float32', shape: [-1, 1] },
    ]);
    expect(() => bindInputs(['a'], two)).toThrow(/the model has 2 inputs \(x, z\): map each input name/);
    expect(() => bindInputs({ x: ['a'], w: ['b'] }, two)).toThrow(/^policy\.evaluation\.features\.w: the model has no input 'w'/);
    expect(() => bindInputs({ x: ['a'] }, two)).toThrow(/model input\(s\) z have no columns/);
    expect(bindInputs({ x: ['a'], z: ['b'] }, two).map((b) => b.columns)).toEqual([['a'], ['b']]);
    expect(() => bindInputs(['a'], sig([{ name: 's', type: 'string', shape: [-1, 1] }]))).toThrow(/is string; the gate feeds numeric columns only/);
    const bindings = bindInputs(['a'], sig([{ name: 'x', type: 'float32', shape: [-1, 1] }]));
    expect(() => buildInputs(bindings, [{ a: 1 }, { a: 'n/a' }])).toThrow(/column 'a' holds "n\/a" at row 1/);
  });
  it('drops and counts incomplete rows, or refuses them', () => {
    const rows = [{ a: 1, y: 1 }, { a: null, y: 0 }, { a: 2, y: '' }, { a: 3, y: 0 }];
    expect(usableRows(rows, ['a', 'y'], 'drop')).toEqual({ rows: [rows[0], rows[3]], indices: [0, 3], dropped: 2 });
    expect(() => usableRows(rows, ['a', 'y'], 'error')).toThrow(/^policy\.evaluation\.missing: row 1 has no value for 'a'/);
    expect(() => usableRows([{ a: null }], ['a'], 'drop')).toThrow(/no row has every column/);
  });
  it('reads truth as the task needs it', () => {
    expect(binaryTruth(['Adelie', 'Gentoo'], 'Adelie')).toEqual([1, 0]);
    expect(binaryTruth([1, '1', 2], 1)).toEqual([1, 1, 0]);
    expect(binaryTruth([true, 'false', 0], undefined)).toEqual([1, 0, 0]);
    expect(() => binaryTruth(['Adelie'], undefined)).toThrow(/^policy\.evaluation\.positiveLabel: label Adelie/);
    expect(() => regressionTruth([1, 'x'])).toThrow(/^policy\.evaluation\.label: label x \(row 1\) is not a number/);
  });
});

describe('interpreting outputs', () => {
  it('binary probabilities: one column, or sklearn’s [P(neg), P(pos)]', () => {
    const one = interpretPredictions(spec({}), { values: [0.2, 0.7, 0.5], width: 1 }, [0, 1, 0]);
    expect(one).toEqual({ task: 'binary', truth: [0, 1, 0], predicted: [0, 1, 1], scores: [0.2, 0.7, 0.5] });
    const two = interpretPredictions(spec({ prediction: { output: 'p', kind: 'probability', threshold: 0.6 } }), { values: [0.8, 0.2, 0.3, 0.7], width: 2 }, [0, 1]);
    expect(two).toMatchObject({ predicted: [0, 1], scores: [0.2, 0.7] });
    expect(() => interpretPredictions(spec({}), { values: [1, 2, 3], width: 3 }, [0])).toThrow(/^policy\.evaluation\.prediction\.output: the output has 3 values per row/);
  });
  it('binary labels: text compared with the positive label, numbers with 1', () => {
    const labels = spec({ positiveLabel: 'Adelie', negativeLabel: 'other', prediction: { output: 'p', kind: 'label' } });
    expect(interpretPredictions(labels, { values: ['Adelie', 'Gentoo'], width: 1 }, [1, 0])).toMatchObject({ predicted: [1, 0] });
    expect(interpretPredictions(labels, { values: [1, 0, true], width: 1 }, [1, 0, 1])).toMatchObject({ predicted: [1, 0, 1] });
    const numeric = spec({ positiveLabel: 2, prediction: { output: 'p', kind: 'label' } });
    expect(interpretPredictions(numeric, { values: [1, 2], width: 1 }, [0, 1])).toMatchObject({ predicted: [0, 1] });
    expect(interpretLabels(labels, { values: [1, 0], width: 1 })).toEqual(['Adelie', 'other']);
  });
  it('multiclass: argmax over classes, or class indices mapped through classes', () => {
    const probs = spec({ task: 'multiclass', prediction: { output: 'p', kind: 'probability', classes: ['a', 'b', 'c'] } });
    const p = interpretPredictions(probs, { values: [0.1, 0.7, 0.2, 0.5, 0.3, 0.2], width: 3 }, ['b', 'c']);
    expect(p).toMatchObject({ task: 'multiclass', predicted: ['b', 'a'], classes: ['a', 'b', 'c'] });
    expect(computeMetric('accuracy', p)).toBe(0.5);
    expect(computeMetric('logloss', p)).toBeCloseTo((-Math.log(0.7) - Math.log(0.2)) / 2, 12);
    const idx = spec({ task: 'multiclass', prediction: { output: 'p', kind: 'label', classes: ['x', 'y'] } });
    expect(interpretLabels(idx, { values: [1, 0, 'z'], width: 1 })).toEqual(['y', 'x', 'z']);
  });
  it('metrics over a subset of rows (what fairness uses per group)', () => {
    const p = interpretPredictions(spec({}), { values: [0.9, 0.1, 0.8, 0.4], width: 1 }, [1, 0, 0, 1]);
    expect(computeMetric('accuracy', p)).toBe(0.5);
    expect(computeMetric('auc', p)).toBe(0.75); // pairs: 0.9>0.1, 0.9>0.8, 0.4>0.1, 0.4<0.8
    expect(computeMetric('selectionRate', subsetPredictions(p, [0, 2]))).toBe(1);
    expect(computeMetric('accuracy', subsetPredictions(p, [0, 1]))).toBe(1);
  });
});

describe('running over rows', () => {
  // A model that echoes its first column, counting calls, to check batching and signatures without a runtime.
  function echo(batch: number, calls: number[]): LoadedModel {
    return {
      signature: sig([{ name: 'x', type: 'float32', shape: [batch, 1] }]),
      run: async (inputs: Record<string, TensorValue>) => {
        const x = inputs.x!;
        calls.push(x.shape[0]!);
        return { p: { type: 'float32', shape: [x.shape[0]!, 1], data: x.data } };
      },
      release: async () => undefined,
    };
  }
  it('batches by 1024 rows, or by a fixed batch dimension', async () => {
    const rows = Array.from({ length: 2050 }, (_, i) => ({ a: i / 2050 }));
    const calls: number[] = [];
    const model = echo(-1, calls);
    const out = await runOverRows(model, bindInputs(['a'], model.signature), rows, 'p');
    expect(calls).toEqual([1024, 1024, 2]);
    expect(out.values).toHaveLength(2050);
    const fixedCalls: number[] = [];
    const fixed = echo(1, fixedCalls);
    await runOverRows(fixed, bindInputs(['a'], fixed.signature), rows.slice(0, 3), 'p');
    expect(fixedCalls).toEqual([1, 1, 1]);
    await expect(runOverRows(model, bindInputs(['a'], model.signature), rows, 'q')).rejects.toThrow(/^policy\.evaluation\.prediction\.output: the model has no output 'q' \(outputs: p\)/);
  });
});
