import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMlpOnnx, mlpForward, mlpWeights } from '../fixtures/models/mlp-onnx.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';

/** Batch jobs over REST on a real server (its embedded worker takes the shards), and stream bindings without NATS. */
const W = mlpWeights(4, 16, 3, 5);
let keel: TestKeel;

async function call(method: string, path: string, body?: unknown, raw?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${keel.url}${path}`, {
    method,
    headers: raw !== undefined ? { 'content-type': 'text/csv' } : body === undefined ? {} : { 'content-type': 'application/json' },
    ...(raw !== undefined ? { body: raw } : body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const row = (i: number): number[] => [i / 10, -i / 7, (i % 5) / 2, 1];

beforeAll(async () => {
  keel = await startTestKeel();
  await call('POST', '/api/v1/models', { name: 'mlp' });
  const up = await fetch(`${keel.url}/api/v1/models/mlp/versions/upload?filename=model.onnx`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: buildMlpOnnx(W) });
  expect(up.status).toBe(201);
  expect((await call('PUT', '/api/v1/deployments/scorer', { model: 'mlp@1' })).status).toBe(200);
});
afterAll(() => keel.stop());

describe('batch jobs over REST', () => {
  it('uploads an input, runs the job on the worker, and serves the predictions and failed rows', async () => {
    const lines = ['a,b,c,d', ...Array.from({ length: 40 }, (_, i) => (i === 7 ? '1,2,x,4' : row(i).join(',')))];
    const input = await call('PUT', '/api/v1/batch-jobs/inputs', undefined, lines.join('\n'));
    expect(input.status).toBe(201);
    const job = await call('POST', '/api/v1/batch-jobs', { target: 'scorer', input: { sha256: input.body.sha256, format: 'csv' }, output: { format: 'jsonl' }, batchSize: 8, shardRows: 16 });
    expect(job.status).toBe(201);
    expect(job.body).toMatchObject({ state: 'queued', totalRows: 40, shards: 3 });
    let status = await call('GET', `/api/v1/batch-jobs/${String(job.body.id)}`);
    for (let i = 0; i < 100 && status.body.state !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = await call('GET', `/api/v1/batch-jobs/${String(job.body.id)}`);
    }
    expect(status.body).toMatchObject({ state: 'completed', summary: { predictions: 39, failedRows: 1 }, progress: { rows: 40, shardsDone: 3 } });
    const out = (await (await fetch(`${keel.url}/api/v1/batch-jobs/${String(job.body.id)}/output`)).text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
    expect(out).toHaveLength(39);
    for (const r of out) mlpForward(W, row(r.row as number)).forEach((p, k) => expect(r[`probabilities_${k}`]).toBeCloseTo(p, 5));
    const failed = (await (await fetch(`${keel.url}/api/v1/batch-jobs/${String(job.body.id)}/failed`)).text()).trim();
    expect(JSON.parse(failed)).toMatchObject({ row: 7, reason: expect.stringMatching(/not a number/) as unknown });
  });

  it('lists the jobs of a deployment, newest first, with their progress', async () => {
    const input = await call('PUT', '/api/v1/batch-jobs/inputs', undefined, ['a,b,c,d', ...Array.from({ length: 5 }, (_, i) => row(i).join(','))].join('\n'));
    const direct = await call('POST', '/api/v1/batch-jobs', { target: 'mlp@1', input: { sha256: input.body.sha256, format: 'csv' } });
    const viaDeployment = await call('POST', '/api/v1/batch-jobs', { target: 'scorer', input: { sha256: input.body.sha256, format: 'csv' } });
    const listed = await call('GET', '/api/v1/batch-jobs?deployment=scorer');
    expect(listed.status).toBe(200);
    const jobs = listed.body.jobs as { id: string; spec: { target: string }; progress: { rows: number } }[];
    expect(jobs[0]?.id).toBe(viaDeployment.body.id);
    expect(jobs.every((j) => j.spec.target === 'scorer')).toBe(true);
    expect(jobs[0]?.progress).toEqual(expect.objectContaining({ rows: expect.any(Number) as unknown }));
    const all = (await call('GET', '/api/v1/batch-jobs?limit=1')).body.jobs as { id: string }[];
    expect(all.map((j) => j.id)).toEqual([viaDeployment.body.id]);
    expect(((await call('GET', '/api/v1/batch-jobs?deployment=mlp@1')).body.jobs as { id: string }[]).map((j) => j.id)).toEqual([direct.body.id]);
    expect((await call('GET', '/api/v1/batch-jobs?limit=0')).status).toBe(400);
    expect((await call('GET', '/api/v1/batch-jobs?deployment=a%20b')).status).toBe(400);
  });

  it('answers bad requests with 4xx', async () => {
    expect((await call('POST', '/api/v1/batch-jobs', { target: 'nope', input: { path: '/nonexistent.csv' } })).status).toBe(404);
    expect((await call('POST', '/api/v1/batch-jobs', { target: 'scorer', input: {} })).status).toBe(400);
    expect((await call('GET', '/api/v1/batch-jobs/unknown')).status).toBe(404);
  });
});

describe('stream bindings without NATS', () => {
  it('refuse to start with a clear precondition error', async () => {
    const res = await call('POST', '/api/v1/deployments/scorer/streams', { input: 'a.in', output: 'a.out' });
    expect(res.status).toBe(412);
    expect(JSON.stringify(res.body)).toMatch(/KEEL_NATS_URL/);
    expect((await call('POST', '/api/v1/deployments/scorer/streams', { input: 'a.*', output: 'a.out' })).status).toBe(400);
    expect((await call('GET', '/api/v1/deployments/scorer/streams')).body).toEqual({ streams: [] });
  });
});
