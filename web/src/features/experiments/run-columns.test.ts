import { describe, expect, it } from 'vitest';
import { collectKeys, columnValue, defaultColumns, orderByFor, parseColumns, parseSort, serializeColumns } from './run-columns.js';
import type { Run } from './tracking-types.js';

function run(params: Record<string, string>, metrics: Record<string, number>): Run {
  return {
    info: { runId: 'r', runName: 'r', experimentId: '1', userId: 'u', status: 'FINISHED', startTime: 1, endTime: 2, artifactUri: '', lifecycleStage: 'active' },
    data: {
      params: Object.entries(params).map(([key, value]) => ({ key, value })),
      metrics: Object.entries(metrics).map(([key, value]) => ({ key, value, step: 0, timestamp: 0 })),
      tags: [],
    },
    inputs: { datasetInputs: [] },
  };
}

describe('run columns', () => {
  const runs = [run({ lr: '0.1', epochs: '5' }, { loss: 0.2 }), run({ lr: '0.01' }, { accuracy: 0.9, loss: 0.1 })];

  it('collects the keys seen across runs, sorted', () => {
    expect(collectKeys(runs)).toEqual({ params: ['epochs', 'lr'], metrics: ['accuracy', 'loss'] });
    expect(defaultColumns(collectKeys(runs))).toEqual(['metrics.accuracy', 'metrics.loss', 'params.epochs', 'params.lr']);
    // Params whose values differ between runs come first.
    const three = [run({ a: '1', b: '1', c: '1', lr: '0.1' }, {}), run({ a: '1', b: '1', c: '1', lr: '0.2' }, {})];
    expect(defaultColumns(collectKeys(three), three)).toEqual(['params.lr', 'params.a']);
  });

  it('round-trips the choice through the query string, an empty choice included', () => {
    expect(parseColumns(serializeColumns(['params.lr', 'metrics.my acc']))).toEqual(['params.lr', 'metrics.my acc']);
    expect(parseColumns(serializeColumns([]))).toEqual([]);
    expect(parseColumns(null)).toBeNull();
    expect(parseColumns('tags.x,params.')).toEqual([]);
  });

  it('reads cells and maps sorting to orderBy, quoting keys the grammar needs quoted', () => {
    expect(columnValue(runs[1]!, 'metrics.accuracy')).toBe(0.9);
    expect(columnValue(runs[1]!, 'params.epochs')).toBeUndefined();
    expect(orderByFor('start', true)).toBe('attributes.start_time DESC');
    expect(orderByFor('metrics.val loss', false)).toBe('metrics.`val loss` ASC');
    expect(orderByFor('params.lr', true)).toBe('params.lr DESC');
    expect(parseSort('-metrics.loss')).toEqual({ field: 'metrics.loss', descending: true });
    expect(parseSort('bogus')).toEqual({ field: 'start', descending: true });
  });
});
