/**
 * The runner's plumbing with a tiny in-process runtime (a model is JSON weights of a
 * linear score): which failures are verdicts and which are INVALID_ARGUMENT. The real
 * ONNX Runtime path is test/integration/gate-penguins.int.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../../adapters/blob/fs-blob-store.js';
import { fixedClock } from '../../../core/clock.js';
import type { BlobStore } from '../../../core/ports/blob-store.js';
import type { LoadedModel, ModelRuntime, ModelSignature } from '../../../core/ports/model-runtime.js';
import type { GateSubject } from './gate.api.js';
import type { GatePolicyInput } from './gate-policy.schema.js';
import { ValidationGate } from './gate-runner.js';

/** `{ w: number[] }`: P(positive) = clamp(w·x). Unparsable bytes fail to load, as a corrupt file would. */
const linearRuntime: ModelRuntime = {
  flavor: 'onnx',
  inspect: async (bytes) => (await linearRuntime.load(bytes)).signature,
  load: async (bytes): Promise<LoadedModel> => {
    const { w } = JSON.parse(new TextDecoder().decode(bytes)) as { w: number[] };
    const signature: ModelSignature = { inputs: [{ name: 'x', type: 'float64', shape: [-1, w.length] }], outputs: [{ name: 'p', type: 'float64', shape: [-1, 1] }] };
    return {
      signature,
      run: async ({ x }) => {
        const n = x!.shape[0]!;
        const data = Array.from({ length: n }, (_, r) => Math.min(1, Math.max(0, w.reduce((s, wj, j) => s + wj * Number(x!.data[r * w.length + j]), 0))));
        return { p: { type: 'float64', shape: [n, 1], data } };
      },
      release: async () => undefined,
    };
  },
};

const rows = [
  { a: 0.9, b: 0, y: 1, g: 'u' },
  { a: 0.8, b: 1, y: 1, g: 'u' },
  { a: 0.1, b: 1, y: 0, g: 'v' },
  { a: 0.2, b: 0, y: 0, g: 'v' },
  { a: null, b: 0, y: 0, g: 'v' },
];

let dir: string;
let blobs: BlobStore;
let gate: ValidationGate;

async function version(v: number, body: string, flavor = 'onnx'): Promise<GateSubject> {
  const info = await blobs.put(body);
  return { modelName: 'm', version: v, flavor, sha256: info.sha256, sizeBytes: info.size, signature: null };
}

const policy = (over: Partial<GatePolicyInput> = {}): GatePolicyInput => ({
  evaluation: { dataset: { rows }, features: ['a', 'b'], label: 'y', task: 'binary', prediction: { output: 'p', kind: 'probability' } },
  performance: { metric: 'accuracy' },
  ...over,
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keel-gate-runner-'));
  blobs = await FsBlobStore.open(dir);
  gate = new ValidationGate(blobs, linearRuntime, fixedClock(1_000));
});
afterAll(async () => {
  await blobs.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ValidationGate', () => {
  it('runs what the policy configures and skips the rest; dropped rows are counted', async () => {
    const report = await gate.run({ candidate: await version(2, '{"w":[1,0]}'), production: await version(1, '{"w":[0,1]}'), policy: policy(), policyVersion: 7 });
    expect(report).toMatchObject({ modelName: 'm', version: 2, policyVersion: 7, passed: true, startedAt: 1_000, finishedAt: 1_000 });
    expect(report.checks.map((c) => [c.name, c.verdict])).toEqual([
      ['performance', 'pass'],
      ['latency', 'skipped'],
      ['fairness', 'skipped'],
      ['safety', 'skipped'],
      ['resources', 'skipped'],
    ]);
    expect(report.checks[0]).toMatchObject({ measured: { accuracy: 1, productionAccuracy: 0.5 }, evidence: { rowsInDataset: 5, rowsEvaluated: 4, rowsDropped: 1, dataset: { kind: 'inline' } } });
  });

  it('a production version the policy no longer fits fails the comparison with the reason', async () => {
    const report = await gate.run({ candidate: await version(2, '{"w":[1,0]}'), production: await version(1, '{"w":[1,0,0]}'), policy: policy(), policyVersion: 1 });
    expect(report.passed).toBe(false);
    expect(report.checks[0]).toMatchObject({ verdict: 'fail', message: expect.stringMatching(/production version 1 could not be evaluated .*2 columns given, model input 'x' takes 3/) });
  });

  it('an unreadable, unloadable or foreign candidate fails every model check with the reason', async () => {
    const full = policy({ latency: {}, fairness: { groupColumns: ['g'], minGroupSize: 1 }, safety: { kind: 'forbidden-outputs', forbiddenOutputs: [1] }, resources: { maxPeakMemoryBytes: 1e9 } });
    const corrupt = await gate.run({ candidate: await version(3, 'not json'), production: null, policy: full, policyVersion: 1 });
    expect(corrupt.checks.map((c) => c.verdict)).toEqual(['fail', 'fail', 'fail', 'fail', 'fail']);
    expect(corrupt.checks[1]!.message).toMatch(/latency check could not run: could not load version 3/);
    const missing = { ...(await version(4, '{"w":[1,0]}')), sha256: 'e'.repeat(64) };
    expect((await gate.run({ candidate: missing, production: null, policy: policy(), policyVersion: 1 })).checks[0]!.message).toMatch(/could not read version 4's model/);
    const js = await version(5, '{"w":[1,0]}', 'js');
    expect((await gate.run({ candidate: js, production: null, policy: policy(), policyVersion: 1 })).checks[0]!.message).toMatch(/a 'js' model; the gate runs 'onnx' models/);
  });

  it('safety reads the evaluation rows by default and needs no labels in its own dataset', async () => {
    const safety = { kind: 'forbidden-outputs' as const, forbiddenOutputs: [1], maxUnsafeRate: 0.5, dataset: { rows: [{ a: 1, b: 0 }, { a: 0, b: 0 }] } };
    const report = await gate.run({ candidate: await version(2, '{"w":[1,0]}'), production: null, policy: policy({ performance: undefined, safety }), policyVersion: 1 });
    expect(report.checks[3]).toMatchObject({ verdict: 'pass', measured: { unsafe: 1, n: 2, unsafeRate: 0.5 }, evidence: { examples: [{ row: 0, output: '1' }] } });
  });

  it('INVALID_ARGUMENT, naming the field, when the policy does not fit the data or the candidate', async () => {
    const candidate = await version(2, '{"w":[1,0]}');
    const run = (p: unknown) => gate.run({ candidate, production: null, policy: p, policyVersion: 1 });
    await expect(run({ ...policy(), performance: { metric: 'gini' } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^policy\.performance\.metric/) });
    await expect(run(policy({ evaluation: { ...policy().evaluation, label: 'target' } }))).rejects.toThrow(/^policy\.evaluation\.label: column 'target' is not in the dataset/);
    await expect(run(policy({ evaluation: { ...policy().evaluation, missing: 'error' } }))).rejects.toThrow(/^policy\.evaluation\.missing: row 4 has no value for 'a'/);
    await expect(run(policy({ evaluation: { ...policy().evaluation, prediction: { output: 'score', kind: 'probability' } } }))).rejects.toThrow(/^policy\.evaluation\.prediction\.output: the model has no output 'score'/);
    await expect(run(policy({ evaluation: { ...policy().evaluation, dataset: { sha256: 'd'.repeat(64) } } }))).rejects.toThrow(/^policy\.evaluation\.dataset\.sha256: no blob/);
  });
});
