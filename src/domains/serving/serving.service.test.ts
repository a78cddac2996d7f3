import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildMlpOnnx, buildSqrtOnnx, mlpForward, mlpWeights } from '../../../test/fixtures/models/mlp-onnx.js';
import { ADMIN, servingHarness, type ServingHarness } from '../../../test/support/serving-harness.js';
import { fixedClock } from '../../core/clock.js';
import type { TensorValue } from '../../core/ports/model-runtime.js';
import { seededRandom } from './strategies/index.js';

const W = mlpWeights(4, 16, 3, 42);
const W2 = mlpWeights(4, 16, 3, 7);
const rows = (n: number, seed = 1): number[][] => Array.from({ length: n }, (_, i) => [0, 1, 2, 3].map((j) => Math.fround(Math.sin(seed * 13 + i * 4 + j) * 3)));
const tensor = (r: number[][]): TensorValue => ({ type: 'float32', shape: [r.length, 4], data: Float32Array.from(r.flat()) });
const probs = (t: TensorValue | undefined): number[] => Array.from(t?.data as Float32Array);

let h: ServingHarness;
const clock = fixedClock(1_700_000_000_000);
beforeEach(async () => {
  h = await servingHarness({ clock, random: seededRandom(11) });
  h.models.add('mlp', 1, buildMlpOnnx(W), 'champion');
  h.models.add('mlp', 2, buildMlpOnnx(W2));
  h.models.add('mlp', 3, buildSqrtOnnx());
});
afterEach(() => h.close());

