import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';

/** Keel's columnar metric batch over HTTP: `POST /api/v1/runs/:id/metrics`. */
let keel: TestKeel;
beforeAll(async () => {
  keel = await startTestKeel();
});
afterAll(() => keel.stop());

const T = 1_764_000_000_000;
const b64 = (xs: number[]): string => Buffer.from(new Float64Array(xs).buffer).toString('base64');

async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${keel.url}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
}

type ErrorReply = { error: { code: string; message: string; details?: { fields?: { path: string; message: string }[] } } };
type History = { metrics: { key: string; value: number | string; timestamp: number; step: number }[] };

async function newRun(): Promise<string> {
  return (await call<{ info: { runId: string } }>('POST', '/api/v1/runs', { experimentName: 'columnar' })).body.info.runId;
}

describe('POST /api/v1/runs/:id/metrics', () => {
  it('stores JSON-array and base64 columns, keeping NaN and ±Infinity, readable through history and the run', async () => {
    const runId = await newRun();
    const res = await call('POST', `/api/v1/runs/${runId}/metrics`, {
      series: [
        { key: 'loss', steps: [0, 1, 2], timestamps: [T, T + 1, T + 2], values: [0.9, 'NaN', 0.3] },
        { key: 'acc', steps: b64([0, 1]), timestamps: b64([T, T]), values: b64([Infinity, -Infinity]) },
      ],
    });
    expect(res.status).toBe(204);
    const loss = await call<History>('GET', `/api/v1/runs/${runId}/metrics/history?key=loss`);
    expect(loss.body.metrics).toEqual([
      { key: 'loss', value: 0.9, timestamp: T, step: 0 },
      { key: 'loss', value: 'NaN', timestamp: T + 1, step: 1 },
      { key: 'loss', value: 0.3, timestamp: T + 2, step: 2 },
    ]);
    const acc = await call<History>('GET', `/api/v1/runs/${runId}/metrics/history?key=acc`);
    expect(acc.body.metrics.map((m) => m.value)).toEqual(['Infinity', '-Infinity']);
    const run = await call<{ data: { metrics: { key: string; value: number | string }[] } }>('GET', `/api/v1/runs/${runId}`);
    expect(run.body.data.metrics).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'loss', value: 0.3 }), expect.objectContaining({ key: 'acc', value: '-Infinity' })]));
  });

  it('refuses a bad entry with a 400 naming its path, and stores nothing of that request', async () => {
    const runId = await newRun();
    const values = Array.from({ length: 20 }, (_, i): number | string => i);
    values[17] = 'oops';
    const res = await call<ErrorReply>('POST', `/api/v1/runs/${runId}/metrics`, {
      series: [
        { key: 'good', steps: [0], timestamps: [T], values: [1] },
        { key: 'bad', steps: values.map((_, i) => i), timestamps: values.map(() => T), values },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_ARGUMENT');
    expect(res.body.error.message).toBe('body.series.1.values.17: expected a number or "NaN", "Infinity", "-Infinity"');
    expect(res.body.error.details?.fields?.[0]?.path).toBe('body.series.1.values.17');
    expect((await call<History>('GET', `/api/v1/runs/${runId}/metrics/history?key=good`)).body.metrics).toEqual([]);
  });

  it('answers 404 for an unknown run, 400 for a deleted one, 400 for malformed JSON', async () => {
    const body = { series: [{ key: 'x', steps: [0], timestamps: [T], values: [1] }] };
    expect((await call<ErrorReply>('POST', `/api/v1/runs/${'0'.repeat(32)}/metrics`, body)).body.error.code).toBe('NOT_FOUND');
    const runId = await newRun();
    await call('DELETE', `/api/v1/runs/${runId}`);
    expect((await call<ErrorReply>('POST', `/api/v1/runs/${runId}/metrics`, body)).status).toBe(400);
    expect((await call<ErrorReply>('POST', `/api/v1/runs/${runId}/metrics`, '{"series":[')).status).toBe(400);
  });

  it('takes 100,000 points in one request (past the server-wide JSON habits of log-batch) and refuses one more', async () => {
    const runId = await newRun();
    const n = 100_000;
    const steps = Array.from({ length: n }, (_, i) => i);
    const ok = await call('POST', `/api/v1/runs/${runId}/metrics`, { series: [{ key: 'big', steps, timestamps: steps.map(() => T), values: steps.map((i) => i * 1e-3) }] });
    expect(ok.status).toBe(204);
    const buckets = await call<{ buckets: { count: number }[] }>('GET', `/api/v1/runs/${runId}/metrics/history?key=big&maxPoints=10`);
    expect(buckets.body.buckets.reduce((sum, b) => sum + b.count, 0)).toBe(n);
    const over = await call<ErrorReply>('POST', `/api/v1/runs/${runId}/metrics`, {
      series: [
        { key: 'a', steps: b64(steps), timestamps: b64(steps.map(() => T)), values: b64(steps) },
        { key: 'b', steps: [0], timestamps: [T], values: [0] },
      ],
    });
    expect(over.status).toBe(400);
    expect(over.body.error.message).toMatch(/^body\.series: a columnar batch may hold at most 100000 points/);
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = (await call<{ paths: Record<string, Record<string, { requestBody?: unknown }>> }>('GET', '/api/openapi.json')).body;
    expect(doc.paths['/api/v1/runs/{id}/metrics']?.post?.requestBody).toBeDefined();
  });
});
