import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, Keel, type BatchJobStatus } from '../../src/sdk/index.js';
import { buildMlpOnnx, mlpForward, mlpWeights } from '../fixtures/models/mlp-onnx.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';

/** keel.batch and keel.deployments' stream bindings through the SDK, against a real server (no NATS: see stream-sdk.int.test.ts). */
const W = mlpWeights(4, 16, 3, 9);
let keel: TestKeel;
let sdk: Keel;
const row = (i: number): number[] => [i / 10, -i / 7, (i % 5) / 2, 1];

beforeAll(async () => {
  keel = await startTestKeel();
  sdk = new Keel({ url: keel.url });
  await sdk.models.create({ name: 'mlp' });
  await sdk.models.register('mlp', { data: buildMlpOnnx(W) });
  await sdk.deployments.deploy('scorer', { model: 'mlp@1' });
});
afterAll(() => keel.stop());

describe('keel.batch (SDK)', () => {
  it('uploads, submits, waits with progress, lists and downloads the predictions and failed rows', async () => {
    const csv = ['a,b,c,d', ...Array.from({ length: 30 }, (_, i) => (i === 4 ? '1,2,x,4' : row(i).join(',')))].join('\n');
    const { sha256 } = await sdk.batch.uploadInput(new TextEncoder().encode(csv), 'csv');
    const job = await sdk.batch.submit({ target: 'scorer', input: { sha256, format: 'csv' }, output: { format: 'jsonl' }, batchSize: 5, shardRows: 10 });
    expect(job).toMatchObject({ state: 'queued', totalRows: 30, shards: 3 });
    const seen: BatchJobStatus[] = [];
    const done = await sdk.batch.wait(job.id, { intervalMs: 50, onProgress: (s) => seen.push(s) });
    expect(done).toMatchObject({ state: 'completed', summary: { predictions: 29, failedRows: 1 }, progress: { rows: 30, shardsDone: 3, etaSeconds: 0 } });
    expect(seen.at(-1)).toEqual(done);
    expect((await sdk.batch.status(job.id)).state).toBe('completed');
    expect((await sdk.batch.list({ deployment: 'scorer' })).map((j) => j.id)).toContain(job.id);
    expect(await sdk.batch.list({ deployment: 'other' })).toEqual([]);

    const out = (await (await sdk.batch.download(job.id)).text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
    expect(out).toHaveLength(29);
    const first = out[0] as Record<string, number>;
    mlpForward(W, row(first.row as number)).forEach((p, k) => expect(first[`probabilities_${k}`]).toBeCloseTo(p, 5));
    const failed = await sdk.batch.download(job.id, 'failed');
    expect(failed.headers.get('content-type')).toMatch(/ndjson/);
    expect(JSON.parse((await failed.text()).trim())).toMatchObject({ row: 4, reason: expect.stringMatching(/not a number/) as unknown });
  });

  it('rebuilds the server’s 4xx as AppError', async () => {
    const missing = await sdk.batch.status('nope').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AppError);
    expect((missing as AppError).code).toBe('NOT_FOUND');
    await expect(sdk.batch.submit({ target: 'absent', input: { path: '/nowhere.csv' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(sdk.batch.submit({ target: 'bad target!', input: { path: '/x.csv' } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(sdk.batch.list({ limit: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(sdk.batch.download('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(sdk.batch.uploadInput(new Uint8Array(0))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('stops waiting when its signal aborts', async () => {
    const { sha256 } = await sdk.batch.uploadInput(['a,b,c,d', row(1).join(',')].join('\n'));
    const job = await sdk.batch.submit({ target: 'scorer', input: { sha256, format: 'csv' } });
    const controller = new AbortController();
    controller.abort(new Error('gave up'));
    await expect(sdk.batch.wait(job.id, { signal: controller.signal })).rejects.toThrow();
  });
});

describe('keel.deployments stream bindings (SDK, no NATS)', () => {
  it('lists none, refuses to start with FAILED_PRECONDITION, and answers NOT_FOUND for an unknown binding', async () => {
    expect(await sdk.deployments.streams('scorer')).toEqual([]);
    await expect(sdk.deployments.startStream('scorer', { input: 'a.in', output: 'a.out' })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', message: expect.stringMatching(/KEEL_NATS_URL/) as unknown });
    await expect(sdk.deployments.startStream('scorer', { input: 'a.*', output: 'a.out' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(sdk.deployments.stopStream('scorer', 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(sdk.deployments.streams('absent')).resolves.toEqual([]);
  });
});
