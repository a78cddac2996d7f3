import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runKeel, spawnServer, type ServerProcess } from '../support/spawn-keel.js';

/**
 * `keel train job`, `keel runs logs`, `keel train tabular` and `keel gpu estimate` on the built
 * binary (run `npm run build:server` first) against a real server, whose own training worker
 * runs the jobs.
 */
const dir = mkdtempSync(join(tmpdir(), 'keel-train-cli-'));
let server: ServerProcess;
let env: Record<string, string>;

beforeAll(async () => {
  server = await spawnServer(['--port', '0', '--data', join(dir, 'data')]);
  env = { KEEL_URL: server.url };
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('keel train job', () => {
  it('queues the command, follows its logs and exits with its exit code', async () => {
    const ok = await runKeel(['train', 'job', '--name', 'cli-demo', '-p', 'epochs=2', 'lr=0.5', '--', 'sh', '-c', 'for i in $(seq 1 $KEEL_PARAM_EPOCHS); do echo "epoch $i lr={lr} run=$MLFLOW_RUN_ID"; done'], { env });
    expect(ok.code, ok.stderr).toBe(0);
    const runId = /run ([0-9a-f]{32})/.exec(ok.stderr)![1]!;
    expect(ok.stdout.trim().split('\n')).toEqual([`epoch 1 lr=0.5 run=${runId}`, `epoch 2 lr=0.5 run=${runId}`]);
    expect(ok.stderr).toMatch(/job [0-9a-f]{32} succeeded \(exit code 0\)/);

    const logs = await runKeel(['runs', 'logs', runId], { env });
    expect(logs.stdout).toContain('epoch 2 lr=0.5');
    expect(logs.stderr).toContain('keel: exited with code 0');

    const failing = await runKeel(['train', 'job', '--name', 'cli-fail', '--retries', '1', '--backoff', '0', '--', 'sh', '-c', 'echo "try $KEEL_JOB_ATTEMPT"; exit 3'], { env });
    expect(failing.code).toBe(3);
    expect(failing.stdout).toContain('try 1');
    expect(failing.stdout).toContain('try 2');
    expect(failing.stderr).toContain('failed (exit code 3): exited with code 3');
  });

  it('reports a command that does not exist: exit 127 and a clear error', async () => {
    const r = await runKeel(['train', 'job', '--name', 'cli-typo', '--', 'pyhton3', 'train.py'], { env });
    expect(r.code).toBe(127);
    expect(r.stderr).toContain('error: command not found: pyhton3');
  });

  it('refuses bad flags before queueing anything', async () => {
    const r = await runKeel(['train', 'job', '--name', 'x', '--gpus', 'two', '--', 'true'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--gpus must be an integer ≥ 0, got 'two'");
    const jobs = await runKeel(['train', 'jobs', '--json'], { env });
    expect((JSON.parse(jobs.stdout) as { jobs: { name: string }[] }).jobs.map((j) => j.name)).not.toContain('x');
  });
});

describe('keel train tabular', () => {
  const csv = join(dir, 'penguins.csv');
  beforeAll(() => {
    const rows = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/vega-datasets/data/penguins.json'), 'utf8')) as Record<string, string | number | null>[];
    const cols = Object.keys(rows[0]!);
    writeFileSync(csv, [cols.map((c) => `"${c}"`).join(','), ...rows.map((r) => cols.map((c) => r[c] ?? '').join(','))].join('\n'));
  });

  it('trains, tracks and registers a model from a CSV file', async () => {
    const r = await runKeel(['--json', 'train', 'tabular', '--data', csv, '--target', 'Species', '--model', 'forest', '-p', 'trees=50', '--register', 'penguins-cli'], { env, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { metrics: Record<string, number>; registered: { name: string; version: number }; runId: string; steps: number };
    expect(report.metrics.accuracy).toBeGreaterThan(0.93);
    expect(report.registered).toEqual({ name: 'penguins-cli', version: 1 });
    expect(report.steps).toBe(50);
    const human = await runKeel(['train', 'tabular', '--data', csv, '--target', 'Body Mass (g)', '--model', 'gbdt', '--task', 'regression'], { env, timeoutMs: 60_000 });
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^r2\s+0\.[89]\d+/m);
  });

  it('explains bad input', async () => {
    const missing = await runKeel(['train', 'tabular', '--data', join(dir, 'nope.csv'), '--target', 'y', '--model', 'gbdt'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const param = await runKeel(['train', 'tabular', '--data', csv, '--target', 'Species', '--model', 'gbdt', '-p', 'trees=5'], { env });
    expect(param.code).toBe(2);
    expect(param.stderr).toContain('gbdt takes: rounds, learning_rate, max_depth, min_samples_leaf, subsample, seed');
    const target = await runKeel(['train', 'tabular', '--data', csv, '--target', 'species', '--model', 'gbdt'], { env });
    expect(target.code).toBe(2);
    expect(target.stderr).toContain("column 'species' is not in the data");
  });
});

describe('keel gpu estimate', () => {
  it('prints the breakdown and the GPUs that fit (JSON and table)', async () => {
    const args = ['gpu', 'estimate', '--params', '7B', '--precision', 'fp16', '--batch', '32', '--seq', '4096', '--layers', '32', '--kv-heads', '8', '--head-dim', '128', '--hidden', '4096'];
    const json = await runKeel(['--json', ...args]);
    expect(json.code, json.stderr).toBe(0);
    const e = JSON.parse(json.stdout) as { breakdown: { kvCache: number; weights: number }; fits: { name: string; minGpus: number | null }[] };
    expect(e.breakdown).toMatchObject({ kvCache: 17_179_869_184, weights: 14e9 });
    expect(e.fits.find((f) => f.name === 'L4')?.minGpus).toBe(2);
    const table = await runKeel(args);
    expect(table.stdout).toMatch(/^kvCache\s+16\.00\s+16\.00/m);
    expect(table.stdout).toMatch(/^total\s+39\.54/m);
  });

  it('reads a Hugging Face config and a price file; names bad flags', async () => {
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ hidden_size: 4096, intermediate_size: 14336, num_attention_heads: 32, num_hidden_layers: 32, num_key_value_heads: 8, vocab_size: 128256, tie_word_embeddings: false }));
    const prices = join(dir, 'prices.json');
    writeFileSync(prices, JSON.stringify({ 'H100-80GB': 2 }));
    const r = await runKeel(['--json', 'gpu', 'estimate', '--config', config, '--mode', 'training', '--zero', '3', '--gpus', '8', '--batch', '8', '--seq', '8192', '--checkpointing', '--prices', prices]);
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout) as { model: { params: number }; perGpu: { optimizer: number }; fits: { name: string; pricePerGpuHour: number }[] };
    // Llama-3-8B: 32 × (2·4096·4096 + 2·4096·1024 + 3·4096·14336) + 2 · 128256 · 4096 = 8 029 995 008 (norms left out)
    expect(e.model.params).toBe(8_029_995_008);
    expect(e.perGpu.optimizer).toBe((8_029_995_008 * 12) / 8);
    expect(e.fits.find((f) => f.name === 'H100-80GB')?.pricePerGpuHour).toBe(2);
    const bad = await runKeel(['gpu', 'estimate', '--params', '7B', '--precision', 'fp12', '--layers', '32', '--head-dim', '128']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--precision');
  });
});
