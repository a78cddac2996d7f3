import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OnnxRuntime } from '../../src/adapters/runtime/index.js';
import type { TensorValue } from '../../src/core/ports/model-runtime.js';
import { rowsToTable, type ColumnTable } from '../../src/domains/monitoring/index.js';
import { TABULAR_MODELS, trainTabular } from '../../src/domains/training/index.js';
import { machineInfo } from '../lib/machine.js';
import { median } from '../lib/stats.js';
import { formatInt } from '../lib/table.js';
import { REPO_ROOT } from '../lib/spawn-server.js';
import type { BenchOptions, SuiteResult } from '../lib/types.js';

/**
 * `npm run bench training`: the built-in tabular trainers (default params) on real data
 * (vega-datasets seattle-weather, 1461 rows, 4 numeric features, 5 classes) and on 20 000
 * synthetic rows (8 numeric + 2 text columns, 3 classes), and the exported ONNX model's batch
 * scoring in onnxruntime-node next to the trainer's own prediction, measured in the same run.
 */
function weather(): ColumnTable {
  const lines = readFileSync(join(REPO_ROOT, 'node_modules/vega-datasets/data/seattle-weather.csv'), 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  return rowsToTable(lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((c, i) => [header[i]!, header[i] === 'date' || header[i] === 'weather' ? c : Number(c)]))));
}

function synthetic(rows: number): ColumnTable {
  let s = 7;
  const rand = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0), s / 4294967296);
  const data = Array.from({ length: rows }, () => {
    const x = Array.from({ length: 8 }, () => rand() * 2 - 1);
    const color = ['red', 'green', 'blue', 'grey'][Math.floor(rand() * 4)]!;
    const size = ['s', 'm', 'l'][Math.floor(rand() * 3)]!;
    const score = x[0]! * 2 - x[1]! + x[2]! * x[3]! + (color === 'red' ? 0.8 : 0) + (size === 'l' ? -0.5 : 0) + (rand() - 0.5) * 0.6;
    return { ...Object.fromEntries(x.map((v, i) => [`x${i}`, v])), color, size, label: score > 0.6 ? 'high' : score < -0.6 ? 'low' : 'mid' };
  });
  return rowsToTable(data);
}

function feeds(t: ColumnTable, features: string[]): Record<string, TensorValue> {
  const out: Record<string, TensorValue> = {};
  for (const name of features) {
    const c = t.columns.find((col) => col.name === name)!;
    if (c.kind === 'numeric') out[name] = { type: 'float32', shape: [t.rowCount, 1], data: Float32Array.from(c.values) };
    else if (c.kind === 'categorical') out[name] = { type: 'string', shape: [t.rowCount, 1], data: Array.from(c.codes, (k) => (k >= 0 ? c.dictionary[k]! : '')) };
  }
  return out;
}

export async function trainingSuite(options: BenchOptions, progress: (line: string) => void): Promise<SuiteResult> {
  const startedAt = new Date().toISOString();
  const notes: string[] = [];
  const runtime = new OnnxRuntime();
  const sets = [
    { name: 'seattle-weather (1461 rows)', table: weather(), target: 'weather', features: ['precipitation', 'temp_max', 'temp_min', 'wind'] },
    { name: 'synthetic (20 000 rows × 10 cols)', table: synthetic(20_000), target: 'label', features: undefined },
  ];
  for (const set of sets) {
    for (const model of TABULAR_MODELS) {
      const params = set.table.rowCount > 5000 && model === 'forest' ? { trees: 50 } : {};
      const trainMs: number[] = [];
      let result = trainTabular({ table: set.table, target: set.target, model, params, features: set.features });
      for (let r = 0; r < options.rounds; r++) {
        const t0 = performance.now();
        result = trainTabular({ table: set.table, target: set.target, model, params, features: set.features });
        trainMs.push(performance.now() - t0);
        progress(`training ${set.name} ${model}: round ${r + 1}: ${trainMs[r]!.toFixed(0)} ms`);
      }
      const loaded = await runtime.load(result.onnx);
      const input = feeds(set.table, result.features);
      await loaded.run(input);
      const onnxMs: number[] = [];
      const ownMs: number[] = [];
      for (let r = 0; r < Math.max(3, options.rounds); r++) {
        let t0 = performance.now();
        await loaded.run(input);
        onnxMs.push(performance.now() - t0);
        t0 = performance.now();
        result.predict(set.table);
        ownMs.push(performance.now() - t0);
      }
      await loaded.release();
      const rows = set.table.rowCount;
      notes.push(
        `${set.name}, ${model}${Object.keys(params).length ? ` (${JSON.stringify(params)})` : ''}: train ${median(trainMs).toFixed(0)} ms (${result.history.length} steps), validation accuracy ${result.metrics.accuracy?.toFixed(3)}; score all ${formatInt(rows)} rows: ONNX ${median(onnxMs).toFixed(1)} ms (${formatInt(rows / (median(onnxMs) / 1000))} rows/s), trainer ${median(ownMs).toFixed(1)} ms`,
      );
    }
  }
  notes.push('Single-threaded (intra-op threads 1, as the validation gate runs models); default params; ONNX time includes feeding one tensor per column.');
  return { suite: 'training', startedAt, finishedAt: new Date().toISOString(), machine: machineInfo(), options, cases: [], notes };
}
