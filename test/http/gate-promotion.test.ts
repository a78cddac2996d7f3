/**
 * The Done-when through a real Keel server: two real ONNX models trained on the
 * penguins (vega-datasets) are uploaded, a gate policy is set, the better one is promoted
 * to Production (200) and the worse one is refused (412 FAILED_PRECONDITION listing the
 * failed performance check). The gate runs the models in ONNX Runtime inside the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PENGUIN_FEATURES, PENGUIN_LABEL, PENGUIN_POSITIVE, trainPenguinModels, type PenguinModels } from '../fixtures/models/penguin-models.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';

let keel: TestKeel;
let models: PenguinModels;

beforeAll(async () => {
  keel = await startTestKeel();
  models = trainPenguinModels();
}, 60_000);
afterAll(() => keel.stop());

interface Reply<T> {
  status: number;
  body: T;
}
type ErrorReply = { error: { code: string; message: string; details?: Record<string, unknown> } };
interface Check {
  name: string;
  verdict: string;
  measured: Record<string, unknown>;
  evidence: Record<string, unknown>;
}

async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
  const init: RequestInit = { method };
  if (body instanceof Uint8Array) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  if (body instanceof Uint8Array) init.headers = { 'content-type': 'application/octet-stream' };
  const res = await fetch(`${keel.url}${path}`, init);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
}

function policy(): Record<string, unknown> {
  return {
    applyTo: ['Production'],
    evaluation: {
      // Inline rows: the held-out split, as vega-datasets ships it.
      dataset: { rows: models.evaluation },
      features: [...PENGUIN_FEATURES],
      label: PENGUIN_LABEL,
      positiveLabel: PENGUIN_POSITIVE,
      task: 'binary',
      prediction: { output: 'probability', kind: 'probability' },
    },
    performance: { metric: 'accuracy', minImprovement: 0.01, improvementKind: 'relative' },
    latency: { maxP99Ms: 100 },
    fairness: { metric: 'accuracy', groupColumns: ['Island'], maxDisparity: 0.1 },
    resources: { maxModelBytes: 1_000_000 },
  };
}

describe('promotion through the validation gate (REST, real ONNX models)', () => {
  it('promotes the better model and refuses the worse one with 412 listing the failed check', async () => {
    expect((await call('POST', '/api/v1/models', { name: 'penguins' })).status).toBe(201);
    const worse = await call<{ version: number; signature: unknown }>('PUT', '/api/v1/models/penguins/versions/upload?filename=worse.onnx', models.worse.onnx);
    expect(worse.status).toBe(201);
    const better = await call<{ version: number }>('PUT', '/api/v1/models/penguins/versions/upload?filename=better.onnx', models.good.onnx);
    expect(better.status).toBe(201);
    expect(worse.body.signature).toEqual({
      inputs: [{ name: 'features', type: 'float32', shape: [-1, 4] }],
      outputs: [
        { name: 'probability', type: 'float32', shape: [-1, 1] },
        { name: 'label', type: 'int64', shape: [-1, 1] },
      ],
    });

    const bad = await call<ErrorReply>('PUT', '/api/v1/models/penguins/gate-policy', { ...policy(), performance: { metric: 'gini' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/performance\.metric/);
    expect((await call('PUT', '/api/v1/models/penguins/gate-policy', policy())).status).toBe(200);

    const promoted = await call<{ gate: string; report: { passed: boolean; checks: Check[] } }>('POST', `/api/v1/models/penguins/versions/${better.body.version}/promote`, { stage: 'Production' });
    expect(promoted.status, JSON.stringify(promoted.body)).toBe(200);
    expect(promoted.body).toMatchObject({ gate: 'passed', report: { passed: true } });
    const fairness = promoted.body.report.checks.find((c) => c.name === 'fairness')!;
    expect(fairness.verdict).toBe('pass');
    expect(Object.keys(fairness.evidence.columns as object)).toEqual(['Island']);

    const refused = await call<ErrorReply>('POST', `/api/v1/models/penguins/versions/${worse.body.version}/promote`, { stage: 'Production' });
    expect(refused.status).toBe(412);
    expect(refused.body.error.code).toBe('FAILED_PRECONDITION');
    expect(refused.body.error.message).toMatch(/failed checks: performance \(accuracy 0\.7\d+ vs production v2 0\.9\d+/);
    // Body mass alone cannot tell Dream's Adelies from its Chinstraps: fairness fails too.
    expect(refused.body.error.details?.failedChecks).toEqual(['performance', 'fairness']);

    const model = await call<{ productionVersion: number | null }>('GET', '/api/v1/models/penguins');
    expect(model.body.productionVersion).toBe(better.body.version);
  });
});
