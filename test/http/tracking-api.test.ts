import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';

let keel: TestKeel;
beforeAll(async () => {
  keel = await startTestKeel();
});
afterAll(() => keel.stop());

interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
  const res = await fetch(`${keel.url}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T, headers: res.headers };
}

type ErrorReply = { error: { code: string; message: string } };
interface RunJson {
  info: { runId: string; runName: string; experimentId: string; status: string; endTime: number | null; artifactUri: string; lifecycleStage: string };
  data: { metrics: { key: string; value: number | string; step: number }[]; params: { key: string; value: string }[]; tags: { key: string; value: string }[] };
}

describe('Keel tracking REST API', () => {
  it('creates, finds, lists, renames, tags, deletes and restores experiments', async () => {
    const created = await call<{ experimentId: string; artifactLocation: string }>('POST', '/api/v1/experiments', { name: 'churn', tags: [{ key: 'team', value: 'growth' }] });
    expect(created.status).toBe(201);
    const id = created.body.experimentId;
    expect(id).toMatch(/^\d+$/);
    expect(created.body.artifactLocation).toBe(`mlflow-artifacts:/${id}`);
    expect((await call<ErrorReply>('POST', '/api/v1/experiments', { name: 'churn' })).body.error.code).toBe('ALREADY_EXISTS');
    expect((await call('GET', `/api/v1/experiments/${id}`)).body).toMatchObject({ name: 'churn', tags: [{ key: 'team', value: 'growth' }] });
    expect((await call('GET', '/api/v1/experiments/by-name/churn')).body).toMatchObject({ experimentId: id });
    expect((await call('GET', '/api/v1/experiments/424242')).status).toBe(404);
    expect((await call('GET', '/api/v1/experiments/not-a-number')).status).toBe(404);

    await call('POST', '/api/v1/experiments', { name: 'churn-2' });
    const page1 = await call<{ experiments: { name: string }[]; nextPageToken?: string }>('GET', `/api/v1/experiments?filter=${encodeURIComponent("name LIKE 'churn%'")}&maxResults=1&orderBy=name`);
    expect(page1.body.experiments.map((e) => e.name)).toEqual(['churn']);
    const page2 = await call<{ experiments: { name: string }[]; nextPageToken?: string }>('GET', `/api/v1/experiments?filter=${encodeURIComponent("name LIKE 'churn%'")}&maxResults=1&orderBy=name&pageToken=${page1.body.nextPageToken ?? ''}`);
    expect(page2.body.experiments.map((e) => e.name)).toEqual(['churn-2']);
    expect(page2.body.nextPageToken).toBeUndefined();

    expect((await call('PATCH', `/api/v1/experiments/${id}`, { name: 'churn-v1' })).status).toBe(204);
    expect((await call('PUT', `/api/v1/experiments/${id}/tags`, { key: 'stage', value: 'dev' })).status).toBe(204);
    expect((await call('DELETE', `/api/v1/experiments/${id}`)).status).toBe(204);
    expect((await call('GET', `/api/v1/experiments/${id}`)).body).toMatchObject({ name: 'churn-v1', lifecycleStage: 'deleted' });
    const deleted = await call<{ experiments: { name: string }[] }>('GET', '/api/v1/experiments?viewType=DELETED_ONLY');
    expect(deleted.body.experiments.map((e) => e.name)).toEqual(['churn-v1']);
    expect((await call<ErrorReply>('POST', '/api/v1/runs', { experimentId: id })).body.error.code).toBe('FAILED_PRECONDITION');
    expect((await call('POST', `/api/v1/experiments/${id}/restore`)).status).toBe(204);
    expect((await call('GET', `/api/v1/experiments/${id}`)).body).toMatchObject({ lifecycleStage: 'active' });
  });

  it('starts runs with MLflow system tags, logs batches with NaN/Infinity, and serves history and buckets', async () => {
    const parent = (await call<RunJson>('POST', '/api/v1/runs', { experimentName: 'vision' })).body;
    expect(parent.info.runName).toMatch(/^[a-z]+-[a-z]+-\d{1,3}$/);
    const created = await call<RunJson>('POST', '/api/v1/runs', {
      experimentName: 'vision',
      runName: 'resnet',
      userId: 'ada',
      parentRunId: parent.info.runId,
      params: [{ key: 'lr', value: '0.01' }],
      tags: [{ key: 'mlflow.source.git.commit', value: 'abc123' }],
    });
    expect(created.status).toBe(201);
    const run = created.body;
    expect(run.info).toMatchObject({ runName: 'resnet', experimentId: parent.info.experimentId, status: 'RUNNING', lifecycleStage: 'active', endTime: null });
    expect(run.info.artifactUri).toBe(`mlflow-artifacts:/${run.info.experimentId}/${run.info.runId}/artifacts`);
    expect(run.data.tags).toEqual(
      expect.arrayContaining([
        { key: 'mlflow.runName', value: 'resnet' },
        { key: 'mlflow.user', value: 'ada' },
        { key: 'mlflow.parentRunId', value: parent.info.runId },
        { key: 'mlflow.source.git.commit', value: 'abc123' },
      ]),
    );
    const id = run.info.runId;
    const metrics = Array.from({ length: 996 }, (_, i) => ({ key: 'loss', value: 1 / (i + 1), timestamp: 1_700_000_000_000 + i, step: i }));
    metrics.push({ key: 'weird', value: 'NaN' as unknown as number, timestamp: 1, step: 0 }, { key: 'weird', value: 'Infinity' as unknown as number, timestamp: 2, step: 1 });
    expect((await call('POST', `/api/v1/runs/${id}/batch`, { metrics, params: [{ key: 'lr', value: '0.01' }], tags: [{ key: 'note', value: 'x' }] })).status).toBe(204);

    const got = (await call<RunJson>('GET', `/api/v1/runs/${id}`)).body;
    expect(got.data.metrics).toEqual([
      { key: 'loss', value: 1 / 996, step: 995, timestamp: 1_700_000_000_995 },
      { key: 'weird', value: 'Infinity', step: 1, timestamp: 2 },
    ]);
    const history = await call<{ metrics: { value: number | string }[]; nextPageToken?: string }>('GET', `/api/v1/runs/${id}/metrics/history?key=weird`);
    expect(history.body.metrics.map((m) => m.value)).toEqual(['NaN', 'Infinity']);
    const paged = await call<{ metrics: { step: number }[]; nextPageToken?: string }>('GET', `/api/v1/runs/${id}/metrics/history?key=loss&maxResults=500`);
    expect(paged.body.metrics).toHaveLength(500);
    const rest = await call<{ metrics: { step: number }[]; nextPageToken?: string }>('GET', `/api/v1/runs/${id}/metrics/history?key=loss&maxResults=500&pageToken=${paged.body.nextPageToken ?? ''}`);
    expect(rest.body.metrics.map((m) => m.step).at(-1)).toBe(995);
    expect(rest.body.nextPageToken).toBeUndefined();
    const buckets = await call<{ buckets: { count: number; min: number; max: number; last: number }[] }>('GET', `/api/v1/runs/${id}/metrics/history?key=loss&maxPoints=10`);
    expect(buckets.body.buckets).toHaveLength(10);
    expect(buckets.body.buckets.reduce((n, b) => n + b.count, 0)).toBe(996);
    expect(buckets.body.buckets[0]).toMatchObject({ max: 1, min: 1 / 100, last: 1 / 100 });

    // Finished runs still take metrics, as in MLflow.
    const finished = await call<{ status: string; endTime: number }>('PATCH', `/api/v1/runs/${id}`, { status: 'FINISHED', endTime: 1_700_000_100_000 });
    expect(finished.body).toMatchObject({ status: 'FINISHED', endTime: 1_700_000_100_000 });
    expect((await call('POST', `/api/v1/runs/${id}/batch`, { metrics: [{ key: 'late', value: 1, timestamp: 5 }] })).status).toBe(204);
  });

  it('keeps params immutable and batches all-or-nothing, with errors naming the problem', async () => {
    const run = (await call<RunJson>('POST', '/api/v1/runs', { params: [{ key: 'lr', value: '0.01' }] })).body;
    const id = run.info.runId;
    const conflict = await call<ErrorReply>('POST', `/api/v1/runs/${id}/batch`, { metrics: [{ key: 'acc', value: 0.5, timestamp: 1 }], params: [{ key: 'lr', value: '0.02' }], tags: [{ key: 't', value: 'v' }] });
    expect(conflict.status).toBe(400);
    expect(conflict.body.error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(conflict.body.error.message).toMatch(/param 'lr'.*'0\.01'.*'0\.02'/);
    const after = (await call<RunJson>('GET', `/api/v1/runs/${id}`)).body;
    expect(after.data.metrics).toEqual([]);
    expect(after.data.tags.map((t) => t.key)).toEqual(['mlflow.runName']);

    const tooMany = await call<ErrorReply>('POST', `/api/v1/runs/${id}/batch`, { metrics: Array.from({ length: 1001 }, (_, i) => ({ key: 'm', value: i, timestamp: 1 })) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/^body\.metrics/);
    const badValue = await call<ErrorReply>('POST', `/api/v1/runs/${id}/batch`, { metrics: [{ key: 'm', value: 'lots', timestamp: 1 }] });
    expect(badValue.body.error.message).toMatch(/^body\.metrics\.0\.value/);
    const unknown = await call<ErrorReply>('POST', `/api/v1/runs/${'0'.repeat(32)}/batch`, { metrics: [] });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/run '0{32}' not found/);

    expect((await call('DELETE', `/api/v1/runs/${id}`)).status).toBe(204);
    const toDeleted = await call<ErrorReply>('POST', `/api/v1/runs/${id}/batch`, { tags: [{ key: 'a', value: 'b' }] });
    expect(toDeleted.status).toBe(400);
    expect(toDeleted.body.error.message).toBe(`The run ${id} must be in the 'active' state. Current state is deleted.`);
    expect((await call('POST', `/api/v1/runs/${id}/restore`)).status).toBe(204);
    expect((await call('POST', `/api/v1/runs/${id}/batch`, { tags: [{ key: 'a', value: 'b' }] })).status).toBe(204);
    expect((await call('DELETE', `/api/v1/runs/${id}/tags?key=a`)).status).toBe(204);
    expect((await call('DELETE', `/api/v1/runs/${id}/tags?key=a`)).status).toBe(404);
  });

  it('searches runs with the filter grammar, orders, pages and compares', async () => {
    const exp = (await call<{ experimentId: string }>('POST', '/api/v1/experiments', { name: 'search-me' })).body.experimentId;
    const ids: string[] = [];
    for (const [i, acc] of [0.5, 0.91, 0.97].entries()) {
      const run = (await call<RunJson>('POST', '/api/v1/runs', { experimentId: exp, runName: `r${i}`, startTime: 1000 + i, params: [{ key: 'lr', value: String(i) }] })).body;
      await call('POST', `/api/v1/runs/${run.info.runId}/batch`, { metrics: [{ key: 'acc', value: acc, timestamp: 1 }] });
      ids.push(run.info.runId);
    }
    await call('POST', `/api/v1/runs/${ids[2] ?? ''}/inputs`, { datasetInputs: [{ dataset: { name: 'iris', digest: 'd1', sourceType: 'local', source: 'iris.csv' }, tags: [{ key: 'mlflow.data.context', value: 'train' }] }] });
    const search = (body: Record<string, unknown>) => call<{ runs: RunJson[]; nextPageToken?: string }>('POST', '/api/v1/runs/search', { experimentIds: [exp], ...body });
    expect((await search({ filter: 'metrics.acc > 0.9', orderBy: ['metrics.acc ASC'] })).body.runs.map((r) => r.info.runName)).toEqual(['r1', 'r2']);
    expect((await search({ filter: "params.lr = '0' and attributes.status = 'RUNNING'" })).body.runs.map((r) => r.info.runName)).toEqual(['r0']);
    expect((await search({ filter: "datasets.name = 'iris'" })).body.runs.map((r) => r.info.runName)).toEqual(['r2']);
    const first = await search({ maxResults: 2 });
    expect(first.body.runs.map((r) => r.info.runName)).toEqual(['r2', 'r1']);
    const second = await search({ maxResults: 2, pageToken: first.body.nextPageToken });
    expect(second.body.runs.map((r) => r.info.runName)).toEqual(['r0']);
    const bad = await search({ filter: 'metrics.acc >> 1' });
    expect(bad.status).toBe(400);
    expect((bad.body as unknown as ErrorReply).error.message).toMatch(/invalid filter at position 13 near '>'/);

    const cmp = await call<{ params: { key: string; values: string[]; differs: boolean }[]; metrics: { key: string; latest: number[] }[] }>('POST', '/api/v1/runs/compare', { runIds: [ids[0], ids[1]] });
    expect(cmp.body.params).toEqual([{ key: 'lr', values: ['0', '1'], differs: true }]);
    expect(cmp.body.metrics).toEqual([{ key: 'acc', latest: [0.5, 0.91], min: [0.5, 0.91], max: [0.5, 0.91] }]);
    expect((await call('POST', '/api/v1/runs/compare', { runIds: [ids[0], 'f'.repeat(32)] })).status).toBe(404);
  });

  it('streams artifacts in and out, lists folders, and refuses escaping paths', async () => {
    const run = (await call<RunJson>('POST', '/api/v1/runs', {})).body;
    const id = run.info.runId;
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]);
    const put = await fetch(`${keel.url}/api/v1/runs/${id}/artifacts/plots/roc.png`, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: png });
    expect(put.status).toBe(201);
    expect(await put.json()).toMatchObject({ path: 'plots/roc.png', isDir: false, size: 8 });
    const json = await fetch(`${keel.url}/api/v1/runs/${id}/artifacts/metrics.json`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"a":1' });
    expect(json.status).toBe(201);
    const listed = await call<{ rootUri: string; files: unknown[] }>('GET', `/api/v1/runs/${id}/artifacts`);
    expect(listed.body).toEqual({
      rootUri: run.info.artifactUri,
      files: [
        { path: 'metrics.json', isDir: false, size: 6, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
        { path: 'plots', isDir: true },
      ],
    });
    expect((await call<{ files: { path: string }[] }>('GET', `/api/v1/runs/${id}/artifacts?path=plots`)).body.files.map((f) => f.path)).toEqual(['plots/roc.png']);
    const got = await fetch(`${keel.url}/api/v1/runs/${id}/artifacts/plots/roc.png`);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('content-length')).toBe('8');
    expect(Buffer.from(await got.arrayBuffer())).toEqual(png);
    expect((await fetch(`${keel.url}/api/v1/runs/${id}/artifacts/nope.txt`)).status).toBe(404);
    const escape = await call<ErrorReply>('GET', `/api/v1/runs/${id}/artifacts?path=${encodeURIComponent('../other')}`);
    expect(escape.status).toBe(400);
    expect(escape.body.error.message).toMatch(/not a valid artifact path/);
    const escapePut = await fetch(`${keel.url}/api/v1/runs/${id}/artifacts/a%2F..%2F..%2Fb`, { method: 'PUT', body: 'x' });
    expect(escapePut.status).toBe(400);
  });
});
