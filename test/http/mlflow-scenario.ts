import { expect, it } from 'vitest';
import { asMap, type ExperimentJson, type MetricJson, type MlflowError, type MlflowRestClient, type RunInfoJson, type RunJson } from './mlflow-client.js';

/**
 * One MLflow client session against a running Keel, as MLflow's Python client issues it
 * (request shapes from MLflow's REST API docs), checked field by field. Both the SQLite test
 * and the PostgreSQL integration test run it, so the two engines answer identically.
 * The steps share state and run in order, like the training script they imitate.
 */
export function mlflowRestScenario(client: () => MlflowRestClient): void {
  const EXPERIMENT = 'mlflow-compat';
  const t0 = 1_750_000_000_000;
  let experimentId = '';
  let runId = '';

  const run = async (id: string): Promise<RunJson> => {
    const r = await client().get<{ run: RunJson }>('runs/get', { run_id: id, run_uuid: id });
    expect(r.status).toBe(200);
    return r.body.run;
  };

  it('mlflow.set_experiment: get-by-name misses with RESOURCE_DOES_NOT_EXIST, then create and get', async () => {
    const c = client();
    const miss = await c.get<MlflowError>('experiments/get-by-name', { experiment_name: EXPERIMENT });
    expect(miss.status).toBe(404);
    expect(miss.body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(miss.body.message).toContain(EXPERIMENT);

    const created = await c.post<{ experiment_id: string }>('experiments/create', { name: EXPERIMENT, tags: [{ key: 'team', value: 'vision' }] });
    expect(created.status).toBe(200);
    expect(Object.keys(created.body)).toEqual(['experiment_id']);
    expect(created.body.experiment_id).toMatch(/^\d+$/);
    experimentId = created.body.experiment_id;

    const got = await c.get<{ experiment: ExperimentJson }>('experiments/get', { experiment_id: experimentId });
    expect(got.status).toBe(200);
    const e = got.body.experiment;
    expect(e).toMatchObject({ experiment_id: experimentId, name: EXPERIMENT, lifecycle_stage: 'active', artifact_location: `mlflow-artifacts:/${experimentId}` });
    expect(typeof e.creation_time).toBe('number');
    expect(typeof e.last_update_time).toBe('number');
    expect(e.tags).toEqual([{ key: 'team', value: 'vision' }]);

    const byName = await c.get<{ experiment: ExperimentJson }>('experiments/get-by-name', { experiment_name: EXPERIMENT });
    expect(byName.body.experiment.experiment_id).toBe(experimentId);

    const dup = await c.post<MlflowError>('experiments/create', { name: EXPERIMENT });
    expect(dup.status).toBe(400);
    expect(dup.body.error_code).toBe('RESOURCE_ALREADY_EXISTS');
  });

  it('mlflow.start_run: runs/create with the client’s system tags', async () => {
    const tags = [
      { key: 'mlflow.user', value: 'ada' },
      { key: 'mlflow.source.name', value: 'train.py' },
      { key: 'mlflow.source.type', value: 'LOCAL' },
      { key: 'mlflow.runName', value: 'baseline' },
    ];
    const r = await client().post<{ run: RunJson }>('runs/create', { experiment_id: experimentId, user_id: 'ada', start_time: t0, tags, run_name: 'baseline' });
    expect(r.status).toBe(200);
    const info = r.body.run.info;
    runId = info.run_id;
    expect(runId).toMatch(/^[0-9a-f]{32}$/);
    expect(info).toEqual({
      run_id: runId,
      run_uuid: runId,
      run_name: 'baseline',
      experiment_id: experimentId,
      user_id: 'ada',
      status: 'RUNNING',
      start_time: t0,
      artifact_uri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
      lifecycle_stage: 'active',
    });
    expect(asMap(r.body.run.data.tags)).toMatchObject(Object.fromEntries(tags.map((t) => [t.key, t.value])));
    expect(r.body.run.data.metrics ?? []).toEqual([]);
    expect(r.body.run.data.params ?? []).toEqual([]);
  });

  it('log_param, log_metric with steps, set_tag: each answers {}', async () => {
    const c = client();
    const ok = [
      await c.post('runs/log-parameter', { run_id: runId, run_uuid: runId, key: 'lr', value: '0.01' }),
      await c.post('runs/log-parameter', { run_id: runId, key: 'lr', value: '0.01' }), // the same value again is fine
      await c.post('runs/log-metric', { run_id: runId, run_uuid: runId, key: 'loss', value: 0.9, timestamp: t0 + 1, step: 0 }),
      await c.post('runs/log-metric', { run_id: runId, key: 'loss', value: 0.5, timestamp: t0 + 2, step: 1 }),
      // Java's protobuf JsonFormat sends int64 as strings and NaN as "NaN".
      await c.post('runs/log-metric', { run_uuid: runId, key: 'grad_norm', value: 'NaN', timestamp: String(t0 + 3), step: '2' }),
      await c.post('runs/log-metric', { run_id: runId, key: 'ratio', value: '1.5e-3', timestamp: t0 + 3 }),
      await c.post('runs/set-tag', { run_id: runId, run_uuid: runId, key: 'stage', value: 'dev' }),
      await c.post('runs/set-tag', { run_id: runId, key: 'scratch', value: 'x' }),
      await c.post('runs/delete-tag', { run_id: runId, key: 'scratch' }),
    ];
    for (const r of ok) expect({ status: r.status, body: r.body }).toEqual({ status: 200, body: {} });
    const data = (await run(runId)).data;
    expect(asMap(data.params)).toEqual({ lr: '0.01' });
    const metrics = Object.fromEntries((data.metrics ?? []).map((m) => [m.key, m]));
    expect(metrics.loss).toEqual({ key: 'loss', value: 0.5, timestamp: t0 + 2, step: 1 });
    expect(metrics.grad_norm).toEqual({ key: 'grad_norm', value: 'NaN', timestamp: t0 + 3, step: 2 });
    expect(metrics.ratio).toEqual({ key: 'ratio', value: 0.0015, timestamp: t0 + 3, step: 0 });
    expect(asMap(data.tags).stage).toBe('dev');
    expect(asMap(data.tags).scratch).toBeUndefined();
  });

  it('log_batch: 1000 metric points in one call, then params and tags; get-history returns them in step order', async () => {
    const metrics = Array.from({ length: 1000 }, (_, i) => ({ key: 'acc', value: i / 1000, timestamp: t0 + 10 + i, step: i }));
    // 1000 is also MLflow's cap on metrics + params + tags together, so those go in a second batch.
    const r = await client().post('runs/log-batch', { run_id: runId, metrics });
    expect({ status: r.status, body: r.body }).toEqual({ status: 200, body: {} });
    const r2 = await client().post('runs/log-batch', { run_id: runId, params: [{ key: 'epochs', value: '10' }], tags: [{ key: 'framework', value: 'torch' }] });
    expect({ status: r2.status, body: r2.body }).toEqual({ status: 200, body: {} });

    const all = await client().get<{ metrics: MetricJson[]; next_page_token?: string }>('metrics/get-history', { run_id: runId, run_uuid: runId, metric_key: 'acc' });
    expect(all.status).toBe(200);
    expect(all.body.metrics).toHaveLength(1000);
    expect(all.body.metrics[999]).toEqual({ key: 'acc', value: 0.999, timestamp: t0 + 1009, step: 999 });
    expect(all.body.next_page_token).toBeUndefined();

    // Paged, as newer clients ask for it: every point exactly once.
    const seen: number[] = [];
    let token: string | undefined;
    do {
      const page = await client().get<{ metrics: MetricJson[]; next_page_token?: string }>('metrics/get-history', { run_id: runId, metric_key: 'acc', max_results: 300, page_token: token });
      expect(page.status).toBe(200);
      seen.push(...page.body.metrics.map((m) => m.step));
      token = page.body.next_page_token;
    } while (token);
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i));

    const data = (await run(runId)).data;
    expect((data.metrics ?? []).find((m) => m.key === 'acc')).toEqual({ key: 'acc', value: 0.999, timestamp: t0 + 1009, step: 999 });
    expect(asMap(data.params)).toEqual({ lr: '0.01', epochs: '10' });
    expect(asMap(data.tags).framework).toBe('torch');
  });

  it('mlflow.log_input: runs/log-inputs records the dataset and its context', async () => {
    const dataset = { name: 'penguins', digest: 'a1b2c3d4', source_type: 'local', source: '{"uri": "penguins.csv"}', schema: '{"mlflow_colspec": []}', profile: '{"num_rows": 344}' };
    const r = await client().post('runs/log-inputs', { run_id: runId, datasets: [{ tags: [{ key: 'mlflow.data.context', value: 'train' }], dataset }] });
    expect({ status: r.status, body: r.body }).toEqual({ status: 200, body: {} });
    expect((await run(runId)).inputs?.dataset_inputs).toEqual([{ tags: [{ key: 'mlflow.data.context', value: 'train' }], dataset }]);
  });

  it('artifacts through the proxy: upload, list (proxy and artifacts/list), download', async () => {
    const c = client();
    const root = `${experimentId}/${runId}/artifacts`;
    const text = 'epoch,loss\n0,0.9\n1,0.5\n';
    const model = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    expect((await c.uploadArtifact(`${root}/metrics.csv`, text, 'text/csv')).body).toEqual({});
    expect((await c.uploadArtifact(`${root}/model/model.bin`, model)).status).toBe(200);

    const top = await c.listArtifactsAt(root);
    expect(top.status).toBe(200);
    expect(top.body.files).toEqual([
      { path: 'metrics.csv', is_dir: false, file_size: text.length },
      { path: 'model', is_dir: true },
    ]);
    const listed = await c.get<{ root_uri: string; files: unknown[] }>('artifacts/list', { run_id: runId, run_uuid: runId, path: 'model' });
    expect(listed.body).toEqual({ root_uri: `mlflow-artifacts:/${root}`, files: [{ path: 'model/model.bin', is_dir: false, file_size: model.length }] });
    const rootList = await c.get<{ files: { path: string }[] }>('artifacts/list', { run_id: runId });
    expect(rootList.body.files.map((f) => f.path)).toEqual(['metrics.csv', 'model']);

    const csv = await c.downloadArtifact(`${root}/metrics.csv`);
    expect(csv.status).toBe(200);
    expect(csv.bytes.toString('utf8')).toBe(text);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="metrics.csv"/);
    const bin = await c.downloadArtifact(`${root}/model/model.bin`);
    expect(Buffer.compare(bin.bytes, Buffer.from(model))).toBe(0);

    const missing = await c.downloadArtifact(`${root}/nope.txt`);
    expect(missing.status).toBe(404);
    expect((JSON.parse(missing.bytes.toString('utf8')) as MlflowError).error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    // fetch would normalise `..` away before sending; a backslash reaches the server as-is.
    const escaping = await c.uploadArtifact(`${root}/..\\..\\escape.txt`, 'x');
    expect(escaping.status).toBe(400);
    expect(escaping.body.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('mlflow.end_run: runs/update FINISHED with end_time answers run_info', async () => {
    const r = await client().post<{ run_info: RunInfoJson }>('runs/update', { run_id: runId, run_uuid: runId, status: 'FINISHED', end_time: t0 + 5000 });
    expect(r.status).toBe(200);
    expect(r.body.run_info).toMatchObject({ run_id: runId, run_uuid: runId, status: 'FINISHED', end_time: t0 + 5000, start_time: t0, run_name: 'baseline' });
    expect((await run(runId)).info.end_time).toBe(t0 + 5000);
  });

  it('search_runs: filter, order_by and paging over several runs', async () => {
    const c = client();
    const accs = [0.3, 0.95, 0.7, 0.91, 0.1];
    const ids: string[] = [];
    for (const [i, acc] of accs.entries()) {
      const created = await c.post<{ run: RunJson }>('runs/create', { experiment_id: experimentId, start_time: t0 + 100 + i, tags: [{ key: 'mlflow.runName', value: `trial-${i}` }] });
      const id = created.body.run.info.run_id;
      ids.push(id);
      expect(created.body.run.info.run_name).toBe(`trial-${i}`);
      await c.post('runs/log-batch', { run_id: id, metrics: [{ key: 'val_acc', value: acc, timestamp: t0, step: 0 }], params: [{ key: 'seed', value: String(i) }] });
    }
    const request = { experiment_ids: [experimentId], filter: "metrics.val_acc > 0.5 and params.seed != '3'", run_view_type: 'ACTIVE_ONLY', max_results: 1, order_by: ['metrics.val_acc DESC'] };
    const names: string[] = [];
    let page_token: string | undefined;
    for (let pages = 0; pages < 5; pages++) {
      const r = await c.post<{ runs?: RunJson[]; next_page_token?: string }>('runs/search', { ...request, ...(page_token ? { page_token } : {}) });
      expect(r.status).toBe(200);
      names.push(...(r.body.runs ?? []).map((x) => x.info.run_name));
      page_token = r.body.next_page_token;
      if (!page_token) break;
    }
    expect(names).toEqual(['trial-1', 'trial-2']);

    const byAttr = await c.post<{ runs: RunJson[] }>('runs/search', { experiment_ids: [experimentId], filter: "attributes.status = 'FINISHED'" });
    expect(byAttr.body.runs.map((x) => x.info.run_id)).toEqual([runId]);
    const like = await c.post<{ runs: RunJson[] }>('runs/search', { experiment_ids: [experimentId], filter: "attributes.run_name LIKE 'trial-%'", order_by: ['attributes.start_time ASC'] });
    expect(like.body.runs.map((x) => x.info.run_id)).toEqual(ids);
  });

  it('experiments: search with filters, rename, tag, delete and restore', async () => {
    const c = client();
    const found = await c.post<{ experiments: ExperimentJson[] }>('experiments/search', { filter: "name LIKE 'mlflow-%'", max_results: 10, view_type: 'ACTIVE_ONLY' });
    expect(found.body.experiments.map((e) => e.name)).toEqual([EXPERIMENT]);
    const viaGet = await c.get<{ experiments: ExperimentJson[] }>('experiments/search', { filter: `name = '${EXPERIMENT}'`, max_results: '5' });
    expect(viaGet.body.experiments.map((e) => e.experiment_id)).toEqual([experimentId]);
    const byTag = await c.post<{ experiments: ExperimentJson[] }>('experiments/search', { filter: "tags.team = 'vision'" });
    expect(byTag.body.experiments.map((e) => e.experiment_id)).toEqual([experimentId]);

    expect((await c.post('experiments/set-experiment-tag', { experiment_id: experimentId, key: 'owner', value: 'ada' })).body).toEqual({});
    expect((await c.post('experiments/update', { experiment_id: experimentId, new_name: `${EXPERIMENT}-v2` })).body).toEqual({});
    const renamed = await c.get<{ experiment: ExperimentJson }>('experiments/get', { experiment_id: experimentId });
    expect(renamed.body.experiment.name).toBe(`${EXPERIMENT}-v2`);
    expect(asMap(renamed.body.experiment.tags)).toEqual({ team: 'vision', owner: 'ada' });

    expect((await c.post('experiments/delete', { experiment_id: experimentId })).body).toEqual({});
    const deleted = await c.post<{ experiments: ExperimentJson[] }>('experiments/search', { view_type: 'DELETED_ONLY' });
    expect(deleted.body.experiments.map((e) => [e.experiment_id, e.lifecycle_stage])).toEqual([[experimentId, 'deleted']]);
    expect((await c.post('experiments/restore', { experiment_id: experimentId })).body).toEqual({});
    expect((await c.get<{ experiment: ExperimentJson }>('experiments/get', { experiment_id: experimentId })).body.experiment.lifecycle_stage).toBe('active');
  });

  it('mlflow.delete_run / restore: the run leaves ACTIVE_ONLY search and comes back', async () => {
    const c = client();
    const active = async () => ((await c.post<{ runs?: RunJson[] }>('runs/search', { experiment_ids: [experimentId], filter: "attributes.status = 'FINISHED'" })).body.runs ?? []).length;
    expect((await c.post('runs/delete', { run_id: runId })).body).toEqual({});
    expect((await run(runId)).info.lifecycle_stage).toBe('deleted');
    expect(await active()).toBe(0);
    const deletedOnly = await c.post<{ runs: RunJson[] }>('runs/search', { experiment_ids: [experimentId], run_view_type: 'DELETED_ONLY' });
    expect(deletedOnly.body.runs.map((x) => x.info.run_id)).toEqual([runId]);
    expect((await c.post('runs/restore', { run_id: runId })).body).toEqual({});
    expect(await active()).toBe(1);
  });

  it('errors carry MLflow’s error_code, status and a message naming the problem', async () => {
    const c = client();
    const unknown = 'f'.repeat(32);
    const notFound = await c.get<MlflowError>('runs/get', { run_id: unknown });
    expect(notFound.status).toBe(404);
    expect(notFound.body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(notFound.body.message).toContain(unknown);
    expect((await c.post<MlflowError>('runs/log-metric', { run_id: unknown, key: 'a', value: 1, timestamp: t0 })).status).toBe(404);

    const relog = await c.post<MlflowError>('runs/log-parameter', { run_id: runId, key: 'lr', value: '0.02' });
    expect(relog.status).toBe(400);
    expect(relog.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(relog.body.message).toContain('lr');

    // A batch whose param conflicts writes nothing, not even its metrics and tags.
    const before = await run(runId);
    const conflicting = await c.post<MlflowError>('runs/log-batch', {
      run_id: runId,
      metrics: [{ key: 'only_in_bad_batch', value: 1, timestamp: t0, step: 0 }],
      params: [{ key: 'fresh', value: '1' }, { key: 'lr', value: '0.5' }],
      tags: [{ key: 'bad_batch', value: 'yes' }],
    });
    expect(conflicting.status).toBe(400);
    expect(conflicting.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect((await run(runId)).data).toEqual(before.data);

    const tooMany = await c.post<MlflowError>('runs/log-batch', { run_id: runId, metrics: Array.from({ length: 1001 }, (_, i) => ({ key: 'm', value: i, timestamp: t0, step: i })) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(tooMany.body.message).toContain('at most 1000 metrics. Got 1001 metrics');
    const params = await c.post<MlflowError>('runs/log-batch', { run_id: runId, params: Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: 'v' })) });
    expect(params.status).toBe(400);
    expect(params.body.message).toContain('at most 100 params');
    const total = await c.post<MlflowError>('runs/log-batch', {
      run_id: runId,
      metrics: Array.from({ length: 950 }, (_, i) => ({ key: 'm', value: i, timestamp: t0, step: i })),
      tags: Array.from({ length: 60 }, (_, i) => ({ key: `t${i}`, value: 'v' })),
    });
    expect(total.status).toBe(400);
    expect(total.body.message).toContain('at most 1000 metrics, params, and tags');
    const big = 'v'.repeat(6000);
    const oversized = await c.post<MlflowError>('runs/log-batch', {
      run_id: runId,
      params: Array.from({ length: 100 }, (_, i) => ({ key: `big_p${i}`, value: big })),
      tags: Array.from({ length: 100 }, (_, i) => ({ key: `big_t${i}`, value: big })),
    });
    expect(oversized.status).toBe(400);
    expect(oversized.body.message).toMatch(/^Batched logging API requests must be at most 1048576 bytes/);
    expect((await c.get<{ metrics: MetricJson[] }>('metrics/get-history', { run_id: runId, metric_key: 'm' })).body.metrics).toEqual([]);
    expect(asMap((await run(runId)).data.params).big_p0).toBeUndefined();

    const badFilter = await c.post<MlflowError>('runs/search', { experiment_ids: [experimentId], filter: 'metrics.acc >>> 1' });
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.error_code).toBe('INVALID_PARAMETER_VALUE');

    const missing = await c.post<MlflowError>('runs/log-metric', { run_id: runId, key: 'a', value: 1 });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringMatching(/^Missing value for required parameter 'timestamp'\./) as unknown });
    const noRun = await c.post<MlflowError>('runs/set-tag', { key: 'a', value: 'b' });
    expect(noRun.body.message).toMatch(/^Missing value for required parameter 'run_id'\./);
    const badValue = await c.post<MlflowError>('runs/log-metric', { run_id: runId, key: 'a', value: 'abc', timestamp: t0 });
    expect(badValue.status).toBe(400);
    expect(badValue.body.message).toContain("parameter 'value'");

    const malformed = await c.post<MlflowError>('runs/log-metric', '{"run_id": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error_code).toBe('MALFORMED_REQUEST');

    const unknownEndpoint = await c.post<MlflowError>('runs/no-such-thing', {});
    expect(unknownEndpoint.status).toBe(404);
    expect(unknownEndpoint.body.error_code).toBe('ENDPOINT_NOT_FOUND');
  });

  it('the web UI’s /ajax-api alias answers the same', async () => {
    const r = await client().get<{ run: RunJson }>('runs/get', { run_id: runId }, '/ajax-api/2.0/mlflow');
    expect(r.status).toBe(200);
    expect(r.body.run.info.run_id).toBe(runId);
  });
}
