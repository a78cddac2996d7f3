import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';
import { MlflowRestClient, type MlflowError, type RunJson } from './mlflow-client.js';
import { mlflowRestScenario } from './mlflow-scenario.js';

let keel: TestKeel;
beforeAll(async () => {
  keel = await startTestKeel();
});
afterAll(() => keel.stop());

describe('MLflow REST 2.0 on SQLite', () => {
  mlflowRestScenario(() => new MlflowRestClient(keel.url));

  it('keeps Keel’s own error shape outside the MLflow face', async () => {
    const res = await fetch(`${keel.url}/api/v1/no-such-route`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it('documents the MLflow endpoints in the OpenAPI document (and so the fuzz test covers them)', async () => {
    const doc = (await (await fetch(`${keel.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/2.0/mlflow/runs/log-batch'] ?? {})).toEqual(['post']);
    expect(Object.keys(doc.paths['/api/2.0/mlflow/experiments/search'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/2.0/mlflow-artifacts/artifacts/*'] ?? {}).sort()).toEqual(['get', 'put']);
  });
});

describe('MLflow REST 2.0 with API keys', () => {
  const WRITER = 'mlflow-writer-key-0123456789';
  const READER = 'mlflow-reader-key-0123456789';
  let secured: TestKeel;
  beforeAll(async () => {
    secured = await startTestKeel({ KEEL_API_KEYS: `${WRITER}:write,${READER}:read` });
  });
  afterAll(() => secured.stop());

  it('MLFLOW_TRACKING_TOKEN as a Bearer key: 401 without, 403 below the scope, 200 with it', async () => {
    const anonymous = await new MlflowRestClient(secured.url).post<MlflowError>('experiments/create', { name: 'secured' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error_code).toBe('UNAUTHENTICATED');
    const reader = await new MlflowRestClient(secured.url, READER).post<MlflowError>('experiments/create', { name: 'secured' });
    expect(reader.status).toBe(403);
    expect(reader.body.error_code).toBe('PERMISSION_DENIED');
    const writer = await new MlflowRestClient(secured.url, WRITER).post<{ experiment_id: string }>('experiments/create', { name: 'secured' });
    expect(writer.status).toBe(200);
    const read = await new MlflowRestClient(secured.url, READER).get('experiments/get', { experiment_id: writer.body.experiment_id });
    expect(read.status).toBe(200);
    const upload = await fetch(`${secured.url}/api/2.0/mlflow-artifacts/artifacts/1/x.txt`, { method: 'PUT', body: 'x' });
    expect(upload.status).toBe(401);
  });
});

describe('MLflow client quirks', () => {
  const client = () => new MlflowRestClient(keel.url);

  it('mlflow.start_run() with no experiment set logs to experiment "0" (Default)', async () => {
    const created = await client().post<{ run: RunJson }>('runs/create', { start_time: 1, tags: [] });
    expect(created.status).toBe(200);
    expect(created.body.run.info.experiment_id).toBe('0');
    expect(created.body.run.info.run_name).toMatch(/^[a-z]+-[a-z]+-\d+$/);
    const byId = await client().get<{ experiment: { name: string } }>('experiments/get', { experiment_id: '0' });
    expect(byId.body.experiment.name).toBe('Default');
  });

  it('an empty JSON body is an empty request (all fields unset), as in MLflow', async () => {
    const r = await client().post<MlflowError>('experiments/create', '');
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/^Missing value for required parameter 'name'\./);
    const bodyless = await fetch(`${keel.url}/api/2.0/mlflow/runs/delete`, { method: 'POST' });
    expect(((await bodyless.json()) as MlflowError).message).toMatch(/^Missing value for required parameter 'run_id'\./);
  });

  it('a JSON body double-encoded as a string (old clients) is read', async () => {
    const r = await client().post<{ experiment_id: string }>('experiments/create', JSON.stringify(JSON.stringify({ name: 'double-encoded' })));
    expect(r.status).toBe(200);
    expect(r.body.experiment_id).toMatch(/^\d+$/);
  });

  it('unknown fields are ignored, as protobuf parsing does (newer clients send model_id)', async () => {
    const run = await client().post<{ run: RunJson }>('runs/create', { experiment_id: '0' });
    const id = run.body.run.info.run_id;
    const r = await client().post('runs/log-metric', { run_id: id, key: 'x', value: 1, timestamp: 1, step: 0, model_id: 'm-1', dataset_digest: 'abc' });
    expect(r.status).toBe(200);
  });

  it('an artifact PUT without a content type is stored as-is', async () => {
    const res = await fetch(`${keel.url}/api/2.0/mlflow-artifacts/artifacts/0/models/raw.bin`, { method: 'PUT', body: new Uint8Array([1, 2, 3]) });
    expect(res.status).toBe(200);
    const back = await client().downloadArtifact('0/models/raw.bin');
    expect([...back.bytes]).toEqual([1, 2, 3]);
    expect(back.headers.get('content-length')).toBe('3');
  });

  it('a request-limit breach on the JSON routes keeps MLflow’s shape', async () => {
    const r = await client().get<MlflowError>('experiments/search', { max_results: '50001' });
    expect(r.status).toBe(400);
    expect(r.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(r.body.message).toContain("'max_results'");
  });
});