describe('online inference on real ONNX models', () => {
  it('answers a single request with the fixture’s own forward pass', async () => {
    await h.serving.deploy('d', { model: 'mlp@champion', settings: { cacheTtlSec: 0 } }, ADMIN);
    const x = rows(1);
    const out = await h.serving.infer('d', { inputs: { x: tensor(x) }, requestId: 'r1' });
    expect(out.version).toBe(1);
    expect(out.outputs.probabilities?.shape).toEqual([1, 3]);
    probs(out.outputs.probabilities).forEach((p, k) => expect(p).toBeCloseTo(mlpForward(W, x[0]!)[k]!, 5));
  });

  it('merges concurrent requests into batches and splits the answers back, row for row', async () => {
    const batches: number[] = [];
    const metricsHarness = await servingHarness({ metrics: { request: () => undefined, batch: (_m, _v, r) => batches.push(r), queueDepth: () => undefined, shadow: () => undefined } });
    try {
      metricsHarness.models.add('mlp', 1, buildMlpOnnx(W));
      await metricsHarness.serving.deploy('b', { model: 'mlp@1', settings: { cacheTtlSec: 0, batching: { enabled: true, maxBatchSize: 32, maxLatencyMs: 5 } } }, ADMIN);
      const requests = Array.from({ length: 40 }, (_, i) => rows(1 + (i % 3), i));
      const answers = await Promise.all(requests.map((x, i) => metricsHarness.serving.infer('b', { inputs: { x: tensor(x) }, requestId: `r${i}` })));
      answers.forEach((a, i) => {
        const x = requests[i]!;
        expect(a.outputs.probabilities?.shape).toEqual([x.length, 3]);
        const got = probs(a.outputs.probabilities);
        x.forEach((row, r) => mlpForward(W, row).forEach((p, k) => expect(got[r * 3 + k]).toBeCloseTo(p, 5)));
      });
      // Fewer runs than requests: they were merged (the first runs alone, the rest gather behind it).
      expect(batches.length).toBeLessThan(40);
      expect(Math.max(...batches)).toBeGreaterThan(3);
      expect(Math.max(...batches)).toBeLessThanOrEqual(32);
    } finally {
      await metricsHarness.close();
    }
  });

  it('one bad request in a batch fails alone; the others get their answers', async () => {
    await h.serving.deploy('b', { model: 'mlp@3', settings: { cacheTtlSec: 0, batching: { enabled: true, maxBatchSize: 64, maxLatencyMs: 5 } } }, ADMIN);
    const good = Array.from({ length: 10 }, (_, i) => [[i, i + 1, i + 2, 0]]);
    const bad = [[-1, 4, 9, 0]];
    const results = await Promise.allSettled([...good, bad].map((x, i) => h.serving.infer('b', { inputs: { x: tensor(x) }, requestId: `q${i}` })));
    results.slice(0, 10).forEach((r, i) => {
      expect(r.status).toBe('fulfilled');
      if (r.status === 'fulfilled') expect(probs(r.value.outputs.probabilities)).toEqual([Math.sqrt(i), Math.sqrt(i + 1), Math.sqrt(i + 2)].map(Math.fround));
    });
    expect(results[10]).toMatchObject({ status: 'rejected', reason: { code: 'UPSTREAM_ERROR' } });
  });

  it('names the input on a wrong shape, datatype or value, and keeps serving', async () => {
    await h.serving.deploy('d', { model: 'mlp@1' }, ADMIN);
    const wrongShape = h.serving.infer('d', { inputs: { x: { type: 'float32', shape: [1, 5], data: new Float32Array(5) } }, requestId: 'a' });
    await expect(wrongShape).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining("input 'x': shape [1, 5]") });
    const wrongType = h.serving.infer('d', { inputs: { x: { type: 'int64', shape: [1, 4], data: [1, 2, 3, 4] } }, requestId: 'b' });
    await expect(wrongType).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/input 'x': datatype int64 .* float32/) });
    const missing = h.serving.infer('d', { inputs: { y: tensor(rows(1)) }, requestId: 'c' });
    await expect(missing).rejects.toMatchObject({ message: expect.stringContaining("unknown input 'y'") });
    expect((await h.serving.infer('d', { inputs: { x: tensor(rows(1)) }, requestId: 'd' })).outputs.probabilities?.shape).toEqual([1, 3]);
  });

  it('answers repeats from the cache, keyed by version and normalised input', async () => {
    await h.serving.deploy('c', { model: 'mlp@1' }, ADMIN);
    const x = rows(2);
    const first = await h.serving.infer('c', { inputs: { x: tensor(x) }, requestId: 'c1' });
    const second = await h.serving.infer('c', { inputs: { x: tensor(x) }, requestId: 'c2' });
    expect([first.cached, second.cached]).toEqual([false, true]);
    expect(probs(second.outputs.probabilities)).toEqual(probs(first.outputs.probabilities));
    await h.serving.deploy('c', { model: 'mlp@2' }, ADMIN);
    const other = await h.serving.infer('c', { inputs: { x: tensor(x) }, requestId: 'c3' });
    expect([other.cached, other.version]).toEqual([false, 2]);
  });

  it('tabular predict: column order, scaling from stored stats, argmax with label names', async () => {
    const mean = [1, 2, 3, 4];
    const std = [2, 2, 2, 2];
    await h.serving.deploy('tab', { model: 'mlp@1', processing: { columns: ['a', 'b', 'c', 'd'], scaling: { mean, std }, argmax: { output: 'probabilities', labels: ['setosa', 'versicolor', 'virginica'] } } }, ADMIN);
    const res = await h.serving.predict('tab', { instances: [{ d: 7, c: 5, b: 1, a: 0.5 }] }, { requestId: 't1' });
    const scaled = [0.5, 1, 5, 7].map((v, j) => Math.fround((v - mean[j]!) / std[j]!));
    const expected = mlpForward(W, scaled);
    const p = res.predictions[0] as { probabilities: number[]; label: string };
    p.probabilities.forEach((v, k) => expect(v).toBeCloseTo(expected[k]!, 5));
    expect(p.label).toBe(['setosa', 'versicolor', 'virginica'][expected.indexOf(Math.max(...expected))]);
    await expect(h.serving.predict('tab', { instances: [{ a: 'tall', b: 1, c: 1, d: 1 }] }, { requestId: 't2' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('instances[0].a') });
  });

  it('logs every prediction asynchronously and takes feedback by request id', async () => {
    await h.serving.deploy('log', { model: 'mlp@1', settings: { cacheTtlSec: 0 } }, ADMIN);
    await h.serving.infer('log', { inputs: { x: tensor(rows(1)) }, requestId: 'log-1' });
    expect(await h.store.getPrediction('log-1')).toBeNull(); // not on the request path
    await h.serving.feedback('log', { requestId: 'log-1', label: 'virginica', reward: 1 });
    const row = await h.store.getPrediction('log-1');
    expect(row).toMatchObject({ deployment: 'log', model: 'mlp', version: 1, arm: 'primary', status: 'ok' });
    expect(JSON.parse(row!.outputs).probabilities.shape).toEqual([1, 3]);
    await expect(h.serving.feedback('log', { requestId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('deployments', () => {
  it('versions every change, audits it and rolls back; blue-green switches instantly both ways', async () => {
    await h.serving.deploy('bg', { strategy: 'blue-green', model: 'mlp@1' }, ADMIN);
    const d2 = await h.serving.deploy('bg', { strategy: 'blue-green', model: 'mlp@2', reason: 'new weights' }, ADMIN);
    expect(d2.config.activeSlot).toBe('green');
    expect(h.serving.pool.loadedVersions().sort()).toEqual(['mlp@1', 'mlp@2']);
    expect((await h.serving.infer('bg', { inputs: { x: tensor(rows(1)) }, requestId: 'g' })).version).toBe(2);
    const back = await h.serving.rollback('bg', 'regression', ADMIN);
    expect([back.revision, back.config.activeSlot]).toEqual([3, 'blue']);
    expect((await h.serving.infer('bg', { inputs: { x: tensor(rows(1)) }, requestId: 'b' })).version).toBe(1);
    expect((await h.serving.audit('bg')).map((e) => e.action)).toEqual(['deployment.created', 'deployment.updated', 'deployment.rolled-back']);
    await h.serving.delete('bg', ADMIN);
    expect(h.serving.pool.loadedVersions()).toEqual([]);
  });

  it('falls back to the previous version when the new one fails', async () => {
    await h.serving.deploy('fb', { model: 'mlp@1', settings: { cacheTtlSec: 0, fallback: { kind: 'previous' } } }, ADMIN);
    await h.serving.deploy('fb', { model: 'mlp@3' }, ADMIN);
    const x = [[-1, 1, 1, 1]];
    const res = await h.serving.infer('fb', { inputs: { x: tensor(x) }, requestId: 'f' });
    expect([res.fallback, res.version]).toEqual([true, 1]);
    probs(res.outputs.probabilities).forEach((p, k) => expect(p).toBeCloseTo(mlpForward(W, x[0]!)[k]!, 5));
  });
});

describe('canary', () => {
  const canary = { windowMs: 60_000, minRequests: 20, maxErrorRate: 0.05, maxP99Ms: 1000, steps: [10, 50, 100] };

  it('rolls back by itself when the canary errors on some inputs', async () => {
    await h.serving.deploy('can', { strategy: 'canary', model: 'mlp@1', candidate: 'mlp@3', canary, settings: { cacheTtlSec: 0, fallback: { kind: 'previous' } } }, ADMIN);
    // A third of the traffic has a negative first column: the sqrt model answers NaN there.
    for (let i = 0; i < 600; i++) {
      const x = [[i % 3 === 0 ? -1 : 1, 2, 3, 4]];
      const res = await h.serving.infer('can', { inputs: { x: tensor(x) }, requestId: `c${i}` });
      expect(res.outputs.probabilities?.shape).toEqual([1, 3]); // the fallback answers for the failures
      await h.serving.settle();
      if ((await h.serving.get('can')).config.strategy === 'direct') break;
    }
    const d = await h.serving.get('can');
    expect(d.config).toMatchObject({ strategy: 'direct', arms: [{ model: 'mlp', version: 1 }] });
    const last = (await h.serving.audit('can')).at(-1);
    expect(last).toMatchObject({ action: 'canary.rolled-back', actor: 'keel', reason: expect.stringContaining('error rate') });
  });

  it('steps up and promotes when the canary stays healthy for each window', async () => {
    await h.serving.deploy('up', { strategy: 'canary', model: 'mlp@1', candidate: 'mlp@2', canary, settings: { cacheTtlSec: 0 } }, ADMIN);
    for (let i = 0; i < 3000 && (await h.serving.get('up')).config.strategy === 'canary'; i++) {
      await h.serving.infer('up', { inputs: { x: tensor(rows(1, i)) }, requestId: `u${i}` });
      clock.advance(1000);
      await h.serving.settle();
    }
    expect((await h.serving.get('up')).config).toMatchObject({ strategy: 'direct', arms: [{ version: 2 }] });
    expect((await h.serving.audit('up')).map((e) => e.action)).toEqual(['deployment.created', 'canary.stepped', 'canary.stepped', 'canary.promoted']);
  });
});

describe('shadow, A/B and bandit deployments', () => {
  it('shadow: production answers, the shadow copy is compared and its agreement recorded', async () => {
    await h.serving.deploy('sh', { strategy: 'shadow', model: 'mlp@1', candidate: 'mlp@2', settings: { cacheTtlSec: 0 } }, ADMIN);
    for (let i = 0; i < 20; i++) expect((await h.serving.infer('sh', { inputs: { x: tensor(rows(1, i)) }, requestId: `s${i}` })).version).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    const stats = await h.serving.stats('sh');
    expect(stats.shadowAgreement?.compared).toBe(20);
    // Different weights: the two versions disagree on these inputs.
    expect(stats.shadowAgreement?.agreed).toBeLessThan(20);
    expect(stats.arms.find((a) => a.arm === 'shadow')?.requests).toBe(20);
  });

  it('A/B: sticky by key, per-arm feedback rates and a significance test', async () => {
    await h.serving.deploy('ab', { strategy: 'ab', model: 'mlp@1', candidate: 'mlp@2', weight: 50 }, ADMIN);
    const seen = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const key = `u${i % 40}`;
      const res = await h.serving.infer('ab', { inputs: { x: tensor(rows(1, i)) }, requestId: `ab${i}`, routingKey: key });
      expect(seen.get(key) ?? res.version).toBe(res.version);
      seen.set(key, res.version);
      await h.serving.feedback('ab', { requestId: `ab${i}`, reward: res.version === 2 ? 1 : i % 2 });
    }
    const stats = await h.serving.stats('ab');
    expect(stats.arms.map((a) => a.trials).reduce((x, y) => x + y)).toBe(200);
    expect(stats.arms[1]!.successes).toBe(stats.arms[1]!.trials);
    expect(stats.significance!.pValue).toBeLessThan(0.001);
  });

  it('bandit: learns from feedback rewards and moves traffic to the better version', async () => {
    await h.serving.deploy('ban', { strategy: 'bandit', model: 'mlp@1', candidate: 'mlp@2' }, ADMIN);
    const env = seededRandom(3);
    let late = 0;
    for (let i = 0; i < 400; i++) {
      const res = await h.serving.infer('ban', { inputs: { x: tensor(rows(1, i)) }, requestId: `b${i}` });
      if (i >= 300 && res.version === 2) late++;
      await h.serving.feedback('ban', { requestId: `b${i}`, reward: env() < (res.version === 2 ? 0.6 : 0.2) ? 1 : 0 });
    }
    expect(late / 100).toBeGreaterThan(0.8);
  });
});
