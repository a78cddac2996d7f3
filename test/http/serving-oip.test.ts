import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMlpOnnx, mlpForward, mlpWeights } from '../fixtures/models/mlp-onnx.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';

/** Model serving over HTTP on a real server: OIP v2, the tabular predict endpoint, bad input, metrics. */
const W = mlpWeights(4, 16, 3, 42);
let keel: TestKeel;

async function call(method: string, path: string, body?: unknown, raw?: Uint8Array): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${keel.url}${path}`, {
    method,
    headers: raw ? { 'content-type': 'application/octet-stream' } : body === undefined ? {} : { 'content-type': 'application/json' },
    ...(raw ? { body: raw } : body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

beforeAll(async () => {
  keel = await startTestKeel();
  await call('POST', '/api/v1/models', { name: 'mlp' });
  expect((await call('PUT', '/api/v1/models/mlp/versions/upload?filename=model.onnx', undefined, buildMlpOnnx(W))).status).toBe(201);
  const d = await call('PUT', '/api/v1/deployments/iris', { model: 'mlp@1', settings: { batching: { enabled: true } }, processing: { columns: ['a', 'b', 'c', 'd'], argmax: { output: 'probabilities', labels: ['x', 'y', 'z'] } } });
  expect(d.status).toBe(200);
});
afterAll(() => keel.stop());

const infer = (data: unknown, extra: Record<string, unknown> = {}) => call('POST', '/v2/models/iris/infer', { inputs: [{ name: 'x', shape: [2, 4], datatype: 'FP32', data, ...extra }] });

describe('Open Inference Protocol v2', () => {
  it('serves server and model metadata, health and readiness', async () => {
    expect((await call('GET', '/v2')).body).toMatchObject({ name: 'keel' });
    expect((await call('GET', '/v2/health/live')).body).toEqual({ live: true });
    expect((await call('GET', '/v2/health/ready')).body).toEqual({ ready: true });
    expect((await call('GET', '/v2/models/iris')).body).toEqual({ name: 'iris', versions: ['1'], platform: 'onnxruntime_onnx', inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }], outputs: [{ name: 'probabilities', datatype: 'FP32', shape: [-1, 3] }] });
    expect((await call('GET', '/v2/models/iris/versions/1/ready')).body).toMatchObject({ ready: true });
    expect(await call('GET', '/v2/models/nope')).toEqual({ status: 404, body: { error: "deployment 'nope' not found" } });
  });

  it('infers a batch (flat or nested row-major data) and matches the JS forward pass', async () => {
    const rows = [
      [0.5, -1, 2, 0.25],
      [1, 1, -1, 3],
    ];
    for (const data of [rows.flat(), rows]) {
      const res = await infer(data);
      expect(res.status).toBe(200);
      const out = (res.body.outputs as { name: string; datatype: string; shape: number[]; data: (number | string)[] }[]);
      const probs = out.find((o) => o.name === 'probabilities')!;
      expect([probs.datatype, probs.shape]).toEqual(['FP32', [2, 3]]);
      rows.forEach((r, i) => mlpForward(W, r).forEach((p, k) => expect(probs.data[i * 3 + k] as number).toBeCloseTo(p, 5)));
      expect(out.find((o) => o.name === 'label')).toMatchObject({ datatype: 'BYTES', shape: [2] });
    }
    const pinned = await call('POST', '/v2/models/iris/versions/1/infer', { inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }], outputs: [{ name: 'label' }] });
    expect(pinned.body).toMatchObject({ model_name: 'iris', model_version: '1', outputs: [{ name: 'label' }] });
    expect((await call('POST', '/v2/models/iris/versions/9/infer', { inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }] })).status).toBe(404);
  });

  it('answers bad input with 400 naming the input, in OIP’s error shape, and keeps serving', async () => {
    const cases: [unknown, Record<string, unknown>, RegExp][] = [
      [[1, 2, 3], {}, /input 'x': 3 values do not fill shape \[2, 4\]/],
      [[1, 2, 3, 4, 5, 6, 7, 8], { shape: [2, 5] }, /input 'x': 8 values do not fill shape \[2, 5\]/],
      [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { shape: [2, 5] }, /input 'x': shape \[2, 5\] does not match the model's float32 \[-1, 4\]/],
      [[1, 2, 3, 4, 5, 6, 7, 8], { datatype: 'INT64' }, /input 'x': datatype int64 does not match/],
      [[1, 2, 'abc', 4, 5, 6, 7, 8], {}, /input 'x': value "abc" at index 2 is not a number/],
      [[1, 2, 3, 4, 5, 6, 7, 8], { datatype: 'FP16' }, /input 'x': datatype FP16 is not supported/],
      [[1, 2, 3, 4, 5, 6, 7, 8], { name: 'y' }, /unknown input 'y'/],
    ];
    for (const [data, extra, message] of cases) {
      const res = await infer(data, extra);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(message);
    }
    const malformed = await call('POST', '/v2/models/iris/infer', '{"inputs": [');
    expect(malformed.status).toBe(400);
    expect(typeof malformed.body.error).toBe('string');
    const huge = await call('POST', '/v2/models/iris/infer', { inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: new Array(3_000_000).fill(1) }] });
    // Under the server's body limit it reaches validation, which names the input; over it, fastify answers 413.
    expect([400, 413]).toContain(huge.status);
    if (huge.status === 400) expect(huge.body.error).toMatch(/input 'x': 3000000 values do not fill shape \[1, 4\]/);
    expect((await infer([1, 2, 3, 4, 5, 6, 7, 8])).status).toBe(200);
  });
});

describe('Keel deployments API', () => {
  it('predicts tabular instances, takes feedback, shows stats and counts on /metrics', async () => {
    const res = await call('POST', '/api/v1/deployments/iris/predict', { instances: [{ d: 4, c: 3, b: 2, a: 1 }] });
    expect(res.status).toBe(200);
    const p = (res.body.predictions as { probabilities: number[]; label: string }[])[0]!;
    mlpForward(W, [1, 2, 3, 4]).forEach((v, k) => expect(p.probabilities[k]).toBeCloseTo(v, 5));
    const bad = await call('POST', '/api/v1/deployments/iris/predict', { instances: [{ a: 'x', b: 2, c: 3, d: 4 }] });
    expect([bad.status, (bad.body.error as { message: string }).message]).toEqual([400, expect.stringContaining('instances[0].a')]);
    const fb = await call('POST', '/api/v1/deployments/iris/feedback', { requestId: res.body.requestId, label: 'y', reward: 1 });
    expect(fb.body).toEqual({ requestId: res.body.requestId, arm: 'primary' });
    expect((await call('GET', '/api/v1/deployments/iris/stats')).body).toMatchObject({ strategy: 'direct', arms: [{ arm: 'primary', trials: 1, successes: 1 }] });
    const metrics = await (await fetch(`${keel.url}/metrics`)).text();
    expect(metrics).toMatch(/keel_serving_requests_total\{deployment="iris",model="mlp",version="1",arm="primary",outcome="ok"\} \d+/);
    expect(metrics).toMatch(/keel_serving_batch_rows_count\{model="mlp",version="1"\} \d+/);
  });

  it('lists, rolls back and deletes', async () => {
    expect(((await call('GET', '/api/v1/deployments')).body.deployments as unknown[]).length).toBeGreaterThanOrEqual(1);
    expect((await call('POST', '/api/v1/deployments/iris/rollback', {})).status).toBe(412);
    expect((await call('PUT', '/api/v1/deployments/tmp', { model: 'mlp@9' })).status).toBe(404);
    expect((await call('PUT', '/api/v1/deployments/tmp', { model: 'mlp@1', strategy: 'canary' })).status).toBe(400);
    expect((await call('PUT', '/api/v1/deployments/tmp', { model: 'mlp@1' })).status).toBe(200);
    expect((await call('DELETE', '/api/v1/deployments/tmp')).status).toBe(204);
    expect((await call('GET', '/api/v1/deployments/tmp')).status).toBe(404);
  });
});
