import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLogisticRegressionOnnx } from '../fixtures/models/logistic-onnx.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';
import { MlflowRestClient, type MlflowError, type RunJson } from './mlflow-client.js';

/**
 * MLflow's model-registry REST endpoints (model_registry.proto), driven with the request
 * shapes MLflow's Python client sends: JSON bodies for POST/PATCH/DELETE, query strings for
 * GET, versions as strings.
 */
interface ModelVersionJson {
  name: string;
  version: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  current_stage: string;
  source: string;
  run_id?: string;
  status: string;
  description?: string;
  tags: { key: string; value: string }[];
  aliases: string[];
}
interface RegisteredModelJson {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  description?: string;
  latest_versions: ModelVersionJson[];
  tags: { key: string; value: string }[];
  aliases: { alias: string; version: string }[];
}

const MODEL = buildLogisticRegressionOnnx({ weights: [1, -1], bias: 0 });
const WORSE = buildLogisticRegressionOnnx({ weights: [-1, 1], bias: 0 });

let keel: TestKeel;
let mlflow: MlflowRestClient;
beforeAll(async () => {
  keel = await startTestKeel();
  mlflow = new MlflowRestClient(keel.url);
});
afterAll(() => keel.stop());

async function send<T>(method: 'PATCH' | 'DELETE', endpoint: string, body: unknown, root = '/api/2.0/mlflow'): Promise<{ status: number; body: T }> {
  const res = await fetch(`${keel.url}${root}/${endpoint}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
}

/** What mlflow.onnx.log_model leaves behind: a model/ folder with MLmodel and model.onnx, uploaded through the artifact proxy. */
async function runWithModel(bytes: Uint8Array): Promise<{ runId: string; artifactUri: string }> {
  const run = (await mlflow.post<{ run: RunJson }>('runs/create', { experiment_id: '0', start_time: Date.now() })).body.run;
  const root = run.info.artifact_uri.replace(/^mlflow-artifacts:\//, '');
  expect((await mlflow.uploadArtifact(`${root}/model/MLmodel`, 'flavors:\n  onnx: {}\n', 'text/plain')).status).toBe(200);
  expect((await mlflow.uploadArtifact(`${root}/model/model.onnx`, bytes)).status).toBe(200);
  return { runId: run.info.run_id, artifactUri: run.info.artifact_uri };
}

describe('MLflow model registry REST', () => {
  it('registered-models: create, get, search, rename, update, tags, delete — in MLflow’s shapes', async () => {
    const created = await mlflow.post<{ registered_model: RegisteredModelJson }>('registered-models/create', { name: 'mlf-a', tags: [{ key: 'team', value: 'ml' }], description: 'first' });
    expect(created.status).toBe(200);
    expect(created.body.registered_model).toMatchObject({ name: 'mlf-a', description: 'first', tags: [{ key: 'team', value: 'ml' }], latest_versions: [], aliases: [] });
    expect(typeof created.body.registered_model.creation_timestamp).toBe('number');
    const dup = await mlflow.post<MlflowError>('registered-models/create', { name: 'mlf-a' });
    expect([dup.status, dup.body.error_code]).toEqual([400, 'RESOURCE_ALREADY_EXISTS']);
    const missing = await mlflow.get<MlflowError>('registered-models/get', { name: 'nope' });
    expect([missing.status, missing.body.error_code]).toEqual([404, 'RESOURCE_DOES_NOT_EXIST']);
    const noName = await mlflow.post<MlflowError>('registered-models/create', {});
    expect([noName.status, noName.body.error_code]).toEqual([400, 'INVALID_PARAMETER_VALUE']);
    expect(noName.body.message).toMatch(/^Missing value for required parameter 'name'/);

    expect((await mlflow.post('registered-models/set-tag', { name: 'mlf-a', key: 'owner', value: 'ada' })).status).toBe(200);
    expect((await send('DELETE', 'registered-models/delete-tag', { name: 'mlf-a', key: 'team' })).status).toBe(200);
    const updated = await send<{ registered_model: RegisteredModelJson }>('PATCH', 'registered-models/update', { name: 'mlf-a', description: 'second' });
    expect(updated.body.registered_model).toMatchObject({ description: 'second', tags: [{ key: 'owner', value: 'ada' }] });
    const renamed = await mlflow.post<{ registered_model: RegisteredModelJson }>('registered-models/rename', { name: 'mlf-a', new_name: 'mlf-b' });
    expect(renamed.body.registered_model.name).toBe('mlf-b');
    const search = await mlflow.get<{ registered_models: RegisteredModelJson[]; next_page_token?: string }>('registered-models/search', { filter: "name LIKE 'mlf-%'", max_results: 10 });
    expect(search.body.registered_models.map((m) => m.name)).toEqual(['mlf-b']);
    expect(search.body.next_page_token).toBeUndefined();
    expect((await send('DELETE', 'registered-models/delete', { name: 'mlf-b' })).status).toBe(200);
    expect((await mlflow.get('registered-models/get', { name: 'mlf-b' })).status).toBe(404);
  });

  it('model-versions: create from a run’s model folder, get, update, tags, search, aliases, transition-stage, download URI', async () => {
    await mlflow.post('registered-models/create', { name: 'clf' });
    const { runId, artifactUri } = await runWithModel(MODEL);
    const v1 = await mlflow.post<{ model_version: ModelVersionJson }>('model-versions/create', { name: 'clf', source: `${artifactUri}/model`, run_id: runId, description: 'from mlflow' });
    expect(v1.status).toBe(200);
    expect(v1.body.model_version).toMatchObject({ name: 'clf', version: '1', current_stage: 'None', status: 'READY', source: `${artifactUri}/model`, run_id: runId, description: 'from mlflow', tags: [], aliases: [] });
    const v2 = await mlflow.post<{ model_version: ModelVersionJson }>('model-versions/create', { name: 'clf', source: `runs:/${runId}/model`, tags: [{ key: 'k', value: 'v' }] });
    expect(v2.body.model_version).toMatchObject({ version: '2', run_id: runId, tags: [{ key: 'k', value: 'v' }] });
    const bad = await mlflow.post<MlflowError>('model-versions/create', { name: 'clf', source: 's3://bucket/model' });
    expect([bad.status, bad.body.error_code]).toEqual([400, 'INVALID_PARAMETER_VALUE']);

    expect((await mlflow.get<{ model_version: ModelVersionJson }>('model-versions/get', { name: 'clf', version: '2' })).body.model_version.version).toBe('2');
    const patched = await send<{ model_version: ModelVersionJson }>('PATCH', 'model-versions/update', { name: 'clf', version: '2', description: 'tuned' });
    expect(patched.body.model_version.description).toBe('tuned');
    expect((await mlflow.post('model-versions/set-tag', { name: 'clf', version: '1', key: 'validated', value: 'yes' })).status).toBe(200);
    expect((await send('DELETE', 'model-versions/delete-tag', { name: 'clf', version: '2', key: 'k' })).status).toBe(200);
    const found = await mlflow.get<{ model_versions: ModelVersionJson[] }>('model-versions/search', { filter: `run_id = '${runId}'` });
    expect(found.body.model_versions.map((v) => v.version)).toEqual(['2', '1']);

    const toProd = await mlflow.post<{ model_version: ModelVersionJson }>('model-versions/transition-stage', { name: 'clf', version: '1', stage: 'production', archive_existing_versions: false });
    expect(toProd.body.model_version.current_stage).toBe('Production');
    await mlflow.post('model-versions/transition-stage', { name: 'clf', version: '2', stage: 'Production', archive_existing_versions: true });
    const latest = await mlflow.post<{ model_versions: ModelVersionJson[] }>('registered-models/get-latest-versions', { name: 'clf', stages: ['Production', 'Archived'] });
    expect(latest.body.model_versions.map((v) => [v.version, v.current_stage])).toEqual([['1', 'Archived'], ['2', 'Production']]);

    expect((await mlflow.post('registered-models/alias', { name: 'clf', alias: 'champion', version: '2' })).status).toBe(200);
    const byAlias = await mlflow.get<{ model_version: ModelVersionJson }>('registered-models/alias', { name: 'clf', alias: 'champion' });
    expect(byAlias.body.model_version).toMatchObject({ version: '2', aliases: ['champion'] });
    const model = await mlflow.get<{ registered_model: RegisteredModelJson }>('registered-models/get', { name: 'clf' });
    expect(model.body.registered_model.aliases).toEqual([{ alias: 'champion', version: '2' }]);
    expect(model.body.registered_model.latest_versions.map((v) => v.current_stage)).toEqual(['Archived', 'Production']);
    expect((await send('DELETE', 'registered-models/alias', { name: 'clf', alias: 'champion' })).status).toBe(200);
    expect((await mlflow.get('registered-models/alias', { name: 'clf', alias: 'champion' })).status).toBe(404);

    const uri = await mlflow.get<{ artifact_uri: string }>('model-versions/get-download-uri', { name: 'clf', version: '2' });
    expect(uri.body.artifact_uri).toBe(`${artifactUri}/model`);
    const through = await mlflow.downloadArtifact(`${artifactUri.replace(/^mlflow-artifacts:\//, '')}/model/model.onnx`);
    expect(through.bytes.equals(Buffer.from(MODEL))).toBe(true);

    const delProd = await send<MlflowError>('DELETE', 'model-versions/delete', { name: 'clf', version: '2' });
    expect([delProd.status, delProd.body.error_code]).toEqual([400, 'INVALID_STATE']);
    expect((await send('DELETE', 'model-versions/delete', { name: 'clf', version: '1' })).status).toBe(200);
    const badVersion = await mlflow.get<MlflowError>('model-versions/get', { name: 'clf', version: 'x' });
    expect([badVersion.status, badVersion.body.error_code]).toEqual([400, 'INVALID_PARAMETER_VALUE']);
  });

  it('transition-stage to Production goes through the gate and fails with INVALID_STATE when it refuses', async () => {
    await mlflow.post('registered-models/create', { name: 'guarded' });
    const good = await runWithModel(MODEL);
    const worse = await runWithModel(WORSE);
    await mlflow.post('model-versions/create', { name: 'guarded', source: `runs:/${good.runId}/model` });
    await mlflow.post('model-versions/create', { name: 'guarded', source: `runs:/${worse.runId}/model/model.onnx` });
    const rows = Array.from({ length: 20 }, (_, i) => ({ a: i % 4, b: (i + 2) % 3, y: i % 4 > (i + 2) % 3 ? 1 : 0 })).filter((r) => r.a !== r.b);
    const policy = {
      evaluation: { dataset: { rows }, features: ['a', 'b'], label: 'y', task: 'binary', prediction: { output: 'probability', kind: 'probability' } },
      performance: { metric: 'accuracy', minValue: 0.8 },
    };
    const put = await fetch(`${keel.url}/api/v1/models/guarded/gate-policy`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(policy) });
    expect(put.status).toBe(200);
    expect((await mlflow.post('model-versions/transition-stage', { name: 'guarded', version: '1', stage: 'Production', archive_existing_versions: true })).status).toBe(200);
    const refused = await mlflow.post<MlflowError>('model-versions/transition-stage', { name: 'guarded', version: '2', stage: 'Production', archive_existing_versions: true }, '/ajax-api/2.0/mlflow');
    expect([refused.status, refused.body.error_code]).toEqual([400, 'INVALID_STATE']);
    expect(refused.body.message).toMatch(/validation gate refused guarded version 2 .*performance/);
    const v1 = await mlflow.get<{ model_version: ModelVersionJson }>('model-versions/get', { name: 'guarded', version: '1' });
    expect(v1.body.model_version.current_stage).toBe('Production');
  });
});
