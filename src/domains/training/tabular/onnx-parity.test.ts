/**
 * The exported ONNX model, run in onnxruntime-node, must reproduce the trainer's own
 * predictions (probabilities / values) to 1e-5, for every model type, on real data
 * (Palmer penguins: 3 classes, numeric + text columns, missing values), a binary target
 * and a regression target.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OnnxRuntime } from '../../../adapters/runtime/index.js';
import type { TensorValue } from '../../../core/ports/model-runtime.js';
import { rowsToTable, type ColumnTable } from '../../monitoring/index.js';
import { trainTabular } from './train-tabular.js';
import { TABULAR_MODELS, type TabularModelKind } from './trainer-params.js';

const penguins = JSON.parse(readFileSync(new URL('../../../../node_modules/vega-datasets/data/penguins.json', import.meta.url), 'utf8')) as Record<string, unknown>[];
const table = rowsToTable(penguins);
const runtime = new OnnxRuntime();

/** One ONNX input per feature column, as serving would send the raw table. */
function feeds(t: ColumnTable, features: string[]): Record<string, TensorValue> {
  const out: Record<string, TensorValue> = {};
  for (const name of features) {
    const c = t.columns.find((col) => col.name === name)!;
    if (c.kind === 'numeric') out[name] = { type: 'float32', shape: [t.rowCount, 1], data: Float32Array.from(c.values) };
    else if (c.kind === 'categorical') out[name] = { type: 'string', shape: [t.rowCount, 1], data: Array.from(c.codes, (code) => (code >= 0 ? c.dictionary[code]! : '')) };
  }
  return out;
}

const FAST: Record<TabularModelKind, Record<string, unknown>> = {
  logreg: { epochs: 200 },
  mlp: { epochs: 30, hidden: '16,8' },
  forest: { trees: 30 },
  gbdt: { rounds: 30 },
};

async function expectParity(t: ColumnTable, target: string, model: TabularModelKind, task?: 'regression'): Promise<void> {
  const result = trainTabular({ table: t, target, model, params: FAST[model], task });
  const loaded = await runtime.load(result.onnx);
  try {
    const out = await loaded.run(feeds(t, result.features));
    const mine = result.predict(t);
    if (result.task === 'classification') {
      const k = result.classes.length;
      const probabilities = out.probabilities!;
      expect(probabilities.shape).toEqual([t.rowCount, k]);
      let worst = 0;
      for (let i = 0; i < mine.length; i++) worst = Math.max(worst, Math.abs(Number(probabilities.data[i]) - mine[i]!));
      expect(worst).toBeLessThan(1e-5);
      // The label is the most probable class, by name.
      const labels = out.label!.data as string[];
      let agree = 0;
      for (let i = 0; i < t.rowCount; i++) {
        let best = 0;
        for (let j = 1; j < k; j++) if (mine[i * k + j]! > mine[i * k + best]!) best = j;
        if (labels[i] === result.classes[best]) agree++;
      }
      expect(agree).toBe(t.rowCount);
    } else {
      const prediction = out.prediction!;
      expect(prediction.shape).toEqual([t.rowCount, 1]);
      for (let i = 0; i < mine.length; i++) expect(Math.abs(Number(prediction.data[i]) - mine[i]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(mine[i]!)));
    }
  } finally {
    await loaded.release();
  }
}

describe('ONNX export reproduces the trainer', () => {
  for (const model of TABULAR_MODELS) {
    it(`${model}: penguin species (3 classes, numeric + text, missing values)`, async () => {
      await expectParity(table, 'Species', model);
    });
    it(`${model}: penguin sex (binary)`, async () => {
      await expectParity(table, 'Sex', model);
    });
    it(`${model}: body mass (regression)`, async () => {
      await expectParity(table, 'Body Mass (g)', model, 'regression');
    });
  }

  it('writes a signature: one input per column, label + probabilities out', async () => {
    const result = trainTabular({ table, target: 'Species', model: 'forest', params: { trees: 3 } });
    const signature = await runtime.inspect(result.onnx);
    expect(signature.inputs).toEqual([
      { name: 'Beak Length (mm)', type: 'float32', shape: [-1, 1] },
      { name: 'Beak Depth (mm)', type: 'float32', shape: [-1, 1] },
      { name: 'Flipper Length (mm)', type: 'float32', shape: [-1, 1] },
      { name: 'Body Mass (g)', type: 'float32', shape: [-1, 1] },
      { name: 'Island', type: 'string', shape: [-1, 1] },
      { name: 'Sex', type: 'string', shape: [-1, 1] },
    ]);
    expect(signature.outputs).toEqual([
      { name: 'label', type: 'string', shape: [-1] },
      { name: 'probabilities', type: 'float32', shape: [-1, 3] },
    ]);
  });
});
