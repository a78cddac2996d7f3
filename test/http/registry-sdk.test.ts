import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, Keel } from '../../src/sdk/index.js';
import { buildLogisticRegressionOnnx } from '../fixtures/models/logistic-onnx.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';

let keel: TestKeel;
let dir: string;
beforeAll(async () => {
  keel = await startTestKeel();
  dir = mkdtempSync(join(tmpdir(), 'keel-sdk-models-'));
});
afterAll(async () => {
  await keel.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('keel.models (SDK)', () => {
  it('registers from a file, from bytes and from a run; promotes, aliases, rolls back; reads audit and lineage', async () => {
    const sdk = new Keel({ url: keel.url });
    await sdk.models.create({ name: 'sdk-model' });
    const file = join(dir, 'first.onnx');
    writeFileSync(file, buildLogisticRegressionOnnx({ weights: [1, 2], bias: 0 }));
    const v1 = await sdk.models.register('sdk-model', { file }, { description: 'from disk' });
    expect(v1).toMatchObject({ version: 1, fileName: 'first.onnx', description: 'from disk', signature: { inputs: [{ name: 'features', shape: [-1, 2] }] } });
    const v2 = await sdk.models.register('sdk-model', { data: buildLogisticRegressionOnnx({ weights: [2, 1], bias: 0 }) });
    const run = await sdk.runs.create({ experimentName: 'sdk-models' });
    await sdk.runs.uploadArtifact(run.info.runId, 'model/model.onnx', buildLogisticRegressionOnnx({ weights: [3, 1], bias: 0 }));
    const v3 = await sdk.models.register('sdk-model', { runId: run.info.runId, path: 'model' });
    expect([v2.version, v3.version, v3.runId]).toEqual([2, 3, run.info.runId]);

    expect((await sdk.models.promote('sdk-model', 1, { stage: 'Production' })).gate).toBe('no-policy');
    expect((await sdk.models.promote('sdk-model', 3, { stage: 'Production', reason: 'newer' })).archived).toEqual([1]);
    await sdk.models.setAlias('sdk-model', 'champion', 3);
    expect((await sdk.models.byAlias('sdk-model', 'champion')).version).toBe(3);
    expect((await sdk.models.rollback('sdk-model', 'oops')).version.version).toBe(1);
    expect((await sdk.models.get('sdk-model')).productionVersion).toBe(1);
    const { events } = await sdk.models.audit('sdk-model', { maxResults: 2 });
    expect(events.map((e) => e.action)).toEqual(['rollback', 'stage.archived']);
    expect((await sdk.models.lineage('sdk-model', 3)).run?.runId).toBe(run.info.runId);
    expect((await sdk.models.versions('sdk-model')).versions.map((v) => v.stage)).toEqual(['Archived', 'None', 'Production']);
    const bytes = new Uint8Array(await (await sdk.models.download('sdk-model', 1)).arrayBuffer());
    expect(bytes.byteLength).toBe(v1.sizeBytes);

    const err = await sdk.models.getGatePolicy('sdk-model').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('NOT_FOUND');
    await expect(sdk.models.register('sdk-model', { file: join(dir, 'missing.onnx') })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
