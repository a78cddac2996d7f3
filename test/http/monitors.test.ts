import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitorSignal } from '../../src/domains/monitoring/index.js';
import { Keel } from '../../src/sdk/index.js';
import { buildLogisticRegressionOnnx } from '../fixtures/models/logistic-onnx.js';
import { buildMlpOnnx, mlpForward, mlpWeights } from '../fixtures/models/mlp-onnx.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';

/**
 * A deployment serves predictions, feedback arrives for some of them, and a monitor run over its
 * prediction log reports drift per column, measured and estimated performance and infrastructure
 * numbers, stores the series and publishes its signals.
 */
let keel: TestKeel;
const published: MonitorSignal[] = [];
/** Response bodies are read loosely here; their shape is what the assertions check. */
type Json = ReturnType<typeof JSON.parse>;

async function call(method: string, path: string, body?: unknown, raw?: Uint8Array): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${keel.url}${path}`, {
    method,
    headers: raw ? { 'content-type': 'application/octet-stream' } : body === undefined ? {} : { 'content-type': 'application/json' },
    ...(raw ? { body: raw } : body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
}

/** Evenly spread values in [lo, hi), in a scrambled order. */
const spread = (n: number, lo: number, hi: number): number[] => Array.from({ length: n }, (_, i) => lo + (((i * 7919) % n) / n) * (hi - lo));
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

const reference = spread(200, -1, 1).map((a, i) => ({ a, b: spread(200, -1, 1)[(i * 37) % 200] as number }));
// The live traffic: `a` shifted by +3, `b` as in the reference.
const live = spread(60, 2, 4).map((a, i) => ({ a, b: spread(60, -1, 1)[(i * 11) % 60] as number }));
const labels = new Map<string, number>();
const unlabelled: string[] = [];
let expectedRight = 0;

beforeAll(async () => {
  keel = await startTestKeel();
  keel.services.monitors.useSignalSink({ publish: async (s) => void published.push(...s) });
  // Trained in a tracked run: its accuracy is the baseline, its dataset input the training data.
  const csv = `a,b\n${reference.map((r) => `${r.a},${r.b}`).join('\n')}\n`;
  const upload = await fetch(`${keel.url}/api/v1/monitoring/datasets`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
  const { sha256 } = (await upload.json()) as { sha256: string };
  const runId = (await call('POST', '/api/v1/runs', { experimentName: 'clf' })).body.info.runId as string;
  await call('POST', `/api/v1/runs/${runId}/batch`, { metrics: [{ key: 'accuracy', value: 0.95, timestamp: 1, step: 0 }] });
  const inputs = await call('POST', `/api/v1/runs/${runId}/inputs`, { datasetInputs: [{ dataset: { name: 'train', digest: sha256.slice(0, 12), sourceType: 'keel', source: `blob:${sha256}` }, tags: [] }] });
  expect(inputs.status, JSON.stringify(inputs.body)).toBe(204);
  await call('PUT', `/api/v1/runs/${runId}/artifacts/model/model.onnx`, undefined, buildLogisticRegressionOnnx({ weights: [1, -1], bias: 0 }));
  await call('POST', '/api/v1/models', { name: 'clf' });
  expect((await call('POST', '/api/v1/models/clf/versions', { source: { runId, path: 'model' } })).status).toBe(201);
  expect((await call('PUT', '/api/v1/deployments/clf', { model: 'clf@1', processing: { columns: ['a', 'b'] } })).status).toBe(200);
  for (const [i, row] of live.entries()) {
    const res = await call('POST', '/api/v1/deployments/clf/predict', { instances: [row] });
    expect(res.status).toBe(200);
    if (i >= 40) unlabelled.push(res.body.requestId as string);
    // Labels for the first 40 requests only: every third one disagrees with the model.
    if (i < 40) {
      const predicted = sigmoid(row.a - row.b) > 0.5 ? 1 : 0;
      const label = i % 3 === 0 ? 1 - predicted : predicted;
      if (label === predicted) expectedRight++;
      labels.set(res.body.requestId as string, label);
    }
  }
  for (const [requestId, label] of labels) expect((await call('POST', '/api/v1/deployments/clf/feedback', { requestId, label })).status).toBe(200);
  await keel.services.serving.settle();
});
afterAll(() => keel.stop());

describe('monitors over REST', () => {
  it('creates a monitor on a deployment and lists it', async () => {
    const created = await call('POST', '/api/v1/monitoring/monitors', { name: 'clf-hourly', source: { deployment: 'clf' }, reference: { rows: reference }, window: { every: 'hourly' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'clf-hourly', enabled: true });
    expect(created.body.nextRunAt % 3_600_000).toBe(0);
    expect(created.body.nextRunAt).toBeGreaterThan(Date.now());
    expect((await call('POST', '/api/v1/monitoring/monitors', { name: 'clf-hourly', source: { deployment: 'clf' }, reference: { rows: reference }, window: { every: 'hourly' } })).status).toBe(409);
    const list = await call('GET', '/api/v1/monitoring/monitors');
    expect(list.body.monitors).toEqual([expect.objectContaining({ name: 'clf-hourly', lastRun: null })]);
    // Paused while the tests count its runs, so an hour boundary passing mid-test cannot add one.
    expect((await call('PATCH', '/api/v1/monitoring/monitors/clf-hourly', { enabled: false })).body.nextRunAt).toBeNull();
  });

  it('runs now: drift on the shifted column, measured accuracy of the labelled rows, CBPE on all, infra from the log; signals published', async () => {
    const res = await call('POST', '/api/v1/monitoring/monitors/clf-hourly/run', {});
    expect(res.status).toBe(201);
    const run = res.body;
    expect(run).toMatchObject({ status: 'ok', rows: 60, labelledRows: 40, datasetDrift: true, trigger: 'manual' });
    const drift = run.result.drift;
    expect(drift.columns.a).toMatchObject({ test: 'ks', drifted: true });
    expect(drift.columns.b).toMatchObject({ test: 'ks', drifted: false });
    expect(drift.drift_share).toBe(0.5);
    expect(run.result.histograms.map((h: { name: string }) => h.name)).toEqual(['a', 'b']);
    const perf = run.result.performance;
    expect(perf).toMatchObject({ task: 'classification', rows: 60, labelled: 40, labelled_fraction: 40 / 60 });
    expect(perf.measured.accuracy).toBeCloseTo(expectedRight / 40, 12);
    expect(perf.estimated.accuracy).toBeGreaterThan(0.5);
    expect(perf.prediction_distribution.counts.reduce((a: number, b: number) => a + b, 0)).toBe(60);
    expect(run.result.infra).toMatchObject({ deployment: 'clf', requests: 60, error_rate: 0, service_up: true });
    expect(run.result.infra.latency_p99_seconds).toBeGreaterThan(0);
    expect(run.result.infra.memory_bytes).toBeGreaterThan(0);

    const value = (metric: string, labels: Record<string, string> = {}) => published.find((s) => s.metric === metric && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    expect(value('drift_detected', { monitor: 'clf-hourly', deployment: 'clf', model: 'clf', version: '1' })).toBe(1);
    expect(value('column_drifted', { column: 'a' })).toBe(1);
    expect(value('column_drifted', { column: 'b' })).toBe(0);
    expect(value('accuracy')).toBeCloseTo(expectedRight / 40, 12);
    expect(value('labelled_fraction')).toBeCloseTo(40 / 60, 12);
    expect(value('accuracy_estimated')).toBeGreaterThan(0.5);
    expect(value('error_rate')).toBe(0);
    expect(value('service_up')).toBe(1);
  });

  it('keeps runs, the per-column series and performance over time', async () => {
    await call('POST', '/api/v1/monitoring/monitors/clf-hourly/run', { windowEnd: Date.now() - 7_200_000 });
    const runs = await call('GET', '/api/v1/monitoring/monitors/clf-hourly/runs');
    expect(runs.body.runs.map((r: { status: string }) => r.status)).toEqual(['ok', 'skipped']);
    const one = await call('GET', `/api/v1/monitoring/monitors/clf-hourly/runs/${runs.body.runs[0].id}`);
    expect(one.body.result.drift.columns.a.drifted).toBe(true);
    const series = await call('GET', '/api/v1/monitoring/monitors/clf-hourly/series?column=a');
    expect(series.body.points).toEqual([expect.objectContaining({ column: 'a', test: 'ks', drifted: true, current_count: 60 })]);
    const perf = await call('GET', '/api/v1/monitoring/monitors/clf-hourly/performance');
    expect(perf.body.windows).toHaveLength(1);
    expect(perf.body.windows[0].performance.measured.accuracy).toBeCloseTo(expectedRight / 40, 12);
    const list = await call('GET', '/api/v1/monitoring/monitors');
    expect(list.body.monitors[0].lastRun).toMatchObject({ status: 'ok', datasetDrift: true });
  });

  it('reads the reference from the training data a registry version names, and compares with its baseline accuracy', async () => {
    const created = await call('POST', '/api/v1/monitoring/monitors', { name: 'clf-registry', source: { deployment: 'clf' }, reference: { registry: { model: 'clf', version: 1 } }, window: { every: 'daily' } });
    expect(created.status).toBe(201);
    const run = (await call('POST', '/api/v1/monitoring/monitors/clf-registry/run', {})).body;
    expect(run.error ?? run.result.drift_error ?? null).toBeNull();
    expect(run.result.drift.reference_rows).toBe(200);
    expect(run.result.drift.columns.a.drifted).toBe(true);
    const perf = run.result.performance;
    expect(perf.baseline).toEqual({ metric: 'accuracy', value: 0.95 });
    expect(perf.degradation).toBeCloseTo(0.95 - expectedRight / 40, 12);
    expect(perf.degraded).toBe(0.95 - expectedRight / 40 > 0.05);
    expect(published.find((s) => s.metric === 'accuracy_baseline' && s.labels.monitor === 'clf-registry')?.value).toBe(0.95);
    expect((await call('DELETE', '/api/v1/monitoring/monitors/clf-registry')).status).toBe(204);
    const noData = await call('POST', '/api/v1/monitoring/monitors', { name: 'x', source: { deployment: 'clf' }, reference: { registry: { model: 'clf', version: 1, dataset: 'other' } }, window: { every: 'daily' } });
    expect(noData.status).toBe(201);
    const failed = (await call('POST', '/api/v1/monitoring/monitors/x/run', {})).body;
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringMatching(/names no dataset 'other'/) });
    await call('DELETE', '/api/v1/monitoring/monitors/x');
  });

  it('takes a span of the deployment’s own log as the reference: the same traffic does not drift', async () => {
    const created = await call('POST', '/api/v1/monitoring/monitors', { name: 'clf-self', source: { deployment: 'clf' }, reference: { window: { from: 0, to: Date.now() + 1 } }, window: { every: 'hourly' } });
    expect(created.status).toBe(201);
    const run = (await call('POST', '/api/v1/monitoring/monitors/clf-self/run', {})).body;
    expect(run.result.drift).toMatchObject({ dataset_drift: false, reference_rows: 60, current_rows: 60, number_of_drifted_columns: 0 });
    await call('DELETE', '/api/v1/monitoring/monitors/clf-self');
    const up = await fetch(`${keel.url}/api/v1/monitoring/datasets`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b\n1,2\n' });
    const { sha256 } = (await up.json()) as { sha256: string };
    const dataset = await call('POST', '/api/v1/monitoring/monitors', { name: 'bad', source: { dataset: { sha256 } }, reference: { window: { from: 0, to: 5 } }, window: { every: 'daily' } });
    expect(dataset.status).toBe(400);
    expect(dataset.body.error.message).toMatch(/reference\.window needs a deployment source/);
    const counted = await call('POST', '/api/v1/monitoring/monitors', { name: 'bad', source: { dataset: { sha256 } }, reference: { rows: [{ a: 1 }] }, window: { predictions: 100 } });
    expect(counted.body.error.message).toMatch(/window\.predictions needs a deployment source/);
  });

  it('reads multi-class probabilities in the order of the deployment’s argmax labels', async () => {
    const W = mlpWeights(4, 16, 3, 42);
    const names = ['x', 'y', 'z'];
    await call('POST', '/api/v1/models', { name: 'mlp' });
    await call('PUT', '/api/v1/models/mlp/versions/upload?filename=model.onnx', undefined, buildMlpOnnx(W));
    expect((await call('PUT', '/api/v1/deployments/iris', { model: 'mlp@1', processing: { columns: ['a', 'b', 'c', 'd'], argmax: { output: 'probabilities', labels: names } } })).status).toBe(200);
    const rows = Array.from({ length: 30 }, (_, i) => [i / 10, 1 - i / 15, (i % 7) / 3, (i % 4) - 1]);
    const actual: string[] = [];
    const predicted: string[] = [];
    for (const [i, r] of rows.entries()) {
      const res = await call('POST', '/api/v1/deployments/iris/predict', { instances: [{ a: r[0], b: r[1], c: r[2], d: r[3] }] });
      const p = mlpForward(W, r);
      const top = names[p.indexOf(Math.max(...p))] as string;
      expect(res.body.predictions[0].label).toBe(top);
      predicted.push(top);
      // Ground truth cycles through the classes, so every class has positives for the one-vs-rest AUC.
      actual.push(names[i % 3] as string);
      await call('POST', '/api/v1/deployments/iris/feedback', { requestId: res.body.requestId, label: actual[i] });
    }
    await call('POST', '/api/v1/monitoring/monitors', { name: 'iris', source: { deployment: 'iris' }, reference: { rows: rows.map(([a, b, c, d]) => ({ a, b, c, d })) }, window: { every: 'hourly' } });
    const perf = (await call('POST', '/api/v1/monitoring/monitors/iris/run', {})).body.result.performance;
    expect(Object.keys(perf.measured.per_class).sort()).toEqual([...new Set([...actual, ...predicted])].sort());
    expect(perf.measured.accuracy).toBeCloseTo(actual.filter((a, i) => a === predicted[i]).length / 30, 12);
    expect(perf.measured.roc_auc).toEqual(expect.any(Number));
    expect(perf.measured.log_loss).toBeGreaterThan(0);
    expect(perf.measured.reliability.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(30);
    expect(perf.estimated.accuracy).toBeGreaterThan(1 / 3);
    await call('DELETE', '/api/v1/monitoring/monitors/iris');
  });

  it('does the same through the SDK', async () => {
    const sdk = new Keel({ url: keel.url });
    await sdk.monitors.create({ name: 'clf-count', source: { deployment: 'clf' }, reference: { rows: reference }, window: { predictions: 50 }, test: 'psi' });
    const run = await sdk.monitors.run('clf-count');
    expect(run).toMatchObject({ rows: 50, status: 'ok' });
    expect(run.result.drift?.columns.a).toMatchObject({ test: 'psi', drifted: true });
    expect((await sdk.monitors.runs('clf-count')).map((r) => r.id)).toEqual([run.id]);
    expect((await sdk.monitors.series('clf-count', { column: 'b' }))[0]).toMatchObject({ column: 'b', test: 'psi' });
    expect((await sdk.monitors.performance('clf-count'))[0]?.performance.rows).toBe(50);
    expect((await sdk.monitors.infra('clf')).requests).toBe(60);
    expect((await sdk.monitors.list()).map((m) => m.name)).toEqual(['clf-count', 'clf-hourly']);
    await sdk.monitors.delete('clf-count');
    await expect(sdk.monitors.get('clf-count')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('serves infrastructure numbers per deployment', async () => {
    const res = await call('GET', '/api/v1/monitoring/deployments/clf/infra?windowSeconds=600');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ deployment: 'clf', window_seconds: 600, requests: 60, service_up: true });
    expect(res.body.throughput_rps).toBeCloseTo(60 / 600, 12);
    expect((await call('GET', '/api/v1/monitoring/deployments/nope/infra')).status).toBe(404);
  });

  it('publishes every deployment’s infrastructure signals on its own, labelled by deployment', async () => {
    published.length = 0;
    await keel.services.monitors.publishInfra(3600);
    const byMetric = new Map(published.filter((s) => s.labels.deployment === 'clf').map((s) => [s.metric, s]));
    expect(byMetric.get('error_rate')).toMatchObject({ value: 0, labels: { deployment: 'clf' } });
    expect(byMetric.get('service_up')?.value).toBe(1);
    expect(byMetric.get('throughput_rps')?.value).toBeCloseTo(60 / 3600, 12);
    expect(byMetric.get('latency_p99_seconds')?.value).toBeGreaterThan(0);
    expect(published.every((s) => Object.keys(s.labels).join() === 'deployment')).toBe(true);
  });

  it('answers bad input with 4xx naming the field', async () => {
    const base = { name: 'bad', source: { deployment: 'clf' }, reference: { rows: reference }, window: { every: 'hourly' } };
    const cases: [unknown, number, RegExp][] = [
      [{ ...base, window: { every: 'weekly' } }, 400, /body\.window/],
      [{ ...base, source: { deployment: 'nope' } }, 404, /nope/],
      [{ ...base, name: '../x' }, 400, /body\.name/],
      [{ ...base, source: { dataset: { sha256: 'a'.repeat(64) } } }, 404, /dataset/],
      [{ ...base, reference: { window: { from: 10, to: 5 } } }, 400, /body\.reference/],
      [{ ...base, extra: 1 }, 400, /extra|body/],
    ];
    for (const [body, status, message] of cases) {
      const res = await call('POST', '/api/v1/monitoring/monitors', body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(res.body.error.message).toMatch(message);
    }
    expect((await call('POST', '/api/v1/monitoring/monitors/nope/run', {})).status).toBe(404);
    expect((await call('POST', '/api/v1/monitoring/monitors/clf-hourly/run', { windowEnd: 'soon' })).status).toBe(400);
  });

  it('measures earlier windows again when their labels land late', async () => {
    const [first] = (await call('GET', '/api/v1/monitoring/monitors/clf-hourly/runs')).body.runs.filter((r: { status: string }) => r.status === 'ok').slice(-1);
    expect(first.labelledRows).toBe(40);
    for (const requestId of unlabelled.slice(0, 5)) expect((await call('POST', '/api/v1/deployments/clf/feedback', { requestId, label: 1 })).status).toBe(200);
    await call('POST', '/api/v1/monitoring/monitors/clf-hourly/run', {});
    const again = (await call('GET', `/api/v1/monitoring/monitors/clf-hourly/runs/${first.id}`)).body;
    expect(again.labelledRows).toBe(45);
    expect(again.result.performance).toMatchObject({ labelled: 45, labelled_fraction: 45 / 60 });
  });

  it('disables, re-enables and deletes a monitor', async () => {
    const off = await call('PATCH', '/api/v1/monitoring/monitors/clf-hourly', { enabled: false });
    expect(off.body).toMatchObject({ enabled: false, nextRunAt: null });
    const on = await call('PATCH', '/api/v1/monitoring/monitors/clf-hourly', { enabled: true, window: { seconds: 600 } });
    expect(on.body.nextRunAt % 600_000).toBe(0);
    expect((await call('DELETE', '/api/v1/monitoring/monitors/clf-hourly')).status).toBe(204);
    expect((await call('GET', '/api/v1/monitoring/monitors/clf-hourly/runs')).status).toBe(404);
  });
});
