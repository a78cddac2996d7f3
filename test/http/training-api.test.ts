/** Training over REST and the SDK, on a real embedded server (its own training worker runs the jobs). */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keel } from '../../src/sdk/index.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';

let keel: TestKeel;
let sdk: Keel;
beforeAll(async () => {
  keel = await startTestKeel();
  sdk = new Keel({ url: keel.url });
});
afterAll(() => keel.stop());

const post = (path: string, body: unknown): Promise<Response> => fetch(`${keel.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const penguinsCsv = (): string => {
  const rows = JSON.parse(readFileSync(new URL('../../node_modules/vega-datasets/data/penguins.json', import.meta.url), 'utf8')) as Record<string, string | number | null>[];
  const cols = Object.keys(rows[0]!);
  return [cols.join(','), ...rows.map((r) => cols.map((c) => r[c] ?? '').join(','))].join('\n');
};

describe('training jobs over REST', () => {
  it('queues a job that the embedded worker runs as a tracked run, with live logs', async () => {
    const job = await sdk.training.submitJob({ name: 'echo', experiment: 'rest-jobs', params: { epochs: '3' }, command: ['sh', '-c', 'for i in $(seq 1 $KEEL_PARAM_EPOCHS); do echo "epoch $i"; done; echo "tracking=$MLFLOW_TRACKING_URI"'] });
    expect(job).toMatchObject({ state: 'queued', gpus: 0, maxAttempts: 1 });
    const lines: string[] = [];
    for await (const line of sdk.training.followLogs(job.runId, { intervalMs: 100, until: async () => ['succeeded', 'failed'].includes((await sdk.training.getJob(job.id)).state) })) lines.push(line.text);
    expect(lines.filter((l) => l.startsWith('epoch'))).toEqual(['epoch 1', 'epoch 2', 'epoch 3']);
    expect(lines).toContain(`tracking=${keel.url}`);
    const done = await sdk.training.getJob(job.id);
    expect(done).toMatchObject({ state: 'succeeded', exitCode: 0 });
    expect((await sdk.runs.get(job.runId)).info.status).toBe('FINISHED');
    expect((await sdk.training.listJobs()).jobs.map((j) => j.id)).toContain(job.id);
    expect((await sdk.training.workers()).workers.length).toBeGreaterThanOrEqual(1);
    const cancel = await post(`/api/v1/training/jobs/${job.id}/cancel`, {});
    expect(cancel.status).toBe(412);
  });

  it('reports a command that does not exist as a failed job with exit code 127', async () => {
    const job = await sdk.training.submitJob({ name: 'typo', command: ['pyhton3', 'train.py'], retries: 2 });
    const done = await sdk.training.waitForJob(job.id, { intervalMs: 100 });
    expect(done).toMatchObject({ state: 'failed', exitCode: 127, error: 'command not found: pyhton3', attempt: 1 });
  });

  it('answers 4xx naming the field for bad input', async () => {
    const bad = await post('/api/v1/training/jobs', { name: 'x', command: 'python train.py' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^body\.command/);
    expect((await post('/api/v1/training/jobs', { name: 'x', command: ['true'], gpus: 99 })).status).toBe(400);
    expect((await fetch(`${keel.url}/api/v1/training/jobs/nope`)).status).toBe(404);
    expect((await fetch(`${keel.url}/api/v1/runs/nope/logs`)).status).toBe(404);
    expect((await fetch(`${keel.url}/api/v1/training/jobs?state=sleeping`)).status).toBe(400);
  });
});

describe('built-in tabular training over REST', () => {
  it('trains on an uploaded CSV, tracks the run (params, per-step and final metrics, ONNX artifact) and registers the model', async () => {
    const report = await sdk.training.trainTabular({ data: penguinsCsv(), format: 'csv', datasetName: 'penguins', target: 'Species', model: 'gbdt', params: { rounds: 40 }, experiment: 'tabular', register: 'penguin-species' });
    expect(report.metrics.accuracy).toBeGreaterThan(0.9);
    expect(report.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(report.registered).toEqual({ name: 'penguin-species', version: 1 });
    const run = await sdk.runs.get(report.runId);
    expect(run.info.status).toBe('FINISHED');
    expect(run.data.params).toEqual(expect.arrayContaining([{ key: 'model', value: 'gbdt' }, { key: 'rounds', value: '40' }, { key: 'target', value: 'Species' }]));
    expect(run.data.metrics.map((m) => m.key)).toEqual(expect.arrayContaining(['accuracy', 'f1', 'roc_auc', 'log_loss', 'val_loss']));
    expect(run.inputs.datasetInputs[0]?.dataset.name).toBe('penguins');
    const history = await sdk.runs.metricHistory(report.runId, 'val_loss');
    expect(history.metrics).toHaveLength(40);
    const version = await sdk.models.version('penguin-species', 1);
    expect(version.signature?.inputs.map((i) => i.name)).toContain('Island');
    expect(version.signature?.outputs.map((o) => o.name)).toEqual(['label', 'probabilities']);
  });

  it('trains on a stored dataset version and records the run and its model in the dataset lineage', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keel-train-data-'));
    await writeFile(join(dir, 'penguins.csv'), penguinsCsv());
    const added = await sdk.data.addPath('penguins-data', join(dir, 'penguins.csv'));
    const report = await sdk.training.trainTabular({ dataset: { name: 'penguins-data', version: String(added.version.version) }, target: 'Species', model: 'logreg', register: 'penguins-from-data' });
    expect(report.metrics.accuracy).toBeGreaterThan(0.9);
    const lineage = await sdk.data.lineage('penguins-data', added.version.version);
    expect(lineage.runs).toMatchObject([{ runId: report.runId, context: 'train' }]);
    expect(lineage.modelVersions).toEqual([{ name: 'penguins-from-data', version: 1, runId: report.runId }]);
    const run = await sdk.runs.get(report.runId);
    expect(run.inputs.datasetInputs).toHaveLength(1);
    expect(run.inputs.datasetInputs[0]?.dataset).toMatchObject({ name: 'penguins-data', sourceType: 'keel-data' });
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a bad target, unknown params and unknown dataset references', async () => {
    const rows = [{ a: 1, y: 'p' }, { a: 2, y: 'q' }, { a: 3, y: 'p' }];
    const noTarget = await post('/api/v1/training/tabular', { dataset: { rows }, target: 'nope', model: 'logreg' });
    expect(noTarget.status).toBe(400);
    expect(((await noTarget.json()) as { error: { message: string } }).error.message).toMatch(/column 'nope'/);
    const badParam = await post('/api/v1/training/tabular', { dataset: { rows }, target: 'y', model: 'forest', params: { depth: 3 } });
    expect(badParam.status).toBe(400);
    expect(((await badParam.json()) as { error: { message: string } }).error.message).toMatch(/params/);
    expect((await post('/api/v1/training/tabular', { dataset: { rows }, target: 'y', model: 'svm' })).status).toBe(400);
    const unknown = await post('/api/v1/training/tabular', { dataset: { name: 'no-such-data', version: '3' }, target: 'y', model: 'gbdt' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/no-such-data/);
  });
});

describe('GPU sizing over REST', () => {
  it('estimates the 7B / GQA / fp16 / 32 × 4096 case', async () => {
    const e = await sdk.training.estimateGpu({ params: 7e9, precision: 'fp16', batch: 32, seq: 4096, layers: 32, kvHeads: 8, headDim: 128, hidden: 4096 });
    expect(e.breakdown.kvCache).toBe(17_179_869_184);
    expect(e.fits.find((f) => f.name === 'H100-80GB')).toMatchObject({ fits: true, minGpus: 1 });
    expect((await sdk.training.gpuCatalog()).gpus.map((g) => g.name)).toEqual(expect.arrayContaining(['A100-40GB', 'A100-80GB', 'H100-80GB', 'H200-141GB', 'L4', 'T4', 'MI300X-192GB', 'TPU-v5e']));
  });

  it('answers 400 naming the field', async () => {
    const res = await post('/api/v1/gpu/estimate', { params: 7e9, precision: 'fp7', layers: 32, headDim: 128 });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^body\.precision/);
    expect((await post('/api/v1/gpu/estimate', { params: 7e9, headDim: 128 })).status).toBe(400);
  });
});
