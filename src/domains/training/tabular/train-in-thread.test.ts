import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rowsToTable } from '../../monitoring/index.js';
import { trainTabularInThread } from './train-in-thread.js';
import { trainTabular } from './train-tabular.js';

const penguins = rowsToTable(JSON.parse(readFileSync(new URL('../../../../node_modules/vega-datasets/data/penguins.json', import.meta.url), 'utf8')) as Record<string, unknown>[]);

describe('trainTabularInThread', () => {
  it('gives the same model as training in-process, while the event loop stays free', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const threaded = await trainTabularInThread({ table: penguins, target: 'Species', model: 'gbdt', params: { rounds: 60 } });
    clearInterval(timer);
    const local = trainTabular({ table: penguins, target: 'Species', model: 'gbdt', params: { rounds: 60 } });
    expect(threaded.metrics).toEqual(local.metrics);
    expect(Buffer.from(threaded.onnx).equals(Buffer.from(local.onnx))).toBe(true);
    expect(threaded.history).toHaveLength(60);
    expect(ticks).toBeGreaterThan(5);
  }, 30_000);

  it('brings errors back as the same AppError', async () => {
    await expect(trainTabularInThread({ table: penguins, target: 'Species', model: 'forest', params: { tres: 3 } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('tres') });
  }, 30_000);
});
