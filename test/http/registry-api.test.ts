import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLogisticRegressionOnnx } from '../fixtures/models/logistic-onnx.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';

/**
 * Keel's registry REST API end to end, on a real server with the real ONNX runtime and
 * validation gate: the models are genuine ONNX logistic regressions, and the gate
 * evaluates them on inline rows where x1 > x2 means positive.
 */
const ROWS = Array.from({ length: 40 }, (_, i) => {
  const x1 = (i % 7) - 3;
  const x2 = (i % 5) - 2;
  return { x1, x2, y: x1 > x2 ? 1 : 0 };
}).filter((r) => r.x1 !== r.x2);
const GOOD = buildLogisticRegressionOnnx({ weights: [4, -4], bias: 0 });
const BAD = buildLogisticRegressionOnnx({ weights: [-4, 4], bias: 0 });
const POLICY = {
  evaluation: { dataset: { rows: ROWS }, features: ['x1', 'x2'], label: 'y', task: 'binary', prediction: { output: 'probability', kind: 'probability' } },
  performance: { metric: 'accuracy', minValue: 0.8 },
};

interface Reply<T> {
  status: number;
  body: T;
}
type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };
type Json = Record<string, unknown> & ErrorBody;

function client(base: string, key?: string) {
  const auth: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  return async function call<T = Json>(method: string, path: string, body?: unknown, raw?: Uint8Array): Promise<Reply<T>> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...auth, ...(raw ? { 'content-type': 'application/octet-stream' } : body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(raw ? { body: raw } : body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
  };
}

let keel: TestKeel;
let call: ReturnType<typeof client>;
beforeAll(async () => {
  keel = await startTestKeel();
  call = client(keel.url);
});
afterAll(() => keel.stop());

const upload = (name: string, bytes: Uint8Array, query = '') => call('PUT', `/api/v1/models/${name}/versions/upload?filename=model.onnx${query}`, undefined, bytes);

describe('Keel registry REST API', () => {
  it('creates models and registers ONNX uploads with the signature read from the model', async () => {
    expect((await call('POST', '/api/v1/models', { name: 'penguins', description: 'species', tags: [{ key: 'team', value: 'bio' }] })).status).toBe(201);
    const dup = await call('POST', '/api/v1/models', { name: 'penguins' });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'ALREADY_EXISTS']);
    const badName = await call('POST', '/api/v1/models', { name: 'a/b' });
    expect(badName.status).toBe(400);
    expect(badName.body.error.message).toMatch(/^body\.name: /);

    const v1 = await upload('penguins', GOOD);
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ name: 'penguins', version: 1, stage: 'None', flavor: 'onnx', fileName: 'model.onnx', source: 'upload:model.onnx', sizeBytes: GOOD.byteLength });
    expect(v1.body.signature).toEqual({ inputs: [{ name: 'features', type: 'float32', shape: [-1, 2] }], outputs: [{ name: 'probability', type: 'float32', shape: [-1, 1] }, { name: 'label', type: 'int64', shape: [-1, 1] }] });

    const garbage = await upload('penguins', new TextEncoder().encode('not onnx'));
    expect([garbage.status, garbage.body.error.code]).toEqual([400, 'INVALID_ARGUMENT']);
    expect(garbage.body.error.message).toMatch(/^source: 'model\.onnx' is not an ONNX model/);
    const sig = encodeURIComponent(JSON.stringify({ inputs: [{ name: 'features', type: 'float16', shape: [-1, 2] }], outputs: [{ name: 'probability', type: 'float32', shape: [-1, 1] }] }));
    const wrongSignature = await upload('penguins', GOOD, `&signature=${sig}`);
    expect(wrongSignature.status).toBe(400);
    expect(wrongSignature.body.error.message).toMatch(/^signature\.inputs\.0\.type: /);
    expect((await upload('no-such-model', GOOD)).status).toBe(404);
    expect((await call('GET', '/api/v1/models/no-such-model')).body.error.code).toBe('NOT_FOUND');
  });

  it('registers a run artifact folder, copying the run, and answers its lineage', async () => {
    await call('POST', '/api/v1/models', { name: 'from-run' });
    const run = (await call<{ info: { runId: string; experimentId: string } }>('POST', '/api/v1/runs', { experimentName: 'reg', params: [{ key: 'C', value: '1.0' }] })).body;
    const runId = run.info.runId;
    await call('POST', `/api/v1/runs/${runId}/batch`, { metrics: [{ key: 'accuracy', value: 0.97, timestamp: 1, step: 0 }] });
    await call('POST', `/api/v1/runs/${runId}/inputs`, { datasetInputs: [{ dataset: { name: 'penguins', digest: 'd1', sourceType: 'local', source: 'penguins.json' }, tags: [] }] });
    await call('PUT', `/api/v1/runs/${runId}/artifacts/model/model.onnx`, undefined, GOOD);
    const v = await call('POST', '/api/v1/models/from-run/versions', { source: { runId, path: 'model' }, description: 'first' });
    expect(v.status).toBe(201);
    expect(v.body).toMatchObject({ version: 1, runId, source: `runs:/${runId}/model`, params: [{ key: 'C', value: '1.0' }], metrics: [{ key: 'accuracy', value: 0.97 }] });
    const missing = await call('POST', '/api/v1/models/from-run/versions', { source: { runId, path: 'nope' } });
    expect([missing.status, missing.body.error.message]).toEqual([404, "source.path: no artifact 'nope'"]);
    const lineage = await call<{ run: { info: { runId: string }; params: unknown[] }; datasets: { name: string }[]; deployments: unknown[] }>('GET', '/api/v1/models/from-run/versions/1/lineage');
    expect(lineage.body.run.info.runId).toBe(runId);
    expect(lineage.body.datasets.map((d) => d.name)).toEqual(['penguins']);
    expect(lineage.body.deployments).toEqual([]);
    const file = await fetch(`${keel.url}/api/v1/models/from-run/versions/1/artifact`);
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(GOOD))).toBe(true);
    expect(file.headers.get('content-disposition')).toContain('model.onnx');
  });

  it('promotes through the real gate: the better model passes, the worse is refused with 412 and no stage moves', async () => {
    await call('POST', '/api/v1/models', { name: 'gated' });
    await upload('gated', GOOD);
    await upload('gated', BAD);
    const rejected = await call('PUT', '/api/v1/models/gated/gate-policy', { ...POLICY, performance: { metric: 'accuracyy' } });
    expect(rejected.status).toBe(400);
    expect(rejected.body.error.message).toContain('performance.metric');
    const stored = await call<{ policyVersion: number }>('PUT', '/api/v1/models/gated/gate-policy', POLICY);
    expect([stored.status, stored.body.policyVersion]).toEqual([200, 1]);

    const ok = await call<{ gate: string; report: { passed: boolean; checks: { name: string; verdict: string }[] } }>('POST', '/api/v1/models/gated/versions/1/promote', { stage: 'Production', reason: 'first release' });
    expect(ok.status).toBe(200);
    expect(ok.body.gate).toBe('passed');
    expect(ok.body.report.checks.find((c) => c.name === 'performance')?.verdict).toBe('pass');

    const refused = await call('POST', '/api/v1/models/gated/versions/2/promote', { stage: 'Production' });
    expect([refused.status, refused.body.error.code]).toEqual([412, 'FAILED_PRECONDITION']);
    expect(refused.body.error.details?.failedChecks).toContain('performance');
    const versions = await call<{ versions: { version: number; stage: string }[] }>('GET', '/api/v1/models/gated/versions');
    expect(versions.body.versions.map((v) => [v.version, v.stage])).toEqual([[2, 'None'], [1, 'Production']]);
    const reports = await call<{ reports: { passed: boolean }[] }>('GET', '/api/v1/models/gated/versions/2/reports');
    expect(reports.body.reports.map((r) => r.passed)).toEqual([false]);
    const audit = await call<{ events: { action: string }[] }>('GET', '/api/v1/models/gated/audit');
    expect(audit.body.events.map((e) => e.action).slice(0, 3)).toEqual(['gate.run', 'stage.changed', 'gate.run']);
  });

  it('rolls back, moves aliases, and refuses unknown input by name', async () => {
    await call('POST', '/api/v1/models', { name: 'roll' });
    for (let i = 0; i < 2; i++) await upload('roll', i === 0 ? GOOD : BAD);
    await call('POST', '/api/v1/models/roll/versions/1/promote', { stage: 'Production' });
    const second = await call<{ archived: number[]; message: string }>('POST', '/api/v1/models/roll/versions/2/promote', { stage: 'Production' });
    expect(second.body.archived).toEqual([1]);
    expect(second.body.message).toContain('no gate policy');
    const back = await call<{ version: { version: number; stage: string }; rolledBack: number }>('POST', '/api/v1/models/roll/rollback', { reason: 'bad metrics' });
    expect(back.body).toMatchObject({ version: { version: 1, stage: 'Production' }, rolledBack: 2 });

    expect((await call('PUT', '/api/v1/models/roll/aliases/champion', { version: 1 })).status).toBe(200);
    expect((await call('PUT', '/api/v1/models/roll/aliases/champion', { version: 2 })).status).toBe(200);
    expect((await call<{ version: number }>('GET', '/api/v1/models/roll/aliases/champion')).body.version).toBe(2);
    expect((await call<{ aliases: unknown[] }>('GET', '/api/v1/models/roll')).body.aliases).toEqual([{ alias: 'champion', version: 2 }]);
    expect((await call('DELETE', '/api/v1/models/roll/aliases/champion')).status).toBe(204);
    expect((await call('PUT', '/api/v1/models/roll/aliases/latest', { version: 1 })).status).toBe(400);
    expect((await call('POST', '/api/v1/models/roll/versions/9/promote', { stage: 'Production' })).status).toBe(404);
    const badStage = await call('POST', '/api/v1/models/roll/versions/1/promote', { stage: 'Prod' });
    expect([badStage.status, badStage.body.error.message.startsWith('body.stage:')]).toEqual([400, true]);
  });
});

