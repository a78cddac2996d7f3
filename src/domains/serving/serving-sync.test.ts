/**
 * Two servers on one database: what one stores (a new revision, a rollback, a deletion) the
 * other serves after its next sync, not only after a restart.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildMlpOnnx, mlpWeights } from '../../../test/fixtures/models/mlp-onnx.js';
import { ADMIN, servingHarness, type ServingHarness } from '../../../test/support/serving-harness.js';
import { SqliteKvStore } from '../../adapters/kv/sqlite-kv-store.js';
import { OnnxRuntime } from '../../adapters/runtime/index.js';
import type { TensorValue } from '../../core/ports/model-runtime.js';
import { ServingService } from './serving.service.js';

const x: TensorValue = { type: 'float32', shape: [1, 4], data: Float32Array.from([0.5, -1, 2, 0.25]) };

let a: ServingHarness;
let b: ServingService;
let kvB: SqliteKvStore;
beforeEach(async () => {
  a = await servingHarness();
  a.models.add('mlp', 1, buildMlpOnnx(mlpWeights(4, 16, 3, 42)));
  a.models.add('mlp', 2, buildMlpOnnx(mlpWeights(4, 16, 3, 7)));
  kvB = await SqliteKvStore.open(':memory:');
  b = new ServingService({ store: a.store, models: a.models, runtime: new OnnxRuntime(), kv: kvB });
});
afterEach(async () => {
  await b.close();
  await kvB.close();
  await a.close();
});

const servedBy = async (s: ServingService, id: string): Promise<number> => (await s.infer('d', { inputs: { x }, requestId: id })).version;

describe('serving across servers', () => {
  it('serves another server’s new revision, rollback and deletion after a sync', async () => {
    await a.serving.deploy('d', { model: 'mlp@1', settings: { cacheTtlSec: 0 } }, ADMIN);
    expect(await servedBy(b, 'r1')).toBe(1);
    expect(await b.syncWithStore()).toBe(0);

    await a.serving.deploy('d', { model: 'mlp@2', settings: { cacheTtlSec: 0 } }, ADMIN);
    // Until it syncs, b keeps the revision it loaded: that is what the sync is for.
    expect(await servedBy(b, 'r2')).toBe(1);
    expect(await b.syncWithStore()).toBe(1);
    expect(await servedBy(b, 'r3')).toBe(2);

    await a.serving.rollback('d', 'bad metrics', ADMIN);
    expect(await b.syncWithStore()).toBe(1);
    expect(await servedBy(b, 'r4')).toBe(1);

    await a.serving.delete('d', ADMIN);
    expect(await b.syncWithStore()).toBe(1);
    await expect(servedBy(b, 'r5')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(b.pool.loadedVersions()).toEqual([]);
  });

  it('never steps back to an older revision than the one it serves', async () => {
    await a.serving.deploy('d', { model: 'mlp@1', settings: { cacheTtlSec: 0 } }, ADMIN);
    // b deploys revision 2 itself; a still holds revision 1 in memory, and the store has 2.
    expect(await servedBy(a.serving, 'r1')).toBe(1);
    await b.deploy('d', { model: 'mlp@2', settings: { cacheTtlSec: 0 } }, ADMIN);
    expect(await b.syncWithStore()).toBe(0);
    expect(await servedBy(b, 'r2')).toBe(2);
    expect(await a.serving.syncWithStore()).toBe(1);
    expect(await servedBy(a.serving, 'r3')).toBe(2);
  });
});