describe('Keel registry with API keys', () => {
  const WRITER = 'registry-writer-key-0123456789';
  const ADMIN = 'registry-admin-key-0123456789';
  let secured: TestKeel;
  beforeAll(async () => {
    secured = await startTestKeel({ KEEL_API_KEYS: `${WRITER}:write,${ADMIN}:admin` });
  });
  afterAll(() => secured.stop());

  it('lets only admin keys force past a failing gate, with a reason, recorded in the audit log', async () => {
    const writer = client(secured.url, WRITER);
    const admin = client(secured.url, ADMIN);
    await writer('POST', '/api/v1/models', { name: 'forced' });
    await writer('PUT', '/api/v1/models/forced/versions/upload?filename=model.onnx', undefined, BAD);
    await writer('PUT', '/api/v1/models/forced/gate-policy', POLICY);
    expect((await writer('POST', '/api/v1/models/forced/versions/1/promote', { stage: 'Production' })).status).toBe(412);
    expect((await writer('POST', '/api/v1/models/forced/versions/1/promote', { stage: 'Production', force: true, reason: 'incident 42' })).status).toBe(403);
    expect((await admin('POST', '/api/v1/models/forced/versions/1/promote', { stage: 'Production', force: true })).status).toBe(400);
    const forced = await admin<{ gate: string }>('POST', '/api/v1/models/forced/versions/1/promote', { stage: 'Production', force: true, reason: 'incident 42' });
    expect([forced.status, forced.body.gate]).toEqual([200, 'forced']);
    const audit = await writer<{ events: { action: string; actor: string; reason: string | null }[] }>('GET', '/api/v1/models/forced/audit');
    expect(audit.body.events[0]).toMatchObject({ action: 'promotion.forced', actor: 'config-2', reason: 'incident 42' });
    expect(audit.body.events.find((e) => e.action === 'model.created')?.actor).toBe('config-1');
  });
});
